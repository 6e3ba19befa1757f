"""Importing organisations (and their partnerships) from a CSV file or a workbook's sheet,
with the seats of the same workbook: preview, confirm, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from openpyxl import Workbook, load_workbook

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation, Partnership
from klynge.governance.models import Person, Seat
from klynge.governance.tests.test_imports import (
    Setup,
    confirm,
    counts,
    csv_file,
    token_of,
    url,
)
from klynge.governance.tests.views_support import english  # noqa: F401
from klynge.governance.views.imports import SESSION_KEY
from klynge.testing.auth import sign_in
from klynge.testing.factories import (
    make_organisation,
    make_partnership,
    make_person,
    make_seat,
)
from klynge.testing.personas import make_world

pytestmark = pytest.mark.django_db

ORGANISATION_HEADER = "name,kind,website,partner_from,partner_until"
SEAT_HEADER = ["body", "person_name", "email", "works_at", "represents", "role", "term_start"]


@pytest.fixture
def setup() -> Setup:
    world = make_world()
    hospital = make_organisation(name="Testby Sygehus")
    make_partnership(world.collaboration, hospital)
    outsider_org = make_organisation(name="Fremmed Forening", kind=Organisation.Kind.VOLUNTARY)
    known = make_person(name="Kendt Kirsten", email="kirsten@example.org")
    make_seat(world.panel, known, constituency=Seat.Constituency.PATIENTS)
    return Setup(world, hospital, outsider_org, known)


def upload(client: Client, file: SimpleUploadedFile, holds: str = "") -> HttpResponse:
    data = {"file": file} | ({"holds": holds} if holds else {})
    return client.post(url("import_upload"), data)  # type: ignore[return-value]


def all_counts() -> tuple[int, ...]:
    return (*counts(), Organisation.objects.count(), Partnership.objects.count())


def workbook(sheets: dict[str, list[list[Any]]], name: str = "import.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        for row in rows:
            sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile(name, content.getvalue())


ORGANISATION_ROWS = (
    "Testby Frivilligcenter,voluntary,https://frivillig.example.org,2023-01-01,2026-12-31",
    "testby  sygehus,Hospital,,,",
    "Ny Patientforening,patientforening,,,",
)


def test_a_csv_of_organisations_is_previewed_then_imported(client: Client,
                                                           setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    before = all_counts()
    response = upload(client, csv_file(*ORGANISATION_ROWS, header=ORGANISATION_HEADER,
                                       name="organisations.csv"), holds="organisations")
    assert response.status_code == 200, response.context["report"].problems
    page = response.content.decode()
    assert "new organisation" in page and "known organisation" in page
    assert "known as Testby Sygehus" in page and "2023-01-01" in page
    assert "Import 3 organisations" in page
    assert all_counts() == before  # the preview saves nothing

    response = confirm(client, token_of(response))
    assert response.status_code == 302
    assert response["Location"] == setup.world.collaboration.get_absolute_url()
    centre = Organisation.objects.get(name="Testby Frivilligcenter")
    assert (centre.kind, centre.country, centre.website) == (
        Organisation.Kind.VOLUNTARY, setup.world.collaboration.country,
        "https://frivillig.example.org")
    partnership = Partnership.objects.get(organisation=centre)
    assert (partnership.collaboration, partnership.valid_from, partnership.valid_to) == (
        setup.world.collaboration, dt.date(2023, 1, 1), dt.date(2026, 12, 31))
    patients = Organisation.objects.get(name="Ny Patientforening")
    assert patients.kind == Organisation.Kind.PATIENT  # its Danish name
    assert not patients.partnerships.exists()
    assert Organisation.objects.filter(name__iexact="testby sygehus").count() == 1
    assert setup.hospital.partnerships.count() == 1
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.IMPORT)
    assert entry.collaboration_code == "testklyngen"
    assert entry.details == {"file": "organisations.csv", "rows": 3, "seats": 0,
                             "new_people": 0, "existing_people": 0, "organisations": 3,
                             "new_organisations": 2, "existing_organisations": 1,
                             "partnerships": 1}
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.CREATE,
                                     object_type="collaborations.organisation").count() == 2
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.CREATE,
                                     object_type="collaborations.partnership").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "3 organisation rows were imported" in page
    assert SESSION_KEY not in client.session


def test_a_workbook_with_both_sheets(client: Client, setup: Setup) -> None:
    """The organisations sheet is read first wherever it lies, so a seat may represent an
    organisation that the same file creates and makes a partner."""
    file = workbook({
        "Ark1": [SEAT_HEADER,
                 ["Styregruppe", "Frede Frivillig", "frede@example.org", "Nyt Frivilligcenter",
                  "nyt frivilligcenter", "member", dt.date(2024, 1, 1)],
                 ["Styregruppe", "Kendt Kirsten", "kirsten@example.org", "", "Testby Sygehus",
                  "", dt.date(2024, 2, 1)]],
        "Organisationer": [["Name", "Kind", "Partner from", "Partner until"],
                           ["Nyt Frivilligcenter", "frivillig organisation",
                            dt.datetime(2023, 6, 1), dt.date(2026, 12, 31)],
                           ["Nyt Frivilligcenter", "voluntary", "", ""]],
    })
    sign_in(client, setup.world.secretariat)
    before = all_counts()
    response = upload(client, file)
    assert response.status_code == 200, response.context["report"].problems
    report = response.context["report"]
    assert [row.status for row in report.organisations] == ["new", "earlier"]
    assert [row.person_status for row in report.rows] == ["new", "existing"]
    assert "Import 4 rows of organisations and seats" in response.content.decode()
    assert all_counts() == before

    assert confirm(client, token_of(response)).status_code == 302
    centre = Organisation.objects.get(name="Nyt Frivilligcenter")
    seat = Seat.objects.get(person__name="Frede Frivillig")
    assert (seat.body, seat.represents, seat.person.organisation) == (
        setup.world.strategic, centre, centre)
    assert centre.partnerships.get().valid_from == dt.date(2023, 6, 1)
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.IMPORT)
    assert entry.details == {"file": "import.xlsx", "rows": 4, "seats": 2, "new_people": 1,
                             "existing_people": 1, "organisations": 2,
                             "new_organisations": 1, "existing_organisations": 0,
                             "partnerships": 1}


def _both(organisation_row: list[Any]) -> SimpleUploadedFile:
    """A workbook with a good organisation, ``organisation_row`` and a seat that represents
    the good one."""
    return workbook({
        "organisations": [["name", "kind", "partner_from", "partner_until"],
                          ["God Forening", "voluntary", "2023-01-01", "2026-12-31"],
                          organisation_row],
        "seats": [SEAT_HEADER,
                  ["Styregruppe", "Sidse Sæde", "", "", "God Forening", "", "2024-01-01"]],
    })


@pytest.mark.parametrize(("row", "column", "message"), [
    (["Dårlig Forening", "boss", "", ""], "kind", "is not one of"),
    (["Testby Sygehus", "hospital", "2023-01-01", "2023-12-31"], "partner_from",
     "already a partner"),
    (["Tidlig Forening", "voluntary", "2020-01-01", "2026-12-31"], "partner_from",
     "within the collaboration's period"),
    (["Sen Forening", "voluntary", "2024-01-01", "2027-06-30"], "partner_from",
     "within the collaboration's period"),
    (["Halv Forening", "voluntary", "", "2024-01-01"], "partner_from", "first day"),
    (["Bagvendt Forening", "voluntary", "2024-01-01", "2023-01-01"], "partner_until",
     "cannot end before"),
    (["", "voluntary", "", ""], "name", "required"),
])
def test_a_bad_organisation_row_saves_nothing(client: Client, setup: Setup, row: list[Any],
                                              column: str, message: str) -> None:
    sign_in(client, setup.world.secretariat)
    before = all_counts()
    response = upload(client, _both(row))
    assert response.status_code == 422
    assert response.context["confirm_form"] is None
    [(sheet, number, error)] = response.context["report"].problems
    assert (sheet, number, error.column) == ("organisations", 3, column)
    assert message in error.message
    assert f"Organisations, row 3, column {column}:" in response.content.decode()
    assert all_counts() == before  # neither the good organisation nor the seat
    assert not Organisation.objects.filter(name="God Forening").exists()
    assert not Person.objects.filter(name="Sidse Sæde").exists()
    assert SESSION_KEY not in client.session


def test_a_seat_cannot_represent_an_organisation_the_file_does_not_make_a_partner(
        client: Client, setup: Setup) -> None:
    file = workbook({
        "Organisasjoner": [["name", "kind"], ["Ikke Partner", "voluntary"]],
        "Plasser": [SEAT_HEADER, ["Styregruppe", "Per Plass", "", "", "Ikke Partner", "",
                                  "2024-01-01"]],
    })
    sign_in(client, setup.world.secretariat)
    before = all_counts()
    response = upload(client, file)
    assert response.status_code == 422
    [(sheet, number, error)] = response.context["report"].problems
    assert (sheet, number, error.column) == ("seats", 2, "represents")
    assert "only represent a partner" in error.message
    assert "Seats, row 2, column represents:" in response.content.decode()
    assert all_counts() == before


def test_confirm_checks_the_organisations_again(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    response = upload(client, _both(["Anden Forening", "patient", "", ""]))
    token = token_of(response)
    centre = make_organisation(name="God Forening", kind=Organisation.Kind.VOLUNTARY)
    make_partnership(setup.world.collaboration, centre, valid_from=dt.date(2024, 1, 1))
    before = all_counts()
    response = confirm(client, token)
    assert response.status_code == 422
    assert "Something changed since the preview" in response.content.decode()
    assert "already a partner" in response.content.decode()
    assert all_counts() == before


def test_a_member_may_not_import_organisations(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.member)
    before = all_counts()
    file = csv_file(*ORGANISATION_ROWS, header=ORGANISATION_HEADER)
    assert upload(client, file, holds="organisations").status_code == 403
    assert upload(client, _both(["Anden Forening", "patient", "", ""])).status_code == 403
    assert client.get(url("import_template"), {"format": "xlsx"}).status_code == 403
    assert client.get(url("import_template"), {"holds": "organisations"}).status_code == 403
    assert all_counts() == before


def test_a_sheet_with_a_problem_is_named(client: Client, setup: Setup) -> None:
    file = workbook({"organisations": [["name", "sort"], ["X", "y"]],
                     "seats": [SEAT_HEADER]})
    sign_in(client, setup.world.secretariat)
    response = upload(client, file)
    assert response.status_code == 422
    assert "Sheet “organisations”: Unknown columns: sort." in response.content.decode()


def test_a_workbook_with_only_an_empty_seats_sheet_beside_organisations(
        client: Client, setup: Setup) -> None:
    file = workbook({"Sheet": [], "ORGANISATIONS": [["name", "kind"], ["Ny Skole",
                                                                     "university"]]})
    sign_in(client, setup.world.secretariat)
    response = upload(client, file)
    assert response.status_code == 200, response.context["report"].problems
    assert confirm(client, token_of(response)).status_code == 302
    assert Organisation.objects.filter(name="Ny Skole",
                                       kind=Organisation.Kind.UNIVERSITY).exists()


def test_the_templates_can_be_filled_in_and_read(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    response = client.get(url("import_template"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "testklyngen-import.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["organisations", "seats"]
    assert [cell.value for cell in book["organisations"][1]] == [
        "name", "kind", "website", "partner_from", "partner_until"]
    preview = upload(client, SimpleUploadedFile("template.xlsx", response.content))
    assert preview.status_code == 200, preview.context["report"].problems
    report = preview.context["report"]
    assert [row.status for row in report.organisations] == ["new"]
    assert report.partnerships == 1 and report.seats == 1

    response = client.get(url("import_template"), {"holds": "organisations"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"name,kind,website,partner_from,partner_until" in response.content
    preview = upload(client, SimpleUploadedFile("template.csv", response.content),
                     holds="organisations")
    assert preview.status_code == 200, preview.context["report"].problems


def test_the_upload_page_explains_the_organisations(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    page = client.get(url("import_upload")).content.decode()
    assert "partner_from" in page and "patient organisation" in page
    assert "?format=xlsx" in page and "?holds=organisations" in page
