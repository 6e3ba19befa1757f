"""Simulated signed-in users for ``make bench-web``.

Each simulated user signs in as one of the benchmark's users (no second factor: they are
members and panel members) and then opens the main pages in the mix below, paced so that
the whole run offers a fixed number of requests per second (``constant_throughput``). The
pages each user opens are those the fill step found the user may see (``manifest.json``).
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, constant_throughput, task

MANIFEST: dict[str, Any] = json.loads(Path(os.environ["KLYNGE_BENCH_MANIFEST"]).read_text())
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# How often each page is opened, relative to the others.
MIX = {"start": 3, "collaboration": 2, "case_list": 3, "case": 4, "meeting": 2,
       "person": 2, "search": 2}


class SignedInUser(HttpUser):
    wait_time = constant_throughput(1)

    def on_start(self) -> None:
        self.me = random.choice(MANIFEST["users"])
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text)
        self.client.post("/accounts/login/", name="sign in", data={
            "username": self.me["username"], "password": MANIFEST["password"],
            "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + "/accounts/login/"})

    def _open(self, page: str) -> None:
        url = self.me["pages"][page]
        if isinstance(url, list):
            url = random.choice(url)
        self.client.get(url, name=page)

    @task(MIX["start"])
    def start(self) -> None:
        self._open("start")

    @task(MIX["collaboration"])
    def collaboration(self) -> None:
        self._open("collaboration")

    @task(MIX["case_list"])
    def case_list(self) -> None:
        self._open("case_list")

    @task(MIX["case"])
    def case(self) -> None:
        self._open("case")

    @task(MIX["meeting"])
    def meeting(self) -> None:
        self._open("meeting")

    @task(MIX["person"])
    def person(self) -> None:
        self._open("person")

    @task(MIX["search"])
    def search(self) -> None:
        self._open("search")


class BareUser(SignedInUser):
    """The bare view, signed in like the others, through the same middleware and server:
    the yardstick each page's server time is compared with."""

    tasks: list[Any] = []

    @task
    def bare(self) -> None:
        self.client.get("/health/", name="bare view")
