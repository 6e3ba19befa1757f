"""Whether a Parquet table breaks any rule, asked of DuckDB over the file itself.

The checks of :mod:`klynge.population.rules` read a table into Arrow and test it
column by column, mostly on one thread. For a Parquet data set DuckDB can first answer
"is there anything to report?" reading the file in parallel, vectorised, without
holding it in memory. Only when the answer is not a clear no is the table read and
checked by :mod:`rules`, which finds and names the rows as before: the messages, and
which rows break which rule, are those of the pyarrow path.

Every test here flags at least every row that the corresponding pyarrow rule flags (it
may flag more: a value that DuckDB and Arrow might treat differently, such as a
non-ASCII diagnosis code or whitespace other than spaces, counts as a possible failure
and sends the table down the pyarrow path). So a zero means the pyarrow checks would
find nothing. A file this module does not handle — a column whose stored type is not
exactly the contract's (it needs parsing or a cast), a required column missing, a file
DuckDB cannot read, a rule it does not know — is left to the pyarrow path too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

import pyarrow as pa
import pyarrow.parquet as pq

from klynge.population import rules
from klynge.population.contract import NUMERIC_BOUNDS, TableSpec
from klynge.population.normalise import ICD10_PATTERN

# Where the values of a referenced key column are: a Parquet file that passed these
# checks (the column is read from it when needed) or the column itself, read by pyarrow.
KeySource: TypeAlias = pa.ChunkedArray | Path

_SQL_TYPES = {
    pa.date32(): "DATE",
    pa.timestamp("us"): "TIMESTAMP",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.string(): "VARCHAR",
}
_RAW_CODE = "klynge_raw_code"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def stored_type(source: pa.DataType) -> pa.DataType:
    """A Parquet column's type as :func:`parsing.convert` first sees it: dictionary and
    large text unwrapped."""
    if pa.types.is_dictionary(source):
        source = source.value_type
    if pa.types.is_large_string(source):
        source = pa.string()
    return source


class SqlChecks:
    """One DuckDB connection that checks Parquet tables; close it when done."""

    def __init__(self) -> None:
        import duckdb

        from klynge.population.engines import duckdb_settings

        self._error = duckdb.Error
        self.con = duckdb.connect(config=duckdb_settings())

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> SqlChecks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def clean_rows(
        self, spec: TableSpec, path: Path, keys: dict[tuple[str, str], KeySource]
    ) -> int | None:
        """The number of rows if the file certainly breaks no row-level rule and no foreign
        key (against ``keys``: a referenced table absent there is not checked, as in
        :func:`validate._check_foreign_keys`); None if it might, or if this cannot tell."""
        if any(check not in _KNOWN for check in rules.table_checks(spec)):
            return None  # a rule added to rules.py but not here: let pyarrow check
        try:
            source = self._source(spec, path)
            if source is None:
                return None
            rows, failures = self._aggregate(spec, source, _vouched_for(spec, keys))
            if failures:
                return None
            for query in self._other_queries(spec, source, path, keys):
                if self._scalar(query) != 0:
                    return None
        except (self._error, OSError, ValueError, pa.ArrowException):
            return None
        return rows

    def _scalar(self, query: str) -> int:
        row = self.con.execute(query).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _source(self, spec: TableSpec, path: Path) -> str | None:
        """A subquery with the contract's columns, as pyarrow would type them, or None if a
        column is missing or stored as another type."""
        stored = pq.read_schema(path)
        if len(set(stored.names)) != len(stored.names):
            return None
        exprs = []
        for column in spec.columns:
            if column.name not in stored.names:
                if column.required:
                    return None
                exprs.append(f"CAST(NULL AS {_SQL_TYPES[column.type]}) AS {_ident(column.name)}")
                continue
            if stored_type(stored.field(column.name).type) != column.type:
                return None
            name = _ident(column.name)
            if spec.name == "diagnoses" and column.name == "code":
                # normalise_codes as SQL; see _diagnosis_codes for why it may differ only
                # where the code is refused anyway.
                cleaned = f"trim(replace(upper({name}), '.', ''))"
                normalised = rf"regexp_replace({cleaned}, '^D([A-Z][0-9])', '\1')"
                exprs.append(f"{normalised} AS {name}")
                exprs.append(f"{name} AS {_RAW_CODE}")
            else:
                exprs.append(name)
        return f"(SELECT {', '.join(exprs)} FROM read_parquet({_literal(str(path))}))"  # noqa: S608

    def _aggregate(self, spec: TableSpec, source: str, vouched: set[str]) -> tuple[int, int]:
        """Row count and the number of possible failures of the per-row rules and
        uniqueness, in one pass over the file. ``vouched``: key columns left out of the
        national-identifier test (see :func:`_vouched_for`)."""
        counts = ["count(*)"]
        for check in rules.table_checks(spec):
            if check is rules.national_ids:
                counts.extend(_national_ids(spec, vouched | _coded(spec)))
                continue
            for condition in _KNOWN[check](spec):
                counts.append(condition)
        query = f"SELECT {', '.join(counts)} FROM {source} AS t"  # noqa: S608
        row = self.con.execute(query).fetchone()
        assert row is not None
        return int(row[0]), sum(int(v or 0) for v in row[1:])

    def _other_queries(
        self,
        spec: TableSpec,
        source: str,
        path: Path,
        keys: dict[tuple[str, str], KeySource],
    ) -> list[str]:
        queries = []
        checks = rules.table_checks(spec)
        if rules.overlaps in checks:
            queries.append(_overlap_query(spec, source))
        if rules.one_main_diagnosis in checks:
            queries.append(
                f"SELECT count(*) FROM (SELECT contact_id FROM {source} AS t"  # noqa: S608
                " GROUP BY contact_id HAVING count(*) FILTER (WHERE kind = 'main') <> 1)"
            )
        for key in spec.foreign_keys:
            known = keys.get((key.ref_table, key.ref_column))
            if known is None:  # the referenced table is missing or unreadable
                continue
            queries.append(self._foreign_key_query(path, key.column, key.ref_column, known))
        return queries

    def _key_source(self, ref_column: str, known: Any) -> str:
        """The referenced key values as a subquery or a registered Arrow table (``v``)."""
        if isinstance(known, Path):
            file = _literal(str(known))
            return f"(SELECT {_ident(ref_column)} AS v FROM read_parquet({file}))"  # noqa: S608
        name = f"klynge_keys_{ref_column}"
        self.con.register(name, pa.table({"v": known}))
        return _ident(name)

    def _foreign_key_query(self, path: Path, column: str, ref_column: str, known: Any) -> str:
        ref = self._key_source(ref_column, known)
        col = _ident(column)
        return (
            f"SELECT count(*) FROM (SELECT {col} AS v FROM read_parquet({_literal(str(path))}))"  # noqa: S608
            f" AS t ANTI JOIN {ref} AS k ON t.v = k.v WHERE t.v IS NOT NULL"
        )


def _count(condition: str) -> str:
    return f"count(*) FILTER (WHERE {condition})"


def _required(spec: TableSpec) -> list[str]:
    found = []
    for column in spec.columns:
        if column.nullable:
            continue
        name = _ident(column.name)
        if column.type == pa.string():
            # pyarrow: null, or empty once Unicode whitespace is trimmed. Every whitespace
            # character is below '!' or above '~', so a value whose first character is
            # not printable ASCII (or an empty one) may be one. Text compares bytewise:
            # such a value is below '!' or from chr(127) on (cheaper than ascii()).
            if column.name in _coded(spec):
                # the normalised code: null exactly when the stored one is, and one empty
                # after normalisation is no ICD-10 code (the code test counts it)
                found.append(_count(f"{_ident(_RAW_CODE)} IS NULL"))
                continue
            found.append(_count(f"{name} IS NULL OR {name} < '!' OR {name} >= chr(127)"))
        else:
            found.append(_count(f"{name} IS NULL"))
    return found


def _enums(spec: TableSpec) -> list[str]:
    found = []
    for column in spec.columns:
        if column.enum is None:
            continue
        allowed = ", ".join(_literal(v) for v in column.enum)
        name = _ident(column.name)
        found.append(_count(f"{name} IS NOT NULL AND {name} NOT IN ({allowed})"))
    return found


def _vouched_for(spec: TableSpec, keys: dict[tuple[str, str], KeySource]) -> set[str]:
    """The foreign-key columns whose referenced table DuckDB found clean (``keys`` holds
    its file): every value of such a column is one of the referenced column's values,
    which hold no national identifier, once the key's own query finds no stranger (and
    the table is clean only if it finds none). Their identifier test is left out: the
    costliest test of the pass, on the longest columns."""
    return {
        key.column
        for key in spec.foreign_keys
        if isinstance(keys.get((key.ref_table, key.ref_column)), Path)
    }


def _coded(spec: TableSpec) -> set[str]:
    """The columns the ICD-10 test checks (a table's ``code``, when its checks have
    ``diagnosis_codes``). That test refuses every value the national-identifier test
    could find (an ICD-10 code has at most 8 characters, an identifier at least ten
    digits) and every value empty once normalised, so those two tests are left out for
    them: a code failing them fails it too, and the table goes down the pyarrow path,
    which reports each."""
    return {"code"} if rules.diagnosis_codes in rules.table_checks(spec) else set()


def _national_ids(spec: TableSpec, vouched: set[str] | frozenset[str] = frozenset()) -> list[str]:
    found = []
    for column in spec.columns:
        if column.enum is not None or column.type != pa.string() or column.name in vouched:
            continue
        name = _ident(column.name)
        # The same RE2 expression as pyarrow's; it needs at least ten characters.
        pattern = _literal(rules.NATIONAL_ID_PATTERN)
        found.append(_count(f"strlen({name}) >= 10 AND regexp_matches({name}, {pattern})"))
    return found


def _municipality_codes(spec: TableSpec) -> list[str]:
    pattern = _literal(rules.MUNICIPALITY_PATTERN)
    return [
        _count(f"{_ident(n)} IS NOT NULL AND NOT regexp_matches({_ident(n)}, {pattern})")
        for n in spec.municipality_columns
    ]


def _bounds(spec: TableSpec) -> list[str]:
    found = []
    for (table_name, name), (bound, inclusive) in NUMERIC_BOUNDS.items():
        if table_name == spec.name:
            found.append(_count(f"{_ident(name)} {'<' if inclusive else '<='} {bound!r}"))
    return found


def _unique(spec: TableSpec) -> list[str]:
    # Repeats, with null one value (as pyarrow's value_counts counts it). Distinct hashes
    # are distinct values, so as many hashes as values proves there is no repeat (and
    # counting 64-bit hashes is quicker than the text); a hash shared by two values
    # counts as a possible repeat, which sends the table to pyarrow to look.
    return [
        f"count(*) - count(DISTINCT hash({_ident(n)})) FILTER (WHERE {_ident(n)} IS NOT NULL)"
        f" - CASE WHEN count({_ident(n)}) < count(*) THEN 1 ELSE 0 END"
        for n in spec.unique
    ]


def _periods(spec: TableSpec) -> list[str]:
    assert spec.period is not None
    start, end = _ident(spec.period.start), _ident(spec.period.end)
    is_dates = spec.column(spec.period.start).type == pa.date32()
    exclusive = is_dates and spec.name != "persons"
    found = [_count(f"{end} <= {start}" if exclusive else f"{end} < {start}")]
    if "ready_ts" in spec.column_names:
        found.append(_count(f"ready_ts < {start} OR ready_ts > {end}"))
    return found


def _diagnosis_codes(spec: TableSpec) -> list[str]:
    # pyarrow: the normalised code does not match ICD10_PATTERN. The SQL normalisation
    # trims only spaces, and upper-cases as DuckDB does; for an ASCII code whose SQL
    # normalisation is a valid code, both normalisations are the same string (what was
    # trimmed was spaces next to letters or digits). Anything else may differ: flagged.
    pattern = _literal(ICD10_PATTERN)
    raw = _RAW_CODE
    return [
        _count(
            f"code IS NOT NULL AND NOT (strlen({raw}) = length({raw})"
            f" AND regexp_matches(code, {pattern}))"
        )
    ]


def _none(spec: TableSpec) -> list[str]:
    return []  # checked by a query of its own (see SqlChecks._other_queries)


def _overlap_query(spec: TableSpec, source: str) -> str:
    """Rows that follow another of the same owner, in order of start, that has not ended
    by then. Ties are ordered by end here but by row in pyarrow; when the other rules
    hold (start present, end after start) two periods with one start overlap in either
    order, so the count is zero exactly when pyarrow finds nothing."""
    assert spec.period is not None and spec.period.owner is not None
    owner, start, end = (_ident(c) for c in (spec.period.owner, spec.period.start, spec.period.end))
    return (
        "SELECT count(*) FROM ("  # noqa: S608
        f"SELECT {start} AS s, lag({end}) OVER w AS prev_end, lag(1) OVER w AS prev"
        f" FROM {source} AS t WHERE {owner} IS NOT NULL"
        f" WINDOW w AS (PARTITION BY {owner} ORDER BY {start}, {end})"
        ") WHERE prev IS NOT NULL AND (prev_end IS NULL OR prev_end > s)"
    )


_KNOWN: dict[Callable[..., Any], Callable[[TableSpec], list[str]]] = {
    rules.required: _required,
    rules.enums: _enums,
    rules.national_ids: _national_ids,
    rules.municipality_codes: _municipality_codes,
    rules.bounds: _bounds,
    rules.unique: _unique,
    rules.periods: _periods,
    rules.overlaps: _none,
    rules.diagnosis_codes: _diagnosis_codes,
    rules.one_main_diagnosis: _none,
}
