"""The web benchmark: a national-scale PostgreSQL database, signed-in users, a table.

    python benchmarks/web/run.py [--scale national|small] [--rate 30] [--seconds 30]
                                 [--workers 2] [--save-baseline]

1. Fills a PostgreSQL database (``KLYNGE_BENCH_DATABASE_URL``, else a ``klynge_bench_*``
   database on the local server of ``scripts/postgres-test.sh``) once: 40 collaborations,
   10,000 cases, 2,000 meetings, 50,000 notifications, 5,000 users (``fill.py``).
2. Serves it with gunicorn (``--workers``), the production server.
3. Offers a fixed load (``--rate`` requests a second) of the main pages, then of the bare
   view through the same middleware, and reports p50 and p95 latency and the server time
   (``Server-Timing``) per page, beside the bare view's.
4. Raises the load step by step to the saturation rate: where p95 passes 500 ms.
5. Counts each page's queries at this scale (``queries.py``).
The table shows the baseline (``baseline.json``, from an earlier run) beside each figure.
The load generator runs on the same machine as the server; on 2 cores it takes a share.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = sys.executable
PAGES = ["start", "collaboration", "case_list", "case", "meeting", "person", "search"]
STEPS = [30, 60, 90, 120, 160, 200, 260, 330, 420]
SATURATED_MS = 500.0


def database_url(scale: str) -> str:
    if os.environ.get("KLYNGE_BENCH_DATABASE_URL"):
        return os.environ["KLYNGE_BENCH_DATABASE_URL"]
    base = subprocess.run(["bash", "scripts/postgres-test.sh"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    import psycopg

    name = f"klynge_bench_{scale}"
    with psycopg.connect(base, autocommit=True) as connection:
        exists = connection.execute("select 1 from pg_database where datname = %s",
                                    (name,)).fetchone()
        if not exists:
            connection.execute(f'create database "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def klynge(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/klynge"), *args], cwd=ROOT, env=env, check=True)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def load(host: str, rate: int, seconds: float, users: str, out: Path) -> dict[str, Any]:
    subprocess.run([PY, str(HERE / "load.py"), "--host", host, "--rate", str(rate),
                    "--seconds", str(seconds), "--users", users, "--out", str(out)],
                   cwd=ROOT, env=os.environ | {"KLYNGE_BENCH_MANIFEST": str(MANIFEST)},
                   check=True, capture_output=True)
    return json.loads(out.read_text())


def serve(env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "klynge.wsgi", "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def saturation(host: str, seconds: float, work: Path) -> dict[str, Any]:
    """Raise the offered rate until p95 of all pages passes 500 ms (or errors appear)."""
    steps = []
    for rate in STEPS:
        result = load(host, rate, seconds, "pages", work / f"step-{rate}.json")
        every = [v for values in result["latency_ms"].values() for v in values]
        done = len(every) / seconds
        p95 = percentile(every, 0.95) or 0.0
        failures = sum(result["failures"].values())
        steps.append({"offered": rate, "achieved": round(done, 1), "p95_ms": round(p95, 1),
                      "failures": failures})
        if p95 > SATURATED_MS or failures > 0.01 * max(len(every), 1):
            return {"steps": steps, "saturation_rps": rate}
    return {"steps": steps, "saturation_rps": None}


MANIFEST = ROOT / "var" / "bench" / "web" / "manifest.json"


def summarise(pages: dict[str, Any], bare: dict[str, Any],
              queries: dict[str, int]) -> dict[str, Any]:
    bare_server = statistics.median(bare["server_ms"].get("bare view", [0.0]) or [0.0])
    rows: dict[str, Any] = {"bare view": {
        "p50_ms": percentile(bare["latency_ms"].get("bare view", []), 0.5),
        "p95_ms": percentile(bare["latency_ms"].get("bare view", []), 0.95),
        "server_ms": round(bare_server, 2), "times_bare": 1.0, "queries": queries.get("bare")}}
    for page in PAGES:
        server = pages["server_ms"].get(page, [])
        median = statistics.median(server) if server else None
        rows[page] = {
            "p50_ms": percentile(pages["latency_ms"].get(page, []), 0.5),
            "p95_ms": percentile(pages["latency_ms"].get(page, []), 0.95),
            "server_ms": round(median, 2) if median is not None else None,
            "times_bare": round(median / bare_server, 1) if median and bare_server else None,
            "queries": queries.get(page), "failures": pages["failures"].get(page, 0)}
    return rows


def show(result: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    def cell(value: Any, old: Any) -> str:
        text = "–" if value is None else (f"{value:.1f}" if isinstance(value, float)
                                          else str(value))
        return text if old is None else f"{text} ({old:.1f})" if isinstance(old, float) \
            else f"{text} ({old})"

    table = Table(title=f"Web pages at {result['rate']} requests/s offered "
                        f"(baseline in brackets)")
    for heading in ("page", "p50 ms", "p95 ms", "server ms", "× bare", "queries",
                    "failures"):
        table.add_column(heading, justify="left" if heading == "page" else "right")
    old_rows = (baseline or {}).get("pages", {})
    for page, row in result["pages"].items():
        old = old_rows.get(page, {})
        table.add_row(page, *(cell(row.get(k), old.get(k)) for k in
                              ("p50_ms", "p95_ms", "server_ms", "times_bare", "queries")),
                      str(row.get("failures", 0)))
    console = Console()
    console.print(table)
    sat = result["saturation"]
    old_sat = (baseline or {}).get("saturation", {}).get("saturation_rps")
    console.print(f"Saturation (p95 > {SATURATED_MS:.0f} ms): "
                  f"{sat['saturation_rps'] or 'not reached'} requests/s offered"
                  + (f" (baseline {old_sat})" if baseline else ""))
    for step in sat["steps"]:
        console.print(f"  offered {step['offered']:>4}/s  achieved {step['achieved']:>6}/s  "
                      f"p95 {step['p95_ms']:>7} ms  failures {step['failures']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--rate", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--step-seconds", type=float, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--save-baseline", action="store_true")
    args = parser.parse_args()
    work = MANIFEST.parent
    work.mkdir(parents=True, exist_ok=True)
    env = os.environ | {"DATABASE_URL": database_url(args.scale), "KLYNGE_DEBUG": "0",
                        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}
    klynge(env, "migrate", "--no-input", "-v", "0")
    subprocess.run([PY, str(HERE / "fill.py"), "--scale", args.scale, "--manifest",
                    str(MANIFEST)], cwd=ROOT, env=env, check=True)
    queries = json.loads(subprocess.run(
        [PY, str(HERE / "queries.py"), "--manifest", str(MANIFEST)], cwd=ROOT, env=env,
        check=True, capture_output=True, text=True).stdout)
    server = serve(env, args.workers, args.port)
    host = f"http://127.0.0.1:{args.port}"
    try:
        pages = load(host, args.rate, args.seconds, "pages", work / "pages.json")
        bare = load(host, args.rate, args.seconds, "bare", work / "bare.json")
        result = {"rate": args.rate, "scale": args.scale, "workers": args.workers,
                  "pages": summarise(pages, bare, queries),
                  "saturation": saturation(host, args.step_seconds, work)}
    finally:
        server.terminate()
        server.wait()
    baseline_file = HERE / "baseline.json"
    baseline = json.loads(baseline_file.read_text()) if baseline_file.exists() else None
    show(result, baseline)
    (work / "latest.json").write_text(json.dumps(result, indent=1))
    if args.save_baseline:
        baseline_file.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
