"""From the bundle's resources to a referral's values, element by element (docs/fhir.md,
*Mapping*), with what Klynge checks of each: required elements, codes, the consent.

Only the elements named here are read. Klynge keeps no identifier, surname, address,
telecom or narrative text (``text.div``) of any resource: a CPR number or fødselsnummer in
``Patient.identifier`` (or anywhere else) is not stored, and the answer says so.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.reference.models import Municipality
from klynge.volunteering import checks
from klynge.volunteering.fhir.bundle import Part
from klynge.volunteering.fhir.issues import Issue, information, refuse
from klynge.volunteering.models import DiagnosisGroup, Gender, Programme, SocialSituation

PROGRAMME_SYSTEM = "urn:klynge:programme"
DIAGNOSIS_GROUP_SYSTEM = "urn:klynge:diagnosis-group"
SOCIAL_SITUATION_SYSTEM = "urn:klynge:social-situation"
# A Danish CPR number, a Norwegian fødselsnummer and D-number.
NATIONAL_IDENTIFIERS = {
    "urn:oid:1.2.208.176.1.2": "CPR",
    "urn:oid:2.16.578.1.12.4.1.4.1": "fødselsnummer",
    "urn:oid:2.16.578.1.12.4.1.4.2": "D-nummer",
}
MUNICIPALITY_EXTENSIONS = {
    "http://hl7.dk/fhir/core/StructureDefinition/dk-core-municipalityCodes": "DK",
    "http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode": "NO",
}
COUNTRY_LANGUAGE = {"DK": "da", "NO": "nb"}
PRIORITY_URGENCY = {"routine": 0, "urgent": 1, "asap": 2, "stat": 2}
CONSENT_SCOPE = ("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy")
OPT_OUT = "OPTOUT"
NARROWING = ("actor", "securityLabel", "purpose", "class", "code", "dataPeriod", "data")
LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:-.*)?$")


def codings(concept: Any) -> list[Any]:
    return list(getattr(concept, "coding", None) or [])


def concept_text(concept: Any) -> str:
    """A CodeableConcept's text, or its first coding's display."""
    if concept is None:
        return ""
    if concept.text:
        return str(concept.text).strip()
    return next((str(c.display).strip() for c in codings(concept) if c.display), "")


def checked_text(text: str, element: str) -> str:
    """``text`` (to be stored), refused if it carries a CPR number or fødselsnummer."""
    try:
        checks.refuse_identity_number("text", text)
    except ValidationError:
        raise refuse(422, "business-rule", _(
            "%(element)s looks like it holds a CPR number or fødselsnummer; Klynge does not "
            "keep them. Leave it out.") % {"element": element}, element) from None
    return text


# The patient --------------------------------------------------------------------------------

def identifier_notices(patient: Part) -> list[Issue]:
    """What the answer says of the patient's identifiers: none is stored."""
    notices = []
    for index, identifier in enumerate(patient.resource.identifier or []):
        where = patient.at(f"identifier[{index}]")
        kind = NATIONAL_IDENTIFIERS.get(str(identifier.system or ""))
        if kind:
            notices.append(information(_(
                "The patient's %(kind)s number is not stored: a voluntary programme does not "
                "need it.") % {"kind": kind}, where))
        else:
            notices.append(information(_("The patient's identifier is not stored."), where))
    return notices


def first_name(patient: Part) -> str:
    names = list(patient.resource.name or [])
    names.sort(key=lambda name: {"usual": 0, "official": 1}.get(str(name.use or ""), 2))
    for name in names:
        given = [str(g).strip() for g in (name.given or []) if str(g).strip()]
        if given:
            return checked_text(given[0][:60], patient.at("name.given"))
        if name.text and str(name.text).strip():
            return checked_text(str(name.text).split()[0][:60], patient.at("name.text"))
    raise refuse(422, "required", _("Give the patient's first name (Patient.name.given)."),
                 patient.at("name"))


