"""The audit page: who saw and changed what, for administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klynge.audit import access, pages


@login_required
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    access.check_audit_reader(request.user)
    context = pages.audit_context(request)
    status = 422 if context["form"].errors else 200
    return render(request, "audit/audit_trail.html", context, status=status)
