"""One load phase: a fixed offered rate for some seconds; writes what it measured as JSON.

    python benchmarks/web/load.py --host URL --rate 30 --seconds 30 --users pages|bare --out F

Run by ``run.py`` in its own process (Locust patches the standard library with gevent).
Each simulated user makes one request a second, so ``--rate`` users offer ``--rate``
requests a second. Sign-ins happen during a warm-up that is not measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import gevent
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).parent))
import locustfile  # noqa: E402

NOT_PAGES = {"login page", "sign in"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--rate", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=8)
    parser.add_argument("--users", choices=["pages", "bare"], default="pages")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    user_class = locustfile.BareUser if args.users == "bare" else locustfile.SignedInUser
    env = Environment(user_classes=[user_class], host=args.host)
    latency: dict[str, list[float]] = defaultdict(list)
    server: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    state = {"measuring": False}

    def on_request(request_type: str, name: str, response_time: float,
                   response_length: int, response: Any = None, exception: Any = None,
                   **_kw: Any) -> None:
        if not state["measuring"] or name in NOT_PAGES:
            return
        if exception is not None or response is None or response.status_code >= 400:
            failures[name] += 1
            return
        latency[name].append(response_time)
        timing = response.headers.get("Server-Timing", "")
        if ";dur=" in timing:
            server[name].append(float(timing.split(";dur=")[1]))

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    runner.start(args.rate, spawn_rate=max(args.rate / 2, 1))
    gevent.sleep(args.warmup)
    state["measuring"] = True
    gevent.sleep(args.seconds)
    state["measuring"] = False
    runner.quit()
    Path(args.out).write_text(json.dumps({
        "rate": args.rate, "seconds": args.seconds, "latency_ms": latency,
        "server_ms": server, "failures": failures,
    }))


if __name__ == "__main__":
    main()
