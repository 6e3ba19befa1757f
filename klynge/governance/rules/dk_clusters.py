"""Danish health clusters (sundhedsklynger), 2022-07-01 to 2026-12-31.

Sundhedsloven § 203 as amended by L 191 (2021-22), read in the bill as fremsat, which was
adopted unchanged:

- stk. 2: the regional council and the municipal councils set up a cluster around each
  acute hospital, a collaboration of region, municipalities and general practice;
- stk. 4, 2. pkt.: »Det politiske niveau består af regionsrådsmedlemmer, heriblandt
  regionsrådsformanden, borgmestrene for de deltagende kommunalbestyrelser og
  repræsentanter for almen praksis.«
- stk. 4, 3. pkt.: »Det faglige strategiske niveau består af repræsentanter for henholdsvis
  regionen, herunder det psykiatriske område, de deltagende kommuner, almen praksis samt
  repræsentanter for patienter og pårørende.«

Not read, and so only reported as information: the enacted stk. 5 (two equal chairs; read
in the hearing draft only), whether every municipality must have its own representative on
the strategic level, and whether a committee mayor may sit in a mayor's place.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.collaborations.models import Organisation
from klynge.governance.models import Body, Seat
from klynge.governance.rules.base import Finding, Rule, Severity
from klynge.governance.rules.context import RuleContext, seat_label
from klynge.governance.rules.dk_common import (
    CLUSTER_ACT,
    CLUSTER_ORDER,
    L191,
    L191_HEARING_DRAFT_URL,
    ClusterRule,
    is_committee_mayor_with_several_mayors,
    is_general_practice,
    is_mayor,
    is_member,
    is_patients_or_relatives,
    is_regional,
    is_regional_council_chair,
    is_regional_councillor,
)

STK_2 = f"sundhedsloven § 203, stk. 2 ({L191})"
STK_4_POLITICAL = f"sundhedsloven § 203, stk. 4, 2. pkt. ({L191})"
STK_4_STRATEGIC = f"sundhedsloven § 203, stk. 4, 3. pkt. ({L191})"


class ClusterPartners(ClusterRule):
    id = "dk-cluster-partners"
    needs_structure = False
    severity = Severity.ERROR
    title = gettext_lazy("A health cluster has a region and municipalities as partners")
    citation = STK_2

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
    title = gettext_lazy("A health cluster has a political and a professional-strategic level")
    citation = (f"sundhedsloven § 203, stk. 4, 2. and 3. pkt. ({L191}); bekendtgørelse nr. 1248 "
                "af 5. september 2022, § 2, stk. 1 (number not confirmed; read in its draft)")
    source = f"{CLUSTER_ACT}; {CLUSTER_ORDER}"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        name = context.collaboration.name
        if not context.bodies_of_kind(Body.Kind.POLITICAL):
            yield self.finding(context, _("%(collaboration)s has no political level.") % {
                "collaboration": name})
        if not context.bodies_of_kind(Body.Kind.STRATEGIC):
            yield self.finding(context, _("%(collaboration)s has no strategic level.") % {
                "collaboration": name})


class ClusterPoliticalRegion(ClusterRule):
    """Members of the regional council, among them its chair, on the political level."""

    id = "dk-cluster-political-region"
    severity = Severity.ERROR
    title = gettext_lazy("Members of the regional council, its chair among them, sit on the "
                         "political level")
    citation = STK_4_POLITICAL

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            seats = context.filled_seats(body)
            if not any(is_regional_council_chair(seat) for seat in seats):
                yield self.finding(context, _(
                    "The chair of the regional council has no seat on %(body)s."
                ) % {"body": body.name}, body=body)
            count = sum(1 for seat in seats if is_regional_councillor(seat))
            if count < 2:
                yield self.finding(context, ngettext(
                    "%(body)s has %(count)d member of the regional council; the law names "
                    "members of the regional council, its chair among them.",
                    "%(body)s has %(count)d members of the regional council; the law names "
                    "members of the regional council, its chair among them.",
                    count,
                ) % {"body": body.name, "count": count}, body=body)


class ClusterMayors(ClusterRule):
    """Every member municipality has its mayor on the political level."""

    id = "dk-cluster-mayors"
    severity = Severity.ERROR
    title = gettext_lazy("Every member municipality has its mayor on the political level")
    citation = STK_4_POLITICAL

    def check(self, context: RuleContext) -> Iterator[Finding]:
        political = context.bodies_of_kind(Body.Kind.POLITICAL)
        if not political:
            return  # reported once by dk-cluster-levels
        seats = context.filled_seats_in(political)
        mayors_of = {seat.represents_id for seat in seats if is_mayor(seat)}
        # A committee mayor of a municipality with several mayors is reported, as
        # unverified, by dk-cluster-committee-mayor instead.
        open_question = {seat.represents_id for seat in seats
                         if is_committee_mayor_with_several_mayors(seat)}
        for municipality in context.member_municipalities():
            if municipality.pk not in mayors_of | open_question:
                yield self.finding(
                    context,
                    _("%(municipality)s has no mayor on the political level.") % {
                        "municipality": municipality.name},
                    organisation=municipality,
                )


class ClusterCommitteeMayor(ClusterRule):
    """A committee mayor in the mayor's place, in a municipality with several mayors."""

    id = "dk-cluster-committee-mayor"
    severity = Severity.INFO
    verified = False
    unverified_reason = (
        "No text allowing a committee mayor, alderman or other representative in the mayor's "
        "place was found; § 203, stk. 4 names »borgmestrene for de deltagende "
        "kommunalbestyrelser«, and kommunestyrelsesloven § 64 a, stk. 5 lets committee "
        "chairs in København carry the title borgmester"
    )
    title = gettext_lazy("A committee mayor sits in the mayor's place (unverified)")
    citation = f"{STK_4_POLITICAL}; kommunestyrelsesloven § 64 a"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        political = context.bodies_of_kind(Body.Kind.POLITICAL)
        mayors_of = {seat.represents_id for seat in context.filled_seats_in(political)
                     if is_mayor(seat)}
        for body in political:
            for seat in context.filled_seats(body):
                if (not is_committee_mayor_with_several_mayors(seat)
                        or seat.represents_id in mayors_of):
                    continue
                yield self.finding(context, _(
                    "%(person)s sits on %(body)s for %(municipality)s as a committee mayor, "
                    "not as its mayor. Whether the law allows this is unverified: the text "
                    "read names the mayors."
                ) % {"person": seat_label(seat), "body": body.name,
                     "municipality": seat.represents.name},  # type: ignore[union-attr]
                    seat=seat, organisation=seat.represents)


