"""Trigram indexes for search on PostgreSQL (nothing on SQLite).

Search looks for each word (and its stems) as part of the searched fields, which Django
writes as ``UPPER(field::text) LIKE UPPER('%word%')``. A GIN index of ``pg_trgm`` on exactly
that expression serves it. ``pg_trgm`` is a trusted extension (PostgreSQL 13 and newer), so
the database's owner may create it.
"""

from django.db import migrations

# (table, field) for every field klynge.search.sources searches.
FIELDS = [
    ("cases_case", "title"), ("cases_case", "description"), ("cases_case", "request"),
    ("cases_decision", "wording"),
    ("meetings_agendaitem", "title"), ("meetings_agendaitem", "description"),
    ("meetings_agendaitem", "proposal"), ("meetings_agendaitem", "debate"),
    ("meetings_agendaitem", "wording"),
    ("meetings_meeting", "minutes_note"),
    ("hearings_answer", "text"), ("hearings_answer", "response"),
]


def name(table: str, field: str) -> str:
    return f"search_{table}_{field}_trgm"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, field in FIELDS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name(table, field)}" ON "{table}" '
            f'USING gin (UPPER("{field}"::text) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, field in FIELDS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name(table, field)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_initial"),
        ("meetings", "0002_minutes_dissent_and_reminders"),
        ("hearings", "0001_initial"),
    ]
    operations = [migrations.RunPython(create, drop)]
