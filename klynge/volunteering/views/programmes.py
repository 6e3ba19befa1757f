"""The programmes, their volunteers and certificates, and their statistics: thin views over
``access``, ``actions`` and ``pages``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance.access import get_collaboration_for_user
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.volunteering import access, actions
from klynge.volunteering.actions.profiles import do_view_volunteer
from klynge.volunteering.forms.programmes import (
    CertificateForm,
    NewVolunteerForm,
    ProgrammeForm,
    VolunteerForm,
    programme_initial,
    volunteer_initial,
)
from klynge.volunteering.models import Programme, VolunteerProfile
from klynge.volunteering.pages import programmes as pages
from klynge.volunteering.pages import volunteers as volunteer_pages


def _programme_url(programme: Programme) -> HttpResponse:
    return redirect("volunteering:programme", programme.pk)


def _volunteer_url(volunteer: VolunteerProfile) -> HttpResponse:
    return redirect("volunteering:volunteer", volunteer.pk)


# Programmes ----------------------------------------------------------------------------------

@login_required
@require_GET
def programme_list(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code)
    return render(request, "volunteering/programmes.html",
                  pages.list_context(request, collaboration))


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code)
    organisations = access.get_organisations_for_new_programme(
        request.user, collaboration.pk, timezone.localdate())
    form = ProgrammeForm(request.POST or None, organisations=organisations,
                         teams=pages.teams(organisations),
                         areas=pages.municipalities(collaboration),
                         partners=pages.partners(collaboration),
                         initial={"active": True, "referring_roles": ["referrer"],
                                  "retention_days": 365})
    if submitted(request, form):
        programme = run(form, actions.do_create_programme, request.user,
                        collaboration=collaboration, **form.cleaned_data)
        if programme:
            messages.success(request, _("The programme was created."))
            return _programme_url(programme)
    return render(request, "volunteering/programme_form.html",
                  {"collaboration": collaboration, "form": form, "programme": None},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_GET
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_programme_for_user(request.user, pk)
    return render(request, "volunteering/programme.html",
                  pages.programme_context(request, obj))


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_programme_for_user(request.user, pk, write=True)
    form = ProgrammeForm(
        request.POST or None, initial=programme_initial(obj), organisations=None,
        teams=pages.teams([obj.organisation], obj.team),
        areas=pages.municipalities(obj.collaboration, obj.areas.all()),
        partners=pages.partners(obj.collaboration, obj.referring_organisations.all()))
    if submitted(request, form) and run(form, actions.do_update_programme, request.user, obj,
                                        **form.cleaned_data):
        messages.success(request, _("The programme was saved."))
        return _programme_url(obj)
    return render(request, "volunteering/programme_form.html",
                  {"collaboration": obj.collaboration, "form": form, "programme": obj},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_POST
def programme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_programme_to_delete(request.user, pk)
    try:
        actions.do_delete_programme(request.user, obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _programme_url(obj)
    messages.success(request, _("The programme %(name)s was deleted.") % {"name": obj.name})
    return redirect("volunteering:programmes", obj.collaboration.code)


# Volunteers and certificates -----------------------------------------------------------------

@login_required
@require_GET
def volunteer_list(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_programme_to_keep_volunteers(request.user, pk)
    return render(request, "volunteering/volunteers.html",
                  volunteer_pages.volunteers_context(request, obj))


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_new(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_programme_to_keep_volunteers(request.user, pk)
    form = NewVolunteerForm(request.POST or None, people=volunteer_pages.volunteer_candidates(obj),
                            areas=volunteer_pages.volunteer_areas(obj))
    if submitted(request, form):
        data = dict(form.cleaned_data)
        volunteer = run(form, actions.do_add_volunteer, request.user, obj, data.pop("person"),
                        **data)
        if volunteer:
            messages.success(request, _("%(person)s volunteers in the programme.")
                             % {"person": volunteer.person.name})
            return _volunteer_url(volunteer)
    return render(request, "volunteering/volunteer_form.html",
                  {"programme": obj, "collaboration": obj.collaboration, "form": form,
                   "volunteer": None}, status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_GET
def volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    obj = do_view_volunteer(request.user, pk)
    return render(request, "volunteering/volunteer.html",
                  volunteer_pages.volunteer_context(request, obj))


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_volunteer_for_user(request.user, pk, write=True)
    chosen = list(obj.areas.all())
    form = VolunteerForm(request.POST or None, initial=volunteer_initial(obj),
                         areas=volunteer_pages.volunteer_areas(obj.programme, chosen))
    if submitted(request, form) and run(form, actions.do_update_volunteer, request.user, obj,
                                        **form.cleaned_data):
        messages.success(request, _("The volunteer's profile was saved."))
        return _volunteer_url(obj)
    return render(request, "volunteering/volunteer_form.html",
                  {"programme": obj.programme, "collaboration": obj.programme.collaboration,
                   "form": form, "volunteer": obj},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_POST
def certificate_new(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_volunteer_for_user(request.user, pk, write=True)
    form = CertificateForm(request.POST)
    if form.is_valid() and run(form, actions.do_add_certificate, request.user, obj,
                               **form.cleaned_data):
        messages.success(request, _("The certificate was recorded."))
        return _volunteer_url(obj)
    return render(request, "volunteering/volunteer.html",
                  volunteer_pages.volunteer_context(request, obj, certificate_form=form),
                  status=UNPROCESSABLE)


@login_required
@require_POST
def certificate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access.get_certificate_for_user(request.user, pk, write=True)
    actions.do_delete_certificate(request.user, certificate)
    messages.success(request, _("The certificate was removed."))
    return _volunteer_url(certificate.volunteer)


# Statistics ----------------------------------------------------------------------------------

@login_required
@require_GET
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_programme_statistics_for_user(request.user, pk)
    return render(request, "volunteering/statistics.html", pages.statistics_context(obj))


@login_required
@require_GET
def statistics_download(request: HttpRequest, pk: int, table: str, fmt: str) -> HttpResponse:
    obj = access.get_programme_statistics_for_user(request.user, pk)
    try:
        response: Any = pages.download(obj, table, fmt)
    except LookupError:
        raise Http404 from None
    return response
