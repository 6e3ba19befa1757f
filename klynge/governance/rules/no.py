"""Norwegian rules: health communities (helsefellesskap), from 2020.

The sources that could be read:

- Prop. 102 L (2020-2021), kap. 2, on the agreement of 23 October 2019 between the
  government and KS on 19 health communities: »I helsefellesskapene skal representanter fra
  kommuner, helseforetak, fastleger og brukere planlegge og utvikle helse- og
  omsorgstjenester i fellesskap.«
- KS' guidance on GPs in health communities, quoting the agreement: GPs take part on all
  three levels, »partnerskapsmøtet, strategisk samarbeidsutvalg og faglige samarbeidsutvalg«.
- The Bergen area health community's guideline on participation and representation (SSU,
  30 November 2022): every municipality represented in the structure, the specialist health
  service where the hospitals have a catchment responsibility, users on every collaborative
  body at every level, GPs »så langt det er mogleg«; for networks and time-limited working
  groups only recommended.

The agreement's own text was not read, and no 2024 agreement between the government and KS
was found (the National Health and Collaboration Plan 2024-2027 was); the rules cite what
could be read. The Bergen guideline is one community's; the platform applies it to every
health community as its reading of the agreement's principles, which the guideline follows.
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
AGREEMENT = ("Avtale mellom regjeringen og KS om helsefellesskap (23 October 2019), "
             "vedlegg til Meld. St. 7 (2019-2020); its own text was not read, and a 2024 "
             "agreement was not found")
PROP_102_URL = "https://www.regjeringen.no/no/dokumenter/prop.-102-l-20202021/id2838066/?ch=2"
KS_GP_URL = ("https://www.ks.no/fagomrader/helse-og-omsorg/legetjenester/"
             "veileder-om-fastlegers-deltakelse-i-helsefellesskap/")
BERGEN_GUIDELINE_URL = ("https://www.saman.no/avtalar/retningsline-for-deltaking-og-"
                        "representasjon-i-helsefellesskapet-i-bergensomradet/")
BERGEN_GUIDELINE = ("Retningsline for deltaking og representasjon i Helsefellesskapet i "
                    "Bergensområdet (SSU, 30 November 2022)")
GUIDELINE_SOURCE = (f"{BERGEN_GUIDELINE}, which follows the principles of the {AGREEMENT}; "
                    "applied to every health community as the platform's reading")

# The standing collaborative bodies (samarbeidsorgan) and the three levels of the agreement.
STANDING_KINDS = (Body.Kind.POLITICAL, Body.Kind.STRATEGIC, Body.Kind.STEERING,
                  Body.Kind.USER_PANEL)
LEVEL_KINDS = (Body.Kind.POLITICAL, Body.Kind.STRATEGIC, Body.Kind.WORKING_GROUP)
SPECIALIST_KINDS = (Organisation.Kind.REGION, Organisation.Kind.HOSPITAL)


class CommunityRule(Rule):
    kinds = (Collaboration.Kind.HEALTH_COMMUNITY,)
    countries = ("NO",)
    valid_from = COMMUNITY_FROM
    source = GUIDELINE_SOURCE
    source_url = BERGEN_GUIDELINE_URL


def _has_user(context: RuleContext, body: Body) -> bool:
    return any(seat.constituency in Seat.USER_CONSTITUENCIES
               for seat in context.filled_seats(body))


def _represented(context: RuleContext) -> set[int]:
    """The organisations a held seat represents, anywhere in the structure."""
    return {seat.represents_id for seat in context.filled_seats_in(context.bodies)
            if seat.represents_id is not None}


class CommunityPartners(CommunityRule):
    id = "no-community-partners"
    needs_structure = False
    severity = Severity.ERROR
    title = gettext_lazy("A health community has a health trust and municipalities as partners")
    citation = "Prop. 102 L (2020-2021), kap. 2"
    source = f"Prop. 102 L (2020-2021), kap. 2, on the {AGREEMENT}"
    source_url = PROP_102_URL

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
    title = gettext_lazy("A health community has a partnership meeting, a strategic committee "
                         "and professional committees")
    citation = ("Avtale mellom regjeringen og KS om helsefellesskap (2019), its three levels, "
                "as quoted by KS")
    source = f"KS, Veileder om fastlegers deltakelse i helsefellesskap, quoting the {AGREEMENT}"
    source_url = KS_GP_URL

    def check(self, context: RuleContext) -> Iterator[Finding]:
        values = {"collaboration": context.collaboration.name}
        if not context.bodies_of_kind(Body.Kind.POLITICAL):
            yield self.finding(context, _(
                "%(collaboration)s has no partnership meeting (political level).") % values)
        if not context.bodies_of_kind(Body.Kind.STRATEGIC):
            yield self.finding(context, _(
                "%(collaboration)s has no strategic collaboration committee.") % values)
        if not context.bodies_of_kind(Body.Kind.WORKING_GROUP):
            yield self.finding(context, _(
                "%(collaboration)s has no professional collaboration committee (working "
                "group).") % values)


class CommunityUserRepresentatives(CommunityRule):
    id = "no-community-user-representatives"
    severity = Severity.ERROR
    title = gettext_lazy("Every standing body of a health community has a user representative")
    citation = f"{BERGEN_GUIDELINE}: users on every collaborative body at every level"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(*STANDING_KINDS):
            if not _has_user(context, body):
                yield self.finding(
                    context, _("%(body)s has no user representative.") % {"body": body.name},
                    body=body,
                )


class CommunityWorkingGroupUsers(CommunityRule):
    id = "no-community-working-group-users"
    severity = Severity.WARNING
    title = gettext_lazy("A health community's working groups have a user representative "
                         "where possible")
    citation = f"{BERGEN_GUIDELINE}: recommended for time-limited working groups"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(Body.Kind.WORKING_GROUP):
            if not _has_user(context, body):
                yield self.finding(context, _(
                    "%(body)s has no user representative; for a working group it is "
                    "recommended as far as possible."
                ) % {"body": body.name}, body=body)


class CommunityMunicipalities(CommunityRule):
    id = "no-community-municipalities"
    severity = Severity.ERROR
    title = gettext_lazy("Every member municipality is represented in a health community's "
                         "structure")
    citation = f"{BERGEN_GUIDELINE}: every municipality represented in the structure"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        represented = _represented(context)
        for municipality in context.member_municipalities():
            if municipality.pk not in represented:
                yield self.finding(context, _(
                    "%(municipality)s is not represented in any body of %(collaboration)s."
                ) % {"municipality": municipality.name,
                     "collaboration": context.collaboration.name}, organisation=municipality)


class CommunityHospitals(CommunityRule):
    id = "no-community-hospitals"
    severity = Severity.ERROR
    title = gettext_lazy("The health trust and every hospital partner are represented in a "
                         "health community's structure")
    citation = (f"{BERGEN_GUIDELINE}: the specialist health service represented where the "
                "hospitals have a catchment responsibility")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        represented = _represented(context)
        for kind in SPECIALIST_KINDS:
            for organisation in context.partner_organisations(kind):
                if organisation.pk not in represented:
                    yield self.finding(context, _(
                        "%(organisation)s is a partner but is not represented in any body of "
                        "%(collaboration)s."
                    ) % {"organisation": organisation.name,
                         "collaboration": context.collaboration.name})


class CommunityGeneralPractitioners(CommunityRule):
    id = "no-community-general-practitioners"
    severity = Severity.WARNING
    title = gettext_lazy("A general practitioner sits on every level of a health community "
                         "where possible")
    citation = f"{BERGEN_GUIDELINE}: GPs »så langt det er mogleg«; KS on the agreement"
    source = f"{GUIDELINE_SOURCE}; KS, Veileder om fastlegers deltakelse i helsefellesskap"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies_of_kind(*LEVEL_KINDS):
            if not any(_is_gp(seat) for seat in context.filled_seats(body)):
                yield self.finding(context, _(
                    "%(body)s has no general practitioner; the health community should have "
                    "one on every level as far as possible."
                ) % {"body": body.name}, body=body)


def _is_gp(seat: Seat) -> bool:
    return (seat.capacity == Seat.Capacity.GP
            or seat.constituency == Seat.Constituency.GENERAL_PRACTICE)


NO_RULES: list[Rule] = [
    CommunityPartners(),
    CommunityLevels(),
    CommunityUserRepresentatives(),
    CommunityWorkingGroupUsers(),
    CommunityMunicipalities(),
    CommunityHospitals(),
    CommunityGeneralPractitioners(),
]
