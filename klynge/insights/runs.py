"""Which runs a collaboration's pages read.

A collaboration's own data sets come first. A collaboration without runs of its own reads
the newest run of a collaboration that shares municipalities with it, in the built-in
mapping on any day, if that run published rows for it: a run publishes every grouping of
its year (``actions.groupings_file``), so a Danish health council (2027–) shows its
population from its first day, from the data sets of the clusters it replaces.
"""

from __future__ import annotations

from klynge.collaborations.models import Collaboration
from klynge.insights.models import Run

CANDIDATES = 5  # related collaborations' newest runs tried


def _mapping_rows() -> list[dict[str, str]]:
    from klynge.population.geography import packaged_mapping  # Arrow: loaded when needed

    rows: list[dict[str, str]] = packaged_mapping().select(
        ["municipality_code", "collaboration_code"]).to_pylist()
    return rows


def member_codes(code: str) -> list[str]:
    """The municipalities the built-in mapping gives the collaboration ``code`` on any day
    (none for one it does not know)."""
    return sorted({row["municipality_code"] for row in _mapping_rows()
                   if row["collaboration_code"] == code})


def neighbours(code: str) -> set[str]:
    """The collaborations sharing a municipality with ``code`` in the built-in mapping, on
    any day (``code`` itself left out)."""
    mine = set(member_codes(code))
    return {row["collaboration_code"] for row in _mapping_rows()
            if row["municipality_code"] in mine and row["collaboration_code"] != code}


def latest_run(collaboration: Collaboration) -> Run | None:
    """The newest finished run with results for ``collaboration`` (see the module)."""
    done = Run.objects.filter(state=Run.State.DONE).select_related("dataset").order_by(
        "-finished_at", "-pk")
    own = done.filter(dataset__collaboration=collaboration).first()
    if own is not None:
        return own
    for run in done.filter(dataset__collaboration__code__in=neighbours(collaboration.code)
                           )[:CANDIDATES]:
        if run.results.filter(published=True, level="collaboration",
                              code=collaboration.code).exists():
            return run
    return None


def publishes_for(run: Run, collaboration: Collaboration) -> bool:
    """Whether ``run`` has results for ``collaboration``: its own data set's, or a grouping
    it published."""
    return (run.dataset.collaboration_id == collaboration.pk
            or run.results.filter(published=True, level="collaboration",
                                  code=collaboration.code).exists())


def runs_by_year(dataset_id: int) -> dict[int, Run]:
    """The newest finished run of a data set for each year it was run for (one query)."""
    found: dict[int, Run] = {}
    for run in (Run.objects.filter(dataset_id=dataset_id, state=Run.State.DONE)
                .order_by("year", "-finished_at", "-pk")):
        found.setdefault(run.year, run)
    return found
