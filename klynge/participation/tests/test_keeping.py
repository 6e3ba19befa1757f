"""The secretariat's side: the moderation queue, what is public (a case, a hearing), the
public page's settings, and the retention of citizens' personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.hearings.models import Hearing
from klynge.participation import actions
from klynge.participation.addresses import forget_addresses
from klynge.participation.models import (
    AddressHit,
    Contribution,
    PublicCase,
    PublicHearing,
    PublicPage,
)
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.hearings import make_hearing
from klynge.testing.participation import make_contribution, make_participant, make_workshop
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db
State = Contribution.State


def queue(world: World) -> str:
    return reverse("participation:moderation", args=[world.collaboration.code])


def test_the_secretariat_approves_and_rejects(client: Client, world: World) -> None:
    story = make_contribution(world.collaboration, title="Ventetid", show_publicly=True)
    page = sign_in(client, world.secretariat).get(queue(world))
    assert page.status_code == 200 and "Ventetid" in page.text
    url = reverse("participation:moderate", args=[story.pk])
    assert client.post(url, {"approve": "yes"}).status_code == 302
    public = reverse("participation:public", args=[world.collaboration.code])
    assert "Ventetid" in client.get(public).text
    client.post(url, {"approve": "no", "reason": "Navne på personale"})
    story.refresh_from_db()
    assert story.state == State.REJECTED and story.reason == "Navne på personale"
    assert "Ventetid" not in client.get(public).text  # moderated away: never appears
    assert AuditEntry.objects.filter(verb="moderate").count() == 2


def test_moderation_is_the_secretariats(client: Client, world: World) -> None:
    story = make_contribution(world.collaboration)
    sign_in(client, world.member)
    assert client.get(queue(world)).status_code == 403
    url = reverse("participation:moderate", args=[story.pk])
    assert client.post(url, {"approve": "yes"}).status_code == 403
    assert client.post(reverse("participation:moderate", args=[999]),
                       {"approve": "yes"}).status_code == 404
    client.logout()
    assert client.get(queue(world)).status_code == 302  # to sign in
    story.refresh_from_db()
    assert story.state == State.PENDING


def test_a_moderation_without_a_decision_changes_nothing(client: Client, world: World) -> None:
    story = make_contribution(world.collaboration)
    sign_in(client, world.secretariat)
    response = client.post(reverse("participation:moderate", args=[story.pk]), {}, follow=True)
    assert "This field is required" in response.text
    story.refresh_from_db()
    assert story.state == State.PENDING


def test_the_secretariat_makes_a_case_public(client: Client, world: World) -> None:
    case = make_case(world.collaboration, title="Fast kontakt")
    sign_in(client, world.secretariat)
    assert "Show it on the public page" in client.get(case.get_absolute_url()).text
    url = reverse("participation:case_public", args=[case.pk])
    assert client.post(url, {"public": "yes"}).status_code == 302
    assert PublicCase.objects.filter(case=case).exists()
    assert "Take it off the public page" in client.get(case.get_absolute_url()).text
    client.post(url, {"public": "no"})
    assert not PublicCase.objects.exists()
    assert sign_in(client, world.member).post(url, {"public": "yes"}).status_code == 403
    assert not PublicCase.objects.exists()


def test_a_confidential_case_cannot_be_made_public(client: Client, world: World) -> None:
    case = make_case(world.collaboration, confidential=True)
    sign_in(client, world.secretariat)
    response = client.post(reverse("participation:case_public", args=[case.pk]),
                           {"public": "yes"}, follow=True)
    assert "confidential case cannot be made public" in response.text
    assert not PublicCase.objects.exists()


def test_the_secretariat_makes_a_hearing_public(client: Client, world: World) -> None:
    hearing = make_hearing(world.collaboration, state=Hearing.State.OPEN)
    sign_in(client, world.secretariat)
    url = reverse("participation:hearing_public", args=[hearing.pk])
    assert client.post(url, {"public": "yes"}).status_code == 302
    assert PublicHearing.objects.filter(hearing=hearing).exists()
    make_contribution(world.collaboration, kind="answer", hearing=hearing,
                      text="Husk de pårørende.", state=State.APPROVED)
    page = client.get(hearing.get_absolute_url()).text
    assert "1 answer from citizens" in page and "Husk de pårørende." in page


def test_the_settings_refuse_a_short_retention(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    url = reverse("participation:settings", args=[world.collaboration.code])
    bad = client.post(url, {"introduction": "Hej", "retention_days": "10"})
    assert bad.status_code == 422 and not PublicPage.objects.exists()
    good = client.post(url, {"introduction": "Hej", "retention_days": "90",
                             "accepts_contributions": "on"})
    assert good.status_code == 302
    assert PublicPage.objects.get().retention_days == 90
    assert sign_in(client, world.member).get(url).status_code == 403


@pytest.mark.both_dates
def test_names_are_removed_after_the_retention_period(world: World) -> None:
    PublicPage.objects.create(collaboration=world.collaboration, retention_days=30)
    old = make_contribution(world.collaboration, name="Karen", contact="karen@example.dk",
                            submitted_at=timezone.now() - dt.timedelta(days=31))
    new = make_contribution(world.collaboration, name="Ole",
                            submitted_at=timezone.now() - dt.timedelta(days=29))
    workshop = make_workshop(world.collaboration,
                             starts_at=timezone.now() - dt.timedelta(days=40))
    participant = make_participant(workshop, name="Jens")
    assert actions.do_anonymise_expired() == {"contributions": 1, "participants": 1,
                                              "registrations": 0}
    old.refresh_from_db(), new.refresh_from_db(), participant.refresh_from_db()
    assert (old.name, old.contact, new.name, participant.name) == ("", "", "Ole", "")
    assert old.text and old.anonymised_at is not None
    assert actions.do_anonymise_expired() == {"contributions": 0, "participants": 0,
                                              "registrations": 0}


def test_hashed_addresses_are_forgotten_after_a_day() -> None:
    AddressHit.objects.create(digest="a" * 64, at=timezone.now())
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert forget_addresses() == 1
    assert not AddressHit.objects.exists()


def test_administrators_read_but_do_not_write_in_the_admin(client: Client, world: World) -> None:
    make_contribution(world.collaboration, name="Karen")
    make_workshop(world.collaboration)
    sign_in(client, world.admin)
    for model in ("contribution", "workshop", "idea", "event"):
        assert client.get(reverse(f"admin:participation_{model}_changelist")).status_code == 200
    contribution = Contribution.objects.get()
    page = client.get(reverse("admin:participation_contribution_change",
                              args=[contribution.pk])).text
    assert "Karen" not in page
    assert client.get(reverse("admin:participation_workshop_add")).status_code == 403


def test_the_secretariat_tells_the_teller_what_came_of_it(
        client: Client, world: World, mailoutbox: list[Any],
        django_capture_on_commit_callbacks: Any) -> None:
    story = make_contribution(world.collaboration, name="Karen", contact="karen@example.dk",
                              state=State.APPROVED, language="en")
    url = reverse("participation:feedback", args=[story.pk])
    assert sign_in(client, world.member).post(url, {"feedback": "X"}).status_code == 403
    sign_in(client, world.secretariat)
    empty = client.post(url, {"feedback": " "}, follow=True)
    assert "Write what came of it." in empty.text and not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"feedback": "Idéen blev til sag 2026-0042."},
                               follow=True)
    assert "Fed back on" in response.text
    (mail,) = mailoutbox
    assert mail.to == ["karen@example.dk"] and "Dear Karen" in mail.body
    assert "Idéen blev til sag 2026-0042." in mail.body and "Testklyngen" in mail.subject
    entry = AuditEntry.objects.get(verb="update", object_id=str(story.pk))
    assert entry.changes["feedback"] == {"personal": True}


def test_feedback_needs_an_e_mail_address(client: Client, world: World) -> None:
    story = make_contribution(world.collaboration, contact="12 34 56 78", state=State.APPROVED)
    sign_in(client, world.secretariat)
    response = client.post(reverse("participation:feedback", args=[story.pk]),
                           {"feedback": "Tak"}, follow=True)
    assert "gave no e-mail address" in response.text
    story.refresh_from_db()
    assert story.feedback == "" and story.fed_back_at is None


def test_feedback_on_an_unknown_contribution_is_404(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    response = client.post(reverse("participation:feedback", args=[999]), {"feedback": "Tak"})
    assert response.status_code == 404
