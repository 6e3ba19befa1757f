"""Validation against the input contract: one test per rule, CSV and Parquet."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from klynge.population.contract import TABLES, ibis_schema
from klynge.population.dataset import InvalidDataset, open_dataset, parquet_view, read_dataset
from klynge.population.engines import load
from klynge.population.sqlcheck import SqlChecks
from klynge.population.validate import ValidationReport, load_and_validate, validate_dataset

Rows = list[dict[str, Any]]
FORMATS = ["csv", "parquet"]


def valid_tables() -> dict[str, Rows]:
    return {
        "persons": [
            {
                "person_id": "P1",
                "birth_date": "1940-02-29",
                "sex": "F",
                "death_date": "",
                "education": "low",
            },
            {
                "person_id": "P2",
                "birth_date": "1980-05-01",
                "sex": "M",
                "death_date": "2024-03-01",
                "education": "",
            },
        ],
        "residence": [
            {
                "person_id": "P1",
                "municipality_code": "0101",
                "valid_from": "1990-01-01",
                "valid_to": "2020-01-01",
            },
            {
                "person_id": "P1",
                "municipality_code": "0147",
                "valid_from": "2020-01-01",
                "valid_to": "",
            },
            {
                "person_id": "P2",
                "municipality_code": "0751",
                "valid_from": "1980-05-01",
                "valid_to": "",
            },
        ],
        "gp_practices": [{"practice_id": "G1", "municipality_code": "0101", "kind": "practice"}],
        "gp_capacity": [
            {
                "practice_id": "G1",
                "valid_from": "2020-01-01",
                "valid_to": "2020-07-01",
                "gp_fte": "2.5",
                "list_open": "true",
            },
            {
                "practice_id": "G1",
                "valid_from": "2020-07-01",
                "valid_to": "",
                "gp_fte": "3",
                "list_open": "false",
            },
        ],
        "gp_listing": [
            {"person_id": "P1", "practice_id": "G1", "valid_from": "2020-01-01", "valid_to": ""}
        ],
        "hospital_contacts": [
            {
                "contact_id": "C1",
                "person_id": "P1",
                "hospital_code": "H1",
                "kind": "inpatient",
                "urgency": "acute",
                "specialty": "somatic",
                "start_ts": "2024-01-01T10:00:00",
                "end_ts": "2024-01-05T12:00:00",
                "ready_ts": "2024-01-04T09:00:00",
                "discharged_to": "municipal_care",
            },
            {
                "contact_id": "C2",
                "person_id": "P2",
                "hospital_code": "H1",
                "kind": "outpatient",
                "urgency": "planned",
                "specialty": "somatic",
                "start_ts": "2024-01-01T10:00:00",
                "end_ts": "",
                "ready_ts": "",
                "discharged_to": "",
            },
        ],
        "diagnoses": [
            {"contact_id": "C1", "code": "DJ18.9", "kind": "main"},
            {"contact_id": "C1", "code": "DD500", "kind": "secondary"},
            {"contact_id": "C2", "code": "e11.9 ", "kind": "main"},
        ],
    }


def write(directory: Path, tables: dict[str, Rows], fmt: str) -> Path:
    """Write rows as CSV (text) or Parquet (text columns, parsed like CSV)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(rows[0]) if rows else TABLES[name].column_names
        if fmt == "csv":
            with (directory / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
        else:
            data = {
                c: pa.array([r[c] if r[c] != "" else None for r in rows], pa.string())
                for c in columns
            }
            pq.write_table(pa.table(data), directory / f"{name}.parquet")
    return directory


def only_error(report: ValidationReport, rule: str) -> Any:
    matching = [e for e in report.errors if e.rule == rule]
    assert matching, report.summary()
    return matching[0]


def check(tmp_path: Path, fmt: str, tables: dict[str, Rows], rule: str) -> Any:
    report = validate_dataset(write(tmp_path / fmt, tables, fmt))
    assert not report.ok
    return only_error(report, rule)


def where(fmt: str, row: int) -> str:
    return f"data row {row} (line {row + 1})" if fmt == "csv" else f"row {row}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_valid_data_set_passes(tmp_path: Path, fmt: str) -> None:
    report = validate_dataset(write(tmp_path, valid_tables(), fmt))
    assert report.ok, report.summary()
    assert report.row_counts["persons"] == 2
    assert report.format == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_column(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    for row in tables["persons"]:
        del row["sex"]
    error = check(tmp_path, fmt, tables, "missing_column")
    assert error.file == f"persons.{fmt}"
    assert error.column == "sex"
    assert f"persons.{fmt}" in error.message and "column sex" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_optional_column_may_be_absent(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    for row in tables["persons"]:
        del row["education"]
    assert validate_dataset(write(tmp_path, tables, fmt)).ok


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_table(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    del tables["gp_listing"]
    error = check(tmp_path, fmt, tables, "missing_table")
    assert error.file == f"gp_listing.{fmt}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_end_before_start(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["residence"][2]["valid_to"] = "1980-05-01"
    error = check(tmp_path, fmt, tables, "end_before_start")
    assert (error.file, error.row, error.column) == (f"residence.{fmt}", 3, "valid_to")
    assert where(fmt, 3) in error.message and "valid_to" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_death_before_birth(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["persons"][1]["death_date"] = "1970-01-01"
    error = check(tmp_path, fmt, tables, "end_before_start")
    assert (error.row, error.column) == (2, "death_date")


@pytest.mark.parametrize("fmt", FORMATS)
def test_contact_end_before_start_and_ready_outside(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["hospital_contacts"][0]["ready_ts"] = "2024-01-06T00:00:00"
    error = check(tmp_path, fmt, tables, "ready_outside_contact")
    assert (error.row, error.column) == (1, "ready_ts")
    tables["hospital_contacts"][0]["end_ts"] = "2023-12-31T00:00:00"
    error = check(tmp_path / "2", fmt, tables, "end_before_start")
    assert (error.row, error.column) == (1, "end_ts")


@pytest.mark.parametrize("fmt", FORMATS)
def test_overlapping_residence(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["residence"][1]["valid_from"] = "2019-06-01"
    error = check(tmp_path, fmt, tables, "overlap")
    assert error.file == f"residence.{fmt}" and error.row == 2
    assert "'P1'" in error.message and where(fmt, 2) in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_overlapping_capacity_with_open_end(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["gp_capacity"][0]["valid_to"] = ""
    error = check(tmp_path, fmt, tables, "overlap")
    assert error.file == f"gp_capacity.{fmt}" and error.row == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_cpr_shaped_identifier(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["persons"][0]["person_id"] = "010190-1234"  # a valid CPR shape and date
    error = check(tmp_path, fmt, tables, "national_id")
    assert (error.file, error.row, error.column) == (f"persons.{fmt}", 1, "person_id")
    assert "CPR" in error.message
    assert "010190" not in error.message  # the identifier itself is never echoed


@pytest.mark.parametrize("fmt", FORMATS)
def test_cpr_shape_without_checksum_is_refused(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["gp_practices"][0]["practice_id"] = "9999999999"
    for row in tables["gp_capacity"] + tables["gp_listing"]:
        row["practice_id"] = "9999999999"
    error = check(tmp_path, fmt, tables, "national_id")
    assert error.file == f"gp_practices.{fmt}" and error.column == "practice_id"


@pytest.mark.parametrize("fmt", FORMATS)
def test_fodselsnummer_shaped_identifier(tmp_path: Path, fmt: str) -> None:
    base = "150790123"
    first = fodselsnummer.calc_check_digit1(base)
    number = base + first + fodselsnummer.calc_check_digit2(base + first)
    assert fodselsnummer.is_valid(number)
    tables = valid_tables()
    tables["hospital_contacts"][1]["hospital_code"] = number
    error = check(tmp_path, fmt, tables, "national_id")
    assert (error.file, error.row, error.column) == (f"hospital_contacts.{fmt}", 2, "hospital_code")
    assert "fødselsnummer" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_diagnosis_kind(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["diagnoses"][1]["kind"] = "bidiagnose"
    error = check(tmp_path, fmt, tables, "enum")
    assert (error.file, error.row, error.column) == (f"diagnoses.{fmt}", 2, "kind")
    assert "'bidiagnose'" in error.message and "main, secondary" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_exactly_one_main_diagnosis(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["diagnoses"][1]["kind"] = "main"
    error = check(tmp_path, fmt, tables, "main_diagnosis")
    assert "'C1' has 2 main" in error.message and error.row == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_foreign_key(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["gp_listing"][0]["practice_id"] = "G404"
    error = check(tmp_path, fmt, tables, "foreign_key")
    assert (error.file, error.row, error.column) == (f"gp_listing.{fmt}", 1, "practice_id")
    assert "'G404'" in error.message and "gp_practices" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("value", ["2021-02-29", "2020-13-01", "01-02-2020", "yesterday"])
def test_bad_date(tmp_path: Path, fmt: str, value: str) -> None:
    tables = valid_tables()
    tables["persons"][1]["birth_date"] = value
    error = check(tmp_path, fmt, tables, "type")
    assert (error.file, error.row, error.column) == (f"persons.{fmt}", 2, "birth_date")
    assert repr(value) in error.message and where(fmt, 2) in error.message
    report = validate_dataset(tmp_path / fmt)
    assert not [e for e in report.errors if e.rule == "required"]  # reported once, as a type


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_number_boolean_and_timestamp(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["gp_capacity"][0]["gp_fte"] = "two"
    tables["gp_capacity"][1]["list_open"] = "maybe"
    tables["hospital_contacts"][0]["start_ts"] = "2024-01-01T25:00:00"
    report = validate_dataset(write(tmp_path, tables, fmt))
    columns = {(e.column, e.row) for e in report.errors if e.rule == "type"}
    assert columns == {("gp_fte", 1), ("list_open", 2), ("start_ts", 1)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_required_value_missing(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["hospital_contacts"][0]["hospital_code"] = ""
    error = check(tmp_path, fmt, tables, "required")
    assert (error.row, error.column) == (1, "hospital_code")


@pytest.mark.parametrize("fmt", FORMATS)
def test_duplicate_person(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["persons"][1]["person_id"] = "P1"
    error = check(tmp_path, fmt, tables, "unique")
    assert error.column == "person_id"


@pytest.mark.parametrize("fmt", FORMATS)
def test_municipality_code_and_bounds(tmp_path: Path, fmt: str) -> None:
    tables = valid_tables()
    tables["residence"][0]["municipality_code"] = "101"
    tables["gp_capacity"][0]["gp_fte"] = "0"
    report = validate_dataset(write(tmp_path, tables, fmt))
    assert only_error(report, "municipality_code").row == 1
    assert only_error(report, "bounds").column == "gp_fte"


def test_parquet_integer_codes_are_a_column_error(tmp_path: Path) -> None:
    write(tmp_path, valid_tables(), "parquet")
    practices = pa.table(
        {"practice_id": ["G1"], "municipality_code": pa.array([101]), "kind": ["practice"]}
    )
    pq.write_table(practices, tmp_path / "gp_practices.parquet")
    error = only_error(validate_dataset(tmp_path), "type")
    assert error.row is None and error.column == "municipality_code" and "int64" in error.message


def test_mixed_formats_refused(tmp_path: Path) -> None:
    write(tmp_path, valid_tables(), "csv")
    (tmp_path / "persons.csv").rename(tmp_path / "persons.bak")
    write(tmp_path, {"persons": valid_tables()["persons"]}, "parquet")
    assert only_error(validate_dataset(tmp_path), "mixed_formats")


def test_errors_are_capped_but_counted(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["gp_listing"] = [
        {"person_id": f"X{i}", "practice_id": "G1", "valid_from": "2020-01-01", "valid_to": ""}
        for i in range(80)
    ]
    report = validate_dataset(write(tmp_path, tables, "csv"), max_errors=10)
    assert len(report.errors) == 10
    assert report.error_count == 80 and report.omitted == 70
    assert "70 more" in report.summary()


def test_csv_row_with_wrong_field_count(tmp_path: Path) -> None:
    write(tmp_path, valid_tables(), "csv")
    with (tmp_path / "gp_practices.csv").open("a", encoding="utf-8") as handle:
        handle.write("G2,0101\n")
    error = only_error(validate_dataset(tmp_path), "csv_syntax")
    assert error.file == "gp_practices.csv" and "line 3" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_dataset_types_and_normalises(tmp_path: Path, fmt: str) -> None:
    dataset = read_dataset(write(tmp_path, valid_tables(), fmt))
    for name, table in dataset.items():
        assert table.schema == TABLES[name].arrow_schema()
    assert dataset["diagnoses"].column("code").to_pylist() == ["J189", "D500", "E119"]
    assert dataset["gp_capacity"].column("list_open").to_pylist() == [True, False]


def test_read_dataset_refuses_invalid(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["persons"][0]["sex"] = "K"
    with pytest.raises(InvalidDataset) as caught:
        read_dataset(write(tmp_path, tables, "csv"))
    assert caught.value.report.error_count == 1
    assert "persons.csv" in str(caught.value)


def test_register_on_duckdb(tmp_path: Path) -> None:
    dataset = read_dataset(write(tmp_path, valid_tables(), "parquet"))
    con = ibis.duckdb.connect()
    tables = load(con, dataset, empty_optional=True)
    assert set(tables) == set(TABLES)  # absent optional tables are registered empty
    assert tables["persons"].count().execute() == 2
    assert tables["municipal_care"].count().execute() == 0
    assert tables["hospital_contacts"].schema() == ibis_schema("hospital_contacts")


def _typed_parquet(directory: Path, tables: dict[str, pa.Table]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, directory / f"{name}.parquet")
    return directory


def test_open_dataset_on_duckdb_reads_parquet_as_read_dataset_does(tmp_path: Path) -> None:
    """Typed Parquet is read by DuckDB itself (codes normalised in SQL, absent optional
    columns null, integers and millisecond timestamps cast); text columns are parsed."""
    folder = _typed_folder(tmp_path)
    views = open_dataset(ibis.duckdb.connect(), folder)
    expected = read_dataset(folder)
    assert set(views) == set(expected)
    for name, table in expected.items():
        assert views[name].schema() == ibis_schema(name)
        assert views[name].to_pyarrow().equals(table), name
    text = open_dataset(ibis.duckdb.connect(), tmp_path / "text")  # parsed, then loaded
    assert text["gp_capacity"].to_pyarrow().column("list_open").to_pylist() == [True, False]


@pytest.mark.spark
def test_open_dataset_on_local_spark_reads_parquet_as_read_dataset_does(
    tmp_path: Path, spark_session: Any
) -> None:
    """Local Spark reads the validated Parquet files itself, not Arrow handed over from
    Python, and gets what read_dataset gives (codes normalised by Spark's regular
    expressions, casts, absent optional columns null)."""
    from klynge.population.engines import reads_local_files

    folder = _typed_folder(tmp_path)
    con = ibis.pyspark.connect(spark_session)
    assert reads_local_files(con)
    views = open_dataset(con, folder)
    expected = read_dataset(folder)
    assert set(views) == set(expected)
    for name, table in expected.items():
        assert views[name].schema() == ibis_schema(name), name
        files = spark_session.sql(con.compile(views[name])).inputFiles()
        assert [Path(file).name for file in files] == [f"{name}.parquet"], name
        got = con.to_pyarrow(views[name]).cast(table.schema)
        assert got.to_pylist() == table.to_pylist(), name
    # A second data set opened in the same session leaves the first one's tables alone.
    one = tmp_path / "one" / "persons.parquet"
    one.parent.mkdir()
    pq.write_table(pq.read_table(folder / "persons.parquet").slice(0, 1), one)
    assert parquet_view(con, TABLES["persons"], one).count().to_pyarrow().as_py() == 1
    assert views["persons"].count().to_pyarrow().as_py() == expected["persons"].num_rows > 1


def _typed_folder(tmp_path: Path) -> Path:
    """Typed Parquet files of the valid tables, with codes to normalise, an integer in a
    float column and a millisecond timestamp column; the text data set beside them."""
    typed = dict(read_dataset(write(tmp_path / "text", valid_tables(), "parquet")))
    codes = pa.array([" dj18.9", "DD5.00", "\te11.9 "])
    typed["diagnoses"] = typed["diagnoses"].set_column(1, "code", codes)
    typed["gp_capacity"] = typed["gp_capacity"].set_column(
        3, "gp_fte", pa.array([2, 3], pa.int32())
    )
    contacts = typed["hospital_contacts"]
    typed["hospital_contacts"] = contacts.drop_columns(["ready_ts"]).set_column(
        6, "start_ts", contacts.column("start_ts").cast(pa.timestamp("ms"))
    )
    return _typed_parquet(tmp_path / "typed", typed)


def test_open_dataset_refuses_invalid_before_loading(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["diagnoses"][0]["code"] = "J 18"
    con = ibis.duckdb.connect()
    with pytest.raises(InvalidDataset):
        open_dataset(con, write(tmp_path, tables, "parquet"))
    assert con.con.sql("SELECT table_name FROM information_schema.tables").fetchall() == []


@settings(max_examples=40, deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=10, max_size=10),
    hyphen=st.booleans(),
    prefix=st.sampled_from(["", "id ", "x-"]),
)
def test_any_cpr_shape_is_refused(
    tmp_path_factory: Any, digits: str, hyphen: bool, prefix: str
) -> None:
    value = prefix + (f"{digits[:6]}-{digits[6:]}" if hyphen else digits)
    tables = valid_tables()
    tables["hospital_contacts"][0]["hospital_code"] = value
    report = validate_dataset(write(tmp_path_factory.mktemp("cpr"), tables, "csv"))
    assert [e.column for e in report.errors] == ["hospital_code"]


@settings(max_examples=40, deadline=None)
@given(number=st.integers(min_value=0, max_value=999_999_999))
def test_pseudonyms_are_accepted(tmp_path_factory: Any, number: int) -> None:
    tables = valid_tables()
    tables["hospital_contacts"][0]["hospital_code"] = f"P{number:09d}"
    assert validate_dataset(write(tmp_path_factory.mktemp("ok"), tables, "csv")).ok


def _typed_tables(tmp_path: Path) -> dict[str, pa.Table]:
    """The valid data set as Parquet would store it: dates, timestamps, numbers typed."""
    return dict(read_dataset(write(tmp_path / "source", valid_tables(), "parquet")))


def _set(table: pa.Table, column: str, row: int, value: Any) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, pa.array(values, table.schema.field(column).type))


TYPED_BREAKS: dict[str, list[tuple[str, str, int, Any]]] = {
    "required_empty": [("hospital_contacts", "hospital_code", 0, "")],
    "required_null": [("hospital_contacts", "start_ts", 1, None)],
    "required_nbsp": [("hospital_contacts", "hospital_code", 0, "\u00a0 ")],
    "required_tab": [("persons", "person_id", 1, "\t")],
    "enum": [("diagnoses", "kind", 1, "bidiagnose")],
    "national_id": [("hospital_contacts", "hospital_code", 1, "x-0101901234")],
    "national_id_in_code": [("diagnoses", "code", 1, "010190.1234")],
    "municipality": [("residence", "municipality_code", 0, "0101\n")],
    "bounds": [("gp_capacity", "gp_fte", 0, 0.0)],
    "unique": [("persons", "person_id", 1, "P1")],
    "end_before_start": [("residence", "valid_to", 2, dt.date(1980, 5, 1))],
    "death_before_birth": [("persons", "death_date", 1, dt.date(1970, 1, 1))],
    "ready_outside": [("hospital_contacts", "ready_ts", 0, dt.datetime(2024, 1, 6))],
    "overlap": [("residence", "valid_from", 1, dt.date(2019, 6, 1))],
    "overlap_same_start": [("residence", "valid_from", 1, dt.date(1990, 1, 1))],
    "overlap_open_end": [("gp_capacity", "valid_to", 0, None)],
    "diagnosis_code": [("diagnoses", "code", 0, "J 18")],
    "diagnosis_code_unicode": [("diagnoses", "code", 0, "\u0130189")],
    "main_diagnosis": [("diagnoses", "kind", 1, "main")],
    "foreign_key": [("gp_listing", "practice_id", 0, "G404")],
    "foreign_key_of_broken_parent": [
        ("persons", "sex", 0, "K"),
        ("residence", "person_id", 2, "P404"),
    ],
    "valid_tab_in_code": [("diagnoses", "code", 2, "\tE11.9")],  # valid: trimmed
    # A key column's identifier test is left out when its referenced table is clean: a
    # CPR number there is a stranger to the key, and the report is still pyarrow's.
    "national_id_in_foreign_key": [
        ("diagnoses", "contact_id", 0, "010101-1234"),
        ("residence", "person_id", 1, "0101011234"),
    ],
}


@pytest.mark.parametrize("case", sorted(TYPED_BREAKS))
def test_typed_parquet_checked_by_duckdb_reports_as_pyarrow(tmp_path: Path, case: str) -> None:
    """Typed Parquet is first checked by DuckDB over the file; whatever it finds, the
    report is exactly the one the pyarrow checks alone give."""
    tables = _typed_tables(tmp_path)
    for name, column, row, value in TYPED_BREAKS[case]:
        tables[name] = _set(tables[name], column, row, value)
    folder = _typed_parquet(tmp_path / "typed", tables)
    fast = validate_dataset(folder)
    slow, _ = load_and_validate(folder, keep=True)  # the pyarrow path only
    assert [e.message for e in fast.errors] == [e.message for e in slow.errors]
    assert (fast.error_count, fast.row_counts) == (slow.error_count, slow.row_counts)
    assert fast.ok == case.startswith("valid"), fast.summary()


def test_duckdb_vouches_for_valid_typed_parquet(tmp_path: Path) -> None:
    folder = _typed_parquet(tmp_path / "typed", _typed_tables(tmp_path))
    keys: dict[tuple[str, str], Any] = {}
    with SqlChecks() as sql:
        for name in TABLES:
            if (folder / f"{name}.parquet").exists():
                assert sql.clean_rows(TABLES[name], folder / f"{name}.parquet", keys) is not None
                keys.update({(name, c): folder / f"{name}.parquet" for c in TABLES[name].unique})
        broken = _set(pq.read_table(folder / "persons.parquet"), "sex", 0, "K")
        pq.write_table(broken, folder / "persons.parquet")
        assert sql.clean_rows(TABLES["persons"], folder / "persons.parquet", keys) is None
    text = write(tmp_path / "text", valid_tables(), "parquet")  # needs parsing: not vouched for
    with SqlChecks() as sql:
        assert sql.clean_rows(TABLES["persons"], text / "persons.parquet", {}) is None
