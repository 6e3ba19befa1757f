"""Horsensklyngen's working cycle, step by step through the apps' actions (see
``klynge.meetings.demo``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases import actions as cases
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.demo_data import (
    BODY_SPECS,
    HORSENS_CODE,
    ORGANISATION_BODIES,
)
from klynge.governance.models import Body, Person, Seat
from klynge.hearings import actions as hearings
from klynge.hearings.models import Answer, Hearing, Party
from klynge.meetings import actions as meetings
from klynge.meetings import rules
from klynge.meetings.demo.common import (
    CASES,
    Outcome,
    account,
    dated,
    text_file,
)
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaReview,
    Conflict,
    Meeting,
    MinutesApproval,
    Response,
)
from klynge.notifications.actions import do_follow
from klynge.notifications.models import Topic
from klynge.vocabulary.actions import do_seed_vocabulary
from klynge.vocabulary.models import Term


class WorkingCycle:
    """Builds Horsensklyngen's working cycle; each step through an action, dated."""

    def __init__(self, collaboration: Collaboration, counts: Any) -> None:
        self.collaboration = collaboration
        self.today = timezone.localdate()
        self.counts = counts
        self.bodies = {body.name: body for body in collaboration.bodies.all()}
        by_key = {spec.key: spec.name for spec in BODY_SPECS[HORSENS_CODE]}
        self.body = {key: self.bodies[name] for key, name in by_key.items()}
        self.users = {name: User.objects.get(username=name)
                      for name in ("sekretariat", "medlem", "panel")}
        self.sec = self.users["sekretariat"]
        self.terms = {(t.kind, t.code): t for t in collaboration.terms.all()}
        self.cases: dict[str, Case] = {}

    # Time --------------------------------------------------------------------------------

    def when(self, days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        day = self.today + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def at(self, days: int, hour: int, action: Callable[..., Any], *args: Any,
           **kwargs: Any) -> Any:
        with dated(self.when(days, hour)):
            return action(*args, **kwargs)

    # People --------------------------------------------------------------------------------

    def person(self, username: str) -> Person:
        return Person.objects.get(user__username=username)

    def members(self, key: str, day: int) -> list[Person]:
        return rules.members(self.body[key], self.today + dt.timedelta(days=day))

    def chairs(self, key: str, day: int) -> list[User]:
        chairs = rules.chairs(self.body[key], self.today + dt.timedelta(days=day))
        return [account(person) for person in chairs]

    def gp(self, key: str) -> Person:
        seat = Seat.objects.on(self.today).filter(
            body=self.body[key], capacity=Seat.Capacity.GP).select_related("person").first()
        assert seat is not None and seat.person is not None
        return seat.person

    # The story ----------------------------------------------------------------------------

    def build(self) -> None:
        self.counts["terms"] += do_seed_vocabulary(self.sec, self.collaboration)
        self.terms = {(t.kind, t.code): t for t in self.collaboration.terms.all()}
        self.follow_themes()
        self.cases_before_the_meetings()
        self.strategic_meeting()
        self.political_meeting()
        self.cases_since()
        hearing = self.closed_hearing()
        self.open_hearing()
        self.coming_meeting(hearing)
        self.counts["cases"] += len(self.cases)

    def follow_themes(self) -> None:
        theme = Term.Kind.THEME
        self.at(-75, 9, do_follow, self.users["medlem"], self.users["medlem"], Topic.THEME,
                self.terms[(theme, "transitions")].pk)
        self.at(-75, 9, do_follow, self.users["panel"], self.users["panel"], Topic.THEME,
                self.terms[(theme, "user-involvement")].pk)

    def submit(self, key: str, **extra: Any) -> Case:
        by, title, description, request, groups, themes, day = CASES[key]
        user = self.users["panel" if by == "panel-body" else by]
        case: Case = self.at(
            day, 11, cases.do_submit_case, user, self.collaboration, title=title,
            description=description, request=request,
            target_groups=[self.terms[(Term.Kind.TARGET_GROUP, c)] for c in groups],
            themes=[self.terms[(Term.Kind.THEME, c)] for c in themes],
            submitting_body=self.body["panel"] if by == "panel-body" else None, **extra)
        self.cases[key] = case
        return case

    def cases_before_the_meetings(self) -> None:
        sec, body = self.sec, self.body
        note = ("Notat: opfølgende hjemmebesøg i Skanderborg Kommune\n\n"
                "Afprøvning 2025-2026: 212 borgere over 75 år fik besøg inden for 48 timer "
                "efter udskrivelsen. Genindlæggelser inden for 30 dage: 11 % mod 22 % før.\n")
        visits = self.submit("visits", files=[text_file("notat-hjemmebesoeg.txt", note)])
        self.at(-68, 9, cases.do_route_case, sec, visits, body["elderly"])
        self.at(-56, 14, cases.do_recommend, sec, visits,
                "Faggruppen anbefaler, at alle fire kommuner tilbyder opfølgende hjemmebesøg "
                "inden for 48 timer til ældre medicinske patienter, der udskrives.")
        self.at(-54, 9, cases.do_route_case, sec, visits, body["strategic"],
                "Faggruppen har givet sin anbefaling; til beslutning i styregruppen.")
        acute = self.submit("acute")
        self.at(-60, 9, cases.do_route_case, sec, acute, body["strategic"])
        budget = self.submit("budget")
        self.at(-62, 9, cases.do_set_case_confidential, sec, budget, True,
                "Fortrolig, indtil den politiske styregruppe har besluttet.")
        self.at(-62, 10, cases.do_route_case, sec, budget, body["budget"])
        self.at(-40, 15, cases.do_recommend, sec, budget,
                "Budgetgruppen anbefaler, at 60 % går til indsatsen for ældre medicinske "
                "patienter og 40 % til mental sundhed.")
        self.at(-38, 9, cases.do_route_case, sec, budget, body["political"])
        users = self.submit("users")
        self.at(-40, 9, cases.do_route_case, sec, users, body["political"])
        self.at(-36, 9, do_follow, self.users["panel"], self.users["panel"], Topic.CASE,
                visits.pk)

    def schedule(self, key: str, day: int, title: str, place: str) -> Meeting:
        meeting: Meeting = self.at(day - 21, 9, meetings.do_schedule_meeting, self.sec,
                                   self.body[key], starts_at=self.when(day, 13),
                                   ends_at=self.when(day, 15, 30), title=title, place=place)
        self.counts["meetings"] += 1
        return meeting

    def release(self, meeting: Meeting, day: int) -> None:
        """The chairs review the agenda two days before it is released (``day``)."""
        reviews = self.at(day - 2, 9, meetings.do_send_agenda_for_review, self.sec, meeting)
        for review in reviews:
            self.at(day - 1, 16, meetings.do_answer_review, account(review.person), meeting,
                    approved=True)
        AgendaReview.objects.filter(meeting=meeting).update(answered_at=self.when(day - 1, 16))
        self.at(day, 9, meetings.do_release_agenda, self.sec, meeting)
        Meeting.objects.filter(pk=meeting.pk).update(agenda_released_at=self.when(day, 9))

    def attend(self, meeting: Meeting, items: list[AgendaItem], absent: set[int],
               day: int) -> None:
        present = [p for p in rules.members(meeting.body, meeting.day) if p.pk not in absent]
        for item in items:
            gone = set(Conflict.objects.filter(item=item).values_list("person_id", flat=True))
            self.at(day, 15, meetings.do_record_attendance, self.sec, item,
                    [p for p in present if p.pk not in gone])

    def outcome(self, meeting: Meeting, item: AgendaItem, day: int, outcome: str,
                wording: str, debate: str = "") -> None:
        self.at(day, 14, meetings.do_record_outcome, self.sec, meeting, item,
                outcome=outcome, wording=wording, debate=debate)
        AgendaItem.objects.filter(pk=item.pk).update(outcome_recorded_at=self.when(day, 14))

    def approve(self, meeting: Meeting, day: int, note: str) -> None:
        self.at(day - 1, 10, meetings.do_write_minutes_note, self.sec, meeting, note)
        self.at(day - 1, 11, meetings.do_send_minutes_for_approval, self.sec, meeting)
        approvals = meeting.approvals.filter(approver=True).select_related("person")
        for n, approval in enumerate(list(approvals)):
            self.at(day, 9 + n, meetings.do_approve_minutes, account(approval.person), meeting)
            MinutesApproval.objects.filter(pk=approval.pk).update(
                approved_at=self.when(day, 9 + n))
            Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=self.when(day, 9 + n))

    def strategic_meeting(self) -> None:
        day, sec, add = -42, self.sec, meetings.do_add_item
        meeting = self.schedule("strategic", day, "Møde i Faglig strategisk styregruppe",
                                "Regionshospitalet Horsens, mødelokale 1")
        visits = self.at(-52, 10, add, sec, meeting, case=self.cases["visits"],
                         description="Faggruppen for ældre medicinske patienter har givet sin "
                                     "anbefaling; se sagens notat.",
                         proposal="Styregruppen godkender, at de opfølgende hjemmebesøg "
                                  "udbredes til alle fire kommuner fra 1. marts.")
        acute = self.at(-52, 10, add, sec, meeting, case=self.cases["acute"],
                        proposal="Styregruppen godkender et toårigt forsøg.")
        reform = self.at(-52, 11, add, sec, meeting,
                         title="Orientering om sundhedsreformen og overgangen til Sundhedsråd "
                               "Horsens",
                         description="Klyngesekretariatet orienterer om tidsplanen for "
                                     "overgangen 1. januar 2027.")
        personal = self.at(-52, 11, add, sec, meeting,
                           title="Forlængelse af klyngekoordinatorens sekondering",
                           description="Sekonderingen udløber 31. december.", closed=True,
                           closed_reason=AgendaItem.ClosedReason.PERSONAL)
        self.release(meeting, -47)
        chairs = rules.chairs(meeting.body, meeting.day)
        odder = (Seat.objects.on(meeting.day)
                 .filter(body=meeting.body, represents__municipality__name="Odder")
                 .values_list("person_id", flat=True).first())
        self.at(-45, 9, meetings.do_answer_invitation, self.users["medlem"], meeting,
                self.person("medlem"), Response.Answer.ATTENDING)
        for chair in chairs:
            self.at(-45, 12, meetings.do_answer_invitation, account(chair), meeting, chair,
                    Response.Answer.ATTENDING)
        if odder is not None:
            self.at(-44, 9, meetings.do_answer_invitation, sec, meeting,
                    Person.objects.get(pk=odder), Response.Answer.ABSENT)
        self.at(day, 13, meetings.do_declare_conflict, sec, acute, self.gp("strategic"),
                "Medejer af en lægepraksis, der indgår i akutteamets forsøg.")
        self.attend(meeting, [visits, acute, reform, personal], {odder or 0}, day)
        self.outcome(meeting, visits, day, Outcome.APPROVED,
                     "Styregruppen godkendte, at de opfølgende hjemmebesøg udbredes til alle "
                     "fire kommuner fra 1. marts, og at effekten måles efter et år.",
                     "Styregruppen drøftede finansieringen i opstartsåret.")
        self.outcome(meeting, acute, day, Outcome.APPROVED,
                     "Styregruppen godkendte et toårigt forsøg med et fælles akutteam om natten.")
        self.outcome(meeting, reform, day, Outcome.NOTED, "Orienteringen blev taget til "
                     "efterretning.")
        self.outcome(meeting, personal, day, Outcome.NOTED,
                     "Sekonderingen forlænges til 31. december 2026.")
        add_action = meetings.do_add_action_item
        self.at(day, 15, add_action, sec, visits, owner=self.person("medlem"),
                title="Udarbejde implementeringsplan for de opfølgende hjemmebesøg",
                due_on=self.today + dt.timedelta(days=21))
        self.at(day, 15, add_action, sec, visits, owner=chairs[0],
                title="Indsamle tal for genindlæggelser i de fire kommuner",
                due_on=self.today - dt.timedelta(days=7))
        done = self.at(day, 15, add_action, sec, acute, owner=chairs[-1],
                       title="Udarbejde samarbejdsaftale for det fælles akutteam",
                       due_on=self.today - dt.timedelta(days=21))
        self.approve(meeting, day + 4, "Mødet blev holdt som planlagt. Odder Kommune havde "
                                       "meldt afbud.")
        self.at(-22, 10, meetings.do_mark_action_item_done, sec, done)
        ActionItem.objects.filter(pk=done.pk).update(done_at=self.when(-22, 10))
        self.at(-14, 10, cases.do_close_case, sec, self.cases["acute"],
                "Forsøget er godkendt og i gang; opfølgningen sker i handlingspunktet.")

    def political_meeting(self) -> None:
        day, sec, add = -28, self.sec, meetings.do_add_item
        meeting = self.schedule("political", day, "Møde i Politisk styregruppe",
                                "Horsens Rådhus, byrådssalen")
        users = self.at(-36, 14, add, sec, meeting, case=self.cases["users"],
                        proposal="Den politiske styregruppe godkender, at brugerpanelet høres, "
                                 "før indsatser i handleplanen besluttes.")
        budget = self.at(-36, 14, add, sec, meeting, case=self.cases["budget"], closed=True,
                         closed_reason=AgendaItem.ClosedReason.BUSINESS,
                         proposal="Fordelingen godkendes som anbefalet af budgetgruppen.")
        status = self.at(-36, 15, add, sec, meeting, title="Status på klyngens handleplan 2026",
                         description="Sekretariatet gør status over handleplanens indsatser.")
        self.release(meeting, -33)
        self.attend(meeting, [users, budget, status], set(), day)
        self.outcome(meeting, users, day, Outcome.APPROVED,
                     "Brugerpanelet høres, før indsatser i handleplanen besluttes.")
        self.outcome(meeting, budget, day, Outcome.APPROVED,
                     "Fordelingen blev godkendt som anbefalet af budgetgruppen.")
        self.outcome(meeting, status, day, Outcome.NOTED, "Status blev taget til efterretning.")
        self.at(day, 15, meetings.do_add_action_item, sec, users,
                owner=self.person("sekretariat"),
                title="Sende den godkendte handleplan til byrådene og regionsrådet",
                due_on=self.today + dt.timedelta(days=7))
        self.approve(meeting, day + 4, "")

    def cases_since(self) -> None:
        sec, medlem = self.sec, self.users["medlem"]
        self.at(-31, 10, cases.do_withdraw_case, medlem, self.submit("leaflet"),
                "Indgår i regionens projekt om en fælles indgang til sundhedstilbud.")
        self.at(-30, 10, cases.do_reject_case, sec, self.submit("parking"),
                "Parkeringen ved hospitalet er Region Midtjyllands, ikke klyngens; sekretariatet "
                "har sendt forslaget videre til hospitalsledelsen.")
        relatives = self.submit("relatives")
        self.at(-25, 9, cases.do_route_case, sec, relatives, self.body["strategic"])
        self.at(-25, 12, do_follow, medlem, medlem, Topic.CASE, relatives.pk)
        self.at(-21, 10, cases.do_return_case, sec, self.submit("booking"),
                "Beskriv hvilke borgere der har problemet, og hvad klyngen kan gøre; "
                "tidsbestillingen er den enkelte læges.")
        self.at(-15, 9, cases.do_route_case, sec, self.submit("psychiatry"),
                self.body["mental"])
        self.submit("rehab")

    def hearing(self, day: int, title: str, description: str, deadline: dt.datetime,
                themes: tuple[str, ...], parties: list[Body | Person]) -> tuple[Hearing,
                                                                             list[Party]]:
        """A hearing the secretariat drafts on ``day`` and opens three days later; a party
        is a body, or a person who answers for their organisation."""
        sec = self.sec
        hearing: Hearing = self.at(
            day, 10, hearings.do_create_hearing, sec, self.collaboration, title=title,
            description=description, deadline=deadline,
            themes=[self.terms[(Term.Kind.THEME, code)] for code in themes])
        invited = []
        for who in parties:
            if isinstance(who, Body):
                invited.append(self.at(day, 11, hearings.do_invite_party, sec, hearing,
                                       body=who))
            else:
                party = self.at(day, 11, hearings.do_invite_party, sec, hearing,
                                organisation=who.organisation)
                self.at(day, 11, hearings.do_add_respondent, sec, party, who)
                invited.append(party)
        self.at(day + 3, 9, hearings.do_open_hearing, sec, hearing)
        Hearing.objects.filter(pk=hearing.pk).update(created_at=self.when(day, 10),
                                                     opened_at=self.when(day + 3, 9))
        self.counts["hearings"] += 1
        return hearing, invited

    def closed_hearing(self) -> Hearing:
        elders_chair = rules.chairs(self.body["elders"], self.today)[0]
        hearing, (panel, elders, skanderborg) = self.hearing(
            -66, "Høring over udkast til handleplan for sammenhængende forløb 2027",
            "Klyngen hører brugerpanelet, ældrerådene og kommunerne om udkastet til "
            "handleplanen, før den politiske styregruppe behandler den.",
            self.when(1, 12), ("transitions", "user-involvement"),
            [self.body["panel"], self.body["elders"], self.person("medlem")])
        answers = (
            (panel, self.users["panel"], -45, "Brugerpanelet støtter udkastet, men savner, at "
             "pårørende nævnes i afsnittet om udskrivelse.",
             "Afsnittet om udskrivelse nævner nu pårørende; se sagen om pårørende ved "
             "udskrivelsessamtalen."),
            (skanderborg, self.users["medlem"], -40, "Skanderborg Kommune kan tilslutte sig "
             "udkastet og foreslår, at genoptræning bliver en indsats i 2027.",
             "Genoptræning tages op i arbejdet med handleplanen for 2028."),
            (elders, account(elders_chair), -37, "Ældrerådene ønsker, at de opfølgende "
             "hjemmebesøg også omfatter borgere over 65 år med flere kroniske sygdomme.",
             "Faggruppen for ældre medicinske patienter vurderer målgruppen i foråret."),
        )
        for party, user, day, text, _response in answers:
            self.at(day, 14, hearings.do_answer_hearing, user, party, text=text)
        # The deadline passes (see the docstring): only then are responses written.
        Hearing.objects.filter(pk=hearing.pk).update(deadline=self.when(-35, 12))
        for party, _user, _day, _text, response in answers:
            answer = Answer.objects.get(party=party)
            hearings.do_respond_to_answer(self.sec, answer, response)
            Answer.objects.filter(pk=answer.pk).update(responded_at=self.when(-30, 10))
        self.at(-26, 10, hearings.do_summarise_hearing, self.sec, hearing, final=True,
                summary="Tre høringssvar. Udkastet er tilrettet om pårørende; forslagene om "
                        "genoptræning og målgruppen for hjemmebesøg tages op i 2027.")
        Hearing.objects.filter(pk=hearing.pk).update(summarised_at=self.when(-26, 10))
        return hearing

    def open_hearing(self) -> None:
        odder_elders = Body.objects.get(name=ORGANISATION_BODIES[0].body.name,
                                        organisation__isnull=False)
        redcross = (Person.objects.filter(organisation__name="Røde Kors Horsens",
                                          seats__body__collaboration=self.collaboration)
                    .order_by("pk").first())
        assert redcross is not None
        _hearing, (panel, *_rest) = self.hearing(
            -10, "Høring over forslag til fælles forløbsbeskrivelse for borgere med demens",
            "Forløbsbeskrivelsen fastlægger, hvem der gør hvad, fra demens mistænkes, til "
            "borgeren er udredt og har fået en kontaktperson i kommunen.",
            self.when(21, 12), ("transitions", "prevention"),
            [self.body["panel"], odder_elders, redcross])
        self.at(-2, 19, hearings.do_answer_hearing, self.users["panel"], panel,
                text="Brugerpanelet foreslår, at de pårørende får samme kontaktperson som "
                     "borgeren.")

    def coming_meeting(self, hearing: Hearing) -> None:
        end = self.body["strategic"].valid_to
        day = min(14, (end - self.today).days) if end is not None else 14
        if day < 1:
            return
        sec, add = self.sec, meetings.do_add_item
        meeting = self.schedule("strategic", day, "Møde i Faglig strategisk styregruppe",
                                "Horsens Rådhus, mødelokale 3")
        self.at(-6, 10, add, sec, meeting, case=self.cases["relatives"],
                proposal="Styregruppen beder hospitalet og kommunerne om at aftale, at "
                         "pårørende inviteres til udskrivelsessamtalen.")
        self.at(-6, 11, add, sec, meeting, title=f"Høringsnotat: {hearing.title}",
                description=f"Høringsnotatet ligger på {hearing.get_summary_url()}.",
                proposal="Styregruppen tager høringsnotatet til efterretning og sender "
                         "handleplanen til den politiske styregruppe.")
        handover = self.at(-6, 11, add, sec, meeting,
                           title="Overdragelse af klyngens sager og handlingspunkter til "
                                 "Sundhedsråd Horsens",
                           description="Sekretariatet fremlægger listen over åbne sager.")
        self.at(-6, 12, meetings.do_attach_papers, sec, handover, [text_file(
            "aabne-sager.txt", "Åbne sager og handlingspunkter pr. " + self.today.isoformat()
            + "\n\nSe listen over sager i Klynge.\n")])
        self.release(meeting, -2)
        self.at(-1, 9, meetings.do_answer_invitation, self.users["medlem"], meeting,
                self.person("medlem"), Response.Answer.ATTENDING)
        for n, chair in enumerate(rules.chairs(meeting.body, meeting.day)):
            answer = Response.Answer.ATTENDING if n == 0 else Response.Answer.ABSENT
            self.at(-1, 12, meetings.do_answer_invitation, account(chair), meeting, chair,
                    answer)
