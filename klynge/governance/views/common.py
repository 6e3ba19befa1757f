"""What the governance views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from klynge.core.admin import add_errors
from klynge.governance import access, pages

UNPROCESSABLE = 422


def submitted(request: HttpRequest, form: Any) -> bool:
    """Whether ``form`` was posted and is valid."""
    return request.method == "POST" and bool(form.is_valid())


def run(form: Any, action: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``action``; a ``ValidationError`` goes onto ``form`` (by field where it has one)
    and gives None."""
    try:
        return action(*args, **kwargs)
    except ValidationError as error:
        add_errors(form, error)
        return None


def body_section(request: HttpRequest, body_pk: int, status: int = 200,
                 **forms: Any) -> HttpResponse:
    """The body page, or only its seats section for HTMX."""
    obj = access.get_body_for_user(request.user, body_pk)
    template = "governance/body.html"
    if getattr(request, "htmx", False):
        template += "#seats_section"
    return render(request, template, pages.body_context(request, obj, **forms), status=status)
