"""What the concurrency test runs inside Klynge's own processes (``manage.py shell -c``) and
in the task worker, against the test's SQLite file (``KLYNGE_VAR_DIR``, real settings).

Nothing here runs in the pytest process: it would need the real database, not the test one.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from django_tasks import task

EDITORS = 20
LEAVERS = 40
FINDINGS_TASK = "tests.concurrency.inside.findings_are_cached"


def seed() -> None:
    """A collaboration, its secretariat of ``EDITORS`` people with a confirmed authenticator
    and a signed-in, second-factor-verified session each, a body for them to edit, and
    ``LEAVERS`` people whose seat ended yesterday (their accounts are for the worker to
    close). Prints what the test needs as one line of JSON."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from klynge.governance.models import Body, Seat
    from klynge.testing.factories import (
        make_body,
        make_collaboration,
        make_person,
        make_seat,
        make_user,
    )

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with transaction.atomic():
        collaboration = make_collaboration(code="samtidig", name="Samtidighedsklyngen",
                                           valid_to=None)
        secretariat = make_body(collaboration, kind=Body.Kind.SECRETARIAT, name="Sekretariat")
        edited = make_body(collaboration, kind=Body.Kind.WORKING_GROUP, name="Arbejdsgruppe",
                           mandate="Første kommissorium")
        sessions, editors, leavers = [], [], []
        for n in range(EDITORS):
            user = make_user(f"editor{n:02d}", password=None)
            make_seat(secretariat, make_person(user=user, name=f"Redaktør {n}"),
                      role=Seat.Role.MEMBER)
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.create()
            sessions.append(session.session_key)
            editors.append(user.pk)
        for n in range(LEAVERS):
            user = make_user(f"leaver{n:02d}", password=None, email=f"leaver{n}@example.org")
            make_seat(edited, make_person(user=user, name=f"Afgået {n}"), term_end=yesterday)
            leavers.append(user.pk)
    print(json.dumps({
        "collaboration": collaboration.pk, "body": edited.pk, "name": edited.name,
        "kind": edited.kind, "sessions": sessions, "editors": editors, "leavers": leavers,
    }))


def enqueue_stream(user_ids: list[int], stop_file: str, collaboration_id: int,
                   language: str, pause: float = 0.05) -> None:
    """Enqueue account checks, one every ``pause`` seconds, round the ``user_ids``, until
    ``stop_file`` exists (and each user had one); then one task that reads the findings a
    request cached. Prints how many were enqueued."""
    from klynge.governance.lifecycle import deactivate_if_unseated

    stop, count = Path(stop_file), 0
    while count < len(user_ids) or not stop.exists():
        deactivate_if_unseated.enqueue(user_ids[count % len(user_ids)])
        count += 1
        time.sleep(pause)
    findings_are_cached.enqueue(collaboration_id, language)
    print(json.dumps({"enqueued": count + 1}))


@task()
def findings_are_cached(collaboration_id: int, language: str) -> bool:
    """Run by the task worker: whether the findings a server process cached for the
    collaboration today are in the (database) cache, read without running the rules."""
    from django.core.cache import cache
    from django.utils import timezone, translation

    from klynge.collaborations.models import Collaboration
    from klynge.governance import findings

    collaboration = Collaboration.objects.get(pk=collaboration_id)
    with translation.override(language):
        return cache.get(findings.cache_key(collaboration, timezone.localdate())) is not None
