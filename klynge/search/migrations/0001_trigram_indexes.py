"""Trigram indexes for search on PostgreSQL (nothing on SQLite); dropped by 0003, which
puts one on the search index instead.

Search looks for each word (and its stems) as part of the searched fields, which Django
writes as ``UPPER(field::text) LIKE UPPER('%word%')``. A GIN index of ``pg_trgm`` on exactly
that expression serves it. ``pg_trgm`` is a trusted extension (PostgreSQL 13 and newer), so
the database's owner may create it.
"""

from django.db import migrations

from klynge.search.migrations import _trigrams


def create(apps, schema_editor):
    _trigrams.create(schema_editor, _trigrams.FIELDS)


def drop(apps, schema_editor):
    _trigrams.drop(schema_editor, _trigrams.FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_initial"),
        ("meetings", "0002_minutes_dissent_and_reminders"),
        ("hearings", "0001_initial"),
    ]
    operations = [migrations.RunPython(create, drop)]
