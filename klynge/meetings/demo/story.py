"""The Danish working cycle, step by step through the apps' actions (see
``klynge.meetings.demo``): Horsensklyngen's until 2026-12-31, Sundhedsråd Horsens' from
2027-01-01. The story is the same; :class:`Cast` says who plays each part, and the texts
(``klynge.meetings.demo.texts``) fit the collaboration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases import actions as cases
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.demo_data import (
    BODY_SPECS,
    COUNCIL_CODE,
    HORSENS_CODE,
    ORGANISATION_BODIES,
)
from klynge.governance.models import Body, Person, Seat
from klynge.hearings import actions as hearings
from klynge.hearings.models import Answer, Hearing
from klynge.meetings import actions as meetings
from klynge.meetings import rules
from klynge.meetings.demo.base import Story
from klynge.meetings.demo.common import Outcome, account, text_file
from klynge.meetings.demo.texts import CaseText
from klynge.meetings.models import ActionItem, AgendaItem, Meeting, Response
from klynge.notifications.actions import do_follow
from klynge.notifications.models import Topic
from klynge.vocabulary.models import Term


@dataclass(frozen=True)
class Cast:
    """Who plays each part of the story.

    ``first`` holds the past meeting with the conflict and the action items, and the coming
    meeting; ``second`` the past meeting with the confidential case; ``advisor`` recommends
    on the first case, ``budget`` (if any) on the confidential one; ``mental`` has the case
    left with a body; ``elders`` answers the closed hearing through its chair, and
    ``invited`` (a body) and ``volunteer`` (for their organisation) are invited to the open
    one. ``member`` and ``panelist`` submit cases (``panelist`` also as ``panel``).
    """

    first: Body
    second: Body
    advisor: Body
    budget: Body | None
    mental: Body
    panel: Body
    elders: Body
    invited: Body
    volunteer: Person
    member: User
    panelist: User
    conflicted: Person  # declares a conflict of interest on the acute team
    absent: Person | None  # sends apologies for the first meeting
    since: dt.date  # the first day of the bodies the story uses


class WorkingCycle(Story):
    """Builds the Danish working cycle; each step through an action, dated."""

    def __init__(self, collaboration: Collaboration, counts: Any, secretariat: User,
                 cast: Cast, texts: dict[str, str], case_texts: dict[str, CaseText]) -> None:
        super().__init__(collaboration, counts, secretariat, cast.since)
        self.cast = cast
        self.t = texts
        self.case_texts = case_texts

    def build(self) -> None:
        self.seed()
        self.follow_themes()
        self.cases_before_the_meetings()
        self.first_meeting()
        self.second_meeting()
        self.cases_since()
        hearing = self.closed_hearing()
        self.open_hearing()
        self.coming_meeting(hearing)
        self.counts["cases"] += len(self.cases)

    def person(self, user: User) -> Person:
        return Person.objects.get(user=user)

    def follow_themes(self) -> None:
        member, panelist = self.cast.member, self.cast.panelist
        self.at(-75, 9, do_follow, member, member, Topic.THEME,
                self.terms[(Term.Kind.THEME, "transitions")].pk)
        self.at(-75, 9, do_follow, panelist, panelist, Topic.THEME,
                self.terms[(Term.Kind.THEME, "user-involvement")].pk)

    def case(self, key: str, **extra: Any) -> Case:
        by, title, description, request, groups, themes, day = self.case_texts[key]
        user = self.cast.member if by == "member" else self.cast.panelist
        return self.submit(key, user, (title, description, request), day, groups=groups,
                           themes=themes, body=self.cast.panel if by == "panel-body" else None,
                           **extra)

    def cases_before_the_meetings(self) -> None:
        sec, t, cast = self.sec, self.t, self.cast
        visits = self.case("visits", files=[text_file(t["note_name"], t["note"])])
        self.at(-68, 9, cases.do_route_case, sec, visits, cast.advisor)
        self.at(-56, 14, cases.do_recommend, sec, visits, t["visits_recommendation"])
        self.at(-54, 9, cases.do_route_case, sec, visits, cast.first, t["visits_route"])
        self.at(-60, 9, cases.do_route_case, sec, self.case("acute"), cast.first)
        budget = self.case("budget")
        self.at(-62, 9, cases.do_set_case_confidential, sec, budget, True,
                t["budget_confidential"])
        if cast.budget is not None:
            self.at(-62, 10, cases.do_route_case, sec, budget, cast.budget)
            self.at(-40, 15, cases.do_recommend, sec, budget, t["budget_recommendation"])
        self.at(-38, 9, cases.do_route_case, sec, budget, cast.second)
        self.at(-40, 9, cases.do_route_case, sec, self.case("users"), cast.second)
        self.at(-36, 9, do_follow, cast.panelist, cast.panelist, Topic.CASE, visits.pk)

    def first_meeting(self) -> None:
        day, sec, add, t, cast = -42, self.sec, meetings.do_add_item, self.t, self.cast
        meeting = self.schedule(cast.first, day, t["first_title"], t["first_place"])
        visits = self.at(-52, 10, add, sec, meeting, case=self.cases["visits"],
                         description=t["visits_description"], proposal=t["visits_proposal"])
        acute = self.at(-52, 10, add, sec, meeting, case=self.cases["acute"],
                        proposal=t["acute_proposal"])
        reform = self.at(-52, 11, add, sec, meeting, title=t["reform_title"],
                         description=t["reform_description"])
        personal = self.at(-52, 11, add, sec, meeting, title=t["personal_title"],
                           description=t["personal_description"], closed=True,
                           closed_reason=AgendaItem.ClosedReason.PERSONAL)
        self.release(meeting, -47)
        chairs = rules.chairs(meeting.body, meeting.day)
        self.answer(meeting, -45, 9, cast.member, self.person(cast.member))
        for chair in chairs:
            self.answer(meeting, -45, 12, self.account(chair), chair)
        if cast.absent is not None:
            self.answer(meeting, -44, 9, sec, cast.absent, Response.Answer.ABSENT)
        self.at(day, 13, meetings.do_declare_conflict, sec, acute, cast.conflicted,
                t["conflict"])
        absent = {cast.absent.pk} if cast.absent else set()
        self.attend(meeting, [visits, acute, reform, personal], absent, day)
        self.outcome(meeting, visits, day, Outcome.APPROVED, t["visits_outcome"],
                     t["visits_debate"])
        self.outcome(meeting, acute, day, Outcome.APPROVED, t["acute_outcome"])
        self.outcome(meeting, reform, day, Outcome.NOTED, t["reform_outcome"])
        self.outcome(meeting, personal, day, Outcome.NOTED, t["personal_outcome"])
        add_action = meetings.do_add_action_item
        self.at(day, 15, add_action, sec, visits, owner=self.person(cast.member),
                title=t["action_plan"], due_on=self.day(21))
        self.at(day, 15, add_action, sec, visits, owner=chairs[0], title=t["action_numbers"],
                due_on=self.day(-7))
        done = self.at(day, 15, add_action, sec, acute, owner=chairs[-1],
                       title=t["action_agreement"], due_on=self.day(-21))
        away = cast.absent.organisation if cast.absent is not None else None
        self.approve(meeting, day + 4, t["first_minutes"].format(absent=away) if away else "")
        self.at(-22, 10, meetings.do_mark_action_item_done, sec, done)
        ActionItem.objects.filter(pk=done.pk).update(done_at=self.when(-22, 10))
        self.at(-14, 10, cases.do_close_case, sec, self.cases["acute"], t["acute_close"])

    def answer(self, meeting: Meeting, day: int, hour: int, user: User, person: Person,
               answer: str = Response.Answer.ATTENDING) -> None:
        self.at(day, hour, meetings.do_answer_invitation, user, meeting, person, answer)

    def second_meeting(self) -> None:
        day, sec, add, t = -28, self.sec, meetings.do_add_item, self.t
        meeting = self.schedule(self.cast.second, day, t["second_title"], t["second_place"])
        users = self.at(-36, 14, add, sec, meeting, case=self.cases["users"],
                        proposal=t["users_proposal"])
        budget = self.at(-36, 14, add, sec, meeting, case=self.cases["budget"], closed=True,
                         closed_reason=AgendaItem.ClosedReason.BUSINESS,
                         proposal=t["budget_proposal"])
        status = self.at(-36, 15, add, sec, meeting, title=t["status_title"],
                         description=t["status_description"])
        self.release(meeting, -33)
        self.attend(meeting, [users, budget, status], set(), day)
        self.outcome(meeting, users, day, Outcome.APPROVED, t["users_outcome"])
        self.outcome(meeting, budget, day, Outcome.APPROVED, t["budget_outcome"])
        self.outcome(meeting, status, day, Outcome.NOTED, t["status_outcome"])
        self.at(day, 15, meetings.do_add_action_item, sec, users,
                owner=self.person(self.sec), title=t["send_plan"], due_on=self.day(7))
        self.approve(meeting, day + 4, "")

    def cases_since(self) -> None:
        sec, member, t = self.sec, self.cast.member, self.t
        self.at(-31, 10, cases.do_withdraw_case, member, self.case("leaflet"), t["withdraw"])
        self.at(-30, 10, cases.do_reject_case, sec, self.case("parking"), t["reject"])
        relatives = self.case("relatives")
        self.at(-25, 9, cases.do_route_case, sec, relatives, self.cast.first)
        self.at(-25, 12, do_follow, member, member, Topic.CASE, relatives.pk)
        self.at(-21, 10, cases.do_return_case, sec, self.case("booking"), t["return"])
        self.at(-15, 9, cases.do_route_case, sec, self.case("psychiatry"), self.cast.mental)
        self.case("rehab")

    def closed_hearing(self) -> Hearing:
        t, cast = self.t, self.cast
        elders_chair = rules.chairs(cast.elders, self.today)[0]
        hearing, (panel, elders, member) = self.hearing(
            -66, t["closed_title"], t["closed_description"], self.when(1, 12),
            ("transitions", "user-involvement"),
            [cast.panel, cast.elders, self.person(cast.member)])
        answers = ((panel, cast.panelist, -45, "panel"), (member, cast.member, -40, "member"),
                   (elders, self.account(elders_chair), -37, "elders"))
        for party, user, day, key in answers:
            self.at(day, 14, hearings.do_answer_hearing, user, party, text=t[f"answer_{key}"])
        # The deadline passes (see the docstring): only then are responses written.
        Hearing.objects.filter(pk=hearing.pk).update(deadline=self.when(-35, 12))
        for party, _user, _day, key in answers:
            answer = Answer.objects.get(party=party)
            hearings.do_respond_to_answer(self.sec, answer, t[f"response_{key}"])
            Answer.objects.filter(pk=answer.pk).update(responded_at=self.when(-30, 10))
        self.at(-26, 10, hearings.do_summarise_hearing, self.sec, hearing, final=True,
                summary=t["summary"])
        Hearing.objects.filter(pk=hearing.pk).update(summarised_at=self.when(-26, 10))
        return hearing

    def open_hearing(self) -> None:
        cast = self.cast
        _hearing, (panel, *_rest) = self.hearing(
            -10, self.t["open_title"], self.t["open_description"], self.when(21, 12),
            ("transitions", "prevention"), [cast.panel, cast.invited, cast.volunteer])
        self.at(-2, 19, hearings.do_answer_hearing, cast.panelist, panel,
                text=self.t["open_answer"])

    def coming_meeting(self, hearing: Hearing) -> None:
        end = self.cast.first.valid_to
        day = min(14, (end - self.today).days) if end is not None else 14
        if day < 1:
            return
        sec, add, t = self.sec, meetings.do_add_item, self.t
        meeting = self.schedule(self.cast.first, day, t["coming_title"], t["coming_place"])
        self.at(-6, 10, add, sec, meeting, case=self.cases["relatives"],
                proposal=t["relatives_proposal"])
        self.at(-6, 11, add, sec, meeting, title=t["hearing_item"].format(title=hearing.title),
                hearing=hearing, proposal=t["hearing_item_proposal"])
        papers = self.at(-6, 11, add, sec, meeting, title=t["papers_title"],
                         description=t["papers_description"])
        self.at(-6, 12, meetings.do_attach_papers, sec, papers, [text_file(
            t["paper_name"], t["paper"].format(day=self.today.isoformat()))])
        self.release(meeting, -2)
        self.answer(meeting, -1, 9, self.cast.member, self.person(self.cast.member))
        for n, chair in enumerate(rules.chairs(meeting.body, meeting.day)):
            answer = Response.Answer.ATTENDING if n == 0 else Response.Answer.ABSENT
            self.answer(meeting, -1, 12, self.account(chair), chair, answer)


# The casts ---------------------------------------------------------------------------------

def _seat_holder(body: Body, day: dt.date, **seat: Any) -> Person | None:
    holder = (Seat.objects.on(day).filter(body=body, person__isnull=False, **seat)
              .select_related("person__organisation").order_by("pk").first())
    return holder.person if holder is not None else None


def _org_body(name: str) -> Body:
    return Body.objects.get(name=name, organisation__isnull=False)


def cluster_cast(collaboration: Collaboration) -> Cast | None:
    """Horsensklyngen's cast, while its strategic level exists; the logins ``medlem`` and
    ``panel`` submit."""
    today = timezone.localdate()
    names = {spec.key: spec.name for spec in BODY_SPECS[HORSENS_CODE]}
    found = {body.name: body for body in collaboration.bodies.filter(name__in=names.values())}
    if set(names.values()) - set(found):
        return None
    body = {key: found[name] for key, name in names.items()}
    first = body["strategic"]
    if not first.is_valid_on(today):
        return None
    redcross = (Person.objects.filter(organisation__name="Røde Kors Horsens",
                                      seats__body__collaboration=collaboration)
                .order_by("pk").first())
    gp = _seat_holder(first, today, capacity=Seat.Capacity.GP)
    assert redcross is not None and gp is not None
    return Cast(first=first, second=body["political"], advisor=body["elderly"],
                budget=body["budget"], mental=body["mental"], panel=body["panel"],
                elders=body["elders"], invited=_org_body(ORGANISATION_BODIES[0].body.name),
                volunteer=redcross, member=User.objects.get(username="medlem"),
                panelist=User.objects.get(username="panel"), conflicted=gp,
                absent=_seat_holder(first, today, represents__municipality__name="Odder"),
                since=first.valid_from or today)


def council_cast(collaboration: Collaboration) -> Cast | None:
    """Sundhedsråd Horsens' cast, while the council exists. ``medlem`` and ``panel`` hold no
    seat there, so a council member (Skanderborg's chair of the health committee) and a
    member of its user panel act through accounts without a password."""
    today = timezone.localdate()
    names = {spec.key: spec.name for spec in BODY_SPECS[COUNCIL_CODE]}
    council = collaboration.bodies.filter(name=names["council"]).first()
    panel = collaboration.bodies.filter(name=names["panel"]).first()
    if council is None or panel is None or not council.is_valid_on(today):
        return None
    member = _seat_holder(council, today, represents__municipality__name="Skanderborg")
    panelist = _seat_holder(panel, today, role=Seat.Role.MEMBER,
                            constituency=Seat.Constituency.PATIENTS)
    councillor = _seat_holder(council, today, role=Seat.Role.MEMBER,
                              capacity=Seat.Capacity.REGIONAL_COUNCILLOR)
    navigators = _org_body(ORGANISATION_BODIES[1].body.name)
    volunteer = _seat_holder(navigators, today, role=Seat.Role.CHAIR)
    if None in (member, panelist, councillor, volunteer):
        return None
    assert member and panelist and councillor and volunteer
    return Cast(first=council, second=council, advisor=panel, budget=None, mental=council,
                panel=panel, elders=_org_body(ORGANISATION_BODIES[0].body.name),
                invited=_org_body(ORGANISATION_BODIES[0].body.name), volunteer=volunteer,
                member=account(member), panelist=account(panelist), conflicted=councillor,
                absent=_seat_holder(council, today, represents__municipality__name="Hedensted"),
                since=council.valid_from or today)
