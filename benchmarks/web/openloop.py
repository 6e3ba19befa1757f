"""A second client for the web benchmark: requests at evenly spaced moments, each on a new
connection from its own thread (no gevent), against a server that is already running.

    python benchmarks/web/openloop.py --host http://127.0.0.1:8765 --rate 30 --seconds 20

It reads the manifest ``run.py`` writes (``var/bench/web/<scale>/manifest.json``) and
offers the same mix of pages as ``locustfile.py``. It was written when Locust's latencies
were 4–5 times this client's on the same server and load: Locust's users had fallen into
step and sent each second's requests in one burst (docs/benchmarks.md). With
``locustfile.py``'s fixed slots the two agree; this client stays as the check.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

MIX = {"start": 3, "collaboration": 2, "case_list": 3, "case": 4, "meeting": 2, "person": 2,
       "search": 2, "population": 4}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8765")
    parser.add_argument("--manifest", default="var/bench/web/national/manifest.json")
    parser.add_argument("--rate", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    manifest: dict[str, Any] = json.loads(Path(args.manifest).read_text())
    address = urllib.parse.urlsplit(args.host)
    names = [name for name, weight in MIX.items() for _ in range(weight)]
    rng = random.Random(1)
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()

    def fire(page: str, url: str, session: str) -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", url, headers={"Cookie": f"{manifest['cookie']}={session}"})
        response = connection.getresponse()
        response.read()
        connection.close()
        with lock:
            results.append((page, (time.perf_counter() - started) * 1000, response.status))

    threads = []
    start = time.perf_counter()
    for n in range(int(args.rate * args.seconds)):
        user = rng.choice(manifest["users"])
        page = rng.choice(names)
        page = page if page in user["pages"] else "collaboration"  # population: its users
        url = user["pages"][page]
        url = rng.choice(url) if isinstance(url, list) else url
        delay = start + n / args.rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=fire, args=(page, url, user["session"]))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    every = [ms for _page, ms, _status in results]
    failures = sum(1 for *_rest, status in results if status != 200)
    print(f"{args.rate} requests/s for {args.seconds:.0f} s: p50 {percentile(every, 0.5):.0f} ms,"
          f" p95 {percentile(every, 0.95):.0f} ms, failures {failures}")
    for page in MIX:
        times = [ms for name, ms, _status in results if name == page]
        if times:
            print(f"  {page:14} p50 {percentile(times, 0.5):5.0f} ms   "
                  f"p95 {percentile(times, 0.95):5.0f} ms")


if __name__ == "__main__":
    main()
