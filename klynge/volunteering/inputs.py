"""The app's rows as the matching core's inputs (``klynge.volunteering.matching``), and the
core's exclusion codes as sentences.

- **Areas.** Klynge has no distances between municipalities yet, so a volunteer is matched
  only within the municipalities they cover: the volunteer's area is the patient's
  municipality when they cover it, and the distance is 0 km there and unknown elsewhere
  (the core's ``distance_unknown``, shown as "does not cover the patient's municipality").
- **Availability.** A referral without slots may be seen at any time.
- **Certificates.** A course certificate counts as the kind ``course`` and as
  ``course:<its name>``, so a programme may require any course or a named one.
- **Active.** A volunteer is active when their profile is and they hold a ``volunteer``
  grant for the programme on the day; their load is their active matches.
- **The volunteer's own wish** about whom they support (``supports_gender``) is not the
  core's: it is checked here and reported as ``volunteer_preference``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.governance.models import RoleGrant
from klynge.volunteering import matching
from klynge.volunteering.checks import ALL_SLOTS, slot_pairs
from klynge.volunteering.model import Reason
from klynge.volunteering.models import Certificate, Match, Programme, Referral, VolunteerProfile

VOLUNTEER_PREFERENCE = "volunteer_preference"
ELSEWHERE = 0  # the area of a volunteer who does not cover the patient's municipality
REASON_LABELS = {
    Reason.INACTIVE: gettext_lazy("the volunteer is not active in the programme"),
    Reason.AT_CAPACITY: gettext_lazy("the volunteer already supports as many people as they "
                                     "can"),
    Reason.CERTIFICATE_MISSING: gettext_lazy("a required certificate is missing"),
    Reason.CERTIFICATE_EXPIRED: gettext_lazy("a required certificate has expired"),
    Reason.NO_COMMON_LANGUAGE: gettext_lazy("no language in common with the patient"),
    Reason.DISTANCE_UNKNOWN: gettext_lazy("the volunteer does not cover the patient's "
                                          "municipality"),
    Reason.TOO_FAR: gettext_lazy("the volunteer lives too far away"),
    Reason.NO_AVAILABILITY_OVERLAP: gettext_lazy("no time in the week in common with the "
                                                 "patient"),
    Reason.PREFERENCE_EXCLUDED: gettext_lazy("the patient's wishes rule this volunteer out"),
    VOLUNTEER_PREFERENCE: gettext_lazy("the volunteer prefers to support someone else"),
}


def _required_kind(kind: str, programme: Programme) -> str:
    if kind == Certificate.Kind.COURSE and programme.required_course:
        return f"course:{programme.required_course.strip().lower()}"
    return kind


def is_required(certificate: Certificate, programme: Programme) -> bool:
    """Whether the programme requires the certificate (a course, when the programme names
    one: that course)."""
    if certificate.kind not in programme.required_certificates:
        return False
    if certificate.kind == Certificate.Kind.COURSE and programme.required_course:
        return (certificate.course_name.strip().lower()
                == programme.required_course.strip().lower())
    return True


def rules_for(programme: Programme) -> matching.Rules:
    return matching.Rules(required_certificates=frozenset(
        _required_kind(kind, programme) for kind in programme.required_certificates))


def _certificates(profile: VolunteerProfile) -> tuple[matching.Certificate, ...]:
    found: list[matching.Certificate] = []
    for row in profile.certificates.all():
        found.append(matching.Certificate(row.kind, row.issued, row.expires))
        if row.kind == Certificate.Kind.COURSE and row.course_name:
            found.append(matching.Certificate(f"course:{row.course_name.strip().lower()}",
                                              row.issued, row.expires))
    return tuple(found)


def profiles_for(programme: Programme, on: dt.date,
                 ids: Iterable[int] | None = None) -> list[VolunteerProfile]:
    """The programme's volunteers, with what matching needs: ``load`` (active matches) and
    ``granted`` (a volunteer grant on ``on``); two queries and two prefetches."""
    rows = (VolunteerProfile.objects.filter(programme=programme)
            .select_related("person")
            .prefetch_related("certificates", "areas")
            .annotate(load=Count("matches", filter=Q(matches__state=Match.State.ACTIVE))))
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    granted = set(RoleGrant.objects.on(on).filter(
        role=RoleGrant.Role.VOLUNTEER, programme_id=programme.pk).values_list("person_id",
                                                                              flat=True))
    profiles: list[VolunteerProfile] = list(rows.order_by("pk"))
    for profile in profiles:
        profile.granted = profile.person_id in granted  # type: ignore[attr-defined]
    return profiles


def core_referral(referral: Referral) -> matching.Referral:
    slots = slot_pairs(referral.availability) or ALL_SLOTS
    return matching.Referral(
        id=referral.pk or 0, person_key=f"referral-{referral.pk}",
        languages=tuple(referral.languages), area=referral.area_id, availability=slots,
        preferences=matching.Preferences(
            gender=referral.volunteer_gender or None,
            avoid=frozenset(referral.avoided_traits), wished=frozenset(referral.wished_traits)),
        urgency=referral.urgency)


def core_volunteer(profile: VolunteerProfile, area: int | None) -> matching.Volunteer:
    covers = area is not None and any(a.pk == area for a in profile.areas.all())
    return matching.Volunteer(
        id=profile.pk, languages=frozenset(profile.languages),
        area=area if covers else ELSEWHERE, availability=slot_pairs(profile.availability),
        gender=profile.gender or None, max_load=profile.max_load,
        current_load=getattr(profile, "load", 0), certificates=_certificates(profile),
        active=profile.active and getattr(profile, "granted", False),
        traits=frozenset(profile.skills))


def _distance(a: object, b: object) -> float | None:
    return 0.0 if a == b and a != ELSEWHERE else None


def exclusions(referral: Referral, profiles: list[VolunteerProfile],
               on: dt.date) -> dict[int, list[str]]:
    """``{profile id: [reason codes]}`` for every volunteer who may not be matched with the
    referral on ``on``: the core's reasons, then the volunteer's own wish."""
    volunteers = [core_volunteer(p, referral.area_id) for p in profiles]
    found: dict[int, list[str]] = {
        int(pk): [str(r) for r in reasons] for pk, reasons in matching.exclusions(
            core_referral(referral), volunteers, rules_for(referral.programme), on,
            _distance).items()}
    for profile in profiles:
        if unwished(referral, profile):
            found.setdefault(profile.pk, []).append(VOLUNTEER_PREFERENCE)
    return found


def unwished(referral: Referral, profile: VolunteerProfile) -> bool:
    """Whether the volunteer's own wish about whom they support rules the patient out."""
    return bool(profile.supports_gender and referral.gender
                and profile.supports_gender != referral.gender)


