"""Fill a database at national scale for the web benchmark, once; write the manifest.

    DATABASE_URL=... python benchmarks/web/fill.py --scale national --manifest F

National scale: the reference data's collaborations (22 clusters, 17 councils, Bergen and
the other Norwegian ones) with their default themes and target groups; 5,000 users, each a
member of one body (the first of each body its chair); 10,000 cases with their histories,
themes, target groups, recommendations and decisions, some followed; 2,000 meetings with
six agenda items each (a share of them closed), the members' answers, who was present and
the approval of the minutes; 10,000 action items and 50,000 notifications. ``small`` is a
tenth of every count, for trying the benchmark quickly and for the query counts' small
column. Rows are bulk-inserted (generated data, not work done through the actions), in one
transaction: a fill that fails leaves nothing.

Run again, it only opens fresh sessions and rewrites the manifest. A database filled by an
older version of this script is refused (``run.py --refill`` fills it afresh).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from klynge.accounts.models import User  # noqa: E402
from klynge.cases.models import Case, CaseEvent, Decision, Recommendation, State  # noqa: E402
from klynge.collaborations.models import Collaboration  # noqa: E402
from klynge.core.models import Counter  # noqa: E402
from klynge.governance.models import Body, Person, Seat  # noqa: E402
from klynge.meetings.models import (  # noqa: E402
    ActionItem,
    AgendaItem,
    ItemAttendance,
    Meeting,
    MinutesApproval,
    Response,
)
from klynge.notifications.models import Notification, Subscription, Topic  # noqa: E402
from klynge.vocabulary.actions import do_seed_vocabulary  # noqa: E402
from klynge.vocabulary.models import Term  # noqa: E402

# Bump when the data this script makes changes: an older fill is then refused.
VERSION = 3
MARKER = "bench-web-fill"
PASSWORD = "klynge-bench"
SCALES = {"national": {"users": 5000, "cases": 10000, "meetings": 2000,
                       "notifications": 50000, "action_items": 10000},
          "small": {"users": 500, "cases": 1000, "meetings": 200,
                    "notifications": 5000, "action_items": 1000}}
KINDS = [Body.Kind.SECRETARIAT, Body.Kind.POLITICAL, Body.Kind.STRATEGIC,
         Body.Kind.WORKING_GROUP, Body.Kind.WORKING_GROUP, Body.Kind.USER_PANEL]
# The generated texts' words: the searched ones ("ældre", "klynge" in "sundhedsklyngen",
# "møde") are among about seventy, so a search finds some of the rows, not all of them.
WORDS = ("ældre", "genoptræning", "sundhedsklyngen", "forebyggelse", "psykiatri",
         "udskrivning", "almen praksis", "børn", "møde", "frivillige", "rehabilitering",
         "kommunen", "regionen", "hospitalet", "patienter", "pårørende", "borgere",
         "sammenhæng", "forløb", "indsats", "samarbejde", "aftale", "plan", "status",
         "økonomi", "data", "kvalitet", "sygepleje", "hjemmepleje", "akut", "team",
         "diabetes", "KOL", "demens", "unge", "misbrug", "ventetid", "henvisning",
         "opfølgning", "evaluering", "projekt", "pilot", "implementering", "budget",
         "rekruttering", "kompetencer", "uddannelse", "telemedicin", "digital", "løsning",
         "tværsektoriel", "koordinering", "vejledning", "anbefaling", "høring", "notat",
         "drøftelse", "beslutning", "godkendelse", "orientering", "strategi", "mål",
         "indikatorer", "lighed", "sundhed", "trivsel", "bevægelse", "kost", "rygning",
         "alkohol", "ensomhed")
STATES = [State.AT_BODY, State.DECIDED, State.CLOSED, State.SUBMITTED, State.ON_AGENDA]
START = dt.date(2022, 7, 1)
Bodies = dict[int, list[Body]]


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def bodies_for(collaborations: list[Collaboration]) -> Bodies:
    existing = {(b.collaboration_id, b.kind) for b in Body.objects.filter(
        collaboration__in=collaborations)}
    new = [Body(collaboration=c, kind=kind, name=f"{kind.label} {n}", valid_from=START)
           for c in collaborations for n, kind in enumerate(KINDS)
           if (c.pk, kind) not in existing or kind == Body.Kind.WORKING_GROUP]
    Body.objects.bulk_create(new)
    result: Bodies = {}
    for body in Body.objects.filter(collaboration__in=collaborations).order_by("pk"):
        result.setdefault(body.collaboration_id, []).append(body)  # type: ignore[arg-type]
    return result


def seated(bodies: Bodies) -> list[Body]:
    """The bodies members sit in (not the secretariats: they sign in with a second factor)."""
    return [b for group in bodies.values() for b in group if b.kind != Body.Kind.SECRETARIAT]


def people(rng: random.Random, count: int, bodies: Bodies) -> list[User]:
    """``count`` users, each the person of a member's seat; a body's first seat chairs it."""
    password = make_password(PASSWORD)
    users = User.objects.bulk_create([User(username=f"bench{n:05d}", password=password)
                                      for n in range(count)])
    persons = Person.objects.bulk_create([Person(name=f"Bench Person {n}", user=user)
                                          for n, user in enumerate(users)])
    flat, chaired = seated(bodies), set()
    seats = []
    for person in persons:
        body = rng.choice(flat)
        role = Seat.Role.MEMBER if body.pk in chaired else Seat.Role.CHAIR
        chaired.add(body.pk)
        seats.append(Seat(body=body, person=person, term_start=START, role=role))
    Seat.objects.bulk_create(seats)
    return users


def members_by_body() -> dict[int, list[int]]:
    """The persons sitting in each body."""
    result: dict[int, list[int]] = {}
    for body_id, person_id in Seat.objects.filter(person__isnull=False).order_by(
            "role", "pk").values_list("body_id", "person_id"):
        result.setdefault(body_id, []).append(person_id)
    return result


def tag(rng: random.Random, made: list[Case]) -> None:
    """One or two themes and a target group on each case, from its collaboration's terms."""
    terms: dict[tuple[int, str], list[int]] = {}
    for pk, collaboration_id, kind in Term.objects.values_list("pk", "collaboration_id",
                                                               "kind"):
        terms.setdefault((collaboration_id, kind), []).append(pk)
    themes, groups = [], []
    for case in made:
        for pk in rng.sample(terms[(case.collaboration_id, Term.Kind.THEME)],
                             rng.randint(1, 2)):
            themes.append(Case.themes.through(case_id=case.pk, term_id=pk))
        groups.append(Case.target_groups.through(case_id=case.pk, term_id=rng.choice(
            terms[(case.collaboration_id, Term.Kind.TARGET_GROUP)])))
    Case.themes.through.objects.bulk_create(themes, batch_size=5000)
    Case.target_groups.through.objects.bulk_create(groups, batch_size=5000)


