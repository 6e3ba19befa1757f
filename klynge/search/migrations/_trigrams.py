"""Creating and dropping the trigram indexes of search's migrations (PostgreSQL only)."""

# (table, field) searched before the index (migration 0001).
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


def create(schema_editor, fields, folded=True):
    """``folded``: on ``UPPER(field)``, as ``icontains`` asks; else on the field itself (the
    search index keeps its text in lower case, and asks with ``contains``)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, field in fields:
        expression = f'UPPER("{field}"::text)' if folded else f'"{field}"'
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name(table, field)}" ON "{table}" '
            f'USING gin ({expression} gin_trgm_ops)')


def drop(schema_editor, fields):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, field in fields:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name(table, field)}"')
