"""The input contract as data: tables, columns, types, codes and relations.

Everything that reads, checks or writes a population data set takes its
knowledge of the tables from here (see docs/population.md). Types are given
both as pyarrow types (for reading and writing files) and as an Ibis schema
(for the engines):

- dates are ``date32``, timestamps ``timestamp[us]`` without a time zone
  (naive local time), decimals ``float64``, booleans ``bool``, and everything
  else ``string``.

A column is *required* when the file must have it; a column that is not
required may be left out and then reads as all null. A column is *nullable*
when a row may leave it empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import pyarrow as pa

DATE = pa.date32()
TIMESTAMP = pa.timestamp("us")
DECIMAL = pa.float64()
BOOLEAN = pa.bool_()
STRING = pa.string()

SEX = ("F", "M")
EDUCATION = ("low", "medium", "high")
PRACTICE_KINDS = ("practice", "regional_clinic", "municipal")
CONTACT_KINDS = ("inpatient", "outpatient", "emergency")
URGENCIES = ("acute", "planned")
SPECIALTIES = ("somatic", "psychiatric")
DISCHARGED_TO = ("home", "municipal_care", "other_hospital", "died")
DIAGNOSIS_KINDS = ("main", "secondary")
GP_CONTACT_KINDS = ("consultation", "phone", "video", "email", "home_visit", "out_of_hours")
CARE_SERVICES = ("home_care", "home_nursing", "nursing_home", "rehabilitation")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a contract table."""

    name: str
    type: pa.DataType
    nullable: bool = False
    required: bool = True
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Period:
    """An effective-dated period: ``[start, end)`` for dates, ``[start, end]`` for timestamps.

    ``owner`` names the column whose rows must not overlap (None: overlaps allowed).
    """

    start: str
    end: str
    owner: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """``column`` of this table must name a row of ``ref_table.ref_column``."""

    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True)
class TableSpec:
    """One table of the contract."""

    name: str
    columns: tuple[ColumnSpec, ...]
    optional: bool = False
    unique: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    period: Period | None = None
    municipality_columns: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def arrow_schema(self) -> pa.Schema:
        """The table's pyarrow schema, columns in contract order (all fields nullable)."""
        return pa.schema([pa.field(column.name, column.type) for column in self.columns])


def _col(
    name: str,
    type_: pa.DataType = STRING,
    *,
    nullable: bool = False,
    required: bool = True,
    enum: tuple[str, ...] | None = None,
) -> ColumnSpec:
    return ColumnSpec(name, type_, nullable=nullable, required=required, enum=enum)


PERSONS = TableSpec(
    name="persons",
    columns=(
        _col("person_id"),
        _col("birth_date", DATE),
        _col("sex", enum=SEX),
        _col("death_date", DATE, nullable=True),
        _col("education", nullable=True, required=False, enum=EDUCATION),
    ),
    unique=("person_id",),
    period=Period("birth_date", "death_date"),
)

RESIDENCE = TableSpec(
    name="residence",
    columns=(
        _col("person_id"),
        _col("municipality_code"),
        _col("valid_from", DATE),
        _col("valid_to", DATE, nullable=True),
    ),
    foreign_keys=(ForeignKey("person_id", "persons", "person_id"),),
    period=Period("valid_from", "valid_to", owner="person_id"),
    municipality_columns=("municipality_code",),
)

GP_PRACTICES = TableSpec(
    name="gp_practices",
    columns=(
        _col("practice_id"),
        _col("municipality_code"),
        _col("kind", enum=PRACTICE_KINDS),
    ),
    unique=("practice_id",),
    municipality_columns=("municipality_code",),
)

GP_CAPACITY = TableSpec(
    name="gp_capacity",
    columns=(
        _col("practice_id"),
        _col("valid_from", DATE),
        _col("valid_to", DATE, nullable=True),
        _col("gp_fte", DECIMAL),
        _col("list_open", BOOLEAN),
    ),
    foreign_keys=(ForeignKey("practice_id", "gp_practices", "practice_id"),),
    period=Period("valid_from", "valid_to", owner="practice_id"),
)

