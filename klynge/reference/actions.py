"""Multi-row writes of reference data, each in one transaction with an audit entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.reference.loader import LoadSummary, load
from klynge.reference.models import Country
from klynge.reference.sources import ReferenceDataError, read_reference_data


def do_load_reference(
    actor: Any, data_dir: Path | str | None = None, *, overwrite: bool = False
) -> LoadSummary:
    """Load the reference files (packaged, or those in ``data_dir``): all or nothing.

    Raises :class:`ReferenceDataError` with every problem found, before anything is
    written; a conflict with what is stored rolls the whole load back.
    """
    data = read_reference_data(data_dir)
    try:
        with transaction.atomic():
            summary = load(data, actor=actor, overwrite=overwrite)
            changes: dict[str, Any] = dict(summary.totals())
            changes["files"] = ", ".join(sorted(path.name for path in data.files.values()))
            record(actor, AuditEntry.Verb.LOAD, Country.objects.get(code="DK"), changes=changes)
    except DatabaseError as exc:
        raise ReferenceDataError(
            [_("The data conflicts with what is stored; nothing was loaded (%(error)s).")
             % {"error": exc}]
        ) from exc
    return summary
