"""What the meetings pages show, loaded in a bounded number of queries (no N+1).

Each ``*_context`` function takes an object the view already got through ``access``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from klynge.attachments.models import Attachment
from klynge.cases.models import OPEN_STATES, Case
from klynge.governance.models import Body, Person, Seat
from klynge.governance.roles import roles_of
from klynge.hearings.models import Hearing
from klynge.meetings import access, forms, rules
from klynge.meetings.actions import expected_people
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaReview,
    Conflict,
    ItemAttendance,
    Meeting,
    MinutesApproval,
    Response,
)
from klynge.meetings.notes import notes_for

State = Meeting.State
EDITABLE = (State.PLANNED, State.AGENDA_IN_REVIEW, State.AGENDA_RELEASED, State.HELD,
            State.MINUTES_IN_APPROVAL)
RECORDING = (State.AGENDA_RELEASED, State.HELD, State.MINUTES_IN_APPROVAL)


@dataclass
class ItemRow:
    item: AgendaItem
    full: bool  # the user sees the item itself, not only its number and general title
    papers: list[Attachment] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)  # from the apps above (``notes.py``)


def papers_of(items: list[AgendaItem]) -> dict[int, list[Attachment]]:
    """The papers of ``items``, by item id, in one query."""
    if not items:
        return {}
    kind = ContentType.objects.get_for_model(AgendaItem)
    found: dict[int, list[Attachment]] = {}
    for paper in Attachment.objects.filter(content_type=kind,
                                           object_id__in=[i.pk for i in items]):
        found.setdefault(paper.object_id, []).append(paper)
    return found


def item_rows(roles: Any, meeting: Meeting) -> list[ItemRow]:
    """The agenda as the user sees it: closed items they may not see by number and general
    title only."""
    items = list(meeting.items.select_related("case", "forwarded_to")
                 .prefetch_related(Prefetch("conflicts",
                                            queryset=Conflict.objects.select_related("person")))
                 .order_by("number"))
    for item in items:
        item.meeting = meeting
    full = [item for item in items if not item.closed or access.may_see_closed(roles, item)]
    papers = papers_of(full)
    shown = {item.pk for item in full}
    # The notes (a case without user involvement) are for those who keep the meeting.
    notes = notes_for(full) if access.keeps_meeting(roles, meeting) else {}
    return [ItemRow(item, item.pk in shown, papers.get(item.pk, []), notes.get(item.pk, []))
            for item in items]


def meeting_flags(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    roles = roles_of(request.user)
    keeps = access.keeps_meeting(roles, meeting)
    return {
        "can_edit": keeps and meeting.state in EDITABLE,
        "keeps": keeps,
        "recording": keeps and meeting.state in RECORDING,
        "is_member": meeting.body_id in roles.member_of,
        "may_answer": (access.may_answer_invitation(roles, meeting)
                       and meeting.state in (State.PLANNED, State.AGENDA_IN_REVIEW,
                                             State.AGENDA_RELEASED)),
        "may_review": access.may_review_agenda(roles, meeting),
        "may_approve": access.may_approve_minutes(roles, meeting),
        "may_dissent": access.may_record_dissent(roles, meeting),
        "sees_agenda": access.may_see_agenda(roles, meeting),
    }


def own_person(request: HttpRequest) -> Person | None:
    """The signed-in user's person, if their account has one."""
    return Person.objects.filter(user_id=request.user.pk or 0).first()


def cases_for(meeting: Meeting) -> QuerySet[Case]:
    return (Case.objects.filter(collaboration_id=meeting.body.collaboration_id or 0,
                                state__in=OPEN_STATES)
            .exclude(agenda_items__meeting=meeting).order_by("-year", "-serial"))


