"""A secretariat's real load on SQLite, through real processes: no server error, no lost save.

A fresh SQLite file is migrated and seeded (``inside.seed``); gunicorn serves it with three
sync workers, the task worker (``manage.py db_worker``) runs beside it, and a third process
enqueues account checks the whole time, so the worker writes during the load. Twenty
secretaries, each in their own thread, then save the same body's edit page ten times each.

Every save must be answered with a redirect (no 500, no "database is locked"), and the body's
history must hold all 200 versions; the worker must have run every task successfully, and
read the findings a request cached (the database cache is shared by every process).

It depends on the SQLite settings (klynge/core/sqlite.py: WAL, busy timeout; settings:
``transaction_mode`` IMMEDIATE). Run it alone with ``pytest -m concurrency``.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

import pytest

from tests.concurrency.inside import EDITORS, FINDINGS_TASK, LEAVERS

pytestmark = pytest.mark.concurrency

ROOT = Path(__file__).resolve().parents[2]
SAVES_EACH = 10
LANGUAGE = "en"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEADLINE_S = 60  # for each wait: the load, the tasks


# Processes -----------------------------------------------------------------------------------

def klynge_env(var_dir: Path) -> dict[str, str]:
    """The real settings on the test's own SQLite file, with nothing from a deployment."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE_", "EMAIL_", "KLYNGE_", "DJANGO_", "CSRF_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
        "KLYNGE_VAR_DIR": str(var_dir),
        "KLYNGE_DEBUG": "0",
        "SECRET_KEY": "concurrency-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "AXES_ENABLED": "0",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """``manage.py ARGS`` to the end; its standard output."""
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def shell(env: dict[str, str], code: str) -> str:
    return manage(env, "shell", "-c", code)


def last_json(output: str) -> Any:
    return json.loads(output.strip().splitlines()[-1])


@dataclass
class Processes:
    """The processes a test started, each in its own process group, logging to files."""

    log_dir: Path
    started: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: list[IO[bytes]] = field(default_factory=list)

    def start(self, name: str, args: list[str], env: dict[str, str],
              **kwargs: Any) -> subprocess.Popen[bytes]:
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed in stop_all)
        self.logs.append(log)
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
        self.started[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        """SIGTERM to each group (gunicorn's workers too), SIGKILL to what is left."""
        for process in self.started.values():
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        for process in self.started.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
            _signal_group(process, signal.SIGKILL)  # any orphan left in its group
        for log in self.logs:
            log.close()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    """A listening socket on a free port, handed to gunicorn (``--bind fd://``): no race
    for the port, and it is freed when the test and the server are gone."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        yield sock
    finally:
        sock.close()


# HTTP ----------------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    location: str
    cookies: dict[str, str]
    text: str


def call(port: int, method: str, path: str, cookies: dict[str, str],
         form: dict[str, str] | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE_S)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        jar: SimpleCookie = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            jar.load(header)
        return Answer(response.status, response.getheader("Location") or "",
                      {k: m.value for k, m in jar.items()},
                      response.read().decode(errors="replace"))
    finally:
        connection.close()


@dataclass
class Editor:
    """One secretary in a browser: signs in by session cookie, saves the body page."""

    number: int
    session: str
    port: int
    seeded: dict[str, Any]
    answers: list[tuple[int, str, str]] = field(default_factory=list)  # status, location, text

    @property
    def url(self) -> str:
        return f"/bodies/{self.seeded['body']}/edit/"

    def run(self, ready: threading.Barrier) -> None:
        try:
            cookies = {"sessionid": self.session, "django_language": LANGUAGE}
            page = call(self.port, "GET", self.url, cookies)
            assert page.status == 200, f"editor {self.number}: edit page {page.status}"
            cookies["csrftoken"] = page.cookies["csrftoken"]
            found = CSRF_INPUT.search(page.text)
            assert found, f"editor {self.number}: no CSRF token in the form"
            ready.wait(timeout=DEADLINE_S)
            for save in range(SAVES_EACH):
                answer = call(self.port, "POST", self.url, cookies, {
                    "csrfmiddlewaretoken": found.group(1), "name": self.seeded["name"],
                    "kind": self.seeded["kind"], "parent": "", "valid_to": "",
                    "mandate": f"Kommissorium fra redaktør {self.number}, udgave {save}",
                })
                self.answers.append((answer.status, answer.location, answer.text[:300]))
        except Exception as error:  # reported by the test
            ready.abort()
            self.answers.append((0, "", f"{type(error).__name__}: {error}"))


# The database, read as SQL -------------------------------------------------------------------

def query(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(database, timeout=30)) as db:
        return db.execute(sql, params).fetchall()


def history_count(database: Path, body_id: int) -> int:
    return query(database, "SELECT count(*) FROM governance_historicalbody WHERE id = ?",
                 body_id)[0][0]


def unfinished_tasks(database: Path) -> int:
    return query(database, "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                           "WHERE status IN ('READY', 'RUNNING')")[0][0]


def finished_tasks(database: Path) -> int:
    return query(database, "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                           "WHERE status = 'SUCCESSFUL'")[0][0]


def utc(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def wait_for(condition: Any, what: str, deadline: float = DEADLINE_S) -> None:
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, f"waited {deadline} s for {what}"
        time.sleep(0.2)


# The test ------------------------------------------------------------------------------------

def test_concurrent_saves_on_sqlite_through_real_servers(
    tmp_path: Path, processes: Processes, listening: socket.socket
) -> None:
    var_dir = tmp_path / "var"
    database = var_dir / "klynge.sqlite3"
    env = klynge_env(var_dir)
    manage(env, "migrate", "--no-input", "-v", "0")
    seeded = last_json(shell(env, "from tests.concurrency.inside import seed; seed()"))
    assert len(seeded["sessions"]) == EDITORS
    versions_before = history_count(database, seeded["body"])
    port = listening.getsockname()[1]
    fd = listening.fileno()

    server = processes.start("gunicorn", [
        sys.executable, "-m", "gunicorn", "klynge.wsgi:application",
        "--workers", "3", "--worker-class", "sync", "--bind", f"fd://{fd}",
        "--timeout", "60", "--graceful-timeout", "5", "--no-control-socket",
    ], env, pass_fds=(fd,))
    worker = processes.start("worker", [
        sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay",
        "--no-reload", "--worker-id", "concurrency-test",
    ], env)
    stop_file = tmp_path / "stop-enqueuing"
    users = [u for pair in zip(seeded["leavers"], seeded["editors"] * 2, strict=True)
             for u in pair]  # leavers (closed) between editors (kept: they have a seat)
    enqueuer = processes.start("enqueuer", [
        sys.executable, "manage.py", "shell", "-c",
        "from tests.concurrency.inside import enqueue_stream; "
        f"enqueue_stream({users!r}, {str(stop_file)!r}, {seeded['collaboration']}, "
        f"{LANGUAGE!r})",
    ], env)

    # The editors start once the worker is writing (it has finished a task).
    wait_for(lambda: finished_tasks(database) > 0, "the worker to start")
    ready = threading.Barrier(EDITORS)
    editors = [Editor(n, session, port, seeded) for n, session in enumerate(seeded["sessions"])]
    threads = [threading.Thread(target=editor.run, args=(ready,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * DEADLINE_S)
    assert not any(thread.is_alive() for thread in threads), "an editor hung"

    # A page view caches the findings; the worker's last task reads them.
    body_page = call(port, "GET", f"/bodies/{seeded['body']}/",
                     {"sessionid": seeded["sessions"][0], "django_language": LANGUAGE})
    stop_file.touch()
    wait_for(lambda: enqueuer.poll() is not None, "the enqueuer to stop")
    wait_for(lambda: unfinished_tasks(database) == 0, "the worker to finish its tasks")

    # Every save redirected: no server error, nothing locked.
    answers = [answer for editor in editors for answer in editor.answers]
    statuses = Counter(status for status, _location, _text in answers)
    server_log = processes.log("gunicorn")
    wrong = [answer for answer in answers if answer[0] != 302][:3]
    assert statuses == {302: EDITORS * SAVES_EACH}, (
        f"answers {dict(statuses)}, e.g. {wrong}\n{server_log[-3000:]}")
    assert {location for _s, location, _t in answers} == {f"/bodies/{seeded['body']}/"}
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log, server_log[-3000:]
    assert server.poll() is None, "gunicorn stopped"
    assert body_page.status == 200

    # Every save kept: one new version each.
    assert history_count(database, seeded["body"]) - versions_before == EDITORS * SAVES_EACH
    mandate = query(database, "SELECT mandate FROM governance_body WHERE id = ?",
                    seeded["body"])[0][0]
    assert mandate.startswith("Kommissorium fra redaktør")

    # The worker ran every task successfully, while the editors saved.
    assert enqueuer.returncode == 0, processes.log("enqueuer")
    enqueued = last_json(processes.log("enqueuer"))["enqueued"]
    worker_log = processes.log("worker")
    assert worker.poll() is None, f"the worker stopped:\n{worker_log[-3000:]}"
    assert "Traceback" not in worker_log, worker_log[-3000:]
    tasks = query(database, "SELECT task_path, status, finished_at, return_value, traceback "
                            "FROM django_tasks_database_dbtaskresult")
    failed = [(path, trace) for path, status, _f, _r, trace in tasks if status != "SUCCESSFUL"]
    assert not failed, failed[:2]
    checks = [t for t in tasks if t[0].endswith("deactivate_if_unseated")]
    mails = [t for t in tasks if t[0].endswith("send_account_closed")]
    assert len(checks) + 1 == enqueued
    assert len(mails) == LEAVERS  # one for each account closed
    # (The window is read from the database: this process's clock is pinned by conftest.py.)
    first_save, last_save = map(utc, query(
        database, "SELECT min(history_date), max(history_date) FROM governance_historicalbody "
                  "WHERE id = ? AND history_type = '~'", seeded["body"])[0])
    during = [t for t in tasks if first_save <= utc(t[2]) <= last_save]
    assert len(during) >= 5, f"only {len(during)} tasks ran during the saves"

    active = dict(query(database, "SELECT id, is_active FROM accounts_user"))
    assert not any(active[user] for user in seeded["leavers"])
    assert all(active[user] for user in seeded["editors"])

    # The worker read the findings a server process cached: one cache for every process.
    (found,) = [json.loads(t[3]) for t in tasks if t[0] == FINDINGS_TASK]
    assert found is True
