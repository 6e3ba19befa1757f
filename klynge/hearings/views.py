"""The hearing pages: thin views over ``access``, ``actions`` and ``pages``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.attachments.models import Attachment
from klynge.attachments.serving import attachment_of, serve
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.hearings import access, actions, pages
from klynge.hearings.forms import (
    AnswerForm,
    DeadlineForm,
    FilesForm,
    HearingForm,
    InviteForm,
    NewHearingForm,
    RespondentForm,
    ResponseForm,
    SummaryForm,
)
from klynge.hearings.models import Answer, Hearing, Party


def _page(request: HttpRequest, hearing: Hearing, **forms: Any) -> HttpResponse:
    """The hearing page again, with a refused form (422)."""
    return render(request, "hearings/hearing.html",
                  pages.hearing_context(request, hearing, **forms), status=UNPROCESSABLE)


@login_required
@require_GET
def hearing_list(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_collaboration_for_hearings(request.user, code)
    return render(request, "hearings/list.html", pages.list_context(request, collaboration))


@login_required
@require_http_methods(["GET", "POST"])
def hearing_create(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_collaboration_for_hearings(request.user, code, write=True)
    form = NewHearingForm(request.POST or None, request.FILES or None,
                          themes=pages.themes_for(collaboration))
    if submitted(request, form):
        data = dict(form.cleaned_data)
        hearing = run(form, actions.do_create_hearing, request.user, collaboration,
                      files=data.pop("documents"), **data)
        if hearing:
            messages.success(request, _("The hearing was created as a draft. Invite the "
                                        "parties, then open it."))
            return redirect(hearing)
    return render(request, "hearings/hearing_form.html",
                  {"collaboration": collaboration, "form": form, "hearing": None},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_GET
def hearing(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk)
    return render(request, "hearings/hearing.html", pages.hearing_context(request, obj))


@login_required
@require_http_methods(["GET", "POST"])
def hearing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    if not obj.is_draft:
        messages.error(request, _("Only a draft can be edited; while the hearing is open, its "
                                  "deadline can be extended on its page."))
        return redirect(obj)
    initial = {"title": obj.title, "description": obj.description, "deadline": obj.deadline,
               "themes": list(obj.themes.all())}
    form = HearingForm(request.POST or None, initial=initial,
                       themes=pages.themes_for(obj.collaboration, obj))
    if submitted(request, form) and run(form, actions.do_change_hearing, request.user, obj,
                                        **form.cleaned_data):
        messages.success(request, _("The hearing was saved."))
        return redirect(obj)
    return render(request, "hearings/hearing_form.html",
                  {"collaboration": obj.collaboration, "form": form, "hearing": obj},
                  status=UNPROCESSABLE if form.errors else 200)


def _refused(request: HttpRequest, obj: Hearing, action: Any, *args: Any) -> bool:
    """Run an action that takes no form; a refusal becomes an error message."""
    try:
        action(request.user, *args)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return True
    return False


@login_required
@require_POST
def hearing_open(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    if not _refused(request, obj, actions.do_open_hearing, obj):
        messages.success(request, _("The hearing is open, and the respondents have been "
                                    "told."))
    return redirect(obj)


@login_required
@require_POST
def hearing_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    form = DeadlineForm(request.POST)
    if form.is_valid() and run(form, actions.do_change_hearing, request.user, obj,
                               deadline=form.cleaned_data["deadline"]):
        messages.success(request, _("The deadline was extended."))
        return redirect(obj)
    return _page(request, obj, deadline_form=form)


@login_required
@require_POST
def hearing_files_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    form = FilesForm(request.POST, request.FILES)
    if form.is_valid() and run(form, actions.do_attach_to_hearing, request.user, obj,
                               form.cleaned_data["documents"]):
        messages.success(request, _("The documents were added."))
        return redirect(obj)
    return _page(request, obj, files_form=form)


@login_required
@require_GET
def hearing_file(request: HttpRequest, pk: int, att: int) -> FileResponse:
    obj = access.get_hearing_for_user(request.user, pk)
    return serve(attachment_of(obj, att))


@login_required
@require_POST
def hearing_file_remove(request: HttpRequest, pk: int, att: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    attachment = attachment_of(obj, att)
    if not _refused(request, obj, actions.do_detach_from_hearing, obj, attachment):
        messages.success(request, _("The document %(name)s was removed.")
                         % {"name": attachment.name})
    return redirect(obj)


@login_required
@require_POST
def party_invite(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    form = InviteForm(request.POST, organisations=actions.eligible_organisations(obj),
                      bodies=actions.eligible_bodies(obj))
    if form.is_valid():
        party = run(form, actions.do_invite_party, request.user, obj,
                    organisation=form.cleaned_data["organisation"],
                    body=form.cleaned_data["body"])
        if party:
            messages.success(request, _("%(party)s is invited.") % {"party": party.name})
            return redirect(obj)
    return _page(request, obj, invite_form=form)


@login_required
@require_POST
def party_remove(request: HttpRequest, pk: int) -> HttpResponse:
    party = access.get_party_for_user(request.user, pk, write=True)
    if not _refused(request, party.hearing, actions.do_remove_party, party):
        messages.success(request, _("%(party)s is no longer invited.") % {"party": party.name})
    return redirect(party.hearing)


@login_required
@require_POST
def respondent_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    form = RespondentForm(request.POST, parties=Party.objects.filter(hearing=obj),
                          people=pages.respondent_candidates(request.user, obj))
    if form.is_valid():
        data = form.cleaned_data
        if run(form, actions.do_add_respondent, request.user, data["party"], data["person"]):
            messages.success(request, _("%(person)s now answers for %(party)s.")
                             % {"person": data["person"].name, "party": data["party"].name})
            return redirect(obj)
    return _page(request, obj, respondent_form=form)


@login_required
@require_POST
def respondent_remove(request: HttpRequest, pk: int) -> HttpResponse:
    respondent = access.get_respondent_for_user(request.user, pk, write=True)
    hearing_obj = respondent.party.hearing
    if not _refused(request, hearing_obj, actions.do_remove_respondent, respondent):
        messages.success(request, _("%(person)s no longer answers for %(party)s.")
                         % {"person": respondent.person.name, "party": respondent.party.name})
    return redirect(hearing_obj)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    party = access.get_party_to_answer(request.user, pk)
    existing = Answer.objects.filter(party=party).first()
    form = AnswerForm(request.POST, request.FILES, party=party,
                      files=Attachment.objects.of(existing) if existing else None)
    if form.is_valid() and run(form, actions.do_answer_hearing, request.user, party,
                               text=form.cleaned_data["text"],
                               files=form.cleaned_data["attachments"],
                               remove=form.cleaned_data.get("remove") or []):
        messages.success(request, _("The answer of %(party)s was saved. It can be changed "
                                    "until the deadline.") % {"party": party.name})
        return redirect(party.hearing)
    return _page(request, party.hearing, **{f"answer-{party.pk}": form})


@login_required
@require_GET
def answer_file(request: HttpRequest, pk: int, att: int) -> FileResponse:
    obj = access.get_answer_for_user(request.user, pk)
    return serve(attachment_of(obj, att))


@login_required
@require_POST
def answer_response(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_answer_for_user(request.user, pk, write=True)
    form = ResponseForm(request.POST, answer_pk=obj.pk)
    if form.is_valid() and run(form, actions.do_respond_to_answer, request.user, obj,
                               form.cleaned_data["response"]):
        messages.success(request, _("The response to %(party)s was saved.")
                         % {"party": obj.party.name})
        return redirect(obj)
    return _page(request, obj.hearing, **{f"response-{obj.pk}": form})


@login_required
@require_POST
def summary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_hearing_for_user(request.user, pk, write=True)
    form = SummaryForm(request.POST)
    if form.is_valid() and run(form, actions.do_summarise_hearing, request.user, obj,
                               summary=form.cleaned_data["summary"],
                               final=form.cleaned_data["final"]):
        messages.success(request, _("The hearing is summarised.") if form.cleaned_data["final"]
                         else _("The summary was saved."))
        return redirect(obj)
    return _page(request, obj, summary_form=form)


@login_required
@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_summary_for_user(request.user, pk)
    return render(request, "hearings/summary.html", pages.summary_context(request, obj))
