"""Importing organisations and seats from a file: upload and preview, confirm, and the
templates to fill in.

The preview runs the whole import and rolls it back (``do_import_seats(dry_run=True)``).
The rows read are kept in the session under a random token until they are confirmed; the
confirmation re-checks and imports them in one transaction, all or nothing.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance import access
from klynge.governance.actions.imports import ImportReport, do_import_seats
from klynge.governance.forms_import import ImportConfirmForm, ImportUploadForm
from klynge.governance.imports import (
    ORGANISATIONS,
    SEATS,
    Example,
    Rows,
    labels_of,
    template_csv,
    template_xlsx,
)
from klynge.governance.models import Body, Seat
from klynge.governance.views.common import UNPROCESSABLE, submitted

SESSION_KEY = "governance_import"


def _upload_page(request: HttpRequest, collaboration: Collaboration, form: ImportUploadForm,
                 status: int = 200) -> HttpResponse:
    return render(request, "governance/import_upload.html", {
        "collaboration": collaboration, "form": form, "roles": labels_of(Seat.Role),
        "capacities": labels_of(Seat.Capacity),
        "constituencies": labels_of(Seat.Constituency),
        "kinds": labels_of(Organisation.Kind),
    }, status=status)


def _preview_page(request: HttpRequest, collaboration: Collaboration, report: ImportReport,
                  token: str = "") -> HttpResponse:
    return render(request, "governance/import_preview.html", {
        "collaboration": collaboration, "report": report,
        "confirm_form": ImportConfirmForm(initial={"token": token}) if token else None,
    }, status=200 if report.ok else UNPROCESSABLE)


def _import(request: HttpRequest, collaboration: Collaboration, rows: Rows | list[Any],
            file_name: str, dry_run: bool = False) -> ImportReport:
    if isinstance(rows, list):  # kept in the session before files held organisations
        rows = {SEATS: rows}
    return do_import_seats(request.user, collaboration, rows.get(SEATS, []), dry_run,
                           file_name=file_name, organisations=rows.get(ORGANISATIONS, []))


def _keep(request: HttpRequest, collaboration: Collaboration, report: ImportReport,
          rows: Rows) -> str:
    """Keep the rows in the session until they are confirmed; the token names them."""
    token = secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {"token": token, "collaboration": collaboration.pk,
                                    "file_name": report.file_name, "rows": rows}
    return token


def _pending(request: HttpRequest, collaboration: Collaboration,
             token: str) -> dict[str, Any] | None:
    """The rows kept for ``collaboration`` under ``token``, taken out of the session."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("collaboration") != collaboration.pk:
        return None
    if not secrets.compare_digest(str(kept.get("token", "")).encode(), token.encode()):
        return None
    del request.session[SESSION_KEY]
    return kept


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if not submitted(request, form):
        return _upload_page(request, obj, form, UNPROCESSABLE if form.errors else 200)
    request.session.pop(SESSION_KEY, None)
    rows = form.cleaned_data["rows"]
    report = _import(request, obj, rows, form.cleaned_data["file"].name, dry_run=True)
    token = _keep(request, obj, report, rows) if report.ok else ""
    return _preview_page(request, obj, report, token)


@login_required
@require_POST
def import_confirm(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    form = ImportConfirmForm(request.POST)
    kept = _pending(request, obj, form.cleaned_data["token"]) if form.is_valid() else None
    if kept is None:
        messages.error(request, _("There is no preview of an import waiting to be confirmed "
                                  "here: it was confirmed already, or another file was "
                                  "previewed since. Upload the file again."))
        return redirect("governance:import_upload", code=obj.code)
    report = _import(request, obj, kept["rows"], kept["file_name"])
    if not report.saved:
        messages.error(request, _("Something changed since the preview, and the import "
                                  "was refused: nothing was saved."))
        return _preview_page(request, obj, report)
    if report.organisations:
        messages.success(request, ngettext(
            "%(count)d organisation row was imported (new organisations: %(new)d; "
            "organisations Klynge knew: %(known)d; new partnerships: %(partnerships)d).",
            "%(count)d organisation rows were imported (new organisations: %(new)d; "
            "organisations Klynge knew: %(known)d; new partnerships: %(partnerships)d).",
            len(report.organisations),
        ) % {"count": len(report.organisations), "new": report.new_organisations,
             "known": report.existing_organisations, "partnerships": report.partnerships})
    if report.rows:
        messages.success(request, ngettext(
            "%(seats)d seat was imported (new people: %(new)d; people Klynge knew: "
            "%(known)d).",
            "%(seats)d seats were imported (new people: %(new)d; people Klynge knew: "
            "%(known)d).",
            report.seats,
        ) % {"seats": report.seats, "new": report.new_people,
             "known": report.existing_people})
    return redirect(obj)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    """A file to fill in, with example rows naming a body and a partner of the collaboration.

    ``?holds=organisations``: a CSV of organisations (default: of seats), separated by
    semicolons where Excel expects them (Danish, Norwegian); ``?format=xlsx``: a workbook
    with a sheet of organisations and a sheet of seats."""
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    body = (Body.objects.filter(collaboration=obj).exclude(kind=Body.Kind.SECRETARIAT)
            .order_by("kind", "name").first())
    partner = obj.partnerships.select_related("organisation").order_by("valid_from").first()
    example = Example(body=body.name if body else "",
                      partner=partner.organisation.name if partner else "",
                      start=max(obj.valid_from, body.valid_from) if body else obj.valid_from,
                      end=obj.valid_to)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(template_xlsx(example), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{obj.code}-import.xlsx"'
        return response
    holds = ORGANISATIONS if request.GET.get("holds") == ORGANISATIONS else SEATS
    delimiter = "," if translation.get_language() == "en" else ";"
    content = template_csv(example, holds, delimiter)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{obj.code}-{holds}.csv"'
    return response
