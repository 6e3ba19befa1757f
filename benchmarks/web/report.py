"""The web benchmark's figures: summed up from the load phases, and shown as a table beside
the baseline (``baseline.json``, an earlier run's result) and the targets."""

from __future__ import annotations

import statistics
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

PAGES = ["start", "collaboration", "case_list", "case", "meeting", "person", "search",
         "population"]
SATURATED_MS = 500.0
# The targets of issue 7.
TARGET_P95_MS = 100.0
TARGET_TIMES_BARE = 4.0
# Issue 9's target for the population page (1,000,000 persons' results).
PAGE_TARGET_P95_MS = {"population": 150.0}


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.95 for p95); None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def row(latency: list[float], server: list[float], bare_server: float | None
        ) -> dict[str, Any]:
    median = statistics.median(server) if server else None
    times = median / bare_server if median is not None and bare_server else None
    return {"requests": len(latency), "p50_ms": rounded(percentile(latency, 0.5)),
            "p95_ms": rounded(percentile(latency, 0.95)), "server_ms": rounded(median, 2),
            "times_bare": rounded(times)}


def summarise(pages: dict[str, Any], bare: dict[str, Any],
              queries: dict[str, dict[str, list[int]]],
              alone: dict[str, list[float]]) -> dict[str, Any]:
    """One row a page (and the bare view's first): latency, server time and its ratio to
    the bare view's, under load and one request at a time; the queries at each scale; the
    failures."""
    by_scale = {scale: {page: counts[1] for page, counts in found.items()}
                for scale, found in queries.items()}
    bare_server_ms = bare["server_ms"].get("bare view", [])
    bare_server = statistics.median(bare_server_ms) if bare_server_ms else None
    rows = {}
    for name, phase, key in [("bare view", bare, "bare"), *((p, pages, p) for p in PAGES)]:
        rows[name] = row(phase["latency_ms"].get(name, []), phase["server_ms"].get(name, []),
                         bare_server)
        one = row([], alone.get(name, []), statistics.median(alone.get("bare view", [0.0])))
        rows[name]["alone_ms"], rows[name]["alone_times_bare"] = (one["server_ms"],
                                                                  one["times_bare"])
        rows[name]["queries"] = {scale: counts.get(key) for scale, counts in by_scale.items()}
        rows[name]["query_range"] = {scale: found.get(key) for scale, found in queries.items()}
        rows[name]["failures"] = phase["failures"].get(name, 0)
    return rows


def missed(name: str, values: dict[str, Any]) -> list[str]:
    """The targets a page misses."""
    if name == "bare view":
        return []
    result = []
    if values.get("p95_ms") is None or values["p95_ms"] >= PAGE_TARGET_P95_MS.get(
            name, TARGET_P95_MS):
        result.append("p95")
    if values.get("times_bare") is None or values["times_bare"] > TARGET_TIMES_BARE:
        result.append("× bare")
    counts = [c for c in (values.get("queries") or {}).values() if c is not None]
    if len(counts) > 1 and max(counts) > min(counts):
        result.append("queries grow")
    if values.get("failures"):
        result.append("failures")
    return result


def cell(value: Any, old: Any) -> str:
    def text(v: Any) -> str:
        return "–" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v))

    return text(value) if old is None else f"{text(value)} [dim]({text(old)})[/dim]"


def table(result: dict[str, Any], baseline: dict[str, Any] | None) -> Table:
    scales = list(next(iter(result["pages"].values()))["queries"])
    grid = Table(title=f"Web pages at {result['rate']} requests/s offered, "
                       f"{result['scale']} scale, {result['workers']} gunicorn workers "
                       f"(baseline in brackets)")
    headings = ["page", "p50 ms", "p95 ms", "server ms", "× bare", "alone ms", "alone × bare",
                *(f"queries {scale}" for scale in scales), "failures", "targets missed"]
    for heading in headings:
        grid.add_column(heading, justify="left" if heading in ("page", "targets missed")
                        else "right")
    old_rows = (baseline or {}).get("pages", {})
    for name, values in result["pages"].items():
        old = old_rows.get(name, {})
        cells = [cell(values.get(k), old.get(k) if baseline else None)
                 for k in ("p50_ms", "p95_ms", "server_ms", "times_bare", "alone_ms",
                           "alone_times_bare")]
        cells += [cell(values["queries"].get(scale),
                       (old.get("queries") or {}).get(scale) if baseline else None)
                  for scale in scales]
        cells.append(cell(values.get("failures", 0), old.get("failures") if baseline else None))
        grid.add_row(name, *cells, ", ".join(missed(name, values)) or "none")
    return grid


def saturated(sat: dict[str, Any]) -> str:
    """The saturation rate; "≤ rate" where the first step already passed the limit."""
    rate = sat.get("saturation_rps")
    if rate is None:
        return "not reached"
    return f"≤ {rate}" if len(sat.get("steps", [])) == 1 else str(rate)


def show(result: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    console = Console(width=None if sys.stdout.isatty() else 180)
    console.print(table(result, baseline))
    console.print("server ms: the median Server-Timing under that load; alone: one request at "
                  "a time; × bare: beside the bare view's (/health/, signed in, same "
                  "middleware); queries: the most any sampled address of the page made.")
    sat = result["saturation"]
    old = (baseline or {}).get("saturation", {})
    console.print(f"Saturation (p95 of all pages passes {SATURATED_MS:.0f} ms): "
                  f"{saturated(sat)} requests/s offered"
                  + (f" (baseline {saturated(old)})" if baseline else ""))
    old_steps = {step["offered"]: step for step in old.get("steps", [])}
    for step in sat["steps"]:
        before = old_steps.get(step["offered"])
        console.print(
            f"  offered {step['offered']:>4}/s  achieved {step['achieved']:>6}/s  "
            f"p95 {step['p95_ms']:>7} ms  failures {step['failures']:>4}  "
            f"load generator {step['load_generator_cpu']:.0%} of a core"
            + (f"  [dim](baseline: achieved {before['achieved']}/s, p95 {before['p95_ms']} ms)"
               "[/dim]" if before else ""))
    console.print(f"Targets: p95 < {TARGET_P95_MS:.0f} ms at {result['rate']} requests/s "
                  f"(the population page: < {PAGE_TARGET_P95_MS['population']:.0f} ms); "
                  f"server time ≤ {TARGET_TIMES_BARE:.0f}× the bare view's; query counts that "
                  "do not grow with the data. Machine: " + result.get("machine", "?"))