GP_LISTING = TableSpec(
    name="gp_listing",
    columns=(
        _col("person_id"),
        _col("practice_id"),
        _col("valid_from", DATE),
        _col("valid_to", DATE, nullable=True),
    ),
    foreign_keys=(
        ForeignKey("person_id", "persons", "person_id"),
        ForeignKey("practice_id", "gp_practices", "practice_id"),
    ),
    period=Period("valid_from", "valid_to", owner="person_id"),
)

HOSPITAL_CONTACTS = TableSpec(
    name="hospital_contacts",
    columns=(
        _col("contact_id"),
        _col("person_id"),
        _col("hospital_code"),
        _col("kind", enum=CONTACT_KINDS),
        _col("urgency", enum=URGENCIES),
        _col("specialty", enum=SPECIALTIES),
        _col("start_ts", TIMESTAMP),
        _col("end_ts", TIMESTAMP, nullable=True),
        _col("ready_ts", TIMESTAMP, nullable=True, required=False),
        _col("discharged_to", nullable=True, required=False, enum=DISCHARGED_TO),
    ),
    unique=("contact_id",),
    foreign_keys=(ForeignKey("person_id", "persons", "person_id"),),
    period=Period("start_ts", "end_ts"),
)

DIAGNOSES = TableSpec(
    name="diagnoses",
    columns=(
        _col("contact_id"),
        _col("code"),
        _col("kind", enum=DIAGNOSIS_KINDS),
    ),
    foreign_keys=(ForeignKey("contact_id", "hospital_contacts", "contact_id"),),
)

GP_CONTACTS = TableSpec(
    name="gp_contacts",
    columns=(
        _col("person_id"),
        _col("practice_id"),
        _col("contact_date", DATE),
        _col("kind", enum=GP_CONTACT_KINDS),
    ),
    optional=True,
    foreign_keys=(
        ForeignKey("person_id", "persons", "person_id"),
        ForeignKey("practice_id", "gp_practices", "practice_id"),
    ),
)

MUNICIPAL_CARE = TableSpec(
    name="municipal_care",
    columns=(
        _col("person_id"),
        _col("municipality_code"),
        _col("service", enum=CARE_SERVICES),
        _col("valid_from", DATE),
        _col("valid_to", DATE, nullable=True),
        _col("hours_per_week", DECIMAL, nullable=True, required=False),
    ),
    optional=True,
    foreign_keys=(ForeignKey("person_id", "persons", "person_id"),),
    period=Period("valid_from", "valid_to"),
    municipality_columns=("municipality_code",),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        PERSONS,
        RESIDENCE,
        GP_PRACTICES,
        GP_CAPACITY,
        GP_LISTING,
        HOSPITAL_CONTACTS,
        DIAGNOSES,
        GP_CONTACTS,
        MUNICIPAL_CARE,
    )
}
"""Every table of the contract, in dependency order (referenced tables first)."""

REQUIRED_TABLES: tuple[str, ...] = tuple(n for n, s in TABLES.items() if not s.optional)
OPTIONAL_TABLES: tuple[str, ...] = tuple(n for n, s in TABLES.items() if s.optional)

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    (table.name, column.name): column.enum
    for table in TABLES.values()
    for column in table.columns
    if column.enum is not None
}
"""Allowed values of every enumerated column, keyed by (table, column)."""

# Columns with a "> 0" or ">= 0" rule: (table, column) -> (bound, inclusive).
NUMERIC_BOUNDS: dict[tuple[str, str], tuple[float, bool]] = {
    ("gp_capacity", "gp_fte"): (0.0, False),
    ("municipal_care", "hours_per_week"): (0.0, True),
}


def table_spec(name: str) -> TableSpec:
    """The spec of a contract table; KeyError naming the known tables otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}") from None


def arrow_schema(name: str) -> pa.Schema:
    """The pyarrow schema of a contract table."""
    return table_spec(name).arrow_schema()


def ibis_schema(name: str) -> ibis.Schema:
    """The Ibis schema of a contract table (same columns and order as the pyarrow one)."""
    return ibis.Schema.from_pyarrow(arrow_schema(name))
