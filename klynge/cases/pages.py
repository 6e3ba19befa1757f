"""What the case pages show, loaded in a fixed number of queries (no N+1).

A body's name is shown only to whom may see the body: a case that went through a
confidential body shows "a confidential body" to the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from klynge.attachments.models import Attachment
from klynge.cases import access, states
from klynge.cases.forms import CaseFilterForm, ConfidentialForm, FilesForm, StepForm
from klynge.cases.models import Case, CaseEvent, State
from klynge.collaborations.models import Collaboration
from klynge.governance.access import may_see_body, visible_bodies
from klynge.governance.models import Body
from klynge.notifications.models import Subscription, Topic
from klynge.vocabulary.models import Term

PER_PAGE = 25


@dataclass
class BodyLabel:
    """A body as a reader sees it; ``{{ label.html }}`` in a template is its link (or its
    name alone, for "a confidential body")."""

    name: str
    url: str = ""

    @property
    def html(self) -> SafeString:
        if self.url:
            return format_html('<a href="{}">{}</a>', self.url, self.name)
        return conditional_escape(self.name)


@dataclass
class CaseRow:
    """A row of a case table, worked out here rather than looked up by the template."""

    case: Case
    body: BodyLabel | None
    url: str = ""
    file_number: str = ""
    state: str = ""
    submitted_iso: str = ""
    submitted: str = ""


def body_label(user: Any, body: Body | None) -> BodyLabel | None:
    """How ``user`` sees ``body``: its name and link, or "a confidential body"."""
    if body is None:
        return None
    if may_see_body(user, body):
        return BodyLabel(body.name, body.get_absolute_url())
    return BodyLabel(_("a confidential body"))


def _rows(user: Any, cases: Any) -> list[CaseRow]:
    rows = []
    labels: dict[int | None, BodyLabel | None] = {}  # a page's cases are with a few bodies
    for case in cases:
        submitted = timezone.localtime(case.submitted_at)
        if case.current_body_id not in labels:
            labels[case.current_body_id] = body_label(user, case.current_body)
        rows.append(CaseRow(case, labels[case.current_body_id], case.get_absolute_url(),
                            case.file_number, str(case.get_state_display()),
                            submitted.isoformat(), date_format(submitted)))
    return rows


def _page(request: HttpRequest, cases: QuerySet[Case]) -> Any:
    return Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))


def case_list_context(request: HttpRequest, collaboration: Collaboration) -> dict[str, Any]:
    user = request.user
    bodies = list(visible_bodies(user).filter(collaboration=collaboration).order_by("name"))
    terms = list(Term.objects.filter(collaboration=collaboration))
    form = CaseFilterForm(request.GET or None, bodies=bodies, terms=terms)
    cases = (form.filter(access.visible_cases(user).filter(collaboration=collaboration))
             .select_related("current_body").order_by("-year", "-serial"))
    page = _page(request, cases)
    query = request.GET.copy()
    query.pop("page", None)
    return {"collaboration": collaboration, "form": form, "page": page,
            "rows": _rows(user, page.object_list), "query": query.urlencode(),
            "can_submit": access.can_submit_in(user, collaboration)}


def my_cases_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    cases = (access.submitted_cases(user)
             .select_related("collaboration", "current_body").order_by("-submitted_at", "-pk"))
    page = _page(request, cases)
    return {"page": page, "rows": _rows(user, page.object_list), "query": ""}


@dataclass
class TimelineEntry:
    event: CaseEvent
    who: str
    from_body: BodyLabel | None
    to_body: BodyLabel | None
    details: list[tuple[str, str]]


def actor_name(user: Any) -> str:
    if user is None:
        return _("the system")
    person = getattr(user, "person", None)
    if person is not None and not person.erased:
        return str(person.name)
    return str(user.get_full_name() or user.get_username())


def _detail_lines(details: dict[str, Any]) -> list[tuple[str, str]]:
    labels = {"fields": _("Changed"), "attached": _("Attached"), "removed": _("Removed"),
              "confidential": _("Confidential"), "former_file_number": _("Former file number"),
              "from_collaboration": _("From"), "to_collaboration": _("To"),
              "outcome": _("Outcome")}
    hidden = {"recommendation", "decision", "submitting_body"}
    lines = []
    for key, value in details.items():
        if key in hidden:
            continue
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        lines.append((str(labels.get(key, key.replace("_", " "))), str(value)))
    return lines


def timeline(user: Any, case: Case) -> list[TimelineEntry]:
    events = case.events.select_related("actor__person", "from_body", "to_body")
    return [TimelineEntry(e, actor_name(e.actor), body_label(user, e.from_body),
                          body_label(user, e.to_body), _detail_lines(e.details))
            for e in events]


def _route_bodies(case: Case) -> list[Body]:
    """The bodies a case may go to today: its collaboration's, except the secretariat."""
    return list(Body.objects.on(timezone.localdate())
                .filter(collaboration_id=case.collaboration_id)
                .exclude(kind=Body.Kind.SECRETARIAT)
                .select_related("collaboration__country").order_by("name"))


