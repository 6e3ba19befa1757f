"""Roles: computed once per request, usable outside requests, from seats and role grants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klynge.governance import access
from klynge.governance.models import Body, RoleGrant
from klynge.governance.roles import Roles, forget_roles, roles_of
from klynge.testing.factories import (
    make_body,
    make_grant,
    make_organisation,
    make_organisation_body,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def test_roles_from_seats(world: World) -> None:
    roles = Roles.for_user(world.secretariat)
    assert roles.secretariat_of == {world.collaboration.pk}
    assert roles.member_of == {world.secretariat_body.pk}
    assert not roles.panel_member_of and not roles.is_admin
    panel = Roles.for_user(world.panel_member)
    assert panel.panel_member_of == {world.panel.pk} and not panel.secretariat_of
    assert Roles.for_user(world.admin).is_admin
    assert not Roles.for_user(world.outsider).has_any


@pytest.mark.both_dates
def test_roles_follow_the_day(world: World, pinned_day: dt.date) -> None:
    """A seat that ends with the clusters (2026-12-31) gives no role in 2027."""
    user = make_user("dated")
    person = make_person(user=user)
    make_seat(world.secretariat_body, person, term_end=dt.date(2026, 12, 31))
    expected = {world.collaboration.pk} if pinned_day.year == 2026 else set()
    assert roles_of(user).secretariat_of == expected
    assert Roles.for_user(user, on=dt.date(2026, 12, 31)).secretariat_of == {
        world.collaboration.pk}
    assert Roles.for_user(user, on=dt.date(2027, 1, 1)).secretariat_of == set()


def test_roles_from_grants(world: World) -> None:
    person = make_person(user=world.outsider)
    organisation = make_organisation()
    make_grant(person, RoleGrant.Role.ANALYST, collaboration=world.collaboration)
    make_grant(person, RoleGrant.Role.REFERRER, organisation=organisation)
    make_grant(person, RoleGrant.Role.ORGANISATION_SECRETARY, organisation=organisation)
    make_grant(person, RoleGrant.Role.COORDINATOR, programme_id=7)
    make_grant(person, RoleGrant.Role.VOLUNTEER, programme_id=8,
               valid_to=dt.date(2025, 1, 1))  # ended
    roles = Roles.for_user(world.outsider)
    assert roles.analyst_of == {world.collaboration.pk}
    assert roles.referrer_for == roles.organisation_secretary_of == {organisation.pk}
    assert roles.coordinator_of == {7} and roles.volunteer_in == frozenset()
    assert roles.sees_personal_data  # analysts, coordinators and secretaries do


def test_roles_are_computed_once_per_user_object(world: World) -> None:
    user = world.secretariat
    forget_roles(user)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            access.can_edit_collaboration(user, world.collaboration)
            access.may_see_body(user, world.confidential)
            roles_of(user).is_member_of(world.strategic.pk)
    assert len(queries) == 2  # seats and grants, once


def test_inactive_and_anonymous_users_have_no_roles(world: World) -> None:
    world.secretariat.is_active = False
    assert not Roles.for_user(world.secretariat).secretariat_of
    assert roles_of(AnonymousUser()).user_id is None


def test_an_organisations_secretary_keeps_its_bodies(world: World) -> None:
    organisation = make_organisation()
    elders = make_organisation_body(organisation, confidential=True)
    person = make_person(user=world.outsider)
    make_grant(person, RoleGrant.Role.ORGANISATION_SECRETARY, organisation=organisation)
    assert access.can_edit_body(world.outsider, elders)
    assert access.may_see_body(world.outsider, elders)
    assert not access.can_edit_body(world.secretariat, elders)
    assert not access.may_see_body(world.member, elders)
    other = make_body(world.collaboration, kind=Body.Kind.WORKING_GROUP)
    assert not access.can_edit_body(world.outsider, other)


@pytest.mark.django_db
def test_roles_of_given_roles_returns_them_without_a_query(
        django_assert_num_queries: Any) -> None:
    world = make_world()
    roles = Roles.for_user(world.member)
    with django_assert_num_queries(0):
        assert roles_of(roles) is roles
    with pytest.raises(ValueError):  # roles of one day are not another day's
        roles_of(roles, on=roles.on + dt.timedelta(days=1))
