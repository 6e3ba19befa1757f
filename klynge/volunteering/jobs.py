"""The scheduled jobs (registered in ``VolunteeringConfig.ready``, run by ``klynge tick``):
reminding volunteers of a required certificate about to expire, and anonymising referrals
closed longer ago than their programme's retention period."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from klynge.audit.actions import record
from klynge.volunteering import inputs
from klynge.volunteering.actions.common import tell_user
from klynge.volunteering.actions.privacy import blank_patient_data
from klynge.volunteering.models import Certificate, Programme, Referral

REMIND_DAYS_BEFORE = 30


def _renewed(certificate: Certificate) -> bool:
    """Whether the volunteer holds another certificate of the kind that lasts longer."""
    assert certificate.expires is not None
    return (Certificate.objects.filter(volunteer_id=certificate.volunteer_id,
                                       kind=certificate.kind,
                                       course_name=certificate.course_name)
            .filter(Q(expires__isnull=True) | Q(expires__gt=certificate.expires))
            .exclude(pk=certificate.pk).exists())


def do_remind_certificates(today: dt.date | None = None) -> int:
    """Tell each active volunteer, once, when a certificate their programme requires expires
    within ``REMIND_DAYS_BEFORE`` days and no newer one replaces it; how many were told."""
    today = today or timezone.localdate()
    due = (Certificate.objects
           .filter(reminded_at__isnull=True, expires__gt=today,
                   expires__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
                   volunteer__active=True, volunteer__person__user__isnull=False)
           .select_related("volunteer__programme__collaboration", "volunteer__person")
           .order_by("pk"))
    told = 0
    for certificate in due:
        programme = certificate.volunteer.programme
        if not inputs.is_required(certificate, programme) or _renewed(certificate):
            continue
        with transaction.atomic():
            tell_user(None, certificate.volunteer.person.user_id, programme, gettext_noop(
                "A certificate you need for %(programme)s expires on %(date)s; renew it to "
                "keep being matched."), date=certificate.expires.isoformat())  # type: ignore[union-attr]
            certificate.reminded_at = timezone.now()
            certificate.save(update_fields=["reminded_at"])
            record(None, "update", certificate, changes={"reminded_at": (None, "sent")},
                   collaboration_code=programme.collaboration.code)
        told += 1
    return told


@transaction.atomic
def do_anonymise_closed(now: dt.datetime | None = None) -> dict[str, int]:
    """Hide the patient's data of every referral closed or declined longer ago than its
    programme's retention period; how many per programme (by id)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for programme_id, days in Programme.objects.values_list("pk", "retention_days"):
        rows = Referral.objects.filter(programme_id=programme_id, anonymised_at__isnull=True,
                                       closed_at__lt=now - dt.timedelta(days=days))
        done = blank_patient_data(rows, now)
        if done:
            counts[str(programme_id)] = done
    if counts:
        record(None, "anonymise", None, details={"referrals": counts})
    return counts