def hearings_for(meeting: Meeting) -> QuerySet[Hearing] | None:
    """The summarised hearings of the meeting's collaboration not yet on its agenda."""
    if meeting.body.collaboration_id is None:
        return None
    return (Hearing.objects.filter(collaboration_id=meeting.body.collaboration_id,
                                   state=Hearing.State.SUMMARISED)
            .exclude(agenda_items__meeting=meeting).order_by("-summarised_at", "-pk"))


def substitutes_for(meeting: Meeting) -> QuerySet[Person]:
    """Whom a member may send in their place: people of the collaboration's bodies."""
    body = meeting.body
    seats = (Seat.objects.filter(body__collaboration_id=body.collaboration_id)
             if body.collaboration_id is not None
             else Seat.objects.filter(body__organisation_id=body.organisation_id or 0))
    return (Person.objects.filter(pk__in=seats.values("person_id"), erased=False)
            .select_related("organisation").order_by("name"))


def meeting_context(request: HttpRequest, meeting: Meeting, **given: Any) -> dict[str, Any]:
    roles = roles_of(request.user)
    flags = meeting_flags(request, meeting)
    person = own_person(request)
    rows = item_rows(roles, meeting) if flags["sees_agenda"] else []
    sees_people = flags["keeps"] or flags["is_member"]
    meeting_rules = rules.rules_for(meeting.body)
    responses = (list(meeting.responses.select_related("person", "substitute")
                      .order_by("person__name", "pk")) if sees_people else [])
    context: dict[str, Any] = {
        "meeting": meeting, "body": meeting.body, "rows": rows, **flags,
        "rules": meeting_rules,
        "responses": responses,
        "reviews": list(AgendaReview.objects.filter(meeting=meeting)
                        .select_related("person").order_by("person__name"))
        if flags["keeps"] or flags["may_review"] else [],
        "approvals": list(MinutesApproval.objects.filter(meeting=meeting)
                          .select_related("person").order_by("-approver", "person__name"))
        if sees_people else [],
        "action_items": list(ActionItem.objects.filter(item__in=[r.item for r in rows if r.full])
                             .select_related("owner", "item").order_by("due_on", "pk")),
        "my_response": _my_response(meeting, person, responses, sees_people),
    }
    context.update(_meeting_forms(meeting, flags, meeting_rules, given))
    context["documents"] = _documents(roles, meeting)
    if flags["may_approve"] and person is not None:  # "you approved", not the button again
        context["my_approval"] = MinutesApproval.objects.filter(
            meeting=meeting, person=person, approver=True).first()
    return context | given


def _my_response(meeting: Meeting, person: Person | None, responses: list[Response],
                 loaded: bool) -> Response | None:
    """The user's own answer: from the answers loaded for the page when there are."""
    if person is None:
        return None
    if loaded:
        return next((response for response in responses if response.person_id == person.pk),
                    None)
    return Response.objects.filter(meeting=meeting, person=person).first()


def _documents(roles: Any, meeting: Meeting) -> dict[str, bool]:
    """Which of the meeting's documents the reader may download (no query)."""
    from klynge.meetings.documents import access as documents_access

    return {
        "agenda": documents_access.may_read_agenda(roles, meeting),
        "minutes": documents_access.may_read_minutes(roles, meeting),
        "public": (meeting.state == Meeting.State.MINUTES_APPROVED
                   and not meeting.body.confidential),
    }


def _meeting_forms(meeting: Meeting, flags: dict[str, Any], meeting_rules: rules.Rules,
                   given: dict[str, Any]) -> dict[str, Any]:
    forms_: dict[str, Any] = {}
    if flags["can_edit"]:
        cases = cases_for(meeting) if meeting.body.collaboration_id else None
        forms_["item_form"] = given.get("item_form") or forms.ItemForm(
            cases=cases, hearings=hearings_for(meeting))
    if flags["recording"]:
        forms_["note_form"] = given.get("note_form") or forms.MinutesNoteForm(
            initial={"note": meeting.minutes_note})
    if flags["may_answer"]:
        people = substitutes_for(meeting) if meeting_rules.substitutes_allowed else None
        forms_["response_form"] = given.get("response_form") or forms.ResponseForm(
            people=people)
    if flags["may_review"]:
        forms_["review_form"] = given.get("review_form") or forms.ReviewForm()
    if flags["may_dissent"]:
        forms_["dissent_form"] = given.get("dissent_form") or forms.DissentForm()
    return forms_


