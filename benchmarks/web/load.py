"""One load phase: a fixed offered rate for some seconds; writes what it measured as JSON.

    python benchmarks/web/load.py --host URL --rate 30 --seconds 30 --users pages|bare --out F

Run by ``run.py`` in its own process (Locust patches the standard library with gevent).
Each simulated user makes one request a second, so ``--rate`` users offer ``--rate``
requests a second. The first ``--warmup`` seconds (users starting, connections opening)
are not measured. Besides each request's latency and the server's ``Server-Timing``, it
writes the share of a core the load generator itself used while measuring: it runs on the
same machine as the server.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import gevent
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).parent))
import locustfile  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--rate", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--users", choices=["pages", "bare"], default="pages")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    locustfile.USERS = args.rate
    user_class = locustfile.BareUser if args.users == "bare" else locustfile.PageUser
    env = Environment(user_classes=[user_class], host=args.host)
    latency: dict[str, list[float]] = defaultdict(list)
    server: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    state = {"measuring": False}

    def on_request(request_type: str, name: str, response_time: float,
                   response_length: int, response: Any = None, exception: Any = None,
                   **_kw: Any) -> None:
        if not state["measuring"]:
            return
        if exception is not None or response is None or response.status_code != 200:
            failures[name] += 1
            reasons[f"{name}: {exception or getattr(response, 'status_code', '?')}"[:120]] += 1
            return
        latency[name].append(response_time)
        timing = response.headers.get("Server-Timing", "") or ""
        if ";dur=" in timing:
            server[name].append(float(timing.split(";dur=")[1]))

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    runner.start(args.rate, spawn_rate=max(args.rate / 2, 1))
    gevent.sleep(args.warmup)
    state["measuring"] = True
    cpu, wall = cpu_seconds(), time.monotonic()
    gevent.sleep(args.seconds)
    state["measuring"] = False
    cpu, wall = cpu_seconds() - cpu, time.monotonic() - wall
    runner.quit()
    Path(args.out).write_text(json.dumps({
        "rate": args.rate, "seconds": args.seconds, "latency_ms": latency,
        "server_ms": server, "failures": failures, "failure_reasons": reasons,
        "load_generator_cpu": round(cpu / wall, 2),
    }))


if __name__ == "__main__":
    main()