class ClusterPoliticalGeneralPractice(ClusterRule):
    id = "dk-cluster-political-general-practice"
    severity = Severity.ERROR
    title = gettext_lazy("General practice has a seat on the political level")
    citation = STK_4_POLITICAL

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            if not any(is_general_practice(seat) for seat in context.filled_seats(body)):
                yield self.finding(context, _(
                    "General practice has no seat on %(body)s."
                ) % {"body": body.name}, body=body)


class ClusterPoliticalMembers(ClusterRule):
    """Nobody else sits on the political level: the law says whom it consists of."""

    id = "dk-cluster-political-members"
    severity = Severity.ERROR
    title = gettext_lazy("Only members of the regional council, mayors and general practice "
                         "sit on the political level")
    citation = STK_4_POLITICAL

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            for seat in context.filled_seats(body):
                if not is_member(seat) or _may_sit_on_political_level(seat):
                    continue
                yield self.finding(context, _(
                    "%(person)s sits on %(body)s as %(capacity)s (%(role)s), but the "
                    "political level consists of members of the regional council, the "
                    "mayors and representatives of general practice."
                ) % {"person": seat_label(seat), "body": body.name,
                     "capacity": seat.get_capacity_display(), "role": seat.get_role_display()},
                    seat=seat, organisation=seat.represents)


def _may_sit_on_political_level(seat: Seat) -> bool:
    return (is_regional_councillor(seat) or is_mayor(seat) or is_general_practice(seat)
            or is_committee_mayor_with_several_mayors(seat))