def cases(rng: random.Random, count: int, bodies: Bodies,
          members: dict[int, list[int]]) -> list[Case]:
    now = timezone.now()
    keys = list(bodies)
    made = []
    for n in range(count):
        collaboration_id = keys[n % len(keys)]
        body = rng.choice(bodies[collaboration_id])
        submitter = members.get(body.pk, [])
        made.append(Case(collaboration_id=collaboration_id, year=2026, serial=n // len(keys) + 1,
                         title=text(rng, 4)[:200], description=text(rng, 40),
                         request=text(rng, 10), current_body=body, origin_body=body,
                         submitted_by_id=rng.choice(submitter) if submitter else None,
                         state=rng.choice(STATES), confidential=rng.random() < 0.05,
                         submitted_at=now - dt.timedelta(days=rng.randint(20, 900))))
    made = Case.objects.bulk_create(made, batch_size=2000)
    tag(rng, made)
    histories(rng, made)
    return made


def histories(rng: random.Random, made: list[Case]) -> None:
    """Each case's steps so far; a recommendation and a decision on the decided ones."""
    kinds = {State.SUBMITTED: [CaseEvent.Kind.SUBMITTED],
             State.AT_BODY: [CaseEvent.Kind.SUBMITTED, CaseEvent.Kind.ROUTED],
             State.ON_AGENDA: [CaseEvent.Kind.SUBMITTED, CaseEvent.Kind.ROUTED,
                               CaseEvent.Kind.PUT_ON_AGENDA]}
    decided = [*kinds[State.ON_AGENDA], CaseEvent.Kind.RECOMMENDED, CaseEvent.Kind.DECIDED]
    kinds |= {State.DECIDED: decided, State.CLOSED: [*decided, CaseEvent.Kind.CLOSED]}
    events, recommendations, decisions = [], [], []
    for case in made:
        for i, kind in enumerate(kinds[case.state]):  # type: ignore[index]
            events.append(CaseEvent(case=case, kind=kind, reason=text(rng, 6) if i else "",
                                    at=case.submitted_at + dt.timedelta(days=2 * i),
                                    to_body=case.current_body, to_state=case.state))
        if case.state in (State.DECIDED, State.CLOSED):
            day = (case.submitted_at + dt.timedelta(days=8)).date()
            recommendations.append(Recommendation(case=case, body=case.current_body,
                                                  text=text(rng, 15), given_on=day))
            decisions.append(Decision(case=case, body=case.current_body, wording=text(rng, 12),
                                      outcome=Decision.Outcome.APPROVED, decided_on=day))
    CaseEvent.objects.bulk_create(events, batch_size=5000)
    Recommendation.objects.bulk_create(recommendations, batch_size=5000)
    Decision.objects.bulk_create(decisions, batch_size=5000)


