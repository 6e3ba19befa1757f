"""Decisions and action items as CSV and XLSX: columns, rows, access and formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from klynge.meetings.documents.exports import safe_text
from klynge.meetings.models import AgendaItem
from klynge.meetings.tests.test_documents_common import (
    DECISION,
    SECRET,
    Minutes,
    login,
    make_minutes,
    person_of,
)
from klynge.testing.meetings import make_action_item, make_item

pytestmark = pytest.mark.django_db
DECISION_HEADER = ["Meeting date", "Body", "Meeting", "Item", "Title", "Case", "Outcome",
                   "Decision", "Forwarded to", "Minutes approved"]
ACTION_HEADER = ["What", "Details", "Owner", "Due", "Done", "Body", "Meeting date", "Item",
                 "Item title", "Case"]


@pytest.fixture
def minutes() -> Minutes:
    return make_minutes()


def export(client: Client, name: str, *args: object) -> bytes:
    response = client.get(reverse(f"meeting_documents:{name}", args=args))
    assert response.status_code == 200, response.status_code
    return bytes(response.content)


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_decisions_csv_has_its_columns_and_rows(client: Client, minutes: Minutes) -> None:
    rows = csv_rows(export(login(client, minutes.world.member), "decisions_csv",
                           minutes.world.collaboration.code))
    assert rows[0] == DECISION_HEADER
    assert [row[4] for row in rows[1:]] == ["Genoptræning efter udskrivning",
                                            f"{SECRET} personsag"]
    first = dict(zip(DECISION_HEADER, rows[1], strict=True))
    assert first["Meeting date"] == "2026-11-23" and first["Body"] == "Styregruppe"
    assert first["Case"] == minutes.case.file_number and first["Decision"] == DECISION
    assert first["Outcome"] == "approved" and first["Minutes approved"] == "2026-11-30"


def test_closed_decisions_are_only_for_those_who_may_see_them(client: Client,
                                                              minutes: Minutes) -> None:
    for user in (minutes.world.panel_member, minutes.world.outsider):
        content = export(login(Client(), user), "decisions_csv",
                         minutes.world.collaboration.code)
        assert SECRET.encode() not in content
    panel = csv_rows(export(login(client, minutes.world.panel_member), "decisions_csv",
                            minutes.world.collaboration.code))
    assert [row[7] for row in panel[1:]] == [DECISION]


def test_the_decisions_xlsx_has_a_header_widths_and_dates(client: Client,
                                                          minutes: Minutes) -> None:
    content = export(login(client, minutes.world.member), "decisions_xlsx",
                     minutes.world.collaboration.code)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == DECISION_HEADER and len(rows) == 3
    assert rows[1][0] == dt.datetime(2026, 11, 23)  # a real date
    assert rows[1][7] == DECISION
    assert sheet.cell(1, 1).font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["H"].width == 60


def test_the_action_items_show_what_the_reader_may_see(client: Client,
                                                       minutes: Minutes) -> None:
    member = csv_rows(export(login(client, minutes.world.member), "action_items_csv",
                             minutes.world.collaboration.code))
    assert member[0] == ACTION_HEADER
    assert {row[0] for row in member[1:]} == {"Udarbejd en tidsplan", f"{SECRET} opfølgning"}
    panel = csv_rows(export(login(Client(), minutes.world.panel_member), "action_items_csv",
                            minutes.world.collaboration.code))
    assert [row[0] for row in panel[1:]] == ["Udarbejd en tidsplan"]
    row = dict(zip(ACTION_HEADER, panel[1], strict=True))
    assert row["Owner"] == "Member" and row["Item"] == "1" and row["Done"] == ""
    xlsx = export(login(Client(), minutes.world.panel_member), "action_items_xlsx",
                  minutes.world.collaboration.code)
    assert SECRET.encode() not in xlsx  # nothing of the closed item, even zipped
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None and sheet.max_row == 2


def test_a_closed_items_own_action_shows_its_owner_only_the_general_title(
        client: Client, minutes: Minutes) -> None:
    """The panel member owns an action item from the closed item: they see the action,
    and the item by its general title."""
    make_action_item(minutes.closed_item, owner=person_of(minutes.world.panel_member),
                     title="Send svar")
    rows = csv_rows(export(login(client, minutes.world.panel_member), "action_items_csv",
                           minutes.world.collaboration.code))
    row = dict(zip(ACTION_HEADER, next(r for r in rows if r[0] == "Send svar"), strict=True))
    assert SECRET not in ",".join(",".join(r) for r in rows)
    assert row["Item title"] == str(minutes.closed_item.public_title)


def test_formulas_are_escaped(client: Client, minutes: Minutes) -> None:
    AgendaItem.objects.filter(pk=minutes.open_item.pk).update(
        wording='=HYPERLINK("https://evil.example","klik")')
    make_action_item(minutes.open_item, title="+1+1", description="@SUM(A1)",
                     owner=person_of(minutes.world.member))
    code = minutes.world.collaboration.code
    login(client, minutes.world.member)
    decisions = csv_rows(export(client, "decisions_csv", code))
    assert decisions[1][7] == "'=HYPERLINK(\"https://evil.example\",\"klik\")"
    actions = csv_rows(export(client, "action_items_csv", code))
    evil = next(row for row in actions if row[0].endswith("+1+1"))
    assert evil[:2] == ["'+1+1", "'@SUM(A1)"]
    sheet = load_workbook(io.BytesIO(export(client, "decisions_xlsx", code))).active
    assert sheet is not None
    cell = sheet.cell(2, 8)
    assert cell.data_type == "s" and str(cell.value).startswith("'=")
    assert safe_text("-2") == "'-2" and safe_text("Normal") == "Normal"


def test_a_bodys_exports(client: Client, minutes: Minutes) -> None:
    login(client, minutes.world.member)
    rows = csv_rows(export(client, "body_decisions_csv", minutes.world.strategic.pk))
    assert len(rows) == 3
    assert csv_rows(export(client, "body_decisions_csv", minutes.world.panel.pk)) == [
        DECISION_HEADER]
    assert len(csv_rows(export(client, "body_action_items_csv", minutes.world.strategic.pk))) == 3
    load_workbook(io.BytesIO(export(client, "body_action_items_xlsx", minutes.world.strategic.pk)))


def test_a_confidential_body_and_an_unknown_collaboration_answer_404(client: Client,
                                                                    minutes: Minutes) -> None:
    login(client, minutes.world.panel_member)
    for name in ("body_decisions_csv", "body_action_items_xlsx"):
        path = reverse(f"meeting_documents:{name}", args=[minutes.world.confidential.pk])
        assert client.get(path).status_code == 404
    path = reverse("meeting_documents:decisions_csv", args=["nowhere"])
    assert client.get(path).status_code == 404


def test_signed_out_the_exports_ask_for_sign_in(client: Client, minutes: Minutes) -> None:
    path = reverse("meeting_documents:decisions_csv", args=[minutes.world.collaboration.code])
    assert client.get(path).status_code == 302


def _queries_of(client: Client, name: str, code: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        export(client, name, code)
    return len(queries)


@pytest.mark.parametrize("name", ["decisions_csv", "action_items_xlsx"])
def test_the_exports_do_not_grow_with_the_rows(client: Client, minutes: Minutes,
                                               name: str) -> None:
    code = minutes.world.collaboration.code
    login(client, minutes.world.member)
    few = _queries_of(client, name, code)
    member = person_of(minutes.world.member)
    for number in range(3, 9):
        item = make_item(minutes.meeting, closed=number % 2 == 0, outcome="approved",
                         wording=f"Beslutning {number}")
        make_action_item(item, owner=member)
    assert _queries_of(client, name, code) == few
