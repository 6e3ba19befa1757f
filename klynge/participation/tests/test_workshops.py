"""Idea workshops: planning, codes, ideas from stories, dot voting once with a fixed number
of dots, and the prioritised ideas made cases with their ledger at "co-produced" and the
elder council that follows the theme told."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.governance.models import Body
from klynge.involvement.models import FollowedTerm, Step
from klynge.notifications.models import Notification
from klynge.participation import actions
from klynge.participation.models import Contribution, Participant, Vote, Workshop
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_term
from klynge.testing.factories import make_body, make_person, make_seat, make_user
from klynge.testing.participation import (
    make_contribution,
    make_idea,
    make_participant,
    make_workshop,
)
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


def voting(world: World, ideas: int = 3, **kw: Any) -> tuple[Workshop, list[Any]]:
    workshop = make_workshop(world.collaboration, state=Workshop.State.VOTING, **kw)
    return workshop, [make_idea(workshop, title=f"Idé {n}") for n in range(ideas)]


def test_the_secretariat_plans_a_workshop_and_invites(world: World) -> None:
    theme = make_term(world.collaboration)
    workshop = actions.do_plan_workshop(
        world.secretariat, world.collaboration, title="Trygt hjem", theme=theme,
        description="", starts_at=timezone.now() + dt.timedelta(days=7), place="Biblioteket",
        dots=4)
    made = actions.do_invite_participants(world.secretariat, workshop,
                                          names=["Karen", " ", "Ole"], unnamed=2)
    assert [p.name for p in made] == ["Karen", "Ole", "", ""]
    assert len({p.code for p in made}) == 4 and all(len(p.code) == 8 for p in made)
    assert AuditEntry.objects.filter(verb="invite").exists()


@pytest.mark.parametrize(("values", "field"), [
    ({"title": ""}, "title"), ({"place": ""}, "place"), ({"dots": 0}, "dots"),
    ({"dots": 21}, "dots"), ({"starts_at": None}, "starts_at")])
def test_a_workshop_needs_its_plan(world: World, values: dict[str, Any], field: str) -> None:
    good = {"title": "Trygt hjem", "theme": None, "description": "", "place": "Biblioteket",
            "starts_at": timezone.now(), "dots": 5}
    with pytest.raises(ValidationError) as error:
        actions.do_plan_workshop(world.secretariat, world.collaboration, **(good | values))
    assert field in error.value.message_dict and not Workshop.objects.exists()


def test_only_the_secretariat_plans(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_plan_workshop(world.member, world.collaboration, title="X", theme=None,
                                 description="", place="Y", starts_at=timezone.now(), dots=5)


def test_ideas_draw_on_approved_stories_only(world: World) -> None:
    workshop = make_workshop(world.collaboration)
    approved = make_contribution(world.collaboration, state=Contribution.State.APPROVED)
    pending = make_contribution(world.collaboration)
    idea = actions.do_add_idea(world.secretariat, workshop, title="Kontakt", text="En fast.",
                               stories=[approved])
    assert list(idea.stories.all()) == [approved]
    with pytest.raises(ValidationError, match="approved stories"):
        actions.do_add_idea(world.secretariat, workshop, title="B", text="C", stories=[pending])


def test_voting_opens_with_two_ideas_and_participants(world: World) -> None:
    workshop = make_workshop(world.collaboration)
    make_idea(workshop)
    with pytest.raises(ValidationError, match="two ideas"):
        actions.do_open_voting(world.secretariat, workshop)
    make_idea(workshop)
    with pytest.raises(ValidationError, match="Invite"):
        actions.do_open_voting(world.secretariat, workshop)
    make_participant(workshop)
    assert actions.do_open_voting(world.secretariat, workshop).state == Workshop.State.VOTING
    with pytest.raises(ValidationError, match="before voting opens"):
        actions.do_add_idea(world.secretariat, workshop, title="Sen", text="For sent")


def test_a_participant_votes_once_within_the_dots(world: World) -> None:
    workshop, (first, second, _third) = voting(world, dots=3)
    participant = make_participant(workshop)
    with pytest.raises(ValidationError, match="You put 4 dots, but each participant has 3"):
        actions.do_cast_votes(participant, {first.pk: 2, second.pk: 2})
    with pytest.raises(ValidationError, match="at least one dot"):
        actions.do_cast_votes(participant, {first.pk: 0})
    actions.do_cast_votes(participant, {first.pk: 2, second.pk: 1})
    with pytest.raises(ValidationError, match="already voted"):
        actions.do_cast_votes(participant, {first.pk: 1})
    assert Vote.objects.count() == 2
    other = make_workshop(world.collaboration, state=Workshop.State.VOTING)
    with pytest.raises(ValidationError, match="this workshop's ideas"):
        actions.do_cast_votes(make_participant(other), {first.pk: 1})


def test_votes_only_while_voting_is_open(world: World) -> None:
    workshop = make_workshop(world.collaboration)
    idea = make_idea(workshop)
    with pytest.raises(ValidationError, match="not open"):
        actions.do_cast_votes(make_participant(workshop), {idea.pk: 1})


def test_the_ideas_become_cases_with_their_stories(world: World) -> None:
    theme = make_term(world.collaboration, code="transitions")
    elders = make_body(world.collaboration, kind=Body.Kind.ELDER_COUNCIL, name="Ældreråd")
    elder = make_user("elder")
    make_seat(elders, make_person(user=elder))
    FollowedTerm.objects.create(body=elders, term=theme)
    story = make_contribution(world.collaboration, state=Contribution.State.APPROVED)
    workshop, (first, second, third) = voting(world, dots=3, theme=theme)
    first.stories.set([story])
    for ballot in ({second.pk: 3}, {second.pk: 1, first.pk: 2}, {first.pk: 1}):
        actions.do_cast_votes(make_participant(workshop), ballot)
    assert [i.pk for i in actions.results(workshop)] == [second.pk, first.pk, third.pk]
    with pytest.raises(ValidationError, match="Close the voting"):
        actions.do_make_cases(world.secretariat, workshop, [second])
    actions.do_close_voting(world.secretariat, workshop)
    (case,) = actions.do_make_cases(world.secretariat, workshop, [first])
    first.refresh_from_db()
    assert first.case == case and list(case.workshop_idea.stories.all()) == [story]
    assert list(case.themes.all()) == [theme]
    (entry,) = case.involvements.all()
    assert entry.step == Step.CO_PRODUCED and "3 participants" in entry.others
    assert Notification.objects.filter(user=elder, topic="case", topic_id=case.pk).exists()
    with pytest.raises(ValidationError, match="cannot become another"):
        actions.do_make_cases(world.secretariat, workshop, [first])


# The pages --------------------------------------------------------------------------------

def test_the_workshop_pages_are_the_secretariats(client: Client, world: World) -> None:
    workshop, _ideas = voting(world)
    url = reverse("participation:workshop", args=[workshop.pk])
    assert client.get(url).status_code == 302  # to sign in
    assert sign_in(client, world.member).get(url).status_code == 403
    assert client.get(reverse("participation:workshop", args=[999])).status_code == 404
    page = sign_in(client, world.secretariat).get(url)
    assert page.status_code == 200 and "Close voting" in page.text
    listing = reverse("participation:workshops", args=[world.collaboration.code])
    assert sign_in(client, world.member).get(listing).status_code == 403


def test_the_workshop_page_queries_do_not_grow(client: Client, world: World) -> None:
    workshop, ideas = voting(world)
    sign_in(client, world.secretariat)
    url = reverse("participation:workshop", args=[workshop.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    few = queries()
    for n in range(5):
        participant = make_participant(workshop, name=f"Deltager {n}")
        actions.do_cast_votes(participant, {ideas[0].pk: 1})
        make_idea(workshop, stories=[make_contribution(
            world.collaboration, state=Contribution.State.APPROVED)])
    assert queries() == few


def test_planning_on_the_page_with_bad_input(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    url = reverse("participation:workshops", args=[world.collaboration.code])
    bad = client.post(url, {"title": "Trygt hjem", "starts_at": "2026-12-10T16:00",
                            "place": "", "dots": "5"})
    assert bad.status_code == 422 and not Workshop.objects.exists()
    good = client.post(url, {"title": "Trygt hjem", "starts_at": "2026-12-10T16:00",
                             "place": "Biblioteket", "dots": "5"})
    assert good.status_code == 302 and Workshop.objects.get().dots == 5


def test_a_participant_votes_on_the_phone_page(client: Client, world: World) -> None:
    workshop, (first, second, _third) = voting(world, dots=2)
    participant = make_participant(workshop)
    entry = client.post(reverse("participation:vote_entry"), {"code": participant.code.lower()})
    assert entry["Location"] == reverse("participation:ballot", args=[participant.code])
    assert client.post(reverse("participation:vote_entry"), {"code": "XXXX"}).status_code == 422
    url = entry["Location"]
    too_many = client.post(url, {f"idea_{first.pk}": "2", f"idea_{second.pk}": "1"})
    assert too_many.status_code == 422 and "each participant has 2" in too_many.text
    assert client.post(url, {f"idea_{first.pk}": "2"}).status_code == 302
    again = client.post(url, {f"idea_{second.pk}": "1"})
    assert again.status_code == 422 and "already voted" in again.text
    assert Vote.objects.get().dots == 2
    assert Participant.objects.get().voted_at is not None
    assert client.get(reverse("participation:ballot", args=["NOPE1234"])).status_code == 404


def test_the_secretariat_runs_a_workshop_on_its_page(client: Client, world: World) -> None:
    workshop = make_workshop(world.collaboration, dots=2)
    story = make_contribution(world.collaboration, state=Contribution.State.APPROVED)
    sign_in(client, world.secretariat)

    def post(name: str, data: dict[str, Any]) -> Any:
        return client.post(reverse(f"participation:{name}", args=[workshop.pk]), data)

    assert post("invite", {"invite-names": "Karen\nOle", "invite-unnamed": "1"}).status_code == 302
    assert workshop.participants.count() == 3
    bad = post("add_idea", {"idea-title": "", "idea-text": "Uden titel"})
    assert bad.status_code == 422 and not workshop.ideas.exists()
    for title in ("Fast kontakt", "Træning tæt på"):
        assert post("add_idea", {"idea-title": title, "idea-text": "Tekst",
                                 "idea-stories": [str(story.pk)]}).status_code == 302
    assert post("open_voting", {}).status_code == 302
    first = workshop.ideas.get(title="Fast kontakt")
    actions.do_cast_votes(workshop.participants.first(), {first.pk: 2})
    post("close_voting", {})
    assert post("make_cases", {}).status_code == 422
    assert post("make_cases", {"cases-ideas": [str(first.pk)]}).status_code == 302
    first.refresh_from_db()
    assert first.case is not None and first.case.workshop_idea.stories.get() == story
    page = client.get(first.case.get_absolute_url()).text
    assert "The stories behind it" in page and story.text in page
    edit = post("edit", {"edit-title": "Ændret", "edit-place": "X", "edit-dots": "2",
                         "edit-starts_at": "2026-11-30T09:00"})
    assert edit.status_code == 302  # a closed workshop's plan may still be corrected
