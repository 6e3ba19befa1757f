"""Norwegian rules: health communities (helsefellesskap), from 2020.

The 2019 agreement between the government and KS on health communities (part of the
National Health and Hospital Plan 2020–2023) sets the model: a partnership meeting
(partnerskapsmøte), a strategic collaboration committee (strategisk samarbeidsutval) and
professional collaboration committees (faglege samarbeidsutval), with user
representatives taking part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Seat
from klynge.governance.rules.base import Finding, Rule, Severity
from klynge.governance.rules.context import RuleContext

COMMUNITY_FROM = dt.date(2020, 1, 1)
COMMUNITY_SOURCE = (
    "Avtale mellom regjeringen og KS om innføring av helsefellesskap (October 2019), "
    "Nasjonal helse- og sykehusplan 2020–2023 (Meld. St. 7 (2019–2020)), as the platform "
    "reads them"
)
# The bodies "at every level" of a health community.
LEVEL_KINDS = (Body.Kind.POLITICAL, Body.Kind.STRATEGIC, Body.Kind.WORKING_GROUP)


class CommunityRule(Rule):
    kinds = (Collaboration.Kind.HEALTH_COMMUNITY,)
    countries = ("NO",)
    valid_from = COMMUNITY_FROM
    source = COMMUNITY_SOURCE


class CommunityPartners(CommunityRule):
    id = "no-community-partners"
    needs_structure = False
    severity = Severity.ERROR
    title = gettext_lazy("A health community has a health trust and municipalities as partners")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        name = context.collaboration.name
        if not context.partner_organisations(Organisation.Kind.REGION):
            yield self.finding(context, _("%(collaboration)s has no health trust as a partner.")
                               % {"collaboration": name})
        if not context.partner_organisations(Organisation.Kind.MUNICIPALITY):
            yield self.finding(context, _("%(collaboration)s has no municipality as a partner.")
                               % {"collaboration": name})


class CommunityLevels(CommunityRule):
    id = "no-community-levels"
    severity = Severity.ERROR
    title = gettext_lazy("A health community has a partnership meeting and a strategic committee")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        name = context.collaboration.name
        if not context.bodies_of_kind(Body.Kind.POLITICAL):
            yield self.finding(
                context, _("%(collaboration)s has no partnership meeting (political level).")
                % {"collaboration": name})
        if not context.bodies_of_kind(Body.Kind.STRATEGIC):
            yield self.finding(
                context, _("%(collaboration)s has no strategic collaboration committee.")
                % {"collaboration": name})


class CommunityUserRepresentatives(CommunityRule):
    id = "no-community-user-representatives"
    severity = Severity.ERROR
    title = gettext_lazy("A health community has user representatives at every level")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(*LEVEL_KINDS):
            if not any(seat.constituency in Seat.USER_CONSTITUENCIES
                       for seat in context.filled_seats(body)):
                yield self.finding(
                    context, _("%(body)s has no user representative.") % {"body": body.name},
                    body=body,
                )


NO_RULES: list[Rule] = [
    CommunityPartners(),
    CommunityLevels(),
    CommunityUserRepresentatives(),
]
