"""Seeing a volunteer's profile: every look is recorded in the audit trail, as every look at
a referral is (``privacy.do_view_referral``), since a profile holds personal data (languages,
availability, gender, certificates)."""

from __future__ import annotations

from typing import Any

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.volunteering import access
from klynge.volunteering.actions.common import code
from klynge.volunteering.models import VolunteerProfile

SELF, KEEPER, ADMINISTRATOR = "self", "coordinator", "administrator"


def viewer_role(actor: Any, volunteer: VolunteerProfile) -> str:
    """How ``actor`` sees the profile: as the volunteer, a coordinator or an administrator."""
    if volunteer.person.user_id is not None and volunteer.person.user_id == getattr(
            actor, "pk", None):
        return SELF
    return KEEPER if access.coordinates(actor, volunteer.programme_id) else ADMINISTRATOR


def do_view_volunteer(actor: Any, pk: int) -> VolunteerProfile:
    """The profile ``actor`` may see (404 for one they may not), the look recorded in the
    audit trail with how they saw it."""
    volunteer = access.get_volunteer_for_user(actor, pk)
    programme = volunteer.programme
    record(actor, AuditEntry.Verb.VIEW, volunteer,
           collaboration_code=code(programme),
           details={"role": viewer_role(actor, volunteer)})
    return volunteer