def meetings(rng: random.Random, count: int, bodies: Bodies, made_cases: list[Case],
             members: dict[int, list[int]]) -> list[Meeting]:
    flat = seated(bodies)
    now = timezone.now()
    made = []
    for n in range(count):
        start = now + dt.timedelta(days=rng.randint(-700, 90), hours=n % 7)
        past = start < now
        made.append(Meeting(
            body=flat[n % len(flat)], starts_at=start, ends_at=start + dt.timedelta(hours=2),
            place="Rådhuset", agenda_released_at=start - dt.timedelta(days=7),
            state=Meeting.State.MINUTES_APPROVED if past else Meeting.State.AGENDA_RELEASED,
            minutes_note=text(rng, 20) if past else "",
            minutes_approved_at=start + dt.timedelta(days=5) if past else None))
    made = Meeting.objects.bulk_create(made, batch_size=2000)
    agendas(rng, made, made_cases)
    answers(rng, made, members)
    return made


def agendas(rng: random.Random, made: list[Meeting], made_cases: list[Case]) -> None:
    """Six items a meeting, the first three on a case of the collaboration; the sixth is
    closed in three meetings out of ten."""
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
                debate=text(rng, 15) if meeting.minutes_frozen else "",
                wording=text(rng, 12) if meeting.minutes_frozen else "",
                outcome_recorded_at=meeting.ends_at if meeting.minutes_frozen else None))
    AgendaItem.objects.bulk_create(items, batch_size=5000)


def answers(rng: random.Random, made: list[Meeting], members: dict[int, list[int]]) -> None:
    """Most members answer; at a held meeting those attending are present for each item,
    and the chair (the body's first member) approved the minutes."""
    responses, approvals = [], []
    for meeting in made:
        seated_here = members.get(meeting.body_id, [])
        for person_id in seated_here:
            if rng.random() < 0.8:
                answer = (Response.Answer.ATTENDING if rng.random() < 0.85
                          else Response.Answer.ABSENT)
                responses.append(Response(meeting=meeting, person_id=person_id, answer=answer,
                                          answered_at=meeting.starts_at - dt.timedelta(days=3)))
        if meeting.minutes_frozen and seated_here:
            approvals.append(MinutesApproval(meeting=meeting, person_id=seated_here[0],
                                             approved_at=meeting.minutes_approved_at))
    Response.objects.bulk_create(responses, batch_size=5000)
    MinutesApproval.objects.bulk_create(approvals, batch_size=5000)
    attending: dict[int, list[int]] = {}
    for response in responses:
        if response.answer == Response.Answer.ATTENDING:
            attending.setdefault(response.meeting_id, []).append(  # type: ignore[arg-type]
                response.person_id)  # type: ignore[arg-type]
    present = [ItemAttendance(item_id=item_id, person_id=person_id)
               for item_id, meeting_id in AgendaItem.objects.filter(
                   meeting__state=Meeting.State.MINUTES_APPROVED).values_list("pk", "meeting_id")
               for person_id in attending.get(meeting_id, [])]
    ItemAttendance.objects.bulk_create(present, batch_size=5000)


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
    """``count`` notifications about cases, two in three read; each user follows three
    cases."""
    now = timezone.now()
    Notification.objects.bulk_create([
        Notification(user=rng.choice(users), collaboration_id=case.collaboration_id,
                     topic=Topic.CASE, topic_id=case.pk, message="Case %(number)s was decided.",
                     params={"number": case.file_number}, url=f"/cases/{case.pk}/",
                     read_at=now if rng.random() < 0.67 else None)
        for case in (rng.choice(made_cases) for _ in range(count))], batch_size=5000)
    Subscription.objects.bulk_create([
        Subscription(user=user, topic=Topic.CASE, topic_id=rng.choice(made_cases).pk)
        for user in users for _ in range(3)], batch_size=5000, ignore_conflicts=True)


