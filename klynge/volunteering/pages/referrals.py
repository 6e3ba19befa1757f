"""What the referral pages show: the overview of one's own programmes, referrals and
matches; the coordinator's list; the referral page for each of the three roles; the
assignment page. Patient data comes through ``actions.do_view_referral`` (one referral) or
with ``actions.do_view_referral_list`` (a list), so every look is in the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Organisation, Partnership
from klynge.governance.roles import roles_of
from klynge.reference.models import Municipality
from klynge.volunteering import access, actions, inputs, matching, proposals
from klynge.volunteering.actions.referrals import STEPS_FROM
from klynge.volunteering.forms.referrals import (
    BookingForm,
    CloseForm,
    ContactForm,
    DeclineForm,
    ReferralForm,
    language_choices,
    slot_choices,
)
from klynge.volunteering.models import (
    Booking,
    DiagnosisGroup,
    Gender,
    Match,
    Programme,
    Referral,
    SocialSituation,
    VolunteerProfile,
)

State = Referral.State
PAGE_SIZE = 50
SHOWN_CANDIDATES = 10
LIST_FIELDS = ("first_name",)
PART_LABELS = {
    "language": _("language"), "distance": _("distance"), "availability": _("availability"),
    "preferences": _("wishes"), "load": _("current load"), "continuity": _("continuity"),
}


# The overview ---------------------------------------------------------------------------------

def _state_counts() -> dict[str, Any]:
    return {state: Count("referrals", filter=Q(referrals__state=state))
            for state in (State.SUBMITTED, State.ACCEPTED, State.WAITING, State.MATCHED)}


def overview_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    roles = roles_of(user)
    today = timezone.localdate()
    coordinated = list(Programme.objects.filter(pk__in=roles.coordinator_of)
                       .select_related("organisation").annotate(**_state_counts()))
    mine = list(Referral.objects.filter(referred_by__user_id=roles.user_id,
                                        organisation_id__in=roles.referrer_for)
                .select_related("programme__collaboration")[:PAGE_SIZE]
                if roles.user_id else [])
    matches = list(Match.objects.filter(
        state=Match.State.ACTIVE, volunteer__person__user_id=roles.user_id,
        volunteer__programme_id__in=roles.volunteer_in)
        .select_related("referral__programme__collaboration", "referral__area")
        if roles.user_id else [])
    actions.do_view_referral_list(user, mine, access.REFERRER, LIST_FIELDS)
    actions.do_view_referral_list(user, [m.referral for m in matches], access.VOLUNTEER,
                                  LIST_FIELDS)
    return {"coordinated": coordinated, "mine": mine, "matches": matches,
            "referable": access.referable_programmes(user, today),
            "volunteer_profiles": list(VolunteerProfile.objects.filter(
                person__user_id=roles.user_id).select_related("programme")
                if roles.user_id else [])}


# Referring ------------------------------------------------------------------------------------

def referral_form(programme: Programme, organisation_ids: list[int],
                  data: Any = None) -> ReferralForm:
    today = timezone.localdate()
    areas = programme.areas.all()
    if not areas.exists():
        members = Partnership.objects.on(today).filter(
            collaboration_id=programme.collaboration_id).values("organisation_id")
        areas = Municipality.objects.filter(organisation__in=members)
    return ReferralForm(data, organisations=Organisation.objects.filter(pk__in=organisation_ids),
                        areas=areas.order_by("name"),
                        initial={"organisation": organisation_ids[0],
                                 "consent_covers": _default_consent(programme)})


def _default_consent(programme: Programme) -> str:
    return str(_("The patient agrees that the information in this referral is shared with "
                 "%(programme)s (%(organisation)s), its coordinators and the volunteer "
                 "matched with them, to find and give them support.")
               % {"programme": programme.name, "organisation": programme.organisation.name})


# The coordinator's list -------------------------------------------------------------------------

def referral_list_context(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    rows = (Referral.objects.filter(programme=programme).select_related("programme__collaboration")
            .order_by("-urgency", "submitted_at", "pk"))
    counts = dict(Referral.objects.filter(programme=programme).values_list("state")
                  .annotate(n=Count("pk")).values_list("state", "n"))
    if state:
        rows = rows.filter(state=state)
    else:
        rows = rows.filter(state__in=(State.SUBMITTED, State.ACCEPTED, State.WAITING,
                                      State.MATCHED))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    actions.do_view_referral_list(request.user, list(page.object_list), access.COORDINATOR,
                                  LIST_FIELDS)
    return {"programme": programme, "page": page, "state": state,
            "states": [(value, label, counts.get(value, 0)) for value, label in State.choices],
            "today": timezone.localdate()}


# One referral -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    volunteer: VolunteerProfile
    total: int
    parts: list[tuple[str, int, int]]  # label, points, most points


@dataclass(frozen=True)
class Excluded:
    volunteer: VolunteerProfile
    reasons: list[str]


def matching_context(referral: Referral, day: dt.date) -> dict[str, Any]:
    """The ranked volunteers (the best ``SHOWN_CANDIDATES``, each score by criterion) and
    every other volunteer of the programme with why they cannot be matched."""
    profiles = inputs.profiles_for(referral.programme, day)
    by_id = {p.pk: p for p in profiles}
    weights = inputs.rules_for(referral.programme).weights
    most = {name: getattr(weights, name) for name in matching.PARTS}  # a part's most points
    codes = inputs.exclusions(referral, profiles, day)
    ranked = inputs.rank(referral, profiles, day, codes)
    candidates = [Candidate(by_id[int(r.volunteer_id)], r.total,
                            [(str(PART_LABELS[name]), r.parts[name], most[name])
                             for name in matching.PARTS])
                  for r in ranked[:SHOWN_CANDIDATES]]
    excluded = [Excluded(by_id[pk], inputs.explain(reasons, by_id[pk], referral.programme, day))
                for pk, reasons in sorted(codes.items())]
    return {"candidates": candidates, "more_candidates": max(0, len(ranked) - len(candidates)),
            "excluded": excluded}


def _coordinator_context(referral: Referral, forms: dict[str, Any]) -> dict[str, Any]:
    day = timezone.localdate()
    steps = {step for step, states in STEPS_FROM.items() if referral.state in states}
    context: dict[str, Any] = {
        "steps": steps,
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "matches": list(referral.matches.select_related("volunteer__person")
                        .annotate(contact_count=Count("contacts"),
                                  minutes=Sum("contacts__minutes"))),
    }
    if referral.state in (State.ACCEPTED, State.WAITING):
        context |= matching_context(referral, day)
    if referral.programme.is_stay:
        context["bookings"] = list(Booking.objects.filter(referral=referral))
        context["booking_form"] = forms.get("booking_form") or BookingForm(
            initial={"starts_on": day, "ends_on": day + dt.timedelta(
                days=(referral.programme.max_stay_days or 1) - 1)})
        context["rooms"] = range(1, (referral.programme.rooms or 0) + 1)
    return context


def referral_context(request: HttpRequest, pk: int, **forms: Any) -> dict[str, Any]:
    referral = access.get_referral_for_user(request.user, pk)
    seen = actions.do_view_referral(request.user, referral)
    context: dict[str, Any] = {"referral": referral, "seen": seen, "role": seen.role,
                               "patient": patient_rows(seen.patient)}
    if seen.role == access.COORDINATOR:
        context |= _coordinator_context(referral, forms)
    if seen.role in (access.COORDINATOR, access.REFERRER):
        context["may_withdraw"] = referral.consent_withdrawn_at is None
    if seen.role == access.VOLUNTEER:
        match = referral.matches.get(state=Match.State.ACTIVE,
                                     volunteer__person__user_id=request.user.pk or 0)
        context |= {"match": match, "contacts": list(match.contacts.all()),
                    "contact_form": forms.get("contact_form") or ContactForm()}
    return context


# The assignment ---------------------------------------------------------------------------------

def assignment_context(request: HttpRequest, programme: Programme,
                       proposal: proposals.Proposal | None = None,
                       chosen: dict[int, int | None] | None = None,
                       problems: list[str] | None = None) -> dict[str, Any]:
    proposal = proposal or proposals.propose(programme, timezone.localdate())
    referrals = [row.referral for row in proposal.rows]
    actions.do_view_referral_list(request.user, referrals, access.COORDINATOR, LIST_FIELDS)
    chosen = chosen if chosen is not None else {row.referral.pk: row.proposed
                                                for row in proposal.rows}
    return {"programme": programme, "proposal": proposal, "problems": problems or [],
            "lines": [(row, chosen.get(row.referral.pk)) for row in proposal.rows]}


def problem_sentences(problems: list[str], proposal: proposals.Proposal) -> list[str]:
    """``proposals.refused_choices``'s codes in words."""
    names = {o.volunteer.pk: o.volunteer.person.name for row in proposal.rows
             for o in row.options}
    sentences = []
    for problem in problems:
        kind, _sep, key = problem.partition(":")
        if kind == "gone":
            sentences.append(_("Referral no. %(number)s is no longer waiting for a volunteer.")
                             % {"number": key})
        elif kind == "ineligible":
            sentences.append(_("Referral no. %(number)s: the chosen volunteer is not one of its "
                               "eligible volunteers.") % {"number": key})
        else:
            sentences.append(_("%(volunteer)s is chosen more often than they have room for "
                               "(%(capacity)d).") % {
                "volunteer": names.get(int(key), key),
                "capacity": proposal.capacities.get(int(key), 0)})
    return [str(s) for s in sentences]


def _text(name: str, value: Any) -> str:
    """One of the patient's fields, as the page shows it."""
    if value in (None, "", []):
        return "–"
    if name in ("gender", "volunteer_gender"):
        return str(Gender(value).label)
    if name == "diagnosis_group":
        return str(DiagnosisGroup(value).label)
    if name == "social_situations":
        return ", ".join(str(SocialSituation(code).label) for code in value)
    if name == "availability":
        labels = dict(slot_choices())
        return ", ".join(str(labels.get(slot, slot)) for slot in value)
    if name == "languages":
        names = dict(language_choices())
        return ", ".join(names.get(code, code) for code in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def patient_rows(patient: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) of each of the patient's fields the user sees."""
    return [(str(getattr(Referral._meta.get_field(name), "verbose_name", name)),
             _text(name, value))
            for name, value in patient.items() if name != "decline_reason"]
