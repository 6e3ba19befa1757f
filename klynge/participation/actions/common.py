"""What the participation actions share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.participation import access
from klynge.vocabulary.models import Term

MAX_TEXT = 5000


def refuse_unless_keeper(actor: Any, collaboration_id: int) -> None:
    if not access.may_keep(actor, collaboration_id):
        raise PermissionDenied


def check_theme(collaboration: Collaboration, theme: Term | None, field: str = "theme",
                kept: Term | None = None) -> None:
    """A theme or target group of ``collaboration``, not retired (unless already chosen)."""
    if theme is None:
        return
    if theme.collaboration_id != collaboration.pk or (theme.retired and theme != kept):
        raise ValidationError({field: _("%(term)s cannot be chosen here.")
                               % {"term": theme.label}})


def check_text(value: str, field: str, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: empty})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("Keep it under %(count)s characters.")
                               % {"count": MAX_TEXT}})
    return value


def secretariat_body_id(collaboration: Collaboration) -> int | None:
    return (Body.objects.filter(collaboration=collaboration, kind=Body.Kind.SECRETARIAT)
            .values_list("pk", flat=True).first())
