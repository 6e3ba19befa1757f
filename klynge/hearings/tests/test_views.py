"""The hearing pages: happy paths, 403, 404, bad input, files and the list's query count."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.attachments.models import Attachment
from klynge.hearings.models import Answer, Hearing, Party
from klynge.testing.auth import sign_in
from klynge.testing.hearings import HearingWorld, make_answer, make_hearing, make_hearing_world
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2026, 12, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
AFTER = DEADLINE + dt.timedelta(hours=1)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def hw(world: World) -> HearingWorld:
    return make_hearing_world(world, deadline=DEADLINE)


def login(client: Client, user: object) -> Client:
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def pdf(name: str = "svar.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# The list -------------------------------------------------------------------------------------

def test_the_list_shows_what_the_user_may_see(client: Client, world: World) -> None:
    make_hearing(world.collaboration, title="Åben høring", state=Hearing.State.OPEN)
    make_hearing(world.collaboration, title="Kladde")
    url = reverse("hearings:list", args=[world.collaboration.code])
    page = login(client, world.member).get(url).content.decode()
    assert "Åben høring" in page and "Kladde" not in page and "New hearing" not in page
    page = login(client, world.secretariat).get(url).content.decode()
    assert "Åben høring" in page and "Kladde" in page and "New hearing" in page


def test_the_list_of_an_unknown_collaboration_is_404(client: Client, world: World) -> None:
    response = login(client, world.member).get(reverse("hearings:list", args=["nowhere"]))
    assert response.status_code == 404


def test_the_list_query_count_does_not_grow(client: Client, world: World,
                                           django_assert_max_num_queries: object) -> None:
    url = reverse("hearings:list", args=[world.collaboration.code])
    make_hearing_world(world, deadline=DEADLINE)
    login(client, world.secretariat).get(url)  # warm up the session and the content types
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        hearing = make_hearing(world.collaboration, title=f"Flere {n}", state=Hearing.State.OPEN)
        make_answer(Party.objects.create(hearing=hearing, body=world.panel))
    with django_assert_max_num_queries(len(one.captured_queries)):  # type: ignore[operator]
        response = client.get(url)
    assert response.content.decode().count("Flere ") == 5


# Creating and editing -----------------------------------------------------------------------------

def test_the_secretariat_creates_a_hearing(client: Client, world: World) -> None:
    response = login(client, world.secretariat).post(
        reverse("hearings:create", args=[world.collaboration.code]),
        {"title": "Sundhedsaftale", "description": "Udkast", "deadline": "2026-12-15T12:00",
         "documents": [pdf("udkast.pdf")]})
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert response["Location"] == hearing.get_absolute_url()
    assert hearing.deadline == DEADLINE and hearing.is_draft
    assert Attachment.objects.of(hearing).get().name == "udkast.pdf"


def test_a_member_may_not_create_a_hearing(client: Client, world: World) -> None:
    response = login(client, world.member).get(
        reverse("hearings:create", args=[world.collaboration.code]))
    assert response.status_code == 403


@pytest.mark.parametrize("data, message", [
    ({"title": "Høring", "deadline": "2026-11-01T12:00"}, "The deadline must be in the future."),
    ({"title": "", "deadline": "2026-12-15T12:00"}, "This field is required."),
    ({"title": "Høring", "deadline": "next week"}, "Enter a valid date/time."),
])
def test_bad_input_is_refused(client: Client, world: World, data: dict[str, str],
                              message: str) -> None:
    response = login(client, world.secretariat).post(
        reverse("hearings:create", args=[world.collaboration.code]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Hearing.objects.exists()


def test_a_refused_document_is_explained(client: Client, world: World) -> None:
    bad = SimpleUploadedFile("udkast.pdf", b"just text", content_type="application/pdf")
    response = login(client, world.secretariat).post(
        reverse("hearings:create", args=[world.collaboration.code]),
        {"title": "Høring", "deadline": "2026-12-15T12:00", "documents": [bad]})
    assert response.status_code == 422
    assert "The content of udkast.pdf is not a PDF file." in response.content.decode()
    assert not Hearing.objects.exists() and not Attachment.objects.exists()


def test_an_open_hearing_is_not_edited(client: Client, world: World, hw: HearingWorld) -> None:
    response = login(client, world.secretariat).get(reverse("hearings:edit",
                                                            args=[hw.hearing.pk]))
    assert response.status_code == 302


# The hearing page -------------------------------------------------------------------------------

def test_the_respondent_sees_the_answer_form(client: Client, hw: HearingWorld) -> None:
    response = login(client, hw.respondent).get(hw.hearing.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "15 December 2026 at 12:00" in page and "left" in page
    assert f'action="{reverse("hearings:answer", args=[hw.partner_party.pk])}"' in page
    assert reverse("hearings:answer", args=[hw.panel_party.pk]) not in page
    assert "Invite a party" not in page


@pytest.mark.parametrize("persona", ["outsider"])
def test_an_outsider_gets_404(client: Client, world: World, hw: HearingWorld,
                              persona: str) -> None:
    response = login(client, getattr(world, persona)).get(hw.hearing.get_absolute_url())
    assert response.status_code == 404


def test_a_draft_is_hidden_from_members(client: Client, world: World) -> None:
    draft = make_hearing(world.collaboration)
    assert login(client, world.member).get(draft.get_absolute_url()).status_code == 404
    assert login(client, world.secretariat).get(draft.get_absolute_url()).status_code == 200


def test_the_secretariat_invites_and_opens(client: Client, world: World) -> None:
    hw = make_hearing_world(world, state=Hearing.State.DRAFT, deadline=DEADLINE)
    login(client, world.secretariat)
    Party.objects.filter(body=world.panel).delete()
    response = client.post(reverse("hearings:party_invite", args=[hw.hearing.pk]),
                           {"body": world.panel.pk, "organisation": ""})
    assert response.status_code == 302
    assert hw.hearing.parties.get(body=world.panel).respondents.count() == 1
    response = client.post(reverse("hearings:open", args=[hw.hearing.pk]))
    assert response.status_code == 302
    hw.hearing.refresh_from_db()
    assert hw.hearing.state == Hearing.State.OPEN


def test_inviting_nothing_is_bad_input(client: Client, world: World, hw: HearingWorld) -> None:
    response = login(client, world.secretariat).post(
        reverse("hearings:party_invite", args=[hw.hearing.pk]), {"body": "", "organisation": ""})
    assert response.status_code == 422
    assert "Choose one organisation or one body to invite." in response.content.decode()


def test_a_member_may_not_invite(client: Client, world: World, hw: HearingWorld) -> None:
    response = login(client, world.member).post(
        reverse("hearings:party_invite", args=[hw.hearing.pk]), {"body": world.panel.pk})
    assert response.status_code == 403


# Answering --------------------------------------------------------------------------------------

def answer_url(party: Party) -> str:
    return reverse("hearings:answer", args=[party.pk])


def test_a_respondent_answers_with_a_file(client: Client, hw: HearingWorld) -> None:
    prefix = f"answer-{hw.partner_party.pk}"
    response = login(client, hw.respondent).post(answer_url(hw.partner_party), {
        f"{prefix}-text": "Vi støtter udkastet.", f"{prefix}-attachments": [pdf()]})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.text == "Vi støtter udkastet."
    attachment = Attachment.objects.of(answer).get()
    url = reverse("hearings:answer_file", args=[answer.pk, attachment.pk])
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_answer_files_are_404_for_members_before_the_deadline(
        client: Client, world: World, hw: HearingWorld) -> None:
    answer = make_answer(hw.partner_party)
    Attachment.objects.create(content_type_id=_answer_type(), object_id=answer.pk,
                              file="x", name="x.pdf", mime_type="application/pdf", size=1,
                              sha256="0")
    attachment = Attachment.objects.get()
    url = reverse("hearings:answer_file", args=[answer.pk, attachment.pk])
    assert login(client, world.member).get(url).status_code == 404
    assert login(client, world.outsider).get(url).status_code == 404


def _answer_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Answer).pk


def test_a_non_respondent_gets_403(client: Client, world: World, hw: HearingWorld) -> None:
    response = login(client, world.member).post(answer_url(hw.partner_party),
                                                {f"answer-{hw.partner_party.pk}-text": "Hej"})
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_a_late_answer_gets_the_clear_message(client: Client, hw: HearingWorld) -> None:
    with time_machine.travel(AFTER):
        login(client, hw.respondent)  # sessions do not last two weeks
        response = client.post(answer_url(hw.partner_party),
                               {f"answer-{hw.partner_party.pk}-text": "For sent"})
    assert response.status_code == 422
    assert ("The deadline for answers was 15 December 2026 at 12:00; answers can no longer "
            "be given.") in response.content.decode()
    assert not Answer.objects.exists()


def test_a_refused_answer_file_is_explained(client: Client, hw: HearingWorld) -> None:
    prefix = f"answer-{hw.partner_party.pk}"
    bad = SimpleUploadedFile("svar.exe", b"MZ", content_type="application/octet-stream")
    response = login(client, hw.respondent).post(answer_url(hw.partner_party), {
        f"{prefix}-text": "Svar", f"{prefix}-attachments": [bad]})
    assert response.status_code == 422
    assert "Files of the type svar.exe cannot be attached." in response.content.decode()
    assert not Answer.objects.exists()


# After the deadline -------------------------------------------------------------------------------

def test_the_summary_workflow(client: Client, world: World, hw: HearingWorld) -> None:
    answer = make_answer(hw.partner_party, text="Vi har en bemærkning.")
    with time_machine.travel(AFTER):
        login(client, world.secretariat)
        page = client.get(hw.hearing.get_absolute_url()).content.decode()
        assert "did not answer" in page and "Save response" in page
        response = client.post(reverse("hearings:response", args=[answer.pk]),
                               {f"response-{answer.pk}-response": "Indarbejdes i aftalen."})
        assert response.status_code == 302
        response = client.post(reverse("hearings:summary_edit", args=[hw.hearing.pk]),
                               {"summary": "", "final": "on"})
        assert response.status_code == 422
        assert "Write the overall summary." in response.content.decode()
        response = client.post(reverse("hearings:summary_edit", args=[hw.hearing.pk]),
                               {"summary": "Bred opbakning.", "final": "on"})
        assert response.status_code == 302
        summary = login(client, world.member).get(hw.hearing.get_summary_url())
    assert summary.status_code == 200
    page = summary.content.decode()
    assert "Bred opbakning." in page and "Indarbejdes i aftalen." in page
    assert "Parties that did not answer" in page and "Brugerpanel" in page


def test_a_member_may_not_respond(client: Client, world: World, hw: HearingWorld) -> None:
    answer = make_answer(hw.partner_party)
    with time_machine.travel(AFTER):
        response = login(client, world.member).post(
            reverse("hearings:response", args=[answer.pk]),
            {f"response-{answer.pk}-response": "Nej"})
    assert response.status_code == 403


def test_the_summary_is_404_before_the_deadline_for_members(
        client: Client, world: World, hw: HearingWorld) -> None:
    response = login(client, world.member).get(hw.hearing.get_summary_url())
    assert response.status_code == 404


def test_the_hearing_page_query_count_does_not_grow(client: Client, world: World,
                                                   hw: HearingWorld,
                                                   django_assert_max_num_queries: object) -> None:
    from klynge.testing.factories import make_organisation, make_partnership, make_person

    make_answer(hw.partner_party)
    login(client, world.secretariat).get(hw.hearing.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(hw.hearing.get_absolute_url())
    for n in range(4):
        organisation = make_organisation(name=f"Partner {n}")
        make_partnership(world.collaboration, organisation)
        party = Party.objects.create(hearing=hw.hearing, organisation=organisation)
        party.respondents.create(person=make_person(name=f"Svarer {n}"))
        make_answer(party)
    with django_assert_max_num_queries(len(one.captured_queries)):  # type: ignore[operator]
        response = client.get(hw.hearing.get_absolute_url())
    assert response.content.decode().count('<th scope="row">Partner ') == 4
