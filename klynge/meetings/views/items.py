"""An agenda item's page and what is done on it: changing, moving and removing it, papers,
attendance, conflicts of interest and action items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.attachments import serving
from klynge.governance.models import Person
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.meetings import access, actions, forms, pages
from klynge.meetings.models import Conflict


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def item(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk)
    return render(request, "meetings/item.html", pages.item_context(request, obj))


def item_page(request: HttpRequest, pk: int, **given: object) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk)
    return render(request, "meetings/item.html", pages.item_context(request, obj, **given),
                  status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    names = ("title", "description", "proposal", "closed", "closed_reason", "debate")
    form = forms.ItemEditForm(request.POST or None,
                              initial={name: getattr(obj, name) for name in names})
    if submitted(request, form) and run(form, actions.do_change_item, request.user, obj,
                                        **form.cleaned_data):
        messages.success(request, _("The item was saved."))
        return redirect(obj)
    return render(request, "meetings/item_edit.html", {"item": obj, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    steps = -1 if request.POST.get("direction") == "up" else 1
    try:
        actions.do_move_item(request.user, obj, steps)
    except ValidationError as error:
        _refused(request, error)
    return redirect(obj.meeting)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    try:
        actions.do_remove_item(request.user, obj)
    except ValidationError as error:
        _refused(request, error)
        return redirect(obj)
    messages.success(request, _("The item was removed from the agenda."))
    return redirect(obj.meeting)


@login_required
@require_POST
def papers_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    form = forms.PapersForm(request.POST, request.FILES)
    if form.is_valid() and run(form, actions.do_attach_papers, request.user, obj,
                               form.cleaned_data["papers"]):
        messages.success(request, _("The papers were attached."))
        return redirect(obj)
    return item_page(request, pk, papers_form=form)


@login_required
@require_GET
def paper(request: HttpRequest, pk: int, att: int) -> FileResponse:
    obj = access.get_item_for_user(request.user, pk)
    return serving.serve(serving.attachment_of(obj, att))


@login_required
@require_POST
def paper_remove(request: HttpRequest, pk: int, att: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    try:
        actions.do_remove_paper(request.user, obj, serving.attachment_of(obj, att))
    except ValidationError as error:
        _refused(request, error)
    return redirect(obj)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    choices = [(p.pk, p.name) for p, _for in actions.expected_people(obj.meeting)]
    form = forms.AttendanceForm(request.POST, choices=choices)
    if form.is_valid():
        people = Person.objects.filter(pk__in=form.cleaned_data["present"])
        if run(form, actions.do_record_attendance, request.user, obj, list(people)):
            messages.success(request, _("The attendance was recorded."))
            return redirect(obj)
    return item_page(request, pk, attendance_form=form)


@login_required
@require_POST
def conflict_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    choices = [(p.pk, p.name) for p, _for in actions.expected_people(obj.meeting)]
    form = forms.ConflictForm(request.POST, choices=choices)
    if form.is_valid():
        person = Person.objects.get(pk=form.cleaned_data["person"])
        if run(form, actions.do_declare_conflict, request.user, obj, person,
               form.cleaned_data["reason"]):
            messages.success(request, _("The conflict of interest was recorded."))
            return redirect(obj)
    return item_page(request, pk, conflict_form=form)


@login_required
@require_POST
def conflict_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = get_object_or_404(Conflict, pk=pk)
    obj = access.get_item_for_user(request.user, conflict.item_id, write=True)
    try:
        actions.do_withdraw_conflict(request.user, conflict)
    except ValidationError as error:
        _refused(request, error)
    return redirect(obj)


@login_required
@require_POST
def action_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_item_for_user(request.user, pk, write=True)
    form = forms.ActionItemForm(request.POST, people=pages.action_item_people(obj.meeting))
    if form.is_valid() and run(form, actions.do_add_action_item, request.user, obj,
                               **form.cleaned_data):
        messages.success(request, _("The action item was added."))
        return redirect(obj)
    return item_page(request, pk, action_item_form=form)


@login_required
@require_POST
def action_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    action_item = access.get_action_item_for_user(request.user, pk, write=True)
    try:
        actions.do_mark_action_item_done(request.user, action_item)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The action item is done."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("meetings:me")
