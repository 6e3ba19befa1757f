"""The Bergen health community's working cycle, smaller than Horsens' and in Nynorsk (see
``klynge.meetings.demo``): three cases (decided, with a body, on an agenda), a meeting of the
strategic level three weeks ago with minutes approved by the members present (the default
for a Norwegian health community), the next meeting in two weeks with its agenda released,
and an open hearing. The ``bergen`` login is the secretariat; the members who submit, review
and approve act through accounts without a password."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases import actions as cases
from klynge.collaborations.models import Collaboration
from klynge.governance.demo_data import BERGEN_CODE, BODY_SPECS
from klynge.governance.models import Body, Person, Seat
from klynge.meetings import actions as meetings
from klynge.meetings import rules
from klynge.meetings.demo.base import Story
from klynge.meetings.demo.common import Outcome
from klynge.meetings.models import AgendaItem, Response

DISCHARGE = ("Felles rutine for utskriving av skrøpelege eldre",
             "Skrøpelege eldre vert ofte skrivne ut på fredag ettermiddag, før heimetenesta "
             "har fått epikrisen. Fleire vert lagde inn att same helg.",
             "At helsefellesskapet vedtek ein felles rutine: utskriving berre når "
             "heimetenesta har stadfesta at ho kan ta imot.")
WAITING = ("Ventetid på psykisk helsehjelp for barn og unge",
           "Barn og unge ventar i snitt elleve veker på første samtale i BUP. Kommunane "
           "manglar eit tilbod medan dei ventar.",
           "At det faglege samarbeidsutvalet for barn og unge føreslår eit tilbod i ventetida.")
FOLLOW_UP = ("Digital heimeoppfølging etter utskriving",
             "Askøy kommune har prøvd digital heimeoppfølging av pasientar med KOLS og "
             "hjartesvikt etter utskriving, med færre reinnleggingar.",
             "At helsefellesskapet tilrår digital heimeoppfølging i alle kommunane.")
FIRST_CASE = DISCHARGE[0]  # marks a loaded Bergen cycle


class BergenCycle(Story):
    """Builds the Bergen health community's working cycle; each step through an action."""

    language = "nn"

    def __init__(self, collaboration: Collaboration, counts: Any, secretariat: User,
                 bodies: dict[str, Body]) -> None:
        strategic = bodies["strategic"]
        super().__init__(collaboration, counts, secretariat,
                         strategic.valid_from or timezone.localdate())
        self.body = bodies

    def holder(self, key: str, **seat: Any) -> Person:
        found = (Seat.objects.on(self.today).filter(body=self.body[key], person__isnull=False,
                                                    **seat)
                 .select_related("person__organisation").order_by("pk").first())
        assert found is not None and found.person is not None
        return found.person

    def build(self) -> None:
        self.seed()
        sec, body = self.sec, self.body
        elderly_chair = self.account(self.holder("elderly", role=Seat.Role.CHAIR))
        panel_chair = self.account(self.holder("panel", role=Seat.Role.CHAIR))
        askoy = self.holder("strategic", role=Seat.Role.MEMBER, capacity=Seat.Capacity.DIRECTOR)
        discharge = self.submit("discharge", elderly_chair, DISCHARGE, -40,
                                groups=("frail-elderly",), themes=("transitions",))
        self.at(-38, 9, cases.do_route_case, sec, discharge, body["strategic"])
        waiting = self.submit("waiting", panel_chair, WAITING, -30,
                              groups=("children-young-people", "mental-illness-addiction"),
                              themes=("user-involvement",), body=body["panel"])
        self.at(-27, 9, cases.do_route_case, sec, waiting, body["children"])
        follow_up = self.submit("follow-up", self.account(askoy), FOLLOW_UP, -12,
                                groups=("multiple-chronic",), themes=("digital", "transitions"))
        self.at(-10, 9, cases.do_route_case, sec, follow_up, body["strategic"])
        self.past_meeting()
        self.coming_meeting()
        self.hearing(-5, "Høyring om utkast til handlingsplan for skrøpelege eldre 2027–2028",
                     "Det faglege samarbeidsutvalet for skrøpelege eldre har laga eit utkast til "
                     "handlingsplan. Helsefellesskapet ønskjer innspel frå brukarar og "
                     "kommunar.", self.when(25, 12), ("transitions", "user-involvement"),
                     [body["panel"], askoy])
        self.counts["cases"] += len(self.cases)

    def past_meeting(self) -> None:
        day, sec, add = -21, self.sec, meetings.do_add_item
        meeting = self.schedule(self.body["strategic"], day, "Møte i Strategisk samarbeidsutval",
                                "Haukeland universitetssjukehus, Sentralblokka, møterom 1")
        discharge = self.at(-30, 10, add, sec, meeting, case=self.cases["discharge"],
                            proposal="Strategisk samarbeidsutval vedtek den felles rutinen "
                                     "for utskriving.")
        status = self.at(-30, 11, add, sec, meeting, title="Orientering om arbeidet i dei "
                         "faglege samarbeidsutvala",
                         description="Leiarane av utvala orienterer kort.")
        self.release(meeting, -26)
        self.attend(meeting, [discharge, status], set(), day)
        self.outcome(meeting, discharge, day, Outcome.APPROVED,
                     "Strategisk samarbeidsutval vedtok den felles rutinen for utskriving av "
                     "skrøpelege eldre, med verknad frå neste månad.")
        self.outcome(meeting, status, day, Outcome.NOTED, "Orienteringa vart teken til "
                     "vitande.")
        self.at(day, 15, meetings.do_add_action_item, sec, discharge,
                owner=rules.chairs(meeting.body, meeting.day)[0],
                title="Gjere rutinen kjend for alle kommunane", due_on=self.day(10))
        self.approve(meeting, day + 5, "Alle medlemmene møtte.")

    def coming_meeting(self) -> None:
        day, sec, add = 14, self.sec, meetings.do_add_item
        meeting = self.schedule(self.body["strategic"], day, "Møte i Strategisk samarbeidsutval",
                                "Bergen rådhus, møterom 3")
        self.at(-4, 10, add, sec, meeting, case=self.cases["follow-up"],
                proposal="Strategisk samarbeidsutval tilrår digital heimeoppfølging og ber "
                         "kommunane melde inn behov.")
        self.at(-4, 11, add, sec, meeting, title="Budsjett for helsefellesskapet 2027",
                description="Sekretariatet legg fram framlegg til budsjett.", closed=True,
                closed_reason=AgendaItem.ClosedReason.BUSINESS)
        self.release(meeting, -1)
        for chair in rules.chairs(meeting.body, meeting.day):
            self.at(-1, 12, meetings.do_answer_invitation, self.account(chair), meeting, chair,
                    Response.Answer.ATTENDING)


def bergen_bodies(collaboration: Collaboration) -> dict[str, Body] | None:
    """The bodies the Bergen story uses, if they all exist today."""
    today = timezone.localdate()
    names = {spec.key: spec.name for spec in BODY_SPECS[BERGEN_CODE]}
    found = {body.name: body for body in collaboration.bodies.filter(name__in=names.values())}
    bodies = {key: found[name] for key, name in names.items() if name in found}
    keys = ("strategic", "children", "elderly", "panel")
    if any(key not in bodies or not bodies[key].is_valid_on(today) for key in keys):
        return None
    return bodies
