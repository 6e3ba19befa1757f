"""Referring, the coordinator's list, the referral page and its steps, matching, the
assignment of a waiting list and the volunteer's contact log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "volunteering/overview.html", {})
