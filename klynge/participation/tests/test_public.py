"""The public page, without an account: it shows only what is public, receives stories,
ideas and hearing answers with consent, and refuses the honeypot and the 21st submission
in a minute from one address."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from klynge.hearings.models import Hearing
from klynge.participation.models import AddressHit, Contribution, PublicPage
from klynge.testing.cases import make_case, make_term
from klynge.testing.hearings import make_hearing
from klynge.testing.participation import (
    make_contribution,
    make_participant,
    make_public,
    make_workshop,
)
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db
State = Contribution.State


def public_url(world: World, name: str = "public", *args: Any) -> str:
    return reverse(f"participation:{name}", args=[world.collaboration.code, *args])


def story(**kw: Any) -> dict[str, Any]:
    return {"kind": "story", "title": "Ventetid", "text": "Jeg ventede tre uger.",
            "name": "Karen", "contact": "", "consent": "on", "website": ""} | kw


def test_the_public_page_shows_only_what_is_public(client: Client, world: World) -> None:
    shown, hidden = make_case(world.collaboration, title="Vist"), make_case(
        world.collaboration, title="Skjult")
    secret = make_case(world.collaboration, title="Fortrolig", confidential=True)
    make_public(shown), make_public(secret)
    make_public(make_hearing(world.collaboration, title="Åben høring", state=Hearing.State.OPEN))
    make_public(make_hearing(world.collaboration, title="Kladdehøring"))
    make_contribution(world.collaboration, title="Godkendt", state=State.APPROVED,
                      show_publicly=True, name="Karen")
    make_contribution(world.collaboration, title="Anonym", state=State.APPROVED,
                      show_publicly=True, name="", anonymous=True)
    for title, state, public in (("Afventer", State.PENDING, True),
                                 ("Afvist", State.REJECTED, True),
                                 ("Ikke offentlig", State.APPROVED, False)):
        make_contribution(world.collaboration, title=title, state=state, show_publicly=public)
    page = client.get(public_url(world)).text
    assert "Vist" in page and "Åben høring" in page and "Godkendt" in page and "Karen" in page
    assert "Anonymous" in page
    for word in ("Skjult", "Fortrolig", "Kladdehøring", "Afventer", "Afvist", "Ikke offentlig"):
        assert word not in page
    assert client.get(public_url(world, "public_case", hidden.pk)).status_code == 404
    assert client.get(public_url(world, "public_case", secret.pk)).status_code == 404
    assert client.get(public_url(world, "public_case", shown.pk)).status_code == 200
    assert client.get("/p/no-such-collaboration/").status_code == 404
    index = client.get(reverse("participation:public_index")).text
    assert public_url(world) in index and "Andenklyngen" in index
    assert reverse("participation:public_index") in client.get(reverse("login")).text


def test_a_citizen_sends_a_story_and_withdraws_it(client: Client, world: World) -> None:
    theme = make_term(world.collaboration, name_en="Transitions")
    response = client.post(public_url(world, "contribute"), story(theme=theme.pk,
                                                                   show_publicly="on"))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.state == State.PENDING and contribution.theme == theme
    assert contribution.name == "Karen" and contribution.consent_at is not None
    assert contribution.language == "en"  # the feedback e-mail is written in it
    thanks = client.get(response["Location"]).text
    link = thanks.split('class="key-link"><a href="')[1].split('"')[0]
    assert client.get(response["Location"]).text.count("withdraw/") == 0  # shown once only
    contribution.state = State.APPROVED
    contribution.save()
    assert "Jeg ventede tre uger." in client.get(public_url(world)).text
    assert client.post(link).status_code == 200
    contribution.refresh_from_db()
    assert contribution.state == State.WITHDRAWN and contribution.text == ""
    assert contribution.name == ""
    assert "Jeg ventede tre uger." not in client.get(public_url(world)).text
    assert client.get(link).status_code == 404


def test_an_anonymous_story_keeps_no_name(client: Client, world: World) -> None:
    client.post(public_url(world, "contribute"), story(anonymous="on"))
    assert Contribution.objects.get().name == ""


@pytest.mark.parametrize(("data", "message"), [
    (story(consent=""), "only receive your contribution with your consent"),
    (story(text=" "), "Write your story or idea."),
    (story(website="http://spam.example"), "could not be received"),
    (story(code="NOSUCHCODE"), "This code is not known"),
])
def test_bad_submissions_are_refused_and_nothing_is_kept(client: Client, world: World,
                                                         data: dict[str, Any],
                                                         message: str) -> None:
    response = client.post(public_url(world, "contribute"), data)
    assert response.status_code == 422
    assert message in response.text and not Contribution.objects.exists()


def test_a_page_that_takes_no_contributions_says_so(client: Client, world: World) -> None:
    PublicPage.objects.create(collaboration=world.collaboration, accepts_contributions=False)
    response = client.post(public_url(world, "contribute"), story())
    assert response.status_code == 422 and "does not receive contributions" in response.text
    assert not Contribution.objects.exists()


def test_the_21st_submission_in_a_minute_is_refused(client: Client, world: World) -> None:
    for _ in range(20):
        assert client.post(public_url(world, "contribute"), story()).status_code == 302
    response = client.post(public_url(world, "contribute"), story())
    assert response.status_code == 429 and "Wait a minute" in response.text
    assert Contribution.objects.count() == 20
    assert AddressHit.objects.count() == 20
    assert all("127.0.0.1" not in hit.digest for hit in AddressHit.objects.all())


def test_a_workshop_participant_is_not_rate_limited(client: Client, world: World) -> None:
    workshop = make_workshop(world.collaboration)
    participant = make_participant(workshop)
    for _ in range(20):
        client.post(public_url(world, "contribute"), story())
    response = client.post(public_url(world, "contribute"),
                           story(code=participant.code.lower()))
    assert response.status_code == 302
    made = Contribution.objects.get(participant=participant)
    assert made.workshop == workshop and made.via == Contribution.Via.WORKSHOP


@override_settings(KLYNGE_CLIENT_ADDRESS_HEADER="X-Forwarded-For")
def test_the_limit_counts_the_address_our_proxy_saw(client: Client, world: World) -> None:
    for n in range(20):  # the client's own entries (left of the proxy's) are not believed
        client.post(public_url(world, "contribute"), story(),
                    HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.7")
    refused = client.post(public_url(world, "contribute"), story(),
                          HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.7")
    assert refused.status_code == 429
    other = client.post(public_url(world, "contribute"), story(),
                        HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert other.status_code == 302


def test_a_citizen_answers_a_public_hearing(client: Client, world: World) -> None:
    hearing = make_hearing(world.collaboration, state=Hearing.State.OPEN)
    make_public(hearing)
    url = public_url(world, "public_hearing", hearing.pk)
    assert "Answer the hearing" in client.get(url).text
    response = client.post(url, story(text="Aftalen glemmer de pårørende."))
    assert response.status_code == 302
    answer = Contribution.objects.get()
    assert answer.kind == Contribution.Kind.ANSWER and answer.hearing == hearing


def test_an_answer_after_the_deadline_is_refused(client: Client, world: World) -> None:
    hearing = make_hearing(world.collaboration, state=Hearing.State.OPEN,
                           deadline=timezone.now() + dt.timedelta(hours=1))
    make_public(hearing)
    url = public_url(world, "public_hearing", hearing.pk)
    hearing.deadline = timezone.now() - dt.timedelta(minutes=1)
    hearing.save()
    response = client.post(url, story())
    assert response.status_code == 422 and "deadline for answers has passed" in response.text
    assert "<form method=\"post\" class=\"form\"" not in response.text
    assert not Contribution.objects.exists()


def test_a_hearing_not_marked_public_is_not_found(client: Client, world: World) -> None:
    hearing = make_hearing(world.collaboration, state=Hearing.State.OPEN)
    assert client.get(public_url(world, "public_hearing", hearing.pk)).status_code == 404
    draft = make_hearing(world.collaboration)
    make_public(draft)
    assert client.get(public_url(world, "public_hearing", draft.pk)).status_code == 404
