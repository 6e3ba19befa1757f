"""Programmes, volunteers and certificates: the actions' happy paths, refusals and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation
from klynge.governance.models import RoleGrant
from klynge.testing.factories import (
    make_organisation,
    make_organisation_body,
    make_partnership,
    make_person,
    make_user,
)
from klynge.testing.volunteering import VolunteeringWorld, make_volunteer
from klynge.volunteering import actions
from klynge.volunteering.models import Certificate, Programme

pytestmark = pytest.mark.django_db


def programme_values(vw: VolunteeringWorld, **values: object) -> dict[str, object]:
    return {"organisation": vw.programme.organisation, "collaboration": vw.collaboration,
            "kind": Programme.Kind.CHOIR, "name": "Lungekoret", "places": 20,
            "referring_organisations": [vw.hospital], "areas": [vw.area],
            "diagnosis_groups": ["lung"], "languages": ["da"]} | values


def test_an_organisations_secretary_creates_a_programme(vw: VolunteeringWorld) -> None:
    secretary = make_user()
    make_person(user=secretary).grants.create(
        role=RoleGrant.Role.ORGANISATION_SECRETARY, scope=RoleGrant.Scope.ORGANISATION,
        organisation=vw.programme.organisation, valid_from=dt.date(2022, 1, 1))
    team = make_organisation_body(vw.programme.organisation, kind="programme_team")
    programme = actions.do_create_programme(secretary, team=team, **programme_values(vw))
    assert list(programme.areas.all()) == [vw.area]
    assert programme.referring_roles == ["referrer"] and programme.retention_days == 365
    entry = AuditEntry.objects.get(verb="create", object_type="volunteering.programme")
    assert entry.changes["name"]["new"] == "Lungekoret"
    assert entry.changes["areas"]["new"] == [vw.area.pk]
    assert entry.collaboration_code == "frivilligklyngen"


@pytest.mark.parametrize(("values", "message"), [
    ({"kind": Programme.Kind.RECOVERY_STAY}, "A recovery stay has rooms"),
    ({"rooms": 3}, "Only a recovery stay has rooms"),
    ({"min_age": 70, "max_age": 60}, "cannot be below the lowest"),
    ({"diagnosis_groups": ["flu"]}, "is not one of the choices"),
    ({"languages": ["Danish"]}, "is not a language code"),
    ({"required_course": "Navigatørkursus"}, "Require a course to name one"),
    ({"referring_roles": []}, "Choose who may refer"),
    ({"name": " "}, "needs a name"),
])
def test_a_programme_with_bad_values_is_refused(vw: VolunteeringWorld, values: dict[str, object],
                                                message: str) -> None:
    admin = make_user(is_superuser=True)
    with pytest.raises(ValidationError, match=message):
        actions.do_create_programme(admin, **programme_values(vw, **values))
    assert not Programme.objects.filter(name="Lungekoret").exists()


def test_only_a_voluntary_partner_runs_a_programme(vw: VolunteeringWorld) -> None:
    admin = make_user(is_superuser=True)
    with pytest.raises(ValidationError, match="voluntary or patient organisation"):
        actions.do_create_programme(admin, **programme_values(vw, organisation=vw.hospital))
    stranger = make_organisation(kind=Organisation.Kind.VOLUNTARY, name="Fremmed Forening")
    with pytest.raises(ValidationError, match="is not a partner of Frivilligklyngen"):
        actions.do_create_programme(admin, **programme_values(vw, organisation=stranger))
    with pytest.raises(ValidationError, match="so it cannot refer"):
        actions.do_create_programme(admin, **programme_values(
            vw, referring_organisations=[stranger]))


def test_a_coordinator_changes_their_programme_and_nobody_else_does(
        vw: VolunteeringWorld) -> None:
    actions.do_update_programme(vw.coordinator, vw.programme, places=5, languages=["da", "en"])
    vw.programme.refresh_from_db()
    assert (vw.programme.places, vw.programme.languages) == (5, ["da", "en"])
    entry = AuditEntry.objects.get(verb="update", object_type="volunteering.programme")
    assert entry.changes == {"places": {"old": None, "new": 5},
                             "languages": {"old": [], "new": ["da", "en"]}}
    for user in (vw.other_coordinator, vw.referrer, vw.outsider):
        with pytest.raises(PermissionDenied):
            actions.do_update_programme(user, vw.programme, places=1)
    with pytest.raises(PermissionDenied):  # creating is for the organisation's secretary
        actions.do_create_programme(vw.coordinator, **programme_values(vw))


def test_a_used_programme_is_not_deleted(vw: VolunteeringWorld) -> None:
    admin = make_user(is_superuser=True)
    with pytest.raises(ValidationError, match="make it inactive"):
        actions.do_delete_programme(admin, vw.programme)
    organisation = make_organisation(kind=Organisation.Kind.VOLUNTARY)
    make_partnership(vw.collaboration, organisation)
    unused = actions.do_create_programme(admin, **programme_values(vw, organisation=organisation))
    actions.do_delete_programme(admin, unused)
    assert not Programme.objects.filter(pk=unused.pk).exists()


def test_adding_a_volunteer_grants_the_role(vw: VolunteeringWorld) -> None:
    person = make_person(name="Birthe Frivillig")
    volunteer = actions.do_add_volunteer(
        vw.coordinator, vw.programme, person, languages=["DA", "en"], areas=[vw.area],
        availability=[(0, "morning"), "2-evening"], skills=["Chess"], max_load=2)
    assert volunteer.languages == ["da", "en"] and volunteer.skills == ["chess"]
    assert volunteer.availability == ["0-morning", "2-evening"]
    grant = RoleGrant.objects.get(person=person, role=RoleGrant.Role.VOLUNTEER)
    assert grant.programme_id == vw.programme.pk and grant.granted_by == vw.coordinator
    entry = AuditEntry.objects.get(verb="create", object_type="volunteering.volunteerprofile")
    assert entry.changes["languages"] == {"personal": True}
    assert entry.object_repr == f"volunteer #{volunteer.pk}"
    with pytest.raises(ValidationError, match="already volunteers"):
        actions.do_add_volunteer(vw.coordinator, vw.programme, person, languages=["da"])
    with pytest.raises(PermissionDenied):
        actions.do_add_volunteer(vw.other_coordinator, vw.programme, make_person(),
                                 languages=["da"])
    with pytest.raises(ValidationError, match="weekday and part of the day"):
        actions.do_add_volunteer(vw.coordinator, vw.programme, make_person(),
                                 languages=["da"], availability=["7-morning"])


def test_certificates_are_checked(vw: VolunteeringWorld) -> None:
    today = timezone.localdate()
    certificate = actions.do_add_certificate(
        vw.coordinator, vw.volunteer, kind=Certificate.Kind.COURSE,
        course_name="Navigatørkursus", issued=today, expires=None)
    assert certificate.added_by == vw.coordinator
    assert AuditEntry.objects.filter(verb="create", object_type="volunteering.certificate",
                                     object_id=str(certificate.pk)).exists()
    bad = [({"kind": "course", "course_name": "", "issued": today}, "Name the course"),
           ({"kind": "dk_criminal_record", "issued": today, "expires": today},
            "expires after it is issued"),
           ({"kind": "dk_criminal_record", "issued": today + dt.timedelta(days=1)},
            "in the future"),
           ({"kind": "passport", "issued": today}, "Choose one of the choices")]
    for values, message in bad:
        with pytest.raises(ValidationError, match=message):
            actions.do_add_certificate(vw.coordinator, vw.volunteer, **values)
    with pytest.raises(PermissionDenied):
        actions.do_add_certificate(vw.volunteer_user, vw.volunteer, kind="course",
                                   course_name="Selv", issued=today)
    actions.do_delete_certificate(vw.coordinator, certificate)
    assert AuditEntry.objects.filter(verb="delete", object_type="volunteering.certificate"
                                     ).exists()


def test_an_erased_person_does_not_volunteer(vw: VolunteeringWorld) -> None:
    person = make_person(erased=True)
    with pytest.raises(ValidationError, match="erased"):
        actions.do_add_volunteer(vw.coordinator, vw.programme, person, languages=["da"])
    assert not make_volunteer(vw.stay).certificates.exists()


@pytest.mark.parametrize("slots", [["monday"], [(1, 2, 3)], ["x-morning"], [None]])
def test_availability_that_is_no_slot_is_refused(vw: VolunteeringWorld,
                                                 slots: list[object]) -> None:
    with pytest.raises(ValidationError, match="is not a weekday and part of the day"):
        actions.do_update_volunteer(vw.coordinator, vw.volunteer, availability=slots)


def test_one_value_counts_as_a_list(vw: VolunteeringWorld) -> None:
    volunteer = actions.do_update_volunteer(vw.coordinator, vw.volunteer, languages="EN",
                                            availability="3-evening", skills="walks")
    assert (volunteer.languages, volunteer.availability, volunteer.skills) == (
        ["en"], ["3-evening"], ["walks"])


def test_programme_roles_are_granted_for_programmes_that_exist(vw: VolunteeringWorld) -> None:
    from klynge.governance.actions import do_grant_role

    admin, person, day = make_user(is_superuser=True), make_person(), dt.date(2026, 11, 1)
    with pytest.raises(ValidationError, match="There is no such programme"):
        do_grant_role(admin, person, RoleGrant.Role.COORDINATOR, programme_id=10**9,
                      valid_from=day)
    grant = do_grant_role(admin, person, RoleGrant.Role.COORDINATOR,
                          programme_id=vw.programme.pk, valid_from=day)
    assert grant.scope == RoleGrant.Scope.PROGRAMME
