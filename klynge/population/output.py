"""The output contract: columns, types, and writing CSV or Parquet.

Columns, exactly: indicator, year, level, code, group_by, group, numerator,
denominator, value, suppressed. Values are stored unrounded.

Unsuppressed output (for entitled users only) is marked without adding a column:
Parquet files carry the key-value metadata ``klynge.disclosure = unsuppressed`` (else
``suppressed``), and a CSV file must have ``unsuppressed`` in its name, since CSV has
nowhere else to say it.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from klynge.population.i18n import _

OUTPUT_SCHEMA = pa.schema(
    [
        pa.field("indicator", pa.string()),
        pa.field("year", pa.int64()),
        pa.field("level", pa.string()),
        pa.field("code", pa.string()),
        pa.field("group_by", pa.string()),
        pa.field("group", pa.string()),
        pa.field("numerator", pa.float64()),
        pa.field("denominator", pa.float64()),
        pa.field("value", pa.float64()),
        pa.field("suppressed", pa.bool_()),
    ]
)
DISCLOSURE_KEY = b"klynge.disclosure"
SUFFIXES = (".csv", ".parquet")


class OutputError(ValueError):
    """An output file that cannot be written as asked."""


def check_output_name(out: Path, unsuppressed: bool) -> None:
    """Refuse an unknown suffix, and an unsuppressed CSV whose name does not say so."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise OutputError(_("{file}: the output must end in .csv or .parquet").format(file=out))
    if unsuppressed and suffix == ".csv" and "unsuppressed" not in out.name.lower():
        raise OutputError(
            _(
                "{file}: an unsuppressed CSV file must have 'unsuppressed' in its name, "
                "so that no one mistakes it for publishable output"
            ).format(file=out)
        )


def write_output(table: pa.Table, out: Path, *, unsuppressed: bool) -> None:
    """Write ``table`` (OUTPUT_SCHEMA) as CSV or Parquet, by the suffix of ``out``."""
    check_output_name(out, unsuppressed)
    table = table.cast(OUTPUT_SCHEMA)
    marker = b"unsuppressed" if unsuppressed else b"suppressed"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".parquet":
        pq.write_table(table.replace_schema_metadata({DISCLOSURE_KEY: marker}), out)
    else:
        pcsv.write_csv(table, out)


def is_unsuppressed(path: Path) -> bool:
    """Whether an output file holds unsuppressed results (metadata or file name)."""
    if path.suffix.lower() == ".parquet":
        metadata = pq.read_schema(path).metadata or {}
        return metadata.get(DISCLOSURE_KEY) == b"unsuppressed"
    return "unsuppressed" in path.name.lower()