def _offered(step: states.Transition, case: Case, bodies: list[Body]) -> list[Body]:
    """The bodies ``step`` offers: not the one the case is with when it would stay there."""
    if step.name == "route" and case.state == State.AT_BODY:
        return [body for body in bodies if body.pk != case.current_body_id]
    return bodies


def step_forms(user: Any, case: Case, bound: StepForm | None = None) -> list[StepForm]:
    """A form for each step the user may take now (``bound``, with its errors, in its
    place)."""
    steps = states.allowed(user, case)
    bodies = _route_bodies(case) if any(step.needs_body for step in steps) else []
    by_pk = {body.pk: body for body in bodies}
    current = by_pk.get(case.current_body_id) if case.current_body_id else None
    parent = by_pk.get(current.parent_id) if current and current.parent_id else None
    forms = []
    for step in steps:
        if bound is not None and bound.step.name == step.name:
            forms.append(bound)
            continue
        first = current if step.name == "reopen" else parent
        initial = {"to_body": current.pk} if step.name == "reopen" and current else None
        forms.append(StepForm(step=step, bodies=_offered(step, case, bodies), first=first,
                              initial=initial))
    return forms


def step_form(user: Any, case: Case, step: states.Transition, data: Any) -> StepForm:
    bodies = _route_bodies(case) if step.needs_body else []
    return StepForm(data, step=step, bodies=_offered(step, case, bodies))


def is_following(user: Any, case: Case) -> bool:
    return Subscription.objects.filter(user_id=user.pk, topic=Topic.CASE,
                                       topic_id=case.pk).exists()


def _terms(case: Case) -> dict[str, list[Term]]:
    """The case's target groups and themes, in one query."""
    themes = Case.themes.through.objects.filter(case_id=case.pk).values("term_id")
    groups = Case.target_groups.through.objects.filter(case_id=case.pk).values("term_id")
    terms = sorted(Term.objects.filter(Q(pk__in=themes) | Q(pk__in=groups)),
                   key=lambda term: (str(term.label), term.pk))
    return {"target_groups": [t for t in terms if t.kind == Term.Kind.TARGET_GROUP],
            "themes": [t for t in terms if t.kind == Term.Kind.THEME]}


def case_context(request: HttpRequest, case: Case, *, bound: StepForm | None = None,
                 files_form: FilesForm | None = None,
                 confidential_form: ConfidentialForm | None = None) -> dict[str, Any]:
    user = request.user
    can_edit = access.may_edit_case(user, case)
    can_change = access.may_change_case(user, case)
    return {
        "case": case,
        "collaboration": case.collaboration,
        "submitting_body": body_label(user, case.submitting_body),
        "origin_body": body_label(user, case.origin_body),
        "current_body": body_label(user, case.current_body),
        **_terms(case),
        "attachments": list(Attachment.objects.of(case)),
        "timeline": timeline(user, case),
        "recommendations": [(r, body_label(user, r.body)) for r in
                            case.recommendations.select_related("body")],
        "decisions": [(d, body_label(user, d.body)) for d in
                      case.decisions.select_related("body")],
        "steps": step_forms(user, case, bound),
        "following": is_following(user, case),
        "can_edit": can_edit,
        "files_form": files_form or (FilesForm() if can_edit else None),
        "confidential_form": confidential_form or (
            ConfidentialForm(initial={"confidential": case.confidential})
            if can_change else None),
        "is_open": case.state not in (State.CLOSED, State.REJECTED, State.WITHDRAWN),
    }
