"""The involvement ledger's pages: thin views over ``access``, ``actions`` and ``pages``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.involvement import access, actions, pages
from klynge.involvement.forms import InvolvementForm


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
