"""The contract's rules as vectorised checks over one typed pyarrow table.

Each check returns :class:`Finding` objects: a boolean mask over the table's rows and
a function that describes one failing row (called only for the few rows reported), in
the language active when the check runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from stdnum.dk import cpr
from stdnum.no import fodselsnummer

from klynge.population.contract import NUMERIC_BOUNDS, ForeignKey, TableSpec
from klynge.population.i18n import _, ngettext
from klynge.population.normalise import ICD10_PATTERN
from klynge.population.parsing import bool_mask

MUNICIPALITY_PATTERN = r"^[0-9]{4}$"
# Shaped like a Danish CPR number (DDMMYY-SSSS, hyphen optional) or a Norwegian
# fødselsnummer (DDMMYY + 5 digits), standing alone or inside a longer value. The
# shape alone is refused, checksum or not: CPR numbers issued since 2007 need not
# satisfy the modulus-11 check, so a failing checksum proves nothing.
NATIONAL_ID_PATTERN = r"(^|[^0-9])[0-9]{6}[- ]?[0-9]{4,5}([^0-9]|$)"
_DIGITS_PATTERN = r"(?P<id>[0-9]{6}[- ]?[0-9]{4,5})"


@dataclass
class Finding:
    """Rows of one table that break one rule."""

    column: str | None
    rule: str
    mask: np.ndarray
    describe: Callable[[int], str]


Check = Callable[[TableSpec, pa.Table], Iterator[Finding]]


def table_checks(spec: TableSpec) -> list[Check]:
    """The row-level checks that apply to a table."""
    checks: list[Check] = [required, enums, national_ids, municipality_codes, bounds, unique]
    if spec.period is not None:
        checks.append(periods)
        if spec.period.owner is not None:
            checks.append(overlaps)
    if spec.name == "diagnoses":
        checks += [diagnosis_codes, one_main_diagnosis]
    return checks


def _say(
    values: pa.ChunkedArray, template: str, quote: bool = True, **fixed: object
) -> Callable[[int], str]:
    """A describer that puts the row's value into ``template`` (as ``{value}``), quoted
    (``repr``) unless ``quote`` is false; ``fixed`` fills the other placeholders."""

    def describe(index: int) -> str:
        value = values[index].as_py()
        return template.format(value=repr(value) if quote else value, **fixed)

    return describe


def _always(text: str) -> Callable[[int], str]:
    """A describer that says the same of every row."""
    return lambda _index: text


def _national_id_describer(values: pa.ChunkedArray) -> Callable[[int], str]:
    return lambda index: _describe_national_id(values[index].as_py())


def required(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    for column in spec.columns:
        if column.nullable:
            continue
        values = table.column(column.name)
        missing = pc.is_null(values)
        if pa.types.is_string(values.type):
            missing = pc.or_kleene(missing, pc.equal(pc.utf8_trim_whitespace(values), ""))
        mask = bool_mask(missing)
        if mask.any():
            yield Finding(
                column.name, "required", mask, _always(_("is empty; a value is required"))
            )


def enums(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    for column in spec.columns:
        if column.enum is None:
            continue
        values = table.column(column.name)
        mask = bool_mask(
            pc.and_kleene(pc.is_valid(values), pc.invert(pc.is_in(values, pa.array(column.enum))))
        )
        if mask.any():
            template = _("unknown code {value}; allowed: {allowed}")
            allowed = ", ".join(column.enum)
            yield Finding(column.name, "enum", mask, _say(values, template, allowed=allowed))


def national_ids(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    """Refuse any text value shaped like a CPR number or a fødselsnummer."""
    for column in spec.columns:
        if column.enum is not None or not pa.types.is_string(column.type):
            continue
        values = table.column(column.name)
        mask = bool_mask(pc.match_substring_regex(values, NATIONAL_ID_PATTERN))
        if mask.any():
            yield Finding(
                column.name,
                "national_id",
                mask,
                _national_id_describer(values),
            )


def _describe_national_id(value: str) -> str:
    found = pc.extract_regex(pa.array([value]), _DIGITS_PATTERN)[0].as_py() or {}
    digits = str(found.get("id", ""))
    # The value itself is not repeated: it may be a real person's identifier.
    if cpr.is_valid(digits):
        return _(
            "holds a valid Danish CPR number; real national identifiers are refused, use pseudonyms"
        )
    if fodselsnummer.is_valid(digits):
        return _(
            "holds a valid Norwegian fødselsnummer; real national identifiers are refused, "
            "use pseudonyms"
        )
    return _(
        "holds something shaped like a CPR number or fødselsnummer; real national "
        "identifiers are refused, use pseudonyms"
    )


def municipality_codes(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    for name in spec.municipality_columns:
        values = table.column(name)
        bad = pc.invert(pc.match_substring_regex(values, MUNICIPALITY_PATTERN))
        mask = bool_mask(pc.and_kleene(pc.is_valid(values), bad))
        if mask.any():
            yield Finding(
                name,
                "municipality_code",
                mask,
                _say(values, _("{value} is not a four-digit municipality code")),
            )


def bounds(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    for (table_name, name), (bound, inclusive) in NUMERIC_BOUNDS.items():
        if table_name != spec.name:
            continue
        values = table.column(name)
        mask = bool_mask(pc.less(values, bound) if inclusive else pc.less_equal(values, bound))
        if mask.any():
            if inclusive:
                template = _("{value} is below {bound}")
            else:
                template = _("{value} is not above {bound}")
            describe = _say(values, template, quote=False, bound=f"{bound:g}")
            yield Finding(name, "bounds", mask, describe)


def _count(query: str, **tables: pa.Table) -> int:
    """The single number ``query`` returns, DuckDB reading ``tables`` in place.

    The checks below use it as a fast, parallel test that there is nothing to report:
    only when there is are the failing rows found with pyarrow, as before.
    """
    import duckdb

    from klynge.population.engines import duckdb_settings

    settings = {k: v for k, v in duckdb_settings().items() if k != "temp_directory"}
    with duckdb.connect(config=settings) as con:
        for name, table in tables.items():
            con.register(name, table)
        row = con.execute(query).fetchone()
    return int(row[0]) if row else 0


def unique(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    for name in spec.unique:
        values = table.column(name)
        # Null is one value here, as in value_counts: DISTINCT keeps one null.
        repeats = "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT v FROM t)) FROM t"
        if _count(repeats, t=pa.table({"v": values})) == 0:
            continue
        counts = pc.value_counts(values)
        repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
        if len(repeated) == 0:
            continue
        mask = bool_mask(pc.is_in(values, repeated))
        yield Finding(name, "unique", mask, _say(values, _("{value} appears more than once")))


def periods(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    """End before start; for contacts also ready_ts outside [start_ts, end_ts]."""
    assert spec.period is not None
    start, end = spec.period.start, spec.period.end
    is_dates = pa.types.is_date(table.schema.field(start).type)
    # Date periods with an exclusive end must end after they start; a death date or a
    # timestamp end may equal the start.
    exclusive = is_dates and spec.name != "persons"
    s, e = table.column(start), table.column(end)
    mask = bool_mask(pc.less_equal(e, s) if exclusive else pc.less(e, s))
    if mask.any():
        if exclusive:
            # Translators: {end} and {start} are column names (valid_to,
            # valid_from), kept as they are; then their values in the row.
            template = _("{end} {end_value} is on or before {start} {start_value}")
        else:
            # Translators: {end} and {start} are column names (end_ts,
            # start_ts), kept as they are; then their values in the row.
            template = _("{end} {end_value} is before {start} {start_value}")
        yield Finding(
            end,
            "end_before_start",
            mask,
            lambda i: template.format(
                end=end, end_value=e[i].as_py(), start=start, start_value=s[i].as_py()
            ),
        )
    if "ready_ts" in table.column_names:
        ready = table.column("ready_ts")
        outside = pc.or_kleene(pc.less(ready, s), pc.greater(ready, e))
        mask = bool_mask(outside)
        if mask.any():
            outside_text = _("ready_ts {ready} is outside the contact [{start}, {end}]")
            yield Finding(
                "ready_ts",
                "ready_outside_contact",
                mask,
                lambda i: outside_text.format(
                    ready=ready[i].as_py(), start=s[i].as_py(), end=e[i].as_py()
                ),
            )


def overlaps(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    """Rows of one owner must not overlap (ends exclusive). Adjacent rows suffice:
    sorted by start, any overlap implies one between neighbours."""
    assert spec.period is not None and spec.period.owner is not None
    owner, start, end = spec.period.owner, spec.period.start, spec.period.end
    if table.num_rows < 2:
        return
    order = pc.sort_indices(table, sort_keys=[(owner, "ascending"), (start, "ascending")])
    o, s, e = (table.column(c).take(order) for c in (owner, start, end))
    same = pc.equal(o[1:], o[:-1])
    clash = pc.and_kleene(same, pc.or_kleene(pc.is_null(e[:-1]), pc.greater(e[:-1], s[1:])))
    sorted_mask = bool_mask(clash)
    if not sorted_mask.any():
        return
    positions = order.to_numpy()
    mask = np.zeros(table.num_rows, dtype=bool)
    partner = np.full(table.num_rows, -1, dtype=np.int64)
    mask[positions[1:][sorted_mask]] = True
    partner[positions[1:][sorted_mask]] = positions[:-1][sorted_mask]
    ids = table.column(owner)
    # Translators: {owner} is a column name (person_id, practice_id),
    # {value} its value in the row.
    template = _("period overlaps another of {owner} {value} (data row {row})")
    yield Finding(
        start,
        "overlap",
        mask,
        lambda i: template.format(owner=owner, value=repr(ids[i].as_py()), row=partner[i] + 1),
    )


def diagnosis_codes(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    codes = table.column("code")
    mask = bool_mask(
        pc.and_kleene(pc.is_valid(codes), pc.invert(pc.match_substring_regex(codes, ICD10_PATTERN)))
    )
    if mask.any():
        yield Finding(
            "code",
            "diagnosis_code",
            mask,
            _say(codes, _("{value} is not an ICD-10 code after normalisation")),
        )


def one_main_diagnosis(spec: TableSpec, table: pa.Table) -> Iterator[Finding]:
    """Exactly one ``main`` diagnosis per contact that has diagnoses."""
    if table.num_rows == 0:
        return
    pairs = table.select(["contact_id", "kind"])
    wrong = (
        "SELECT count(*) FROM (SELECT contact_id FROM t GROUP BY contact_id"
        " HAVING count(*) FILTER (WHERE kind = 'main') <> 1)"
    )
    if _count(wrong, t=pairs) == 0:
        return
    frame = pa.table(
        {
            "contact_id": table.column("contact_id"),
            "main": pc.cast(
                pc.fill_null(pc.equal(table.column("kind"), "main"), False), pa.int64()
            ),
            "row": pa.array(np.arange(table.num_rows, dtype=np.int64)),
        }
    )
    grouped = frame.group_by("contact_id").aggregate([("main", "sum"), ("row", "min")])
    bad = grouped.filter(pc.not_equal(grouped.column("main_sum"), 1))
    if bad.num_rows == 0:
        return
    mask = np.zeros(table.num_rows, dtype=bool)
    rows = bad.column("row_min").to_numpy()
    mask[rows] = True
    mains = dict(zip(rows.tolist(), bad.column("main_sum").to_pylist(), strict=True))
    ids = table.column("contact_id")
    yield Finding("kind", "main_diagnosis", mask, lambda i: _mains(ids[i].as_py(), mains[i]))


def _mains(contact: str, count: int) -> str:
    return ngettext(
        "contact {contact} has {count} main diagnosis; exactly one is required",
        "contact {contact} has {count} main diagnoses; exactly one is required",
        count,
    ).format(contact=repr(contact), count=count)


def foreign_key(
    table: pa.Table, key: ForeignKey, known: pa.Array | pa.ChunkedArray
) -> Finding | None:
    """Rows whose key is not among ``known`` (the values of the referenced column)."""
    values = table.column(key.column)
    unknown = "SELECT count(*) FROM t ANTI JOIN k ON t.v = k.v WHERE t.v IS NOT NULL"
    if _count(unknown, t=pa.table({"v": values}), k=pa.table({"v": known})) == 0:
        return None
    mask = bool_mask(pc.and_kleene(pc.is_valid(values), pc.invert(pc.is_in(values, known))))
    if not mask.any():
        return None
    # Translators: {ref_column} and {ref_table} are a column and a table
    # name, such as person_id and persons.
    template = _("{value} is not a {ref_column} in {ref_table}")
    describe = _say(values, template, ref_column=key.ref_column, ref_table=key.ref_table)
    return Finding(key.column, "foreign_key", mask, describe)
