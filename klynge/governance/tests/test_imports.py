"""Importing people and seats from a CSV or XLSX file: preview, confirm, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from klynge.accounts.models import User
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation
from klynge.governance.imports_read import MAX_BYTES
from klynge.governance.models import Person, Seat
from klynge.governance.tests.views_support import english  # noqa: F401
from klynge.governance.views.imports import SESSION_KEY
from klynge.testing.auth import sign_in
from klynge.testing.factories import (
    make_body,
    make_organisation,
    make_partnership,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db

HEADER = ("body,person_name,email,title,works_at,represents,on_behalf_of,role,capacity,"
          "term_start,term_end")


@dataclass
class Setup:
    world: World
    hospital: Organisation
    outsider_org: Organisation
    known: Person


@pytest.fixture
def setup() -> Setup:
    world = make_world()
    hospital = make_organisation(name="Testby Sygehus")
    make_partnership(world.collaboration, hospital)
    outsider_org = make_organisation(name="Fremmed Forening", kind=Organisation.Kind.VOLUNTARY)
    known = make_person(name="Kendt Kirsten", email="kirsten@example.org")
    make_seat(world.panel, known, constituency=Seat.Constituency.PATIENTS)
    return Setup(world, hospital, outsider_org, known)


def url(name: str, code: str = "testklyngen") -> str:
    return reverse(f"governance:{name}", args=[code])


def csv_file(*rows: str, header: str = HEADER, name: str = "seats.csv",
             bom: bool = False) -> SimpleUploadedFile:
    text = "\r\n".join((header, *rows)) + "\r\n"
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + text).encode(),
                              content_type="text/csv")


def upload(client: Client, file: SimpleUploadedFile, code: str = "testklyngen") -> HttpResponse:
    return client.post(url("import_upload", code), {"file": file})  # type: ignore[return-value]


def token_of(response: HttpResponse) -> str:
    form = response.context["confirm_form"]  # type: ignore[attr-defined]
    assert form is not None, "no confirm button"
    return str(form.initial["token"])


def confirm(client: Client, token: str, code: str = "testklyngen") -> HttpResponse:
    return client.post(url("import_confirm", code), {"token": token})  # type: ignore[return-value]


def counts() -> tuple[int, int, int, int]:
    return (Seat.objects.count(), Person.objects.count(), User.objects.count(),
            AuditEntry.objects.exclude(verb=AuditEntry.Verb.LOGIN).count())


GOOD_ROWS = (
    "Styregruppe,Ny Nielsen,ny@example.org,Overlæge,Testby Sygehus,Testby Sygehus,,"
    "co-chair,professional,2024-01-01,2026-12-31",
    "Styregruppe,Kendt Kirsten,,,,,,member,,2024-02-01,",
)


def test_a_csv_is_previewed_then_imported(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    before = counts()
    response = upload(client, csv_file(*GOOD_ROWS))
    assert response.status_code == 200
    page = response.content.decode()
    assert "new person" in page and "known person" in page
    assert "Import 2 seats" in page
    assert counts() == before  # the preview saves nothing, invites nobody

    response = confirm(client, token_of(response))
    assert response.status_code == 302
    assert response["Location"] == setup.world.collaboration.get_absolute_url()
    new = Person.objects.get(name="Ny Nielsen")
    assert (new.email, new.title, new.organisation) == ("ny@example.org", "Overlæge",
                                                        setup.hospital)
    assert new.user is not None and new.user.email == "ny@example.org"  # invited
    seat = Seat.objects.get(person=new)
    assert (seat.body, seat.represents, seat.role, seat.capacity) == (
        setup.world.strategic, setup.hospital, Seat.Role.CO_CHAIR, Seat.Capacity.PROFESSIONAL)
    assert (seat.term_start, seat.term_end) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    kept = Seat.objects.get(person=setup.known, body=setup.world.strategic,
                            term_start=dt.date(2024, 2, 1))
    assert kept.capacity == Seat.Capacity.REPRESENTATIVE
    assert Person.objects.filter(name="Kendt Kirsten").count() == 1
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.IMPORT)
    assert entry.collaboration_code == "testklyngen"
    assert entry.details == {"file": "seats.csv", "rows": 2, "seats": 2, "new_people": 1,
                             "existing_people": 1}
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.CREATE,
                                     object_type="governance.seat").count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "2 seats were imported" in page
    assert SESSION_KEY not in client.session
    assert confirm(client, "anything").status_code == 302  # a second confirm does nothing
    assert Seat.objects.filter(person=new).count() == 1


def test_an_xlsx_workbook_with_date_cells_and_danish_labels(client: Client,
                                                            setup: Setup) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Body", "Person name", "Role", "Capacity", "On behalf of", "Term start"])
    sheet.append(["styregruppe", "Xlsx Xenia", "formand", "borgmester", "",
                  dt.datetime(2024, 3, 1)])
    sheet.append(["Brugerpanel", "Anden Anna", "medlem", "repræsentant", "patienter",
                  dt.date(2024, 3, 2)])
    workbook.create_sheet("Ignored").append(["not", "read"])
    content = io.BytesIO()
    workbook.save(content)
    sign_in(client, setup.world.secretariat)
    response = upload(client, SimpleUploadedFile("seats.xlsx", content.getvalue()))
    assert response.status_code == 200, response.context["report"].errors
    confirm(client, token_of(response))
    xenia = Seat.objects.get(person__name="Xlsx Xenia")
    assert (xenia.body, xenia.role, xenia.capacity, xenia.term_start) == (
        setup.world.strategic, Seat.Role.CHAIR, Seat.Capacity.MAYOR, dt.date(2024, 3, 1))
    anna = Seat.objects.get(person__name="Anden Anna")
    assert (anna.constituency, anna.term_start) == (Seat.Constituency.PATIENTS,
                                                    dt.date(2024, 3, 2))


def test_a_semicolon_csv_from_danish_excel(client: Client, setup: Setup) -> None:
    rows = ["body;person_name;role;capacity;term_start",
            "Styregruppe;Semi Kolon;næstformand;Direktør eller leder;2024-05-01"]
    sign_in(client, setup.world.secretariat)
    response = upload(client, csv_file(*rows[1:], header=rows[0], bom=True))
    assert response.status_code == 200, response.context["report"].errors
    confirm(client, token_of(response))
    seat = Seat.objects.get(person__name="Semi Kolon")
    assert (seat.role, seat.capacity) == (Seat.Role.VICE_CHAIR, Seat.Capacity.DIRECTOR)


def test_one_bad_row_saves_nothing_and_names_the_row(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    before = counts()
    response = upload(client, csv_file(*GOOD_ROWS, "Styregruppe,Dårlig Dato,,,,,,,,"
                                       "01-02-2024,"))
    assert response.status_code == 422
    assert response.context["confirm_form"] is None
    page = response.content.decode()
    assert "Row 4, column term_start:" in page
    assert "Write the date as YYYY-MM-DD" in page
    assert "Import 3 seats" not in page and "import_confirm" not in page
    assert counts() == before
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(("row", "column", "message"), [
    ("Ukendt Gruppe,Anne,,,,,,,,2024-01-01,", "body", "no body called"),
    ("Styregruppe,Anne,,,,,,boss,,2024-01-01,", "role", "is not one of"),
    ("Styregruppe,Anne,not-an-address,,,,,,,2024-01-01,", "email",
     "Enter a valid email address"),
    ("Styregruppe,Anne,,,Intet Sted,,,,,2024-01-01,", "works_at", "No organisation"),
    ("Styregruppe,Anne,,,,,,,,2024-01-01,2023-01-01", "term_end", "cannot be before"),
    ("Styregruppe,,,,,,,,,2024-01-01,", "person_name", "required"),
    ("Styregruppe,Anne,,,,,,,,2021-01-01,", "term_start", "cannot start before the body"),
])
def test_a_row_is_checked(client: Client, setup: Setup, row: str, column: str,
                          message: str) -> None:
    sign_in(client, setup.world.secretariat)
    response = upload(client, csv_file(row))
    assert response.status_code == 422
    [(number, error)] = response.context["report"].errors
    assert (number, error.column) == (2, column)
    assert message in error.message


def test_a_duplicate_seat_is_refused(client: Client, setup: Setup) -> None:
    """The member already sits in the strategic level; a file cannot seat them again, nor
    seat a new person twice."""
    sign_in(client, setup.world.secretariat)
    response = upload(client, csv_file(
        "Styregruppe,Member,,,,,,,,2024-01-01,",
        "Brugerpanel,To Gange,,,,,,,,2024-01-01,",
        "Brugerpanel,To Gange,,,,,,,,2024-06-01,",
    ))
    assert response.status_code == 422
    errors = response.context["report"].errors
    assert [(row, error.column) for row, error in errors] == [(2, ""), (4, "")]
    assert "Member already holds a seat in Styregruppe" in errors[0][1].message
    assert "To Gange already holds a seat in Brugerpanel" in errors[1][1].message
    assert response.context["report"].rows[2].person_status == "earlier"
    assert not Person.objects.filter(name="To Gange").exists()


def test_represents_must_be_a_partner(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    response = upload(client, csv_file("Styregruppe,Anne,,,,Fremmed Forening,,,,2024-01-01,"))
    assert response.status_code == 422
    [(row, error)] = response.context["report"].errors
    assert (row, error.column) == (2, "represents")
    assert "only represent a partner" in error.message
    assert not Seat.objects.filter(person__name="Anne").exists()


@pytest.mark.parametrize(("file", "message"), [
    (SimpleUploadedFile("seats.csv", b"body,person_name,term_start\r\n" + b"x" * MAX_BYTES),
     "larger than 2 MB"),
    (SimpleUploadedFile("seats.xls", b"\xd0\xcf\x11\xe0 old excel"), "Upload a CSV file"),
    (SimpleUploadedFile("seats.txt", b"body,person_name,term_start\r\n"), "Upload a CSV file"),
    (SimpleUploadedFile("seats.xlsx", b"body,person_name"), "could not be read as an Excel"),
    (SimpleUploadedFile("seats.csv", "body;person_name;term_start\r\nå;b;c".encode("latin-1")),
     "not in UTF-8"),
    (SimpleUploadedFile("seats.csv", b"body,person,term_start\r\nx,y,z\r\n"),
     "Unknown columns: person"),
    (SimpleUploadedFile("seats.csv", b"body,person_name\r\nx,y\r\n"), "missing: term_start"),
    (SimpleUploadedFile("seats.csv", b"body,person_name,term_start\r\n\r\n"),
     "no rows to import"),
])
def test_a_file_that_cannot_be_imported_is_refused(client: Client, setup: Setup,
                                                   file: SimpleUploadedFile,
                                                   message: str) -> None:
    sign_in(client, setup.world.secretariat)
    response = upload(client, file)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "governance/import_upload.html" in [t.name for t in response.templates]


def test_too_many_rows_are_refused(client: Client, setup: Setup) -> None:
    rows = ["Styregruppe,Anne,,,,,,,,2024-01-01,"] * 1001
    sign_in(client, setup.world.secretariat)
    response = upload(client, csv_file(*rows))
    assert response.status_code == 422
    assert "more than 1000 rows" in response.content.decode()


def test_a_member_may_not_import(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.member)
    assert client.get(url("import_upload")).status_code == 403
    assert upload(client, csv_file(*GOOD_ROWS)).status_code == 403
    assert confirm(client, "token").status_code == 403
    assert client.get(url("import_template")).status_code == 403
    page = client.get(setup.world.collaboration.get_absolute_url()).content.decode()
    assert "Import from a file" not in page


def test_an_unknown_collaboration_is_not_found(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    assert client.get(url("import_upload", "nowhere")).status_code == 404
    assert confirm(client, "token", "nowhere").status_code == 404


def test_another_collaborations_secretariat_cannot_confirm(client: Client,
                                                           setup: Setup) -> None:
    """The other collaboration's secretariat may only read this one (403, as everywhere:
    every collaboration is visible); it cannot confirm here, nor take a preview kept for
    this collaboration to its own."""
    other_body = make_body(setup.world.other_collaboration, kind="secretariat",
                           name="Andet sekretariat")
    other = make_user("other-secretariat")
    make_seat(other_body, make_person(user=other))
    sign_in(client, other)
    before = counts()
    assert client.get(url("import_upload")).status_code == 403
    assert confirm(client, "token").status_code == 403
    admin = sign_in(Client(), setup.world.admin)
    token = token_of(upload(admin, csv_file(*GOOD_ROWS)))
    response = confirm(admin, token, "andenklyngen")  # kept for Testklyngen, not this one
    assert response.status_code == 302
    assert response["Location"] == url("import_upload", "andenklyngen")
    assert counts() == before
    assert confirm(admin, token).status_code == 302
    assert Person.objects.filter(name="Ny Nielsen").exists()


def test_confirm_without_a_preview_is_refused(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    before = counts()
    response = confirm(client, "made-up")
    assert response.status_code == 302 and response["Location"] == url("import_upload")
    assert "no preview of an import waiting" in client.get(url("import_upload")).content.decode()
    assert counts() == before


def test_a_stale_or_altered_token_is_refused(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    first = token_of(upload(client, csv_file(GOOD_ROWS[0])))
    second = token_of(upload(client, csv_file(GOOD_ROWS[1])))
    before = counts()
    assert confirm(client, first).status_code == 302
    assert confirm(client, second + "x").status_code == 302
    assert confirm(client, "æøå").status_code == 302
    assert counts() == before
    assert confirm(client, second).status_code == 302
    assert Seat.objects.filter(person=setup.known).count() == 2
    assert not Person.objects.filter(name="Ny Nielsen").exists()


def test_confirm_checks_again(client: Client, setup: Setup) -> None:
    """What changed since the preview is caught: nothing is saved."""
    sign_in(client, setup.world.secretariat)
    token = token_of(upload(client, csv_file(*GOOD_ROWS)))
    make_seat(setup.world.strategic, setup.known, term_start=dt.date(2024, 1, 15))
    before = counts()
    response = confirm(client, token)
    assert response.status_code == 422
    assert "Something changed since the preview" in response.content.decode()
    assert response.context["confirm_form"] is None
    assert counts() == before


def test_an_administrator_imports_too(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.admin)
    response = upload(client, csv_file(GOOD_ROWS[0]))
    assert confirm(client, token_of(response)).status_code == 302
    assert Person.objects.filter(name="Ny Nielsen").exists()


def test_people_are_matched_by_email_then_by_name(client: Client, setup: Setup) -> None:
    hidden = make_person(name="Skjult Sofie", email="sofie@example.org")
    make_seat(make_body(setup.world.other_collaboration, confidential=True), hidden)
    make_seat(setup.world.strategic, make_person(name="Dobbelt Dorte"))
    make_seat(setup.world.strategic, make_person(name="Dobbelt Dorte"))
    sign_in(client, setup.world.secretariat)
    response = upload(client, csv_file(
        "Styregruppe,K. Kirsten,KIRSTEN@example.org,Chef,,,,,,2024-01-01,",
        "Styregruppe,Skjult Sofie,sofie@example.org,,,,,,,2024-01-01,",
        "Brugerpanel,Dobbelt Dorte,,,,,,,,2024-01-01,",
    ))
    assert response.status_code == 200
    by_email, hidden_row, namesake = response.context["report"].rows
    assert (by_email.person_status, by_email.known_as) == ("existing", "Kendt Kirsten")
    assert "not changed by an import" in by_email.notes[0]
    assert hidden_row.person_status == "new"  # someone the secretariat cannot see
    assert namesake.person_status == "new" and namesake.notes


def test_the_template_can_be_filled_in_and_read(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    response = client.get(url("import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith("\ufeff".encode()) and b"body,person_name,email" in content
    assert b"Testby Sygehus" in content
    preview = upload(client, SimpleUploadedFile("template.csv", content))
    assert preview.status_code == 200, preview.context["report"].errors


def test_the_collaboration_page_links_to_the_import(client: Client, setup: Setup) -> None:
    sign_in(client, setup.world.secretariat)
    page = client.get(setup.world.collaboration.get_absolute_url()).content.decode()
    assert url("import_upload") in page
    upload_page = client.get(url("import_upload"))
    assert upload_page.status_code == 200
    assert url("import_template") in upload_page.content.decode()


def _preview_queries(client: Client, rows: int) -> int:
    lines = [f"Styregruppe,Person {n},person{n}@example.org,,Testby Sygehus,Testby Sygehus,"
             f",,,2024-01-01," for n in range(rows)]
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, csv_file(*lines))
    assert response.status_code == 200
    return len(queries)


def test_the_preview_runs_a_bounded_number_of_queries(client: Client, setup: Setup) -> None:
    """A fixed number per row, whatever the number of people, bodies and organisations."""
    sign_in(client, setup.world.secretariat)
    three = _preview_queries(client, 3)
    six = _preview_queries(client, 6)
    per_row = (six - three) / 3
    assert per_row <= 35
    for n in range(20):
        make_seat(make_body(setup.world.collaboration), make_person(name=f"Extra {n}"))
        make_partnership(setup.world.collaboration, make_organisation())
    assert _preview_queries(client, 3) == three