def year_of_birth(patient: Part) -> int:
    born = patient.resource.birthDate
    if born is None:
        raise refuse(422, "required", _("Give the patient's date or year of birth "
                                        "(Patient.birthDate)."), patient.at("birthDate"))
    return born.year if isinstance(born, dt.date) else int(str(born)[:4])


def gender(patient: Part) -> str:
    value = str(patient.resource.gender or "")
    return value if value in Gender.values else ""


def languages(patient: Part, organisation_country: str) -> tuple[list[str], list[Issue]]:
    """The patient's languages, the preferred first; none given: the main language of the
    referring organisation's country, said in the answer."""
    found: list[tuple[int, str]] = []
    for communication in patient.resource.communication or []:
        for tag in [c.code for c in codings(communication.language)] + [
                communication.language.text]:
            match = LANGUAGE_TAG.match(str(tag or ""))
            if match:
                found.append((0 if communication.preferred else 1, match.group(1).lower()))
                break
    codes = [code for _rank, code in sorted(found, key=lambda pair: pair[0])]
    if codes:
        return codes, []
    assumed = COUNTRY_LANGUAGE.get(organisation_country)
    if assumed is None:
        raise refuse(422, "required", _("Give the patient's language (Patient.communication)."),
                     patient.at("communication"))
    return [assumed], [information(_(
        "No language was given for the patient; Klynge takes “%(language)s”, the main "
        "language of the referring organisation's country.") % {"language": assumed},
        patient.at("communication"))]


def _municipality_codes(patient: Part) -> list[tuple[str, str]]:
    found = []
    for address in patient.resource.address or []:
        for extension in address.extension or []:
            country = MUNICIPALITY_EXTENSIONS.get(str(extension.url))
            value = extension.valueCodeableConcept or extension.valueCoding
            codes = ([c.code for c in codings(value)] if extension.valueCodeableConcept
                     else [getattr(value, "code", None)])
            found += [(country, str(code)) for code in codes if country and code]
    return found


def area(patient: Part, programme: Programme, day: dt.date) -> tuple[Municipality, list[Issue]]:
    """The patient's municipality: from the address's municipality code (DK Core, Norwegian
    basis profile), or the programme's one municipality. The address itself is not kept."""
    for country, code in _municipality_codes(patient):
        variants = {code, code.zfill(4), code.lstrip("0") or "0"}
        found = (Municipality.objects.on(day)
                 .filter(country__code=country, code__in=variants).first())
        if found is not None:
            return found, []
    covered = list(programme.areas.all()[:2])
    if len(covered) == 1:
        return covered[0], [information(_(
            "The patient's address names no municipality Klynge knows; the programme covers "
            "%(municipality)s only, so the referral is for %(municipality)s.")
            % {"municipality": covered[0].name}, patient.at("address"))]
    raise refuse(422, "required", _(
        "Give the patient's municipality as a municipality code on Patient.address (the "
        "DK Core or Norwegian basis extension); the address itself is not kept."),
        patient.at("address"))


# The request --------------------------------------------------------------------------------

def needs(request: Part) -> str:
    """What the patient needs: the request's code, reasons and notes (or its category)."""
    resource = request.resource
    texts = [(concept_text(resource.code), "code")]
    texts += [(concept_text(reason), f"reasonCode[{i}]")
              for i, reason in enumerate(resource.reasonCode or [])]
    texts += [(str(note.text or "").strip(), f"note[{i}]")
              for i, note in enumerate(resource.note or [])]
    if not any(text for text, _where in texts):
        texts = [(concept_text(category), f"category[{i}]")
                 for i, category in enumerate(resource.category or [])]
    kept = [checked_text(text, request.at(where)) for text, where in texts if text]
    if not kept:
        raise refuse(422, "required", _("Say what the patient needs (ServiceRequest.code, "
                                        "reasonCode or note)."), request.at("note"))
    return "\n".join(kept)[:2000]


def urgency(request: Part) -> int:
    priority = str(request.resource.priority or "routine")
    if priority not in PRIORITY_URGENCY:
        raise refuse(422, "code-invalid", _("“%(code)s” is not a request priority.")
                     % {"code": priority}, request.at("priority"))
    return PRIORITY_URGENCY[priority]


