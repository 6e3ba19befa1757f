"""Danish health councils (sundhedsråd): the preparatory council of 2026 and the council from
2027-01-01.

A council is one collaboration with a preparatory phase (``Collaboration.preparatory_until``):
during the phase it is judged by the preparatory-council rules of the transition act (lov nr.
699 af 20. juni 2025), after it by the council rules of regionsloven as amended by L 214
(2024-25). The council proper is a body of kind political.

What was read: regionsloven § 15 as consolidated (stk. 2: »sundhedsrådenes formænd«; stk. 4:
»regionale medlemmer af sundhedsrådet«; stk. 6: »sundhedsrådenes næstformænd«), and
overgangsloven § 182, stk. 2 (members of a preparatory council who represent a municipal
council, »jf. § 32, stk. 2, nr. 3, og § 78, stk. 2, nr. 3«). Not read: regionsloven §§ 14 a-14 p
and overgangsloven §§ 32 and 78, so the composition (how many members, whether municipal
members are mayors, whether every municipality has one, who may chair) is either reported as
unverified information or not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.governance.models import Body, Seat
from klynge.governance.rules.base import Finding, Rule, Severity
from klynge.governance.rules.context import RuleContext
from klynge.governance.rules.dk_common import (
    L214_URL,
    CouncilRule,
    PreparatoryCouncilRule,
    is_regional,
)

L214 = "L 214, 2024-25"
TRANSITION_ACT = "lov nr. 699 af 20. juni 2025 (overgangsloven)"


class CouncilBody(CouncilRule):
    id = "dk-council-body"
    severity = Severity.ERROR
    title = gettext_lazy("A health council has its council (the political level)")
    citation = f"regionsloven § 15, stk. 2 (as amended by {L214})"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        if not context.bodies_of_kind(Body.Kind.POLITICAL):
            yield self.finding(
                context, _("%(collaboration)s has no council (political level).") % {
                    "collaboration": context.collaboration.name})


class CouncilChairs(CouncilRule):
    """One chair and one vice-chair."""

    id = "dk-council-chair"
    severity = Severity.ERROR
    title = gettext_lazy("A health council has a chair and a vice-chair")
    citation = f"regionsloven § 15, stk. 2 and 6 (as amended by {L214})"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            seats = context.filled_seats(body)
            chairs = sum(1 for seat in seats if seat.role == Seat.Role.CHAIR)
            vice_chairs = sum(1 for seat in seats if seat.role == Seat.Role.VICE_CHAIR)
            values = {"body": body.name, "count": chairs}
            if chairs == 0:
                yield self.finding(context, _(
                    "%(body)s has no chair; a health council has a chair and a vice-chair."
                ) % values, body=body)
            elif chairs > 1:
                yield self.finding(context, ngettext(
                    "%(body)s has %(count)d chair; a health council has one.",
                    "%(body)s has %(count)d chairs; a health council has one.", chairs,
                ) % values, body=body)
            values["count"] = vice_chairs
            if vice_chairs == 0:
                yield self.finding(context, _(
                    "%(body)s has no vice-chair; a health council has a chair and a "
                    "vice-chair."
                ) % values, body=body)
            elif vice_chairs > 1:
                yield self.finding(context, ngettext(
                    "%(body)s has %(count)d vice-chair; a health council has one.",
                    "%(body)s has %(count)d vice-chairs; a health council has one.",
                    vice_chairs,
                ) % values, body=body)


class CouncilNoCoChairs(CouncilRule):
    """A council is led by a chair and a vice-chair, not by co-chairs as a cluster was."""

    id = "dk-council-no-co-chairs"
    severity = Severity.ERROR
    title = gettext_lazy("A health council has no co-chairs")
    citation = f"regionsloven § 15, stk. 2 and 6 (as amended by {L214})"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            for seat in context.active_seats(body):
                if seat.role == Seat.Role.CO_CHAIR:
                    yield self.finding(context, _(
                        "A seat in %(body)s is a co-chair; a health council has a chair and a "
                        "vice-chair, not co-chairs."
                    ) % {"body": body.name}, seat=seat, organisation=seat.represents)


class CouncilRegion(CouncilRule):
    id = "dk-council-region"
    severity = Severity.ERROR
    title = gettext_lazy("The region has members on the health council")
    citation = f"regionsloven § 15, stk. 4 (as amended by {L214})"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.POLITICAL):
            if not any(is_regional(seat) for seat in context.filled_seats(body)):
                yield self.finding(context, _(
                    "The region is not represented on %(body)s."
                ) % {"body": body.name}, body=body)


class CouncilMunicipalities(CouncilRule):
    """Every member municipality has a seat on the council, in any capacity."""

    id = "dk-council-municipalities"
    severity = Severity.INFO
    verified = False
    unverified_reason = (
        "regionsloven §§ 14 a-14 p (the council's composition) were not read; that the "
        "council has members besides its regional ones is implied by § 15, stk. 4, and one "
        "member per municipality is said only in news reports of the 2024 proposal"
    )
    title = gettext_lazy("Every member municipality is represented on the health council "
                         "(unverified)")
    citation = f"regionsloven §§ 14 a-14 p ({L214}; not read)"
    source_url = L214_URL

    def check(self, context: RuleContext) -> Iterator[Finding]:
        yield from _unrepresented_municipalities(self, context, _(
            "%(municipality)s is not represented on the health council. Whether the law "
            "gives every municipality a member is unverified."))


class PreparatoryCouncilBody(PreparatoryCouncilRule):
    id = "dk-preparatory-council-body"
    severity = Severity.ERROR
    title = gettext_lazy("A health council in its preparatory phase has a preparatory council")
    citation = f"{TRANSITION_ACT} § 182, stk. 2, with §§ 32 and 78"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        if not context.bodies_of_kind(Body.Kind.POLITICAL):
            yield self.finding(context, _(
                "%(collaboration)s has no preparatory council (political level) in its "
                "preparatory phase."
            ) % {"collaboration": context.collaboration.name})


class PreparatoryCouncilMunicipalities(PreparatoryCouncilRule):
    id = "dk-preparatory-council-municipalities"
    severity = Severity.INFO
    verified = False
    unverified_reason = (
        "overgangsloven § 32, stk. 2, nr. 3 and § 78, stk. 2, nr. 3 (members who represent a "
        "municipal council) are known only from § 182, stk. 2; their text was not read"
    )
    title = gettext_lazy("Every member municipality is represented on the preparatory council "
                         "(unverified)")
    citation = f"{TRANSITION_ACT} § 32, stk. 2, nr. 3 and § 78, stk. 2, nr. 3 (not read)"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        yield from _unrepresented_municipalities(self, context, _(
            "%(municipality)s is not represented on the preparatory council. The transition "
            "act has members who represent a municipal council; whether every municipality "
            "has one is unverified."))


def _unrepresented_municipalities(rule: Rule, context: RuleContext,
                                  message: str) -> Iterator[Finding]:
    """A finding for each member municipality without a held seat on the council body."""
    political = context.bodies_of_kind(Body.Kind.POLITICAL)
    if not political:
        return  # reported once by the rule about the council body
    represented = {seat.represents_id for seat in context.filled_seats_in(political)}
    for municipality in context.member_municipalities():
        if municipality.pk not in represented:
            yield rule.finding(context, message % {"municipality": municipality.name},
                               organisation=municipality)


COUNCIL_RULES: list[Rule] = [
    CouncilBody(),
    CouncilChairs(),
    CouncilNoCoChairs(),
    CouncilRegion(),
    CouncilMunicipalities(),
    PreparatoryCouncilBody(),
    PreparatoryCouncilMunicipalities(),
]
