"""The start page: the collaborations the user can see, and their own seats."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klynge.core.versions import structure_version
from klynge.governance import access
from klynge.web.forms import CollaborationFilterForm


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """The process answers: for a load balancer, and the bare view the web benchmark
    compares pages with (through the same middleware, without a query or a template)."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    form = CollaborationFilterForm(request.GET or None)
    # Left unread: the template draws the cards from the cache when it can (below).
    collaborations = form.filter(
        access.visible_collaborations(request.user).select_related("country")
    ).order_by("country__name", "kind", "name")
    own_seats = (
        access.active_seats(request.user)
        .select_related("body__collaboration", "body__organisation", "represents")
        .order_by("body__name")
    )
    template = "web/home.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, {
        "form": form,
        "collaborations": collaborations,
        "own_seats": list(own_seats),
        # The cards are the same for everyone who signs in (every collaboration is visible
        # to them), so they are drawn once per structure version (which every change to a
        # collaboration bumps), language and filter.
        "cards_key": f"{structure_version()}:{request.GET.urlencode() if form.is_valid() else ''}",
    })
