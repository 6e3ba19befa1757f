"""What the hearing pages show, in a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest

from klynge.attachments.models import Attachment
from klynge.collaborations.models import Collaboration
from klynge.governance.access import seatable_people
from klynge.governance.models import Person
from klynge.hearings import access
from klynge.hearings.actions import eligible_bodies, eligible_organisations
from klynge.hearings.forms import (
    AnswerForm,
    DeadlineForm,
    FilesForm,
    InviteForm,
    RespondentForm,
    ResponseForm,
    SummaryForm,
)
from klynge.hearings.models import Answer, Hearing, Party, Respondent
from klynge.vocabulary.models import Term


@dataclass
class PartyRow:
    party: Party
    respondents: list[Respondent]
    answer: Answer | None = None
    files: list[Attachment] = field(default_factory=list)
    answer_form: AnswerForm | None = None
    response_form: ResponseForm | None = None
    is_mine: bool = False


def themes_for(collaboration: Collaboration, hearing: Hearing | None = None) -> QuerySet[Term]:
    """The themes offered: the collaboration's active ones, and those the hearing has."""
    chosen = Q(pk__in=hearing.themes.values("pk")) if hearing is not None else Q(pk__in=[])
    return (Term.objects.themes().filter(collaboration=collaboration)
            .filter(Q(retired=False) | chosen))


def list_context(request: HttpRequest, collaboration: Collaboration) -> dict[str, Any]:
    can_change = access.may_change_hearings_of(request.user, collaboration.pk)
    hearings = (access.visible_hearings(request.user).filter(collaboration=collaboration)
                .annotate(party_count=Count("parties", distinct=True))
                .order_by("-deadline", "-pk"))
    if can_change:
        hearings = hearings.annotate(answer_count=Count("answers", distinct=True))
    return {"collaboration": collaboration, "hearings": list(hearings),
            "can_change": can_change}


def files_by_owner(model: type[Answer], ids: list[int]) -> dict[int, list[Attachment]]:
    content_type = ContentType.objects.get_for_model(model)
    grouped: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in Attachment.objects.filter(content_type=content_type, object_id__in=ids):
        grouped[attachment.object_id].append(attachment)
    return grouped


def _parties(hearing: Hearing) -> list[Party]:
    respondents = Respondent.objects.select_related("person").order_by("person__name", "pk")
    return list(hearing.parties.select_related("body", "organisation")
                .prefetch_related(Prefetch("respondents", queryset=respondents)))


def party_rows(request: HttpRequest, hearing: Hearing, forms: dict[str, Any]) -> list[PartyRow]:
    """Each party with its respondents, and its answer where the user may read it."""
    user = request.user
    answers = {a.party_id: a for a in access.visible_answers(user).filter(hearing=hearing)}
    files = files_by_owner(Answer, [a.pk for a in answers.values()])
    user_id = getattr(user, "pk", None)
    can_respond = (access.may_change_hearing(user, hearing) and hearing.is_past_deadline
                   and not hearing.is_summarised)
    rows = []
    for party in _parties(hearing):
        respondents = list(party.respondents.all())
        answer = answers.get(party.pk)
        row = PartyRow(party, respondents, answer, files.get(answer.pk, []) if answer else [],
                       is_mine=any(r.person.user_id == user_id for r in respondents))
        # A refused answer is shown again (with the reason) even once the deadline passed,
        # so its text is not lost.
        if row.is_mine and (hearing.accepts_answers or f"answer-{party.pk}" in forms):
            row.answer_form = _answer_form(forms, party, answer)
        if can_respond and answer is not None:
            row.response_form = forms.get(f"response-{answer.pk}") or ResponseForm(
                answer_pk=answer.pk, initial={"response": answer.response})
        rows.append(row)
    return rows


def _answer_form(forms: dict[str, Any], party: Party, answer: Answer | None) -> AnswerForm:
    form = forms.get(f"answer-{party.pk}")
    if form is not None:
        return form  # type: ignore[no-any-return]
    return AnswerForm(party=party, files=Attachment.objects.of(answer) if answer else None,
                      initial={"text": answer.text if answer else ""})


def respondent_candidates(user: Any, hearing: Hearing) -> QuerySet[Person]:
    """Whom the secretariat may name: people in the invited bodies, or who work at, represent
    or sit in a body of the invited organisations (and whom the user may see)."""
    parties = Party.objects.filter(hearing=hearing)
    bodies = parties.filter(body__isnull=False).values("body_id")
    organisations = list(parties.filter(organisation__isnull=False)
                         .values_list("organisation_id", flat=True))
    organisations += list(parties.filter(body__organisation__isnull=False)
                          .values_list("body__organisation_id", flat=True))
    linked = Person.objects.filter(
        Q(seats__body_id__in=bodies) | Q(organisation_id__in=organisations)
        | Q(seats__represents_id__in=organisations)
        | Q(seats__body__organisation_id__in=organisations)).values("pk")
    return seatable_people(user).filter(pk__in=linked).order_by("name", "pk")


def _secretariat_forms(request: HttpRequest, hearing: Hearing, forms: dict[str, Any]
                       ) -> dict[str, Any]:
    changeable = hearing.is_draft or hearing.accepts_answers
    if not changeable:
        return {}
    parties = Party.objects.filter(hearing=hearing).select_related("body", "organisation")
    return {
        "invite_form": forms.get("invite_form") or InviteForm(
            organisations=eligible_organisations(hearing).exclude(
                pk__in=parties.filter(organisation__isnull=False).values("organisation_id")),
            bodies=eligible_bodies(hearing).exclude(
                pk__in=parties.filter(body__isnull=False).values("body_id"))),
        "respondent_form": forms.get("respondent_form") or RespondentForm(
            parties=parties, people=respondent_candidates(request.user, hearing)),
        "files_form": forms.get("files_form") or FilesForm(),
        "deadline_form": (forms.get("deadline_form") or DeadlineForm(
            initial={"deadline": hearing.deadline})) if hearing.accepts_answers else None,
    }


def hearing_context(request: HttpRequest, hearing: Hearing, **forms: Any) -> dict[str, Any]:
    user = request.user
    can_change = access.may_change_hearing(user, hearing)
    rows = party_rows(request, hearing, forms)
    context: dict[str, Any] = {
        "hearing": hearing,
        "collaboration": hearing.collaboration,
        "themes": list(hearing.themes.all()),
        "documents": list(Attachment.objects.of(hearing)),
        "rows": rows,
        "can_change": can_change,
        "sees_all_answers": access.may_see_all_answers(user, hearing),
        "answered": sum(1 for row in rows if row.answer is not None),
    }
    if can_change:
        context |= _secretariat_forms(request, hearing, forms)
        if hearing.is_past_deadline and not hearing.is_summarised:
            context["summary_form"] = forms.get("summary_form") or SummaryForm(
                initial={"summary": hearing.summary})
    return context


def summary_context(request: HttpRequest, hearing: Hearing) -> dict[str, Any]:
    rows = party_rows(request, hearing, {})
    for row in rows:
        row.answer_form = row.response_form = None
    return {"hearing": hearing, "collaboration": hearing.collaboration, "rows": rows,
            "documents": list(Attachment.objects.of(hearing)),
            "unanswered": [row for row in rows if row.answer is None],
            "answered": [row for row in rows if row.answer is not None]}
