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


@transaction.atomic
def do_set_case_public(actor: Any, case: Case, public: bool) -> bool:
    """Show the case on the public page, or take it off. A confidential case is never
    public. Whether anything changed."""
    refuse_unless_keeper(actor, case.collaboration_id)
    current = PublicCase.objects.filter(case=case)
    if public and case.confidential:
        raise ValidationError(_("A confidential case cannot be made public."))
    if public == current.exists():
        return False
    if public:
        PublicCase.objects.create(case=case, published_by=actor, published_at=timezone.now())
    else:
        current.delete()
    record(actor, "publish" if public else "unpublish", case,
           collaboration_code=case.collaboration.code)
    return True


@transaction.atomic
def do_set_hearing_public(actor: Any, hearing: Hearing, public: bool) -> bool:
    """Show the hearing on the public page (from when it opens), where citizens may answer
    it, or take it off."""
    refuse_unless_keeper(actor, hearing.collaboration_id)
    current = PublicHearing.objects.filter(hearing=hearing)
    if public == current.exists():
        return False
    if public:
        PublicHearing.objects.create(hearing=hearing, published_by=actor,
                                     published_at=timezone.now())
    else:
        current.delete()
    record(actor, "publish" if public else "unpublish", hearing,
           collaboration_code=hearing.collaboration.code)
    return True


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
