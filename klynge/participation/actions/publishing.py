"""What the secretariat marks public, and the public page's settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.hearings.models import Hearing
from klynge.participation.actions.common import refuse_unless_keeper
from klynge.participation.models import PublicCase, PublicHearing, PublicPage

PAGE_FIELDS = ("introduction", "accepts_contributions", "retention_days")


def _set_public(actor: Any, obj: Case | Hearing, publication: Any, field: str,
                public: bool) -> bool:
    """Create or delete ``obj``'s row of ``publication`` (``PublicCase`` or
    ``PublicHearing``, whose ``field`` names it); whether anything changed."""
    current = publication.objects.filter(**{field: obj})
    if public == current.exists():
        return False
    if public:
        publication.objects.create(**{field: obj}, published_by=actor,
                                   published_at=timezone.now())
    else:
        current.delete()
    record(actor, "publish" if public else "unpublish", obj,
           collaboration_code=obj.collaboration.code)
    return True


@transaction.atomic
def do_set_case_public(actor: Any, case: Case, public: bool) -> bool:
    """Show the case on the public page, or take it off. A confidential case is never
    public. Whether anything changed."""
    refuse_unless_keeper(actor, case.collaboration_id)
    if public and case.confidential:
        raise ValidationError(_("A confidential case cannot be made public."))
    return _set_public(actor, case, PublicCase, "case", public)


@transaction.atomic
def do_set_hearing_public(actor: Any, hearing: Hearing, public: bool) -> bool:
    """Show the hearing on the public page (from when it opens), where citizens may answer
    it, or take it off."""
    refuse_unless_keeper(actor, hearing.collaboration_id)
    return _set_public(actor, hearing, PublicHearing, "hearing", public)


@transaction.atomic
def do_set_public_page(actor: Any, collaboration: Collaboration, *, introduction: str,
                       accepts_contributions: bool, retention_days: int) -> PublicPage:
    refuse_unless_keeper(actor, collaboration.pk)
    if not 30 <= retention_days <= 3650:
        raise ValidationError({"retention_days": _(
            "Choose a retention period between 30 and 3,650 days.")})
    page, _created = PublicPage.objects.get_or_create(collaboration=collaboration)
    new = {"introduction": introduction.strip(), "accepts_contributions": accepts_contributions,
           "retention_days": retention_days}
    changes = {name: (getattr(page, name), value) for name, value in new.items()
               if getattr(page, name) != value}
    for name, value in new.items():
        setattr(page, name, value)
    page.save()
    if changes:
        record(actor, "update", page, changes=changes, collaboration_code=collaboration.code)
    return page
