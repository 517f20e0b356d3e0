"""Full-text indexes, one kind per database vendor (see debate/search/services.py)."""

from django.db import migrations

# (FTS table, content table, indexed column(s)) for SQLite's FTS5.
SQLITE_TABLES = [
    ("search_argument_fts", "arguments_argument", ["text"]),
    ("search_evidence_fts", "sources_evidence", ["quote"]),
    ("search_speaker_fts", "sources_speaker", ["name", "role", "affiliation"]),
]

# (content table, tsvector expression) for PostgreSQL.
POSTGRES_TABLES = [
    ("arguments_argument", "to_tsvector('english', coalesce(text, ''))"),
    ("sources_evidence", "to_tsvector('english', coalesce(quote, ''))"),
    (
        "sources_speaker",
        "to_tsvector('english', coalesce(name, '') || ' ' || coalesce(role, '') || ' ' || coalesce(affiliation, ''))",
    ),
]


def sqlite_statements(fts, table, columns):
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # External-content FTS5 tables, kept in step by triggers on every write path
    # (ORM, bulk_create, raw SQL), as in SQLite's own FTS5 documentation.
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        f"tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [s for spec in SQLITE_TABLES for s in sqlite_statements(*spec)]
    elif vendor == "postgresql":
        statements = []
        for table, expression in POSTGRES_TABLES:
            statements += [
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED",
                f"CREATE INDEX {table}_search_gin ON {table} USING GIN (search_vector)",
            ]
    else:
        raise RuntimeError(f"Full-text search is not set up for {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for fts, _table, _columns in SQLITE_TABLES:
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    elif vendor == "postgresql":
        for table, _expression in POSTGRES_TABLES:
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("arguments", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
