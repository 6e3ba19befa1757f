"""Danish rules: health clusters (sundhedsklynger, 2022–2026), health councils (sundhedsråd, 2027–).

The sources are cited as the platform reads them; see docs/governance-rules.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Seat
from klynge.governance.rules.base import Finding, Rule, Severity
from klynge.governance.rules.context import RuleContext

CLUSTER_FROM = dt.date(2022, 7, 1)
CLUSTER_TO = dt.date(2026, 12, 31)
COUNCIL_FROM = dt.date(2027, 1, 1)

CLUSTER_SOURCE = (
    "Aftale om sundhedsreform 2022 (May 2022) and Danske Regioner and KL's joint framework "
    "for sundhedsklynger (2022), as the platform reads them"
)
CLUSTER_MEMBERS_SOURCE = (
    CLUSTER_SOURCE + "; the regional sundhedsaftaler (2024–2027) and bekendtgørelse om "
    "sundhedskoordinationsudvalg og sundhedsaftaler for general practice and patients"
)
COUNCIL_SOURCE = (
    "Aftale om sundhedsreform 2024 (November 2024), as the platform reads it; the "
    "legislation implementing it may differ"
)


class ClusterRule(Rule):
    kinds = (Collaboration.Kind.HEALTH_CLUSTER,)
    countries = ("DK",)
    valid_from = CLUSTER_FROM
    valid_to = CLUSTER_TO
    source = CLUSTER_SOURCE


class CouncilRule(Rule):
    kinds = (Collaboration.Kind.HEALTH_COUNCIL,)
    countries = ("DK",)
    valid_from = COUNCIL_FROM
    source = COUNCIL_SOURCE


def _is_mayor_of_a_municipality(seat: Seat) -> bool:
    return (
        seat.capacity == Seat.Capacity.MAYOR
        and seat.represents is not None
        and seat.represents.kind == Organisation.Kind.MUNICIPALITY
    )


def _is_regional(seat: Seat) -> bool:
    return seat.represents is not None and seat.represents.kind == Organisation.Kind.REGION


REGIONAL_COUNCIL_CAPACITIES = (Seat.Capacity.REGIONAL_COUNCILLOR,
                               Seat.Capacity.REGIONAL_COUNCIL_CHAIR)


def _is_regional_councillor(seat: Seat) -> bool:
    return _is_regional(seat) and seat.capacity in REGIONAL_COUNCIL_CAPACITIES


def _is_general_practice(seat: Seat) -> bool:
    return (
        seat.constituency == Seat.Constituency.GENERAL_PRACTICE
        or seat.capacity == Seat.Capacity.GP
        or (seat.represents is not None
            and seat.represents.kind == Organisation.Kind.GENERAL_PRACTICE)
    )


def _is_patients_or_relatives(seat: Seat) -> bool:
    return seat.constituency in (Seat.Constituency.PATIENTS, Seat.Constituency.RELATIVES)


class ClusterPartners(ClusterRule):
    id = "dk-cluster-partners"
    needs_structure = False
    severity = Severity.ERROR
    title = gettext_lazy("A health cluster has a region and municipalities as partners")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        name = context.collaboration.name
        if not context.partner_organisations(Organisation.Kind.REGION):
            yield self.finding(context, _("%(collaboration)s has no region as a partner.") % {
                "collaboration": name})
        if not context.partner_organisations(Organisation.Kind.MUNICIPALITY):
            yield self.finding(
                context, _("%(collaboration)s has no municipality as a partner.") % {
                    "collaboration": name})


class ClusterLevels(ClusterRule):
    id = "dk-cluster-levels"
    severity = Severity.ERROR
    title = gettext_lazy("A health cluster has a political and a strategic level")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        name = context.collaboration.name
        if not context.bodies_of_kind(Body.Kind.POLITICAL):
            yield self.finding(context, _("%(collaboration)s has no political level.") % {
                "collaboration": name})
        if not context.bodies_of_kind(Body.Kind.STRATEGIC):
            yield self.finding(context, _("%(collaboration)s has no strategic level.") % {
                "collaboration": name})


class ClusterCoChairs(ClusterRule):
    """Two co-chairs on the political level: one from the region, one a mayor."""

    id = "dk-cluster-co-chairs"
    severity = Severity.ERROR
    title = gettext_lazy(
        "A health cluster's political level has two co-chairs: one regional, one a mayor"
    )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            co_chairs = [s for s in context.filled_seats(body) if s.role == Seat.Role.CO_CHAIR]
            count = len(co_chairs)
            if count == 0:
                yield self.finding(context, _(
                    "%(body)s has no co-chairs; a health cluster's political level has two, "
                    "one from the region and one a mayor."
                ) % {"body": body.name}, body=body)
                continue
            if count != 2:
                yield self.finding(context, ngettext(
                    "%(body)s has %(count)d co-chair; a health cluster's political level "
                    "has two.",
                    "%(body)s has %(count)d co-chairs; a health cluster's political level "
                    "has two.",
                    count,
                ) % {"body": body.name, "count": count}, body=body)
            if not any(_is_regional_councillor(seat) for seat in co_chairs):
                yield self.finding(context, _(
                    "%(body)s has no co-chair who is a member of the regional council."
                ) % {"body": body.name}, body=body)
            if not any(_is_mayor_of_a_municipality(seat) for seat in co_chairs):
                yield self.finding(context, _("%(body)s has no co-chair who is a mayor.") % {
                    "body": body.name}, body=body)


class ClusterMayors(ClusterRule):
    """Every member municipality has its mayor on the political level."""

    id = "dk-cluster-mayors"
    severity = Severity.ERROR
    title = gettext_lazy("Every member municipality has its mayor on the political level")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        political = context.bodies_of_kind(Body.Kind.POLITICAL)
        if not political:
            return  # reported once by dk-cluster-levels
        mayors_of = {
            seat.represents_id
            for seat in context.filled_seats_in(political)
            if seat.capacity == Seat.Capacity.MAYOR
        }
        for municipality in context.member_municipalities():
            if municipality.pk not in mayors_of:
                yield self.finding(
                    context,
                    _("%(municipality)s has no mayor on the political level.") % {
                        "municipality": municipality.name},
                    organisation=municipality,
                )


class ClusterGeneralPractice(ClusterRule):
    id = "dk-cluster-general-practice"
    severity = Severity.ERROR
    title = gettext_lazy("General practice has a seat on the strategic level")
    source = CLUSTER_MEMBERS_SOURCE

    def check(self, context: RuleContext) -> Iterator[Finding]:
        strategic = context.bodies_of_kind(Body.Kind.STRATEGIC)
        if strategic and not any(_is_general_practice(s) for s in
                                 context.filled_seats_in(strategic)):
            yield self.finding(
                context,
                _("General practice has no seat on the strategic level of %(collaboration)s.")
                % {"collaboration": context.collaboration.name},
                body=strategic[0],
            )


class ClusterPatients(ClusterRule):
    id = "dk-cluster-patients"
    severity = Severity.ERROR
    title = gettext_lazy("Patients or relatives have a seat on the strategic level")
    source = CLUSTER_MEMBERS_SOURCE

    def check(self, context: RuleContext) -> Iterator[Finding]:
        strategic = context.bodies_of_kind(Body.Kind.STRATEGIC)
        if strategic and not any(_is_patients_or_relatives(s) for s in
                                 context.filled_seats_in(strategic)):
            yield self.finding(
                context,
                _("Neither patients nor relatives have a seat on the strategic level of "
                  "%(collaboration)s.") % {"collaboration": context.collaboration.name},
                body=strategic[0],
            )


class CouncilBody(CouncilRule):
    id = "dk-council-body"
    severity = Severity.ERROR
    title = gettext_lazy("A health council has its council (the political level)")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        if not context.bodies_of_kind(Body.Kind.POLITICAL):
            yield self.finding(
                context, _("%(collaboration)s has no council (political level).") % {
                    "collaboration": context.collaboration.name})


class CouncilMunicipalities(CouncilRule):
    """Every member municipality has a seat on the council, in any capacity."""

    id = "dk-council-municipalities"
    severity = Severity.ERROR
    title = gettext_lazy("Every member municipality is represented on the health council")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        political = context.bodies_of_kind(Body.Kind.POLITICAL)
        if not political:
            return  # reported once by dk-council-body
        represented = {seat.represents_id for seat in context.filled_seats_in(political)}
        for municipality in context.member_municipalities():
            if municipality.pk not in represented:
                yield self.finding(
                    context,
                    _("%(municipality)s is not represented on the health council.") % {
                        "municipality": municipality.name},
                    organisation=municipality,
                )


class CouncilRegion(CouncilRule):
    id = "dk-council-region"
    severity = Severity.ERROR
    title = gettext_lazy("The region is represented on the health council")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        political = context.bodies_of_kind(Body.Kind.POLITICAL)
        if political and not any(_is_regional(s) for s in context.filled_seats_in(political)):
            yield self.finding(
                context, _("The region is not represented on %(body)s.") % {
                    "body": political[0].name}, body=political[0])


DK_RULES: list[Rule] = [
    ClusterPartners(),
    ClusterLevels(),
    ClusterCoChairs(),
    ClusterMayors(),
    ClusterGeneralPractice(),
    ClusterPatients(),
    CouncilBody(),
    CouncilMunicipalities(),
    CouncilRegion(),
]
