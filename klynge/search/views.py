"""Search across cases, agenda items, decisions, minutes and hearing answers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klynge.search import pages
from klynge.search.forms import SearchForm


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    groups = []
    if form.is_valid():
        groups = pages.results(request.user, form.cleaned_data["q"],
                               form.cleaned_data["kind"], form.cleaned_data["page"] or 1)
    status = 422 if form.errors else 200
    return render(request, "search/search.html", {
        "form": form, "groups": groups,
        "searched": form.is_valid(),
        "found": any(group.hits for group in groups),
    }, status=status)
