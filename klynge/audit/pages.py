"""What the audit page shows: entries filtered and paged, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from klynge.audit.forms import AuditFilterForm
from klynge.audit.models import AuditEntry

PER_PAGE = 50


def audit_context(request: HttpRequest) -> dict[str, Any]:
    types = list(AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True)
                 .distinct())
    form = AuditFilterForm(request.GET or None, object_types=[t for t in types if t])
    entries = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    if request.GET:
        entries = form.filter(entries)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "query": query.urlencode()}
