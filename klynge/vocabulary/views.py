"""The vocabulary page: a collaboration's themes and target groups; the secretariat keeps
them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.collaborations.models import Collaboration
from klynge.governance.access import get_collaboration_for_user
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.vocabulary import access, actions
from klynge.vocabulary.forms import NamesForm, NewTermForm
from klynge.vocabulary.models import Term


def _page(request: HttpRequest, collaboration: Collaboration, form: NewTermForm | None = None,
          status: int = 200) -> HttpResponse:
    terms = list(Term.objects.filter(collaboration=collaboration))
    can_edit = access.can_edit_vocabulary(request.user, collaboration)
    context: dict[str, Any] = {
        "collaboration": collaboration,
        "groups": [(label, [t for t in terms if t.kind == kind])
                   for kind, label in Term.Kind.choices],
        "can_edit": can_edit,
        "form": form or (NewTermForm() if can_edit else None),
    }
    return render(request, "vocabulary/vocabulary.html", context, status=status)


@login_required
@require_GET
def vocabulary(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, get_collaboration_for_user(request.user, code))


@login_required
@require_POST
def term_add(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code, write=True)
    form = NewTermForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        kind = data.pop("kind")
        term = run(form, actions.do_add_term, request.user, collaboration, kind, **data)
        if term is not None:
            messages.success(request, _("%(term)s was added.") % {"term": term.label})
            return redirect("vocabulary:vocabulary", code=collaboration.code)
    return _page(request, collaboration, form, UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = access.get_term_for_user(request.user, pk, write=True)
    initial = {name: getattr(term, name) for name in actions.NAME_FIELDS}
    form = NamesForm(request.POST or None, initial=initial)
    if submitted(request, form) and run(form, actions.do_change_term, request.user, term,
                                        **form.cleaned_data):
        messages.success(request, _("%(term)s was renamed.") % {"term": term.label})
        return redirect("vocabulary:vocabulary", code=term.collaboration.code)
    return render(request, "vocabulary/term_edit.html", {"term": term, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_POST
def term_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire a term (no longer offered for new tags), or bring a retired one back."""
    term = access.get_term_for_user(request.user, pk, write=True)
    retire = request.POST.get("retired") != "0"
    try:
        actions.do_change_term(request.user, term, retired=retire)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done = _("%(term)s is retired.") if retire else _("%(term)s is offered again.")
        messages.success(request, done % {"term": term.label})
    return redirect("vocabulary:vocabulary", code=term.collaboration.code)
