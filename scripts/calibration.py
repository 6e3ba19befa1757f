"""Measure the synthetic generator against published national figures.

    .venv/bin/python scripts/calibration.py [--persons 200000] [--seed 1] [--country dk]
                                            [--year 2024] [--dir DIR]

Generates a data set (or reuses ``--dir`` if it already holds one), computes the figures of
the "Calibration" table in docs/population.md from the generated tables (DuckDB over the
Parquet files) and from the engine's own indicators (country rows, unsuppressed), and
prints them as Markdown rows. The published figures and their sources are in the docs; this
script is the reproducible basis of the synthetic column.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's klynge

from klynge.population.generate import generate  # noqa: E402
from klynge.population.pipeline import run_indicators  # noqa: E402

INDICATORS = {
    "acute_admissions_65": "acute somatic admissions, 65+, per 1,000 residents 65+",
    "readmissions_30d_65": "acute readmissions within 30 days, 65+ (share of index stays, %)",
    "listed_per_gp_fte": "persons listed per full-time GP",
    "gp_fte_per_1000": "full-time GPs per 1,000 residents",
    "unlisted_share": "residents with no GP listing (%)",
    "home_care_65": "home care, share of residents 65+ (%)",
    "home_care_80": "home care, share of residents 80+ (%)",
}


def figures(directory: Path, year: int) -> list[tuple[str, float]]:
    con = duckdb.connect()
    for name in ("persons", "residence", "hospital_contacts"):
        con.read_parquet(str(directory / f"{name}.parquet")).create_view(name)
    day, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)

    def one(sql: str, **params: object) -> tuple:  # type: ignore[type-arg]
        row = con.execute(sql, params).fetchone()
        assert row is not None
        return row

    con.execute(
        """
        create temp table pop as
        select p.person_id, p.death_date,
               date_diff('year', p.birth_date, $day)
                 - case when strftime(p.birth_date, '%m-%d') > strftime($day, '%m-%d')
                        then 1 else 0 end as age
        from persons p join residence r using (person_id)
        where r.valid_from <= $day and (r.valid_to is null or r.valid_to > $day)
          and p.birth_date <= $day and (p.death_date is null or p.death_date >= $day)
        """,
        {"day": day},
    )
    (n,) = one("select count(*) from pop")
    out: list[tuple[str, float]] = []
    for label, lo, hi in (
        ("age 0–14 (% of residents, 1 January)", 0, 14),
        ("age 15–64 (%)", 15, 64),
        ("age 65+ (%)", 65, 200),
        ("age 80+ (%)", 80, 200),
    ):
        (k,) = one("select count(*) from pop where age between $lo and $hi", lo=lo, hi=hi)
        out.append((label, 100 * k / n))
    (deaths,) = one(
        "select count(*) from pop where death_date >= $day and death_date < $end", day=day, end=end
    )
    out.append(("deaths in the year per 1,000 residents", 1000 * deaths / n))
    for label, lo, hi in (("deaths per 1,000 aged 80–84", 80, 84),
                          ("deaths per 1,000 aged 90+", 90, 200)):
        (k, d) = one(
            "select count(*), count(*) filter (where death_date < $end) from pop "
            "where age between $lo and $hi",
            end=end, lo=lo, hi=hi,
        )
        out.append((label, 1000 * d / k))
    (births,) = one(
        "select count(*) from persons where birth_date >= $day and birth_date < $end",
        day=day, end=end,
    )
    out.append(("births in the year per 1,000 residents", 1000 * births / n))
    # Somatic admissions (stays of 12 hours or more, or open) starting in the year, all ages:
    # a contact starting within 4 hours of the same person's previous somatic inpatient
    # contact's end continues that stay (a close approximation of the engine's stays).
    (admissions,) = one(
        """
        with c as (
          select person_id, start_ts, end_ts,
                 lag(end_ts) over (partition by person_id order by start_ts, contact_id) prev_end
          from hospital_contacts where kind = 'inpatient' and specialty = 'somatic'
        )
        select count(*) from c
        where start_ts >= $day and start_ts < $end
          and (prev_end is null or start_ts > prev_end + interval 4 hour)
          and (end_ts is null or end_ts - start_ts >= interval 12 hour)
        """,
        day=day, end=end,
    )
    out.append(("somatic admissions per 1,000 residents, all ages", 1000 * admissions / n))
    (old, acute_old) = one(
        """
        with c as (
          select person_id, start_ts, end_ts, urgency,
                 lag(end_ts) over (partition by person_id order by start_ts, contact_id) prev_end
          from hospital_contacts where kind = 'inpatient' and specialty = 'somatic'
        ), a as (
          select person_id from c
          where urgency = 'acute' and start_ts >= $day and start_ts < $end
            and (prev_end is null or start_ts > prev_end + interval 4 hour)
            and (end_ts is null or end_ts - start_ts >= interval 12 hour)
        )
        select (select count(*) from pop where age >= 80),
               (select count(*) from a join pop using (person_id) where pop.age >= 80)
        """,
        day=day, end=end,
    )
    out.append(("acute somatic admissions, 80+ (age on 1 January), per 1,000 residents 80+",
                1000 * acute_old / old))
    (outpatient,) = one(
        "select count(*) from hospital_contacts where kind = 'outpatient' "
        "and start_ts >= $day and start_ts < $end",
        day=day, end=end,
    )
    out.append(("outpatient contacts per 1,000 residents", 1000 * outpatient / n))
    return out


def indicators(directory: Path, year: int, work: Path) -> list[tuple[str, float]]:
    table = run_indicators(directory, year, work / "indicators.unsuppressed.csv", unsuppressed=True)
    rows = table.to_pylist()
    out = []
    for indicator, label in INDICATORS.items():
        values = [
            r["value"]
            for r in rows
            if r["indicator"] == indicator
            and r["level"] == "country"
            and r["group_by"] == "total"
        ]
        if values:
            out.append((label, float(values[0])))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--country", default="dk", choices=("dk", "no"))
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--dir", type=Path, help="reuse or create the data set here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.dir or Path(tmp) / "data"
        if not (directory / "persons.parquet").exists():
            generate(args.persons, args.seed, directory, country=args.country)
        rows = figures(directory, args.year) + indicators(directory, args.year, Path(tmp))
    print(f"| figure | synthetic ({args.persons:,} persons, seed {args.seed}, "
          f"{args.country}, {args.year}) |")
    print("|---|---|")
    for label, value in rows:
        print(f"| {label} | {value:,.1f} |")


if __name__ == "__main__":
    main()
