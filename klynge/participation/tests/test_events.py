"""Events: registration with a waiting list, cancellation that moves the first waiting up,
the participant list, the public calendar feed, the involvement recorded in the cases'
ledgers, and the retention of registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klynge.involvement.models import Step
from klynge.participation import actions
from klynge.participation.models import Event, PublicPage, Registration
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.participation import make_event, make_public
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db
State = Registration.State


def register(event: Event, name: str = "Karen") -> tuple[Registration, str]:
    return actions.do_register(event, name=name, contact="karen@example.dk", consent=True)


def public_url(event: Event) -> str:
    return reverse("participation:public_event", args=[event.collaboration.code, event.pk])


def test_the_secretariat_plans_an_event(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    sign_in(client, world.secretariat)
    url = reverse("participation:events", args=[world.collaboration.code])
    good = {"kind": "course", "title": "Kursus for pårørende", "place": "Biblioteket",
            "starts_at": "2026-12-10T16:00", "ends_at": "2026-12-10T19:00", "capacity": "20",
            "cases": [str(case.pk)]}
    bad = client.post(url, good | {"ends_at": "2026-12-10T15:00"})
    assert bad.status_code == 422 and "end after it starts" in bad.text
    assert not Event.objects.exists()
    assert client.post(url, good).status_code == 302
    assert list(Event.objects.get().cases.all()) == [case]
    assert sign_in(client, world.member).get(url).status_code == 403


def test_a_full_event_puts_citizens_on_the_waiting_list(
        world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    event = make_event(world.collaboration, capacity=2, title="Kursus")
    first, first_key = register(event, "Anna")
    register(event, "Bo")
    waiting, _key = actions.do_register(event, name="Carl", contact="carl@example.dk",
                                        consent=True, language="en")
    register(event, "Dorte")  # second on the waiting list
    assert (first.state, waiting.state) == (State.REGISTERED, State.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_cancel_registration(first_key)
    first.refresh_from_db(), waiting.refresh_from_db()
    assert first.state == State.CANCELLED and first.name == "" and first.contact == ""
    assert waiting.state == State.REGISTERED
    (mail,) = mailoutbox
    assert mail.to == ["carl@example.dk"] and "You have a place at “Kursus”" in mail.subject
    assert "Dear Carl" in mail.body
    with pytest.raises(ValidationError, match="cancels no registration"):
        actions.do_cancel_registration(first_key)


@pytest.mark.parametrize(("change", "message"), [
    ({"cancelled": True}, "cancelled"),
    ({"started_minutes_ago": 5}, "has started")])
def test_registration_closes(world: World, change: dict[str, Any], message: str) -> None:
    if minutes := change.pop("started_minutes_ago", None):
        change["starts_at"] = timezone.now() - dt.timedelta(minutes=minutes)
    event = make_event(world.collaboration, **change)
    with pytest.raises(ValidationError, match=message):
        register(event)
    assert not Registration.objects.exists()


def test_a_citizen_registers_and_cancels_on_the_public_page(client: Client,
                                                            world: World) -> None:
    event = make_event(world.collaboration, capacity=1)
    data = {"name": "Karen", "contact": "karen@example.dk", "consent": "on", "website": ""}
    assert client.post(public_url(event), data | {"consent": ""}).status_code == 422
    assert client.post(public_url(event), data | {"website": "x"}).status_code == 422
    assert not Registration.objects.exists()
    response = client.post(public_url(event), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "You are registered" in page
    cancel = page.split('class="key-link"><a href="')[1].split('"')[0]
    full = client.get(public_url(event)).text
    assert "waiting list" in full
    assert client.post(cancel).status_code == 302
    assert Registration.objects.get().state == State.CANCELLED
    assert client.get(cancel).status_code == 404


def test_the_participant_list_is_the_secretariats(client: Client, world: World) -> None:
    event = make_event(world.collaboration, capacity=1)
    url = event.get_absolute_url()

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    sign_in(client, world.secretariat)
    few = queries()
    for n in range(4):
        register(event, f"Deltager {n}")
    assert queries() == few
    page = client.get(url).text
    assert "Deltager 0" in page and "on the waiting list" in page
    csv = client.get(reverse("participation:participants_csv", args=[event.pk]))
    assert "Deltager 3" in csv.content.decode("utf-8-sig")
    assert sign_in(client, world.member).get(url).status_code == 403
    client.logout()
    assert client.get(reverse("participation:event", args=[999])).status_code == 302


def test_the_calendar_feed_lists_the_events(client: Client, world: World) -> None:
    make_event(world.collaboration, title="Brugerdag")
    make_event(world.collaboration, title="Aflyst seminar", cancelled=True, kind="seminar")
    response = client.get(reverse("participation:events_feed",
                                  args=[world.collaboration.code]))
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert {str(e["summary"]): str(e["status"]) for e in events} == {
        "User-led day: Brugerdag": "CONFIRMED", "Seminar: Aflyst seminar": "CANCELLED"}
    public = client.get(reverse("participation:public", args=[world.collaboration.code]))
    assert "Brugerdag" in public.text


def test_the_involvement_goes_into_the_cases_ledgers(client: Client, world: World) -> None:
    case, public_case = make_case(world.collaboration), make_case(world.collaboration)
    make_public(public_case)
    event = make_event(world.collaboration, cases=[case, public_case])
    register(event)
    public = client.get(public_url(event)).text
    assert public_case.title in public  # only the public case is named to citizens
    with pytest.raises(ValidationError, match="once the event has taken place"):
        actions.do_record_event_involvement(world.secretariat, event, step=Step.INVOLVED,
                                            said="")
    event.starts_at = timezone.now() - dt.timedelta(hours=1)
    event.save()
    sign_in(client, world.secretariat)
    url = reverse("participation:event_involvement", args=[event.pk])
    assert client.post(url, {"step": "nonsense"}).status_code == 422
    assert client.post(url, {"step": Step.INVOLVED, "said": "Ønsker aftenhold."}
                       ).status_code == 302
    for each in (case, public_case):
        entry = each.involvements.get()
        assert entry.step == Step.INVOLVED and "(1 registered)" in entry.others
    with pytest.raises(ValidationError, match="recorded already"):
        actions.do_record_event_involvement(world.secretariat, event, step=Step.INVOLVED,
                                            said="")


def test_registrations_are_anonymised_after_the_retention_period(world: World) -> None:
    PublicPage.objects.create(collaboration=world.collaboration, retention_days=30)
    event = make_event(world.collaboration)
    registration, _key = register(event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=40),
        ends_at=timezone.now() - dt.timedelta(days=40))
    assert actions.do_anonymise_expired()["registrations"] == 1
    registration.refresh_from_db()
    assert (registration.name, registration.contact) == ("", "")


def test_the_event_pages_refuse_others(client: Client, world: World) -> None:
    event = make_event(world.collaboration)
    sign_in(client, world.secretariat)
    for name in ("event", "participants_csv"):
        assert client.get(reverse(f"participation:{name}", args=[999])).status_code == 404
    sign_in(client, world.member)
    for name in ("cancel_event", "event_involvement"):
        assert client.post(reverse(f"participation:{name}", args=[event.pk]),
                           {"step": Step.INVOLVED}).status_code == 403
    assert client.get(reverse("participation:participants_csv",
                              args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert not event.cancelled and event.involvement_recorded_at is None
