"""The indicator pipeline: data set → engine → marts → long form → disclosure → file.

``compute_indicators`` works on Ibis tables of any engine and returns every row
unsuppressed; ``run_indicators`` reads and validates a data-set folder, runs it on the
chosen engine, applies disclosure control (unless told not to) and writes the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from klynge.population.audit import AuditReport
from klynge.population.codelists import CodeLists
from klynge.population.disclosure import with_small_bands
from klynge.population.engines import materialise
from klynge.population.i18n import _
from klynge.population.marts import (
    admissions,
    bed_days,
    chronic,
    demography,
    general_practice,
    home_care,
    population,
)
from klynge.population.marts.long_form import long_form
from klynge.population.marts.spec import CUBE_COLUMNS, IndicatorSpec, MartInputs
from klynge.population.output import OUTPUT_SCHEMA, check_output_name, write_output
from klynge.population.stages.stays import stays

FAMILIES = (population, demography, admissions, bed_days, general_practice, home_care)
Progress = Callable[[str], None]


class PopulationError(ValueError):
    """A run that cannot produce indicators; the message says why, for a person."""


class YearNotCovered(PopulationError):
    """The data set has no residents on 1 January of the year asked for."""


def indicator_specs(codelists: CodeLists) -> list[IndicatorSpec]:
    """Every indicator, in output order."""
    specs = [spec for family in FAMILIES for spec in family.indicators()]
    return specs + chronic.indicators(codelists.chronic)


def execute_cubes(inputs: MartInputs, progress: Progress) -> pd.DataFrame:
    """Every family's cubes, executed, as one pandas frame (CUBE_COLUMNS)."""
    frames = []
    families = (*FAMILIES, chronic)
    for family in families:
        progress(_counting(family.__name__.rsplit(".", 1)[-1]))
        cubes = family.cubes(inputs)
        if cubes:
            frames.append(ibis.union(*cubes).to_pyarrow().to_pandas())
    cube = pd.concat(frames, ignore_index=True)[list(CUBE_COLUMNS)]
    return cube.astype({"age": "int64", "amount": "int64"})


def _counting(family: str) -> str:
    """The progress message for one indicator family (its module's name)."""
    messages = {
        "population": _("counting the population"),
        "demography": _("counting deaths, births and moves between municipalities"),
        "admissions": _("counting admissions and readmissions"),
        "bed_days": _("counting bed days awaiting discharge"),
        "general_practice": _("counting general practice"),
        "home_care": _("counting home care"),
        "chronic": _("counting chronic conditions"),
    }
    return messages.get(family, _("counting {family}").format(family=family))


def compute_indicators(
    tables: Mapping[str, ir.Table],
    year: int,
    mapping: ir.Table | pa.Table,
    *,
    codelists: CodeLists | None = None,
    country_code: str | None = None,
    progress: Progress | None = None,
) -> pa.Table:
    """Every indicator for ``year``, unsuppressed (``suppressed`` all false), sorted.

    ``tables``: the data set's tables on one engine (``municipal_care`` may be absent:
    then there are no home-care rows). ``mapping``: municipality_code →
    collaboration_code. Raises :class:`YearNotCovered` if no one lives anywhere in the
    data set on 1 January of ``year``.
    """
    report = progress or (lambda message: None)
    codelists = codelists or CodeLists.defaults()
    report(_("merging contacts into stays"))
    shared = materialise(stays(tables["hospital_contacts"], tables["diagnoses"]))
    inputs = MartInputs(tables=tables, year=year, codelists=codelists, stays=shared)
    cube = execute_cubes(inputs, report)
    if not (cube["measure"] == population.RESIDENTS).any():
        raise YearNotCovered(
            _(
                "the data set has no residents on {date}: {year} is not covered "
                "(check the dates of the residence and persons tables)"
            ).format(date=dt.date(year, 1, 1).isoformat(), year=year)
        )
    report(_("building the long-form rows"))
    links = _mapping_frame(mapping)
    code = country_code or country_of(cube["municipality_code"])
    rows = long_form(cube, links, indicator_specs(codelists), year, code)
    rows["suppressed"] = False
    table = pa.Table.from_pandas(rows, schema=OUTPUT_SCHEMA, preserve_index=False)
    return with_small_bands(table, rows)


def _mapping_frame(mapping: ir.Table | pa.Table) -> pd.DataFrame:
    table = mapping if isinstance(mapping, pa.Table) else mapping.to_pyarrow()
    frame = table.select(["municipality_code", "collaboration_code"]).to_pandas()
    return frame.dropna().astype(str).drop_duplicates()


def country_of(codes: pd.Series) -> str:
    """``dk`` or ``no`` when every municipality is one of that country's built-in ones,
    else ``all``: the code of the country-level rows."""
    from klynge.population.geography import municipalities

    known = municipalities().select(["municipality_code", "country"]).to_pandas()
    found = known.set_index("municipality_code")["country"].reindex(codes.unique())
    if found.empty or found.isna().any() or found.nunique() != 1:
        return "all"
    return str(found.iloc[0])


def run_indicators(
    directory: Path,
    year: int,
    out: Path,
    engine: str = "duckdb",
    mapping: Path | Sequence[Path] | None = None,
    unsuppressed: bool = False,
    postgres_url: str | None = None,
    progress: Progress | None = None,
    spark_session: Any = None,
    codelists: CodeLists | None = None,
    on_audit: Callable[[AuditReport, int], None] | None = None,
) -> pa.Table:
    """Read and validate ``directory``, compute ``year`` on ``engine``, apply disclosure
    control unless ``unsuppressed``, write ``out`` (.csv or .parquet) and return it: the
    command line's run, through :func:`klynge.population.spec.execute` with one
    :class:`~klynge.population.spec.RunSpec`.

    ``mapping``: one mapping file or several (say clusters and councils), read together:
    every grouping is published in the one file, and suppressed together, so that no
    grouping's rows can be subtracted from another's. ``on_audit`` gets the disclosure
    audit's report and the number of rounds it took."""
    from klynge.population.spec import RunSpec, execute

    out = Path(out)
    check_output_name(out, unsuppressed)
    if mapping is None:
        files: tuple[Path, ...] = ()
    elif isinstance(mapping, Path | str):
        files = (Path(mapping),)
    else:
        files = tuple(Path(path) for path in mapping)
    spec = RunSpec(Path(directory), year, engine, files, codelists, disclosure=not unsuppressed)
    outcome = execute(spec, progress, spark_session=spark_session, postgres_url=postgres_url)
    computed = outcome.unsuppressed if unsuppressed else outcome.published
    assert computed is not None
    if on_audit is not None and outcome.audit is not None:
        on_audit(outcome.audit, outcome.rounds)
    (progress or (lambda message: None))(_("writing {file}").format(file=out))
    write_output(computed, out, unsuppressed=unsuppressed)
    return computed


def mappings(paths: Path | Sequence[Path] | None, year: int) -> pa.Table:
    """The mapping valid on 1 January of ``year``: the built-in one, or every given
    file's rows together."""
    from klynge.population.geography import default_mapping, read_mapping

    day = dt.date(year, 1, 1)
    if paths is None or (not isinstance(paths, Path | str) and not paths):
        return default_mapping(day)
    files = [Path(paths)] if isinstance(paths, Path | str) else [Path(p) for p in paths]
    return pa.concat_tables([read_mapping(path, day) for path in files])
