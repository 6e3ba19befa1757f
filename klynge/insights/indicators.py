"""What the engine's indicators are called and measured in, in the interface's languages
(docs/indicators.md is their specification). The engine's identifiers stay as they are in
files and exports; pages show these labels beside them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

COUNT, PER_1000, SHARE, RATIO = "count", "per_1000", "share", "ratio"


@dataclass(frozen=True)
class Indicator:
    label: str | Promise
    unit: str | Promise
    kind: str


BASE = {
    "population": Indicator(_("Population"), _("persons"), COUNT),
    "old_age_dependency": Indicator(_("Old-age dependency ratio"),
                                    _("residents 65+ per 100 aged 20–64"), RATIO),
    "births": Indicator(_("Births"), _("per 1,000 women aged 15–49"), PER_1000),
    "deaths": Indicator(_("Deaths"), _("per 1,000 residents"), PER_1000),
    "out_migrations": Indicator(_("Moves out"), _("per 1,000 residents"), PER_1000),
    "in_migrations": Indicator(_("Moves in"), _("per 1,000 residents"), PER_1000),
    "acute_admissions_65": Indicator(_("Acute admissions, 65+"),
                                     _("per 1,000 residents 65+"), PER_1000),
    "preventable_admissions_65": Indicator(_("Preventable admissions, 65+"),
                                           _("per 1,000 residents 65+"), PER_1000),
    "readmissions_30d_65": Indicator(_("Readmissions within 30 days, 65+"),
                                     _("share of stays"), SHARE),
    "bed_days_awaiting_65": Indicator(_("Bed days awaiting discharge, 65+"),
                                      _("per 1,000 residents 65+"), PER_1000),
    "gp_fte_per_1000": Indicator(_("General practitioners (full-time equivalents)"),
                                 _("per 1,000 residents"), PER_1000),
    "listed_per_gp_fte": Indicator(_("Listed persons per full-time general practitioner"),
                                   _("persons"), RATIO),
    "closed_list_share": Indicator(_("Listed with a practice closed to new patients"),
                                   _("share of residents"), SHARE),
    "public_clinic_share": Indicator(_("Listed with a regional or municipal clinic"),
                                     _("share of residents"), SHARE),
    "unlisted_share": Indicator(_("Not listed with a general practice"),
                                _("share of residents"), SHARE),
    "home_care_65": Indicator(_("Home care, 65+"), _("share of residents 65+"), SHARE),
    "home_care_80": Indicator(_("Home care, 80+"), _("share of residents 80+"), SHARE),
}
CONDITIONS = {
    "diabetes": _("diabetes"), "copd": _("COPD"), "heart_failure": _("heart failure"),
    "dementia": _("dementia"), "asthma": _("asthma"), "osteoporosis": _("osteoporosis"),
    "rheumatoid_arthritis": _("rheumatoid arthritis"),
}
STANDARDISED, INEQUALITY = "_std", "_inequality"


def describe(indicator_id: str) -> Indicator:
    """The label, unit and kind of an output indicator: a base one, a chronic condition,
    or either's age-standardised rate or inequality by education."""
    if indicator_id.endswith(STANDARDISED):
        base = describe(indicator_id.removesuffix(STANDARDISED))
        return Indicator(gettext("%(indicator)s, age-standardised") % {
            "indicator": base.label}, base.unit, base.kind)
    if indicator_id.endswith(INEQUALITY):
        base = describe(indicator_id.removesuffix(INEQUALITY))
        return Indicator(gettext("%(indicator)s, inequality by education") % {
            "indicator": base.label}, _("lowest over highest education"), RATIO)
    if indicator_id in BASE:
        return BASE[indicator_id]
    condition = indicator_id.removeprefix("chronic_")
    if indicator_id.startswith("chronic_"):
        name = CONDITIONS.get(condition, condition.replace("_", " "))
        return Indicator(gettext("Living with %(condition)s") % {"condition": name},
                         _("per 1,000 residents"), PER_1000)
    return Indicator(indicator_id, "", RATIO)


def shown(value: float | None, kind: str) -> str:
    """A value as a page shows it, in the language's number format (the engine gives
    shares in per cent already)."""
    if value is None:
        return ""
    # number_format cuts decimals off; round first (half to even, as Python does).
    if kind == COUNT:
        return number_format(round(value), decimal_pos=0, force_grouping=True)
    text = number_format(round(value, 1), decimal_pos=1, force_grouping=True)
    return f"{text} %" if kind == SHARE else text

BREAKDOWNS = {"total": _("Total"), "age_band": _("Age"),
              "age5": _("Five-year age"), "age5_sex": _("Age and sex"), "sex": _("Sex"),
              "education": _("Education")}
GROUP_LABELS = {("sex", "F"): _("women"), ("sex", "M"): _("men"),
                ("education", "low"): _("short education"),
                ("education", "medium"): _("medium education"),
                ("education", "high"): _("long education"),
                ("education", "unknown"): _("education unknown")}
GROUP_ORDER = {"F": 0, "M": 1, "low": 0, "medium": 1, "high": 2, "unknown": 3}


def group_label(group_by: str, group: str) -> str | Promise:
    """A breakdown's group as pages show it (ages with an en dash; ``65-69/F``: "65–69,
    women")."""
    if group_by == "age5_sex" and "/" in group:
        age, sex = group.split("/", 1)
        return f"{age.replace('-', '–')}, {GROUP_LABELS.get(('sex', sex), sex)}"
    return GROUP_LABELS.get((group_by, group), group.replace("-", "–"))


def group_order(group: str) -> tuple[int, str]:
    """Ages by their first year (then women before men), sexes and educations in a fixed
    order."""
    head = group.split("/")[0].split("-")[0].rstrip("+")
    if head.isdigit():
        return int(head), group
    return GROUP_ORDER.get(group, 99), group