@transaction.atomic
def fill(scale: dict[str, int]) -> None:
    rng = random.Random(42)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    collaborations = list(Collaboration.objects.order_by("pk"))
    for collaboration in collaborations:
        do_seed_vocabulary(None, collaboration)
    bodies = bodies_for(collaborations)
    users = people(rng, scale["users"], bodies)
    members = members_by_body()
    made_cases = cases(rng, scale["cases"], bodies, members)
    made_meetings = meetings(rng, scale["meetings"], bodies, made_cases, members)
    action_items(rng, scale["action_items"], made_meetings)
    notifications(rng, scale["notifications"], users, made_cases)
    # The rows above were made in bulk, without the saves that keep the search index.
    call_command("search_index", verbosity=0, stdout=io.StringIO())
    Counter.objects.create(name=MARKER, value=VERSION)


def session_of(user: User) -> str:
    """A fresh signed-in session for ``user`` (as signing in makes one), by its key."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def pages_of(rng: random.Random, seat: Seat, measured: Collaboration) -> dict[str, Any]:
    """The pages ``seat``'s user opens; the population page for those seated in the
    collaboration whose population data the benchmark made (``population.py``)."""
    body, collaboration = seat.body, seat.body.collaboration
    code = collaboration.code  # type: ignore[union-attr]
    case_ids = list(Case.objects.filter(collaboration=collaboration, confidential=False)
                    .order_by("pk").values_list("pk", flat=True)[:200])
    meeting_ids = list(Meeting.objects.filter(body=body).order_by("pk")
                       .values_list("pk", flat=True)[:20])
    return {
        "start": "/", "collaboration": f"/c/{code}/", "case_list": f"/c/{code}/cases/",
        "case": [f"/cases/{pk}/" for pk in rng.sample(case_ids, min(20, len(case_ids)))],
        "meeting": [f"/meetings/{pk}/" for pk in meeting_ids],
        "person": f"/people/{seat.person_id}/",
        "search": [f"/search/?{urlencode({'q': word})}" for word in ("ældre", "klynge", "møde")],
    } | ({"population": f"/c/{code}/population/"} if collaboration == measured else {})


def manifest(measured: Collaboration, sample: int = 60) -> dict[str, Any]:
    """``sample`` users who have a meeting to open, and half as many of ``measured``'s, each
    with the pages they may see and a fresh session."""
    rng = random.Random(7)
    users = []
    seats = (Seat.objects.filter(person__user__username__startswith="bench",
                                 body__meetings__isnull=False)
             .select_related("person__user", "body__collaboration").distinct().order_by("pk"))
    # And half as many again seated in the collaboration whose population page is measured,
    # so that page gets enough requests under load.
    chosen = list(seats[:sample])
    chosen += list(seats.filter(body__collaboration=measured)
                   .exclude(pk__in=[seat.pk for seat in chosen])[:sample // 2])
    for seat in chosen:
        user = seat.person.user  # type: ignore[union-attr]
        users.append({"username": user.username,  # type: ignore[union-attr]
                      "session": session_of(user),  # type: ignore[arg-type]
                      "pages": pages_of(rng, seat, measured)})
    return {"cookie": settings.SESSION_COOKIE_NAME, "users": users}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=list(SCALES), default="national")
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args()
    marker = Counter.objects.filter(name=MARKER).first()
    if marker is None:
        if User.objects.filter(username__startswith="bench").exists():
            raise SystemExit("The database holds an unfinished or older fill: run.py --refill")
        fill(SCALES[args.scale])
        with connection.cursor() as cursor:  # statistics for the planner, as after a restore
            cursor.execute("ANALYZE")
    elif marker.value != VERSION:
        raise SystemExit(f"The database was filled by version {marker.value} of fill.py, "
                         f"this is version {VERSION}: run.py --refill")
    from population_data import fill_population

    measured = fill_population()
    Path(args.manifest).write_text(json.dumps(manifest(measured), indent=1))


if __name__ == "__main__":
    main()
