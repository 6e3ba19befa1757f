"""On PostgreSQL: a trigram index on the search index's text, and none any longer on the
fields of cases, items, decisions, minutes and answers (search reads the index, not them).

The index keeps its text in lower case, and search looks for each word (and its stems, all
in lower case) as part of it with ``LIKE '%word%'``; a GIN index of ``pg_trgm`` on the
column serves it. Nothing on SQLite.
"""

from django.db import migrations

from klynge.search.migrations import _trigrams

OLD = _trigrams.FIELDS
NEW = [("search_entry", "searched")]


def forwards(apps, schema_editor):
    _trigrams.drop(schema_editor, OLD)
    _trigrams.create(schema_editor, NEW, folded=False)


def backwards(apps, schema_editor):
    _trigrams.drop(schema_editor, NEW)
    _trigrams.create(schema_editor, OLD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index")]
    operations = [migrations.RunPython(forwards, backwards)]