def klynge_codes(request: Part, system: str, choices: Any) -> list[str]:
    """The codes of one of Klynge's code systems in the request's reasons and categories."""
    found = []
    resource = request.resource
    for name, concepts in (("reasonCode", resource.reasonCode), ("category", resource.category)):
        for i, concept in enumerate(concepts or []):
            for coding in codings(concept):
                if str(coding.system or "") != system:
                    continue
                if str(coding.code) not in choices.values:
                    raise refuse(422, "code-invalid", _(
                        "“%(code)s” is not a code of %(system)s.")
                        % {"code": coding.code, "system": system}, request.at(f"{name}[{i}]"))
                found.append(str(coding.code))
    return sorted(set(found))


def request_values(request: Part) -> dict[str, Any]:
    groups = klynge_codes(request, DIAGNOSIS_GROUP_SYSTEM, DiagnosisGroup)
    if len(groups) > 1:
        raise refuse(422, "business-rule", _("Give one diagnosis group."),
                     request.at("reasonCode"))
    return {"needs": needs(request), "urgency": urgency(request),
            "diagnosis_group": groups[0] if groups else "",
            "social_situations": klynge_codes(request, SOCIAL_SITUATION_SYSTEM,
                                              SocialSituation)}


# The consent --------------------------------------------------------------------------------

def consent_given_at(consent: Part) -> dt.datetime:
    given = consent.resource.dateTime
    if isinstance(given, dt.datetime):
        return given if timezone.is_aware(given) else timezone.make_aware(given)
    if isinstance(given, dt.date):
        return timezone.make_aware(dt.datetime.combine(given, dt.time()))
    raise refuse(422, "required", _("Say when the patient gave their consent, to the day "
                                    "(Consent.dateTime)."), consent.at("dateTime"))


def _blanket_denial(provision: Any) -> bool:
    """A deny provision narrowed to no actor, data, class or purpose denies everything."""
    if provision is None or str(provision.type or "") != "deny":
        return False
    return not any(getattr(provision, name, None) for name in NARROWING)


def check_consent(consent: Part, day: dt.date) -> None:
    """The consent is active, about the patient's privacy, denies nothing of the referral,
    and holds today."""
    resource = consent.resource
    if str(resource.status) != "active":
        raise refuse(422, "business-rule", _("The patient's consent must be active; this one "
                                             "is “%(status)s”.") % {"status": resource.status},
                     consent.at("status"))
    if not any((str(c.system), str(c.code)) == CONSENT_SCOPE for c in codings(resource.scope)):
        raise refuse(422, "code-invalid", _("The consent's scope must be patient-privacy "
                                            "(consent to share the patient's data)."),
                     consent.at("scope"))
    policies = [str(c.code) for c in codings(resource.policyRule)]
    if OPT_OUT in policies or _blanket_denial(resource.provision):
        raise refuse(422, "business-rule", _("The consent denies sharing the patient's data."),
                     consent.at("provision" if OPT_OUT not in policies else "policyRule"))
    period = resource.provision.period if resource.provision is not None else None
    start = getattr(period, "start", None)
    end = getattr(period, "end", None)
    if (start is not None and _day(start) > day) or (end is not None and _day(end) < day):
        raise refuse(422, "business-rule", _("The consent does not hold today (see its "
                                             "period)."), consent.at("provision.period"))


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date(int(str(value)[:4]), 1, 1)


def consent_covers(consent: Part, programme: Programme, organisation: str) -> str:
    """What the consent covers, in words (the codes as sent, no free text of the sender)."""
    codes = ", ".join(f"{c.code}" for c in [*codings(consent.resource.scope),
                                            *[c for cat in consent.resource.category or []
                                              for c in codings(cat)],
                                            *codings(consent.resource.policyRule)] if c.code)
    return checked_text(_(
        "Consent to share the referral with %(programme)s, as recorded in the system of "
        "%(organisation)s and sent as a FHIR Consent (%(codes)s).")
        % {"programme": programme.name, "organisation": organisation, "codes": codes},
        consent.at())[:1000]