class ClusterCoChairs(ClusterRule):
    """Two equal chairs: one among the regional council's members, one among the mayors."""

    id = "dk-cluster-co-chairs"
    severity = Severity.INFO
    verified = False
    unverified_reason = (
        "§ 203, stk. 5 (»to ligeværdige formænd, som vælges henholdsvis blandt regionsrådets "
        "repræsentanter og blandt borgmestrene«) was read only in the hearing draft of "
        "18 February 2022; the bill as fremsat and the enacted text were not read there"
    )
    title = gettext_lazy("A health cluster has two co-chairs: a member of the regional council "
                         "and a mayor (unverified)")
    citation = f"sundhedsloven § 203, stk. 5 ({L191}; hearing draft, enacted wording not read)"
    source_url = L191_HEARING_DRAFT_URL

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            co_chairs = [s for s in context.filled_seats(body) if s.role == Seat.Role.CO_CHAIR]
            yield from self._check_body(context, body, co_chairs)

    def _check_body(self, context: RuleContext, body: Body,
                    co_chairs: list[Seat]) -> Iterator[Finding]:
        values = {"body": body.name, "count": len(co_chairs)}
        if not co_chairs:
            yield self.finding(context, _(
                "%(body)s has no co-chairs. The hearing draft of the law asks for two, one a "
                "member of the regional council and one a mayor; the enacted wording is "
                "unverified."
            ) % values, body=body)
            return
        if len(co_chairs) != 2:
            yield self.finding(context, ngettext(
                "%(body)s has %(count)d co-chair. The hearing draft of the law asks for two; "
                "the enacted wording is unverified.",
                "%(body)s has %(count)d co-chairs. The hearing draft of the law asks for two; "
                "the enacted wording is unverified.",
                len(co_chairs),
            ) % values, body=body)
        if not any(is_regional_councillor(seat) for seat in co_chairs):
            yield self.finding(context, _(
                "%(body)s has no co-chair who is a member of the regional council. The "
                "hearing draft of the law asks for one; the enacted wording is unverified."
            ) % values, body=body)
        if not any(is_mayor(s) or is_committee_mayor_with_several_mayors(s) for s in co_chairs):
            yield self.finding(context, _(
                "%(body)s has no co-chair who is a mayor. The hearing draft of the law asks "
                "for one; the enacted wording is unverified."
            ) % values, body=body)


class ClusterStrategicRegion(ClusterRule):
    id = "dk-cluster-strategic-region"
    severity = Severity.ERROR
    title = gettext_lazy("The region, psychiatry included, is represented on the strategic "
                         "level")
    citation = STK_4_STRATEGIC

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.STRATEGIC):
            regional = [seat for seat in context.filled_seats(body) if is_regional(seat)]
            if not regional:
                yield self.finding(context, _(
                    "The region is not represented on %(body)s."
                ) % {"body": body.name}, body=body)
            if not any(seat.constituency == Seat.Constituency.PSYCHIATRY for seat in regional):
                yield self.finding(context, _(
                    "Psychiatry has no seat for the region on %(body)s."
                ) % {"body": body.name}, body=body)


class ClusterStrategicMunicipalities(ClusterRule):
    id = "dk-cluster-strategic-municipalities"
    severity = Severity.INFO
    verified = False
    unverified_reason = (
        "§ 203, stk. 4, 3. pkt. names representatives of »de deltagende kommuner«; that every "
        "member municipality has its own representative is not explicit in the text read"
    )
    title = gettext_lazy("Every member municipality is represented on the strategic level "
                         "(unverified)")
    citation = STK_4_STRATEGIC

    def check(self, context: RuleContext) -> Iterator[Finding]:
        strategic = context.bodies_of_kind(Body.Kind.STRATEGIC)
        if not strategic:
            return  # reported once by dk-cluster-levels
        represented = {seat.represents_id for seat in context.filled_seats_in(strategic)}
        for municipality in context.member_municipalities():
            if municipality.pk not in represented:
                yield self.finding(context, _(
                    "%(municipality)s is not represented on the strategic level. The law "
                    "names representatives of the participating municipalities; whether each "
                    "must have one is unverified."
                ) % {"municipality": municipality.name}, organisation=municipality)


class ClusterGeneralPractice(ClusterRule):
    id = "dk-cluster-general-practice"
    severity = Severity.ERROR
    title = gettext_lazy("General practice has a seat on the strategic level")
    citation = STK_4_STRATEGIC

    def check(self, context: RuleContext) -> Iterator[Finding]:
        strategic = context.bodies_of_kind(Body.Kind.STRATEGIC)
        if strategic and not any(is_general_practice(s) for s in
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
    citation = STK_4_STRATEGIC

    def check(self, context: RuleContext) -> Iterator[Finding]:
        strategic = context.bodies_of_kind(Body.Kind.STRATEGIC)
        if strategic and not any(is_patients_or_relatives(s) for s in
                                 context.filled_seats_in(strategic)):
            yield self.finding(
                context,
                _("Neither patients nor relatives have a seat on the strategic level of "
                  "%(collaboration)s.") % {"collaboration": context.collaboration.name},
                body=strategic[0],
            )


CLUSTER_RULES: list[Rule] = [
    ClusterPartners(),
    ClusterLevels(),
    ClusterPoliticalRegion(),
    ClusterMayors(),
    ClusterCommitteeMayor(),
    ClusterPoliticalGeneralPractice(),
    ClusterPoliticalMembers(),
    ClusterCoChairs(),
    ClusterStrategicRegion(),
    ClusterStrategicMunicipalities(),
    ClusterGeneralPractice(),
    ClusterPatients(),
]
