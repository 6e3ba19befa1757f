"""Creating the structure the law requires, from a template: a preview, then the creation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klynge.governance import access, actions, pages
from klynge.governance.blueprints import plan_structure


@login_required
@require_http_methods(["GET", "POST"])
def structure_blueprint(request: HttpRequest, code: str) -> HttpResponse:
    """GET: what the template for ``?date=`` (default today) would create; POST: create it."""
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    date, date_form = pages.on_date(request)
    if request.method == "POST":
        try:
            summary = actions.do_apply_blueprint(request.user, obj, date)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if summary.created_anything:
                messages.success(request, _(
                    "%(bodies)d bodies and %(seats)d vacant seats were created."
                ) % {"bodies": len(summary.bodies), "seats": len(summary.seats)})
            else:
                messages.info(request, _("Nothing was missing; nothing was created."))
            return redirect(f"{obj.get_absolute_url()}?{urlencode({'date': date.isoformat()})}")
    return render(request, "governance/structure_blueprint.html", {
        "collaboration": obj, "date": date, "date_form": date_form,
        "plan": plan_structure(obj, date),
    })
