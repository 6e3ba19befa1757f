"""The involvement ledger's pages: thin views over ``access``, ``actions`` and ``pages``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.collaborations.models import Collaboration
from klynge.governance.access import get_collaboration_for_user
from klynge.governance.models import Body
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.involvement import access, actions, following, pages
from klynge.involvement.forms import FollowedForm, InvolvementForm
from klynge.involvement.models import FollowedTerm
from klynge.involvement.overview import decided_cases, summarise
from klynge.involvement.overview_page import export_columns, overview_context, owner_bodies
from klynge.meetings.documents.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    to_csv,
    to_xlsx,
)


@login_required
@require_http_methods(["GET", "POST"])
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's ledger; the secretariat records a new entry here."""
    write = request.method == "POST"
    case = access.get_case_for_ledger(request.user, pk, write=write)
    form = None
    if write:
        form = InvolvementForm(request.POST, bodies=access.involved_bodies(request.user, case))
        if submitted(request, form) and run(form, actions.do_record_involvement, request.user,
                                            case, **form.cleaned_data):
            messages.success(request, _("The involvement was recorded."))
            return redirect("involvement:ledger", pk=case.pk)
    status = UNPROCESSABLE if form is not None and form.errors else 200
    return render(request, "involvement/ledger.html",
                  pages.ledger_context(request, case, form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an entry, or record the feedback given."""
    involvement = access.get_involvement_for_user(request.user, pk, write=True)
    case = involvement.case
    initial = {name: getattr(involvement, name) for name in actions.FIELDS}
    form = InvolvementForm(request.POST or None, initial=initial,
                           bodies=access.involved_bodies(request.user, case))
    if submitted(request, form) and run(form, actions.do_update_involvement, request.user,
                                        involvement, **form.cleaned_data):
        messages.success(request, _("The involvement was saved."))
        return redirect("involvement:ledger", pk=case.pk)
    return render(request, "involvement/edit.html",
                  {"case": case, "involvement": involvement, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    involvement = access.get_involvement_for_user(request.user, pk, write=True)
    case_pk = involvement.case_id
    actions.do_remove_involvement(request.user, involvement)
    messages.success(request, _("The involvement was removed."))
    return redirect("involvement:ledger", pk=case_pk)


# The overview -----------------------------------------------------------------------------

@login_required
@require_GET
def overview(request: HttpRequest, code: str) -> HttpResponse:
    """The involvement overview of a collaboration's decided cases."""
    collaboration = get_collaboration_for_user(request.user, code)
    return _overview(request, collaboration, None)


@login_required
@require_GET
def body_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The involvement overview of the cases a body of a collaboration decided."""
    body, collaboration = access.get_collaboration_body_for_user(request.user, pk)
    return _overview(request, collaboration, body)


def _urls(collaboration: Collaboration, body: Body | None) -> tuple[str, str, str]:
    if body is None:
        return (reverse("involvement:overview", args=[collaboration.code]),
                reverse("involvement:overview_csv", args=[collaboration.code]),
                reverse("involvement:overview_xlsx", args=[collaboration.code]))
    return (reverse("involvement:body_overview", args=[body.pk]),
            reverse("involvement:body_overview_csv", args=[body.pk]),
            reverse("involvement:body_overview_xlsx", args=[body.pk]))


def _overview(request: HttpRequest, collaboration: Collaboration,
              body: Body | None) -> HttpResponse:
    decided = decided_cases(request.user, collaboration, body)
    bodies = owner_bodies(collaboration, decided)
    base, csv_url, xlsx_url = _urls(collaboration, body)
    context = overview_context(summarise(decided), decided, bodies, base, request.GET,
                               single_body=body is not None)
    context |= {"collaboration": collaboration, "body": body, "csv_url": csv_url,
                "xlsx_url": xlsx_url, "owner_name": (body or collaboration).name}
    status = UNPROCESSABLE if context["filter_form"].errors else 200
    return render(request, "involvement/overview.html", context, status=status)


@login_required
@require_GET
def overview_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code)
    return _export(request, collaboration, None, fmt, collaboration.code)


@login_required
@require_GET
def body_overview_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    body, collaboration = access.get_collaboration_body_for_user(request.user, pk)
    return _export(request, collaboration, body, fmt, f"{collaboration.code}-{pk}")


def _export(request: HttpRequest, collaboration: Collaboration, body: Body | None, fmt: str,
            name: str) -> HttpResponse:
    decided = decided_cases(request.user, collaboration, body)
    columns = export_columns(owner_bodies(collaboration, decided))
    rows = list(summarise(decided).by_body_and_quarter.items())
    if fmt == "xlsx":
        content, kind = to_xlsx(columns, rows, _("User involvement")), XLSX_CONTENT_TYPE
    else:
        content, kind = to_csv(columns, rows), CSV_CONTENT_TYPE
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="involvement-{name}.{fmt}"'
    return response


# Themes a panel or elder council follows ------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def followed(request: HttpRequest, pk: int) -> HttpResponse:
    """The themes and target groups a panel or elder council follows; its members and its
    keepers change them."""
    body = access.get_panel_for_user(request.user, pk, write=request.method == "POST")
    may_set = access.may_set_followed(request.user, body)
    offered = list(following.offered_terms(body))
    form = FollowedForm(request.POST or None, terms=offered) if may_set else None
    if form is not None and submitted(request, form) and run(
            form, actions.do_set_followed_terms, request.user, body,
            form.cleaned_data["terms"]):
        messages.success(request, _("The themes followed were saved."))
        return redirect("involvement:followed", pk=body.pk)
    now = set(FollowedTerm.objects.filter(body=body).values_list("term_id", flat=True))
    chosen = ({int(pk) for pk in form["terms"].value() or []}
              if form is not None and form.is_bound else now)
    return render(request, "involvement/followed.html", {
        "body": body, "form": form, "groups": following.grouped(offered, chosen),
        "followed": [term for term in offered if term.pk in now],
    }, status=UNPROCESSABLE if form is not None and form.errors else 200)
