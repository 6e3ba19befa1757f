"""Simulated signed-in users for ``make bench-web``.

Each simulated user is one of the benchmark's users (plain members: no second factor),
signed in already: ``fill.py`` opens a session for each user of the manifest, and the
simulated user sends its cookie. Signing in hundreds of simulated users during the run
would spend the shared cores on password hashing, which is not a page under test. Each
user opens the main pages in the mix below, one request a second, so ``N`` users offer
``N`` requests a second, evenly spaced (``evenly_spaced``). The pages each user opens are
those the fill step found the user may see (``manifest.json``).

Redirects are not followed: a page that answers anything but 200 (a redirect to the
sign-in or second-factor page, a 404) counts as a failure, not as a fast page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import gevent
from locust import task
from locust.contrib.fasthttp import FastHttpUser

MANIFEST: dict[str, Any] = json.loads(Path(os.environ["KLYNGE_BENCH_MANIFEST"]).read_text())
# How often each page is opened, relative to the others.
MIX = {"start": 3, "collaboration": 2, "case_list": 3, "case": 4, "meeting": 2,
       "person": 2, "search": 2, "population": 4}


# How many users ``load.py`` starts (its ``--rate``), and the moment the slots count from.
USERS = int(os.environ.get("KLYNGE_BENCH_USERS", "30"))
EPOCH = time.monotonic()
_numbers = itertools.count()


class SignedInUser(FastHttpUser):
    abstract = True

    def on_start(self) -> None:
        self.me = random.choice(MANIFEST["users"])
        self.cookie = {"Cookie": f"{MANIFEST['cookie']}={self.me['session']}"}
        # User k of N sends at k/N of every second: N users offer N requests a second,
        # evenly spaced.
        self.phase = (next(_numbers) % USERS) / USERS
        gevent.sleep(self.wait_time())

    def wait_time(self) -> float:
        """Until this user's next slot. A late response does not move the slots (a slot that
        passed is skipped, which lowers the achieved rate). Locust's ``constant_throughput``
        paces each user from its own previous request instead, and its users fell into step
        after the first slow responses: all 30 sent within the same 100 ms of every second,
        so the latencies measured were mostly the queue of that burst."""
        since = time.monotonic() - EPOCH - self.phase
        return (int(since) + 1 - since) % 1.0 or 1.0

    def get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, headers=self.cookie, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class PageUser(SignedInUser):
    """Opens the main pages, in the mix above."""

    def _open(self, page: str) -> None:
        if page not in self.me["pages"]:  # the population page: its collaboration's users
            page = "collaboration"
        url = self.me["pages"][page]
        if isinstance(url, list):
            url = random.choice(url)
        self.get(url, page)

    # The methods' names must not be a User's own (``start``, ``stop``, ``run``).
    @task(MIX["start"])
    def open_start(self) -> None:
        self._open("start")

    @task(MIX["collaboration"])
    def open_collaboration(self) -> None:
        self._open("collaboration")

    @task(MIX["case_list"])
    def open_case_list(self) -> None:
        self._open("case_list")

    @task(MIX["case"])
    def open_case(self) -> None:
        self._open("case")

    @task(MIX["meeting"])
    def open_meeting(self) -> None:
        self._open("meeting")

    @task(MIX["person"])
    def open_person(self) -> None:
        self._open("person")

    @task(MIX["search"])
    def open_search(self) -> None:
        self._open("search")

    @task(MIX["population"])
    def open_population(self) -> None:
        self._open("population")


class BareUser(SignedInUser):
    """The bare view, signed in like the others, through the same middleware and server:
    the yardstick each page's server time is compared with."""

    @task
    def bare(self) -> None:
        self.get("/health/", "bare view")
