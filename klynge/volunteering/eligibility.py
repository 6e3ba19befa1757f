"""Whether a patient is someone a programme is for: its age, municipalities, diagnosis
groups, social situations and languages. An empty criterion holds for everybody.

The age is the age the patient reaches in the year of the referral (a referral has the year
of birth, not the day).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from klynge.reference.models import Municipality
from klynge.volunteering.models import DiagnosisGroup, Programme, SocialSituation


def _labels(codes: list[str], choices: type[DiagnosisGroup] | type[SocialSituation]) -> str:
    return ", ".join(str(choices(code).label) for code in codes)


def age_in(year_of_birth: int, day: dt.date) -> int:
    return day.year - year_of_birth


def reasons(programme: Programme, *, year_of_birth: int, area: Municipality | None,
            diagnosis_group: str, social_situations: list[str], languages: list[str],
            day: dt.date) -> dict[str, str]:
    """Why the patient is not someone ``programme`` is for, by field (empty: eligible)."""
    found: dict[str, str] = {}
    age = age_in(year_of_birth, day)
    if programme.min_age is not None and age < programme.min_age:
        found["year_of_birth"] = _("The programme is for people aged %(age)d and over; the "
                                   "patient is %(patient)d this year.") % {
            "age": programme.min_age, "patient": age}
    elif programme.max_age is not None and age > programme.max_age:
        found["year_of_birth"] = _("The programme is for people aged up to %(age)d; the "
                                   "patient is %(patient)d this year.") % {
            "age": programme.max_age, "patient": age}
    areas = list(programme.areas.all())
    if areas and (area is None or area.pk not in {a.pk for a in areas}):
        found["area"] = _("The programme covers %(areas)s only.") % {
            "areas": ", ".join(a.name for a in sorted(areas, key=lambda a: a.name))}
    if programme.diagnosis_groups and diagnosis_group not in programme.diagnosis_groups:
        found["diagnosis_group"] = _("The programme is for these diagnosis groups: "
                                     "%(groups)s.") % {
            "groups": _labels(programme.diagnosis_groups, DiagnosisGroup)}
    if programme.social_situations and not set(social_situations) & set(
            programme.social_situations):
        found["social_situations"] = _("The programme is for people in one of these "
                                       "situations: %(situations)s.") % {
            "situations": _labels(programme.social_situations, SocialSituation)}
    if programme.languages and not set(languages) & set(programme.languages):
        found["languages"] = _("The programme is given in %(languages)s only.") % {
            "languages": ", ".join(programme.languages)}
    return found

