"""The web benchmark: a national-scale PostgreSQL database, signed-in users, a table.

    python benchmarks/web/run.py [--scale national|small] [--rate 30] [--seconds 30]
                                 [--workers 2] [--save-baseline] [--refill]

1. Fills a PostgreSQL database (``klynge_bench_<scale>`` on the local server of
   ``scripts/postgres-test.sh``, or ``KLYNGE_BENCH_DATABASE_URL``) once: 40
   collaborations, 10,000 cases, 2,000 meetings, 50,000 notifications, 5,000 users
   (``fill.py``); and, for the query counts' small column, ``klynge_bench_small``.
2. Counts each page's queries at each scale (``queries.py``).
3. Serves the database with gunicorn (``--workers`` sync workers, connections kept open as
   docs/deployment.md advises for PostgreSQL), the production server.
4. Offers a fixed load (``--rate`` requests a second) of the main pages, then of the bare
   view through the same middleware, and reports p50 and p95 latency and the server time
   (``Server-Timing``) per page, beside the bare view's.
5. Raises the load step by step to the saturation rate: where p95 passes 500 ms.
The table shows the baseline (``baseline.json``, from an earlier run) beside each figure.
The load generator runs on the same machine as the server, and takes a share of it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from report import SATURATED_MS, percentile, show, summarise

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WORK = ROOT / "var" / "bench" / "web"
PY = sys.executable
STEPS = [5, 10, 20, 30, 45, 60, 90, 120, 160, 200, 260, 330]


def database_url(scale: str, refill: bool) -> str:
    """The benchmark's database for ``scale``, created if missing (dropped first on
    ``refill``)."""
    if os.environ.get("KLYNGE_BENCH_DATABASE_URL") and scale != "small":
        return os.environ["KLYNGE_BENCH_DATABASE_URL"]
    base = subprocess.run(["bash", "scripts/postgres-test.sh"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    import psycopg

    name = f"klynge_bench_{scale}"
    with psycopg.connect(base, autocommit=True) as connection:
        if refill:
            connection.execute(f'drop database if exists "{name}" with (force)')
        exists = connection.execute("select 1 from pg_database where datname = %s",
                                    (name,)).fetchone()
        if not exists:
            connection.execute(f'create database "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def environment(url: str) -> dict[str, str]:
    return os.environ | {"DATABASE_URL": url, "KLYNGE_DEBUG": "0",
                         "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                         "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60")}


def prepare(scale: str, refill: bool) -> tuple[dict[str, str], Path]:
    """Migrate and fill the database of ``scale``; its environment and manifest."""
    env = environment(database_url(scale, refill))
    manifest = WORK / scale / "manifest.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    subprocess.run([str(ROOT / ".venv/bin/klynge"), "migrate", "--no-input", "-v", "0"],
                   cwd=ROOT, env=env, check=True)
    subprocess.run([PY, str(HERE / "fill.py"), "--scale", scale, "--manifest", str(manifest)],
                   cwd=ROOT, env=env, check=True)
    print(f"{scale}: database ready in {time.monotonic() - started:.0f} s", flush=True)
    return env, manifest


def queries(env: dict[str, str], manifest: Path) -> dict[str, list[int]]:
    found: dict[str, list[int]] = json.loads(subprocess.run(
        [PY, str(HERE / "queries.py"), "--manifest", str(manifest)], cwd=ROOT, env=env,
        check=True, capture_output=True, text=True).stdout)
    return found


def serve(env: dict[str, str], workers: int, port: int,
          threads: int = 0) -> subprocess.Popen[bytes]:
    """gunicorn: sync workers, or with ``threads`` the gthread workers (which keep
    connections alive)."""
    threaded = ["--worker-class", "gthread", "--threads", str(threads)] if threads else []
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "klynge.wsgi", "-w", str(workers), *threaded, "-b",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def one_at_a_time(host: str, manifest: Path, users: int, rounds: int) -> dict[str, list[float]]:
    """The server time of each page with no other request running: each page of the first
    ``users`` users (three addresses of those with several), ``rounds`` times each."""
    data = json.loads(manifest.read_text())
    timings: dict[str, list[float]] = {}
    for me in data["users"][:users]:
        cookie = {"Cookie": f"{data['cookie']}={me['session']}"}
        for page, urls in ({"bare view": "/health/"} | me["pages"]).items():
            for url in (urls[:3] if isinstance(urls, list) else [urls]):
                for _ in range(rounds):
                    request = urllib.request.Request(host + url, headers=cookie)  # noqa: S310
                    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                        response.read()
                        timing = response.headers.get("Server-Timing", "")
                    timings.setdefault(page, []).append(float(timing.split(";dur=")[1]))
    return timings


def load(host: str, manifest: Path, rate: int, seconds: float, users: str,
         out: Path) -> dict[str, Any]:
    subprocess.run([PY, str(HERE / "load.py"), "--host", host, "--rate", str(rate),
                    "--seconds", str(seconds), "--users", users, "--out", str(out)],
                   cwd=ROOT, env=os.environ | {"KLYNGE_BENCH_MANIFEST": str(manifest)},
                   check=True, capture_output=True)
    result: dict[str, Any] = json.loads(out.read_text())
    if result["failure_reasons"]:
        print(f"  failures at {rate}/s: {result['failure_reasons']}", flush=True)
    return result


def saturation(host: str, manifest: Path, seconds: float, work: Path) -> dict[str, Any]:
    """Raise the offered rate until p95 of all pages passes 500 ms (or errors appear)."""
    steps = []
    for rate in STEPS:
        result = load(host, manifest, rate, seconds, "pages", work / f"step-{rate}.json")
        every = [v for values in result["latency_ms"].values() for v in values]
        p95 = percentile(every, 0.95) or 0.0
        failures = sum(result["failures"].values())
        steps.append({"offered": rate, "achieved": round(len(every) / seconds, 1),
                      "p95_ms": round(p95, 1), "failures": failures,
                      "load_generator_cpu": result["load_generator_cpu"]})
        print(f"  step {rate}/s: p95 {p95:.0f} ms", flush=True)
        if p95 > SATURATED_MS or failures > 0.01 * max(len(every), 1):
            return {"steps": steps, "saturation_rps": rate}
    return {"steps": steps, "saturation_rps": None}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}; "
            f"load average before measuring {load}")


def measure(args: argparse.Namespace, env: dict[str, str], manifest: Path,
            counts: dict[str, dict[str, list[int]]]) -> dict[str, Any]:
    before = machine()
    server = serve(env, args.workers, args.port, args.threads)
    host = f"http://127.0.0.1:{args.port}"
    work = WORK / args.scale
    try:
        one_at_a_time(host, manifest, 1, 3 * args.workers)  # each worker loads its code
        alone = one_at_a_time(host, manifest, 5, 2)
        print(f"Offering {args.rate} requests/s of the pages, then of the bare view", flush=True)
        pages = load(host, manifest, args.rate, args.seconds, "pages", work / "pages.json")
        bare = load(host, manifest, args.rate, args.seconds, "bare", work / "bare.json")
        print("Raising the load to saturation", flush=True)
        sat = (saturation(host, manifest, args.step_seconds, work) if args.step_seconds > 0
               else {"steps": [], "saturation_rps": None})
    finally:
        server.terminate()
        server.wait()
    return {"rate": args.rate, "scale": args.scale, "workers": args.workers,
            "threads": args.threads,
            "seconds": args.seconds, "machine": before,
            "load_generator_cpu": pages["load_generator_cpu"],
            "pages": summarise(pages, bare, counts, alone), "saturation": sat}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--rate", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--step-seconds", type=float, default=12,
                        help="seconds measured at each saturation step (0: no steps)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0,
                        help="gthread workers with this many threads each (default: sync)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--refill", action="store_true", help="drop and fill the databases")
    parser.add_argument("--save-baseline", action="store_true")
    args = parser.parse_args()
    counts = {}
    if args.scale != "small":
        small_env, small_manifest = prepare("small", args.refill)
        counts["small"] = queries(small_env, small_manifest)
    env, manifest = prepare(args.scale, args.refill)
    counts[args.scale] = queries(env, manifest)
    result = measure(args, env, manifest, counts)
    baseline_file = HERE / "baseline.json"
    baseline = json.loads(baseline_file.read_text()) if baseline_file.exists() else None
    if baseline is not None and baseline.get("scale") != args.scale:
        baseline = None  # an earlier run at another scale is no baseline for this one
    show(result, baseline)
    (WORK / args.scale / "latest.json").write_text(json.dumps(result, indent=1))
    if args.save_baseline:
        baseline_file.write_text(json.dumps(result, indent=1) + "\n")
        print(f"Saved as the baseline: {baseline_file.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
