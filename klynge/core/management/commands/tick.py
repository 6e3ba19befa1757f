"""``klynge tick``: run the scheduled jobs that are due (``klynge.core.schedule``), once.

For a systemd timer every minute (``deploy/systemd/klynge-tick.timer``). ``klynge tick --loop
60`` ticks every 60 seconds until stopped (``make run`` starts it beside the task worker).
A job runs once per period however often ticks come, so both may run at once.
"""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from klynge.core.schedule import jobs, run_due


class Command(BaseCommand):
    verbosity = 1
    help = "Run the scheduled jobs that are due, once (or every SECONDS with --loop)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--loop", type=float, metavar="SECONDS", default=None,
                            help="Keep ticking, every SECONDS, until stopped.")
        parser.add_argument("--list", action="store_true", help="List the jobs and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in jobs():
                at = f" at {job.at:%H:%M}" if job.at else ""
                self.stdout.write(f"{job.name}: every {job.every}{at}")
            return
        self.verbosity = int(options["verbosity"])
        interval = options["loop"]
        if interval is None:
            if failed := self._tick():
                raise CommandError(f"failed: {', '.join(failed)} (see the log)")
            return
        if interval <= 0:
            raise CommandError("--loop takes a number of seconds above 0")
        stop = threading.Event()

        def shutdown(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        while not stop.is_set():
            close_old_connections()
            self._tick()
            stop.wait(interval)

    def _tick(self) -> list[str]:
        """Run the due jobs; the names of those that failed."""
        tick = run_due()
        if self.verbosity >= 1:
            for name in tick.ran:
                self.stdout.write(f"ran {name}")
        for name in tick.failed:
            self.stderr.write(f"failed {name}")
        return tick.failed