def rank(referral: Referral, profiles: list[VolunteerProfile], on: dt.date,
         excluded: dict[int, list[str]] | None = None) -> list[matching.Ranked]:
    """The eligible volunteers, best first (the core's ``rank``), less those whose own wish
    rules the patient out. ``excluded``: ``exclusions`` of the same, if already found."""
    if excluded is None:
        excluded = exclusions(referral, profiles, on)
    volunteers = [core_volunteer(p, referral.area_id) for p in profiles if p.pk not in excluded]
    return matching.rank(core_referral(referral), volunteers, rules_for(referral.programme),
                         on, _distance)


def certificate_kinds(profile: VolunteerProfile, programme: Programme, on: dt.date,
                      reason: str) -> list[str]:
    """The required certificates behind ``certificate_missing`` or ``certificate_expired``."""
    held = Counter(c.kind for c in _certificates(profile) if c.valid_on(on))
    expired = {c.kind for c in _certificates(profile) if c.expires and c.expires <= on}
    names = []
    for kind in programme.required_certificates:
        core_kind = _required_kind(kind, programme)
        if held[core_kind]:
            continue
        if (core_kind in expired) == (reason == Reason.CERTIFICATE_EXPIRED):
            names.append(programme.required_course if core_kind.startswith("course:")
                         else str(Certificate.Kind(kind).label))
    return names


def explain(codes: list[str], profile: VolunteerProfile, programme: Programme,
            on: dt.date) -> list[str]:
    """The reasons as sentences, naming the certificates concerned."""
    sentences = []
    for code in codes:
        sentence = str(REASON_LABELS.get(code, code))
        if code in (Reason.CERTIFICATE_MISSING, Reason.CERTIFICATE_EXPIRED):
            kinds = certificate_kinds(profile, programme, on, code)
            if kinds:
                sentence = _("%(reason)s: %(certificates)s") % {
                    "reason": sentence, "certificates": ", ".join(kinds)}
        sentences.append(sentence)
    return sentences
