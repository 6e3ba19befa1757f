"""The agenda and the minutes as tagged PDF: who gets which, what each shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from klynge.governance.roles import Roles
from klynge.meetings.documents import content
from klynge.meetings.documents.pdf import BASE_URL, StaticFilesOnly, render_pdf
from klynge.meetings.models import Conflict, ItemAttendance, Meeting
from klynge.meetings.tests.test_documents_common import (
    DECISION,
    SECRET,
    Minutes,
    login,
    make_minutes,
    paper,
    pdf_objects,
    pdf_text,
    person_of,
)
from klynge.testing.factories import make_body, make_collaboration, make_country, make_seat
from klynge.testing.meetings import make_action_item, make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes() -> Minutes:
    return make_minutes()


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meeting_documents:{name}", args=[meeting.pk])


def get_pdf(client: Client, address: str) -> bytes:
    response = client.get(address)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    pdf: bytes = response.content
    assert pdf.startswith(b"%PDF-")
    return pdf


def test_the_minutes_download_as_pdf_ua_and_state_the_decision(client: Client,
                                                               minutes: Minutes) -> None:
    pdf = get_pdf(login(client, minutes.world.member), url("minutes_pdf", minutes.meeting))
    objects = pdf_objects(pdf)
    catalog = next(head for head, _data in objects.values() if b"/Type /Catalog" in head)
    assert b"/Lang (da)" in catalog and b"/StructTreeRoot" in catalog
    assert b"/MarkInfo <</Marked true>>" in catalog
    metadata = b"".join(data for head, data in objects.values() if b"/Type /Metadata" in head)
    assert b'pdfuaid:part="1"' in metadata
    assert any(b"/S /Table" in head for head, _data in objects.values())  # tagged tables
    assert any(b"/S /H1" in head for head, _data in objects.values())
    text = pdf_text(pdf)
    assert DECISION in text
    assert minutes.case.file_number in text
    assert "Rehabiliteringsplan.pdf" in text  # the papers
    assert "Formand Frederiksen" in text and "Ansat hos leverandøren" in text  # conflict
    assert "Udarbejd en tidsplan" in text and "Uenig i punkt 1" in text  # action, dissent
    assert SECRET in text  # a member of the body sees the closed item


def test_the_title_is_the_documents_metadata(client: Client, minutes: Minutes) -> None:
    pdf = get_pdf(login(client, minutes.world.member), url("agenda_pdf", minutes.meeting))
    metadata = b"".join(data for head, data in pdf_objects(pdf).values()
                        if b"/Type /Metadata" in head).decode()
    title = metadata.split("<dc:title>", 1)[1].split("</dc:title>", 1)[0]
    assert minutes.world.strategic.name in title and "2026" in title


def test_a_reader_who_may_not_see_the_closed_item_gets_its_number_and_general_title(
        client: Client, minutes: Minutes) -> None:
    text = pdf_text(get_pdf(login(client, minutes.world.panel_member),
                            url("minutes_pdf", minutes.meeting)))
    assert DECISION in text
    assert SECRET not in text
    with translation.override("da"):
        general = str(minutes.closed_item.public_title)
    assert f"2. {general}" in text


def test_a_member_with_a_conflict_does_not_read_the_closed_item(client: Client,
                                                                minutes: Minutes) -> None:
    Conflict.objects.create(item=minutes.closed_item, person=person_of(minutes.world.member),
                            reason="Inhabil")
    text = pdf_text(get_pdf(login(client, minutes.world.member),
                            url("minutes_pdf", minutes.meeting)))
    assert SECRET not in text and DECISION in text


@pytest.mark.parametrize("name", ["agenda_pdf", "minutes_pdf"])
def test_an_outsider_gets_404(client: Client, minutes: Minutes, name: str) -> None:
    response = login(client, minutes.world.outsider).get(url(name, minutes.meeting))
    assert response.status_code == 404


def test_signed_out_the_pdf_asks_for_sign_in(client: Client, minutes: Minutes) -> None:
    response = client.get(url("minutes_pdf", minutes.meeting))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_agenda_lists_items_cases_and_papers(client: Client, minutes: Minutes) -> None:
    text = pdf_text(get_pdf(login(client, minutes.world.secretariat),
                            url("agenda_pdf", minutes.meeting)))
    assert "1. Genoptræning efter udskrivning" in text
    assert minutes.case.file_number in text and "Rehabiliteringsplan.pdf" in text
    assert "At planen godkendes." in text
    assert f"{SECRET}-bilag.pdf" in text  # the secretariat sees the closed item's papers
    assert DECISION not in text  # an agenda has no decisions


def test_an_agenda_not_yet_released_is_only_for_the_secretariat(client: Client) -> None:
    minutes = make_minutes(state=Meeting.State.PLANNED)
    response = login(client, minutes.world.member).get(url("agenda_pdf", minutes.meeting))
    assert response.status_code == 404
    get_pdf(login(Client(), minutes.world.secretariat), url("agenda_pdf", minutes.meeting))


def test_draft_minutes_are_for_the_body_and_say_they_are_a_draft(client: Client) -> None:
    minutes = make_minutes(state=Meeting.State.MINUTES_IN_APPROVAL)
    panel = login(client, minutes.world.panel_member).get(url("minutes_pdf", minutes.meeting))
    assert panel.status_code == 404
    text = pdf_text(get_pdf(login(Client(), minutes.world.member),
                            url("minutes_pdf", minutes.meeting)))
    assert DECISION in text
    with translation.override("da"):
        draft = translation.gettext("Draft: these minutes are not approved.")
    assert draft in text


def test_the_public_minutes_show_open_items_and_closed_ones_by_title(client: Client,
                                                                     minutes: Minutes) -> None:
    text = pdf_text(get_pdf(client, url("public_minutes_pdf", minutes.meeting)))
    assert DECISION in text and "Rehabiliteringsplan.pdf" in text
    assert SECRET not in text
    assert "Ansat hos leverandøren" not in text  # a conflict's reason is not published


def test_unpublished_minutes_are_not_public(client: Client) -> None:
    draft = make_minutes(state=Meeting.State.MINUTES_IN_APPROVAL)
    assert client.get(url("public_minutes_pdf", draft.meeting)).status_code == 404
    confidential = make_meeting(draft.world.confidential, state=Meeting.State.MINUTES_APPROVED)
    assert client.get(url("public_minutes_pdf", confidential)).status_code == 404


def test_a_norwegian_body_gets_its_documents_in_bokmal(client: Client) -> None:
    collaboration = make_collaboration(country=make_country("NO", "Norge"), code="bergen")
    body = make_body(collaboration, name="Strategisk samarbeidsutvalg")
    meeting = make_meeting(body, state=Meeting.State.AGENDA_RELEASED)
    make_item(meeting, title="Felles plan")
    document = content.build(meeting, None, minutes=False)
    pdf = render_pdf("meetings/pdf/agenda.html", {"document": document}, document.language)
    catalog = next(head for head, _d in pdf_objects(pdf).values() if b"/Type /Catalog" in head)
    assert document.language == "nb" and b"/Lang (nb)" in catalog
    assert "Felles plan" in pdf_text(pdf)


def test_the_documents_fetch_nothing_but_static_files() -> None:
    fetcher = StaticFilesOnly()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/tracker.png")
    with pytest.raises(ValueError):
        fetcher.fetch(BASE_URL + "static/../../etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch(BASE_URL + "static/klynge/klynge.css")
    assert response.content_type == "text/css"


def _queries_to_build(minutes: Minutes) -> int:
    roles = Roles.for_user(minutes.world.member)
    with CaptureQueriesContext(connection) as queries:
        content.build(minutes.meeting, roles, minutes=True)
    return len(queries)


def test_the_minutes_are_built_in_a_fixed_number_of_queries(minutes: Minutes) -> None:
    few = _queries_to_build(minutes)
    member = person_of(minutes.world.member)
    for number in range(3, 9):
        item = make_item(minutes.meeting, title=f"Punkt {number}", closed=number % 2 == 0)
        paper(item, f"Bilag {number}.pdf")
        ItemAttendance.objects.create(item=item, person=make_seat(minutes.world.strategic).person)
        Conflict.objects.create(item=item, person=member, reason="Inhabil")
        make_action_item(item, owner=member)
    assert _queries_to_build(minutes) == few


def test_a_member_with_a_conflict_is_not_listed_as_taking_part(minutes: Minutes) -> None:
    document = content.build(minutes.meeting, Roles.for_user(minutes.world.secretariat),
                             minutes=True)
    first, second = document.items
    assert [mark.person.name for mark in first.present] == ["Member"]  # not the chair
    assert [conflict.person.name for conflict in first.conflicts] == ["Formand Frederiksen"]
    assert second.full and second.title == minutes.closed_item.title
    public = content.build(minutes.meeting, None, minutes=True)
    assert not public.items[1].full and public.items[1].papers == []
    assert public.items[1].title == minutes.closed_item.public_title
