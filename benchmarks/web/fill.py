"""Fill a database at national scale for the web benchmark, once; write the manifest.

    DATABASE_URL=... python benchmarks/web/fill.py --scale national --manifest F

National scale: the reference data's 40 collaborations (22 clusters, 17 councils, Bergen),
5,000 users with seats, 10,000 cases with their histories, 2,000 meetings with agendas
(a share of items closed), 10,000 action items and 50,000 notifications. ``small`` is a
tenth, to try the benchmark quickly. Rows are bulk-inserted (this is generated data, not
work done through the actions); run again, it only rewrites the manifest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from klynge.accounts.models import User  # noqa: E402
from klynge.cases.models import Case, CaseEvent, State  # noqa: E402
from klynge.collaborations.models import Collaboration  # noqa: E402
from klynge.governance.models import Body, Person, Seat  # noqa: E402
from klynge.meetings.models import ActionItem, AgendaItem, Meeting  # noqa: E402
from klynge.notifications.models import Notification  # noqa: E402

PASSWORD = "klynge-bench"
SCALES = {"national": {"users": 5000, "cases": 10000, "meetings": 2000,
                       "notifications": 50000, "action_items": 10000},
          "small": {"users": 500, "cases": 1000, "meetings": 200,
                    "notifications": 5000, "action_items": 1000}}
KINDS = [Body.Kind.SECRETARIAT, Body.Kind.POLITICAL, Body.Kind.STRATEGIC,
         Body.Kind.WORKING_GROUP, Body.Kind.WORKING_GROUP, Body.Kind.USER_PANEL]
WORDS = ("ældre", "genoptræning", "sundhedsklyngen", "forebyggelse", "psykiatri",
         "udskrivning", "almen praksis", "børn", "møde", "frivillige", "rehabilitering")
START = dt.date(2022, 7, 1)


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def bodies_for(collaborations: list[Collaboration]) -> dict[int, list[Body]]:
    existing = {(b.collaboration_id, b.kind) for b in Body.objects.filter(
        collaboration__in=collaborations)}
    new = [Body(collaboration=c, kind=kind, name=f"{kind.label} {n}", valid_from=START)
           for c in collaborations for n, kind in enumerate(KINDS)
           if (c.pk, kind) not in existing or kind == Body.Kind.WORKING_GROUP]
    Body.objects.bulk_create(new)
    result: dict[int, list[Body]] = {}
    for body in Body.objects.filter(collaboration__in=collaborations).order_by("pk"):
        result.setdefault(body.collaboration_id, []).append(body)  # type: ignore[arg-type]
    return result


def people(rng: random.Random, count: int, bodies: dict[int, list[Body]]) -> list[User]:
    password = make_password(PASSWORD)
    users = User.objects.bulk_create([User(username=f"bench{n:05d}", password=password)
                                      for n in range(count)])
    persons = Person.objects.bulk_create([Person(name=f"Bench Person {n}", user=user)
                                          for n, user in enumerate(users)])
    flat = [b for group in bodies.values() for b in group
            if b.kind != Body.Kind.SECRETARIAT]
    Seat.objects.bulk_create([Seat(body=rng.choice(flat), person=person, term_start=START,
                                   role=Seat.Role.MEMBER) for person in persons])
    return users


def cases(rng: random.Random, count: int, bodies: dict[int, list[Body]]) -> list[Case]:
    now = timezone.now()
    keys = list(bodies)
    made = []
    for n in range(count):
        collaboration_id = keys[n % len(keys)]
        body = rng.choice(bodies[collaboration_id])
        made.append(Case(collaboration_id=collaboration_id, year=2026, serial=n // len(keys) + 1,
                         title=text(rng, 4)[:200], description=text(rng, 40),
                         request=text(rng, 10), current_body=body, origin_body=body,
                         state=rng.choice([State.AT_BODY, State.DECIDED, State.CLOSED,
                                           State.SUBMITTED]),
                         confidential=rng.random() < 0.05,
                         submitted_at=now - dt.timedelta(days=rng.randint(1, 900))))
    made = Case.objects.bulk_create(made, batch_size=2000)
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, kind=kind, at=case.submitted_at + dt.timedelta(days=i),
                  to_body=case.current_body, to_state=case.state)
        for case in made for i, kind in enumerate((CaseEvent.Kind.SUBMITTED,
                                                   CaseEvent.Kind.ROUTED))], batch_size=5000)
    return made


def meetings(rng: random.Random, count: int, bodies: dict[int, list[Body]],
             made_cases: list[Case]) -> list[Meeting]:
    flat = [b for group in bodies.values() for b in group if b.kind != Body.Kind.SECRETARIAT]
    now = timezone.now()
    made = []
    for n in range(count):
        start = now + dt.timedelta(days=rng.randint(-700, 90), hours=n % 7)
        state = (Meeting.State.MINUTES_APPROVED if start < now
                 else Meeting.State.AGENDA_RELEASED)
        made.append(Meeting(body=flat[n % len(flat)], starts_at=start,
                            ends_at=start + dt.timedelta(hours=2), place="Rådhuset",
                            state=state, minutes_note=text(rng, 20) if start < now else ""))
    made = Meeting.objects.bulk_create(made, batch_size=2000)
    by_collaboration: dict[int, list[Case]] = {}
    for case in made_cases:
        by_collaboration.setdefault(case.collaboration_id, []).append(case)
    items = []
    for meeting in made:
        pool = by_collaboration.get(meeting.body.collaboration_id, [])  # type: ignore[arg-type]
        for number in range(1, 7):
            closed = number == 6 and rng.random() < 0.3
            items.append(AgendaItem(
                meeting=meeting, number=number, title=text(rng, 5)[:200],
                description=text(rng, 30), proposal=text(rng, 8),
                case=rng.choice(pool) if pool and number <= 3 else None, closed=closed,
                closed_reason=AgendaItem.ClosedReason.PERSONAL if closed else "",
                outcome=AgendaItem.Outcome.APPROVED if meeting.minutes_frozen else "",
                wording=text(rng, 12) if meeting.minutes_frozen else ""))
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    return made


def action_items(rng: random.Random, count: int, made_meetings: list[Meeting]) -> None:
    owners = list(Person.objects.values_list("pk", flat=True))
    items = list(AgendaItem.objects.filter(meeting__in=made_meetings)
                 .values_list("pk", "meeting__body__collaboration_id")[:count])
    today = timezone.localdate()
    ActionItem.objects.bulk_create([
        ActionItem(collaboration_id=collaboration_id, item_id=item_id, title=text(rng, 5),
                   owner_id=rng.choice(owners), due_on=today + dt.timedelta(days=rng.randint(
                       -60, 120)))
        for item_id, collaboration_id in items], batch_size=5000)


def notifications(rng: random.Random, count: int, users: list[User],
                  made_cases: list[Case]) -> None:
    Notification.objects.bulk_create([
        Notification(user=rng.choice(users), collaboration_id=case.collaboration_id,
                     topic="case", topic_id=case.pk, message="Case %(number)s changed.",
                     params={"number": case.file_number}, url=f"/cases/{case.pk}/")
        for case in (rng.choice(made_cases) for _ in range(count))], batch_size=5000)


@transaction.atomic
def fill(scale: dict[str, int]) -> None:
    rng = random.Random(42)  # noqa: S311 - generated data
    call_command("load_reference", verbosity=0)
    collaborations = list(Collaboration.objects.order_by("pk"))
    bodies = bodies_for(collaborations)
    users = people(rng, scale["users"], bodies)
    made_cases = cases(rng, scale["cases"], bodies)
    made_meetings = meetings(rng, scale["meetings"], bodies, made_cases)
    action_items(rng, scale["action_items"], made_meetings)
    notifications(rng, scale["notifications"], users, made_cases)


def manifest(sample: int = 60) -> dict[str, Any]:
    rng = random.Random(7)  # noqa: S311
    users = []
    seats = (Seat.objects.filter(person__user__username__startswith="bench")
             .select_related("person__user", "body__collaboration").order_by("pk")[:sample])
    for seat in seats:
        body, collaboration = seat.body, seat.body.collaboration
        case_ids = list(Case.objects.filter(collaboration=collaboration, confidential=False)
                        .values_list("pk", flat=True)[:200])
        meeting_ids = list(Meeting.objects.filter(body=body).values_list("pk", flat=True)[:20])
        users.append({"username": seat.person.user.username, "pages": {  # type: ignore[union-attr]
            "start": "/", "collaboration": f"/c/{collaboration.code}/",  # type: ignore[union-attr]
            "case_list": f"/c/{collaboration.code}/cases/",  # type: ignore[union-attr]
            "case": [f"/cases/{pk}/" for pk in rng.sample(case_ids, min(20, len(case_ids)))],
            "meeting": [f"/meetings/{pk}/" for pk in meeting_ids] or ["/"],
            "person": f"/people/{seat.person_id}/",
            "search": [f"/search/?q={word}" for word in ("ældre", "klynge", "møde")],
        }})
    return {"password": PASSWORD, "users": users}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=list(SCALES), default="national")
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args()
    if not User.objects.filter(username__startswith="bench").exists():
        fill(SCALES[args.scale])
    Path(args.manifest).write_text(json.dumps(manifest(), indent=1))


if __name__ == "__main__":
    main()
