"""The output contract: columns, types, and writing CSV or Parquet.

Columns, exactly: indicator, year, level, code, group_by, group, numerator,
denominator, value, variance, suppressed. Values (and variances) are stored unrounded.

The file is never half-written: it is written to a temporary file beside it
(``.<name>.<random>.tmp``, in the same folder, so on the same file system), flushed to
disk, and only then renamed into place with :func:`os.replace`, which replaces the old
file in one step. A run killed while writing leaves the old file (or none) at the final
name, and at worst a stray temporary file.

Unsuppressed output (for entitled users only) is marked without adding a column:
Parquet files carry the key-value metadata ``klynge.disclosure = unsuppressed`` (else
``suppressed``), and a CSV file must have ``unsuppressed`` in its name, since CSV has
nowhere else to say it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
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
        pa.field("variance", pa.float64()),
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
    if out.suffix.lower() == ".parquet":
        marked = table.replace_schema_metadata({DISCLOSURE_KEY: marker})
        write_atomically(out, lambda path: pq.write_table(marked, path))
    else:
        write_atomically(out, lambda path: pcsv.write_csv(table, path))


def write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(path)`` on a temporary file beside ``out``, flush it to disk and
    rename it to ``out`` (:func:`os.replace`); the temporary file is removed if writing
    fails. ``out`` is either the old file or the complete new one, never a part."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.chmod(_file_mode())  # mkstemp makes it private; give it an ordinary file's mode
    try:
        write(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(out.parent)


def _file_mode() -> int:
    """The mode a new file gets from ``open``: 0o666 less the process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk, where the system allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def is_unsuppressed(path: Path) -> bool:
    """Whether an output file holds unsuppressed results (metadata or file name)."""
    if path.suffix.lower() == ".parquet":
        metadata = pq.read_schema(path).metadata or {}
        return metadata.get(DISCLOSURE_KEY) == b"unsuppressed"
    return "unsuppressed" in path.name.lower()