# The item page ------------------------------------------------------------------------------

def _choices(people: list[tuple[Person, Person | None]]) -> list[tuple[int, str]]:
    return [(person.pk, person.name if stands_in is None
             else f"{person.name} ({stands_in.name})") for person, stands_in in people]


def action_item_people(meeting: Meeting) -> QuerySet[Person]:
    """Who may own an action item: people with a seat in the collaboration."""
    seats = Seat.objects.filter(body__collaboration_id=meeting.body.collaboration_id or 0)
    return (Person.objects.filter(pk__in=seats.values("person_id"), erased=False)
            .select_related("organisation").order_by("name"))


def outcome_form(meeting: Meeting, user: Any, item: AgendaItem, data: Any = None
                 ) -> forms.OutcomeForm:
    bodies = Body.objects.filter(collaboration_id=meeting.body.collaboration_id or 0
                                 ).exclude(pk=meeting.body_id).order_by("name")
    return forms.OutcomeForm(data, items=access.visible_items(user), bodies=bodies,
                             initial={"item": item.pk, "outcome": item.outcome,
                                      "wording": item.wording,
                                      "forwarded_to": item.forwarded_to_id})


def item_context(request: HttpRequest, item: AgendaItem, **given: Any) -> dict[str, Any]:
    meeting = item.meeting
    flags = meeting_flags(request, meeting)
    attendance = list(ItemAttendance.objects.filter(item=item)
                      .select_related("person", "substitute_for").order_by("person__name"))
    context: dict[str, Any] = {
        "item": item, "meeting": meeting, "body": meeting.body, **flags,
        "papers": list(Attachment.objects.of(item)),
        "attendance": attendance,
        "conflicts": list(Conflict.objects.filter(item=item).select_related("person")),
        "action_items": list(item.action_items.select_related("owner").order_by("due_on")),
    }
    if flags["can_edit"]:
        context["papers_form"] = given.get("papers_form") or forms.PapersForm()
    if flags["recording"]:
        expected = _choices(expected_people(meeting))
        present = [row.person_id for row in attendance if row.present]
        context["attendance_form"] = given.get("attendance_form") or forms.AttendanceForm(
            choices=expected, initial={"present": present})
        context["conflict_form"] = given.get("conflict_form") or forms.ConflictForm(
            choices=expected)
        context["outcome_form"] = given.get("outcome_form") or outcome_form(
            meeting, request.user, item)
        if meeting.body.collaboration_id:
            context["action_item_form"] = given.get("action_item_form") or \
                forms.ActionItemForm(people=action_item_people(meeting))
    return context | given


def body_meetings_context(request: HttpRequest, body: Body) -> dict[str, Any]:
    meetings = (access.visible_meetings(request.user).filter(body=body)
                .order_by("-starts_at"))
    return {"body": body, "meetings": list(meetings),
            "can_schedule": access.keeps_body_meetings(request.user, body),
            "rules": rules.rules_for(body)}


def public_context(meeting: Meeting) -> dict[str, Any]:
    """Approved minutes as published: open items in full, closed ones by number and general
    title, with no papers, debate or decision."""
    items = list(meeting.items.select_related("case", "forwarded_to").order_by("number"))
    open_items = [item for item in items if not item.closed]
    papers = papers_of(open_items)
    notes = notes_for(open_items)
    return {"meeting": meeting, "body": meeting.body,
            "rows": [ItemRow(item, not item.closed, papers.get(item.pk, []),
                             notes.get(item.pk, [])) for item in items]}
