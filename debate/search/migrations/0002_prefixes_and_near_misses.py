"""Search finds what students type: prefixes, and near misses for misspelt words.

SQLite: the FTS5 tables are rebuilt with prefix indexes (``"sovereign"*`` finds "sovereignty"
quickly), keeping the porter tokenizer and the triggers of 0001, and each gets an ``fts5vocab``
table listing its terms, from which a misspelt word is corrected. PostgreSQL: ``pg_trgm`` and a
trigram index on each indexed text, from which a misspelt word is corrected.

Caution for later migrations: on SQLite, Django rebuilds a table to alter most of its columns,
and the rebuild drops the table's triggers. A migration that alters ``arguments_argument``,
``sources_evidence`` or ``sources_speaker`` that way must recreate the triggers (run
``create_fts`` below again) or the search index stops following edits.
"""

from django.db import migrations

# (FTS table, content table, indexed column(s)) for SQLite's FTS5, as in 0001.
SQLITE_TABLES = [
    ("search_argument_fts", "arguments_argument", ["text"]),
    ("search_evidence_fts", "sources_evidence", ["quote"]),
    ("search_speaker_fts", "sources_speaker", ["name", "role", "affiliation"]),
]

# (content table, column) that a misspelt word is looked for in, on PostgreSQL.
POSTGRES_TRIGRAMS = [
    ("arguments_argument", "text"),
    ("sources_evidence", "quote"),
    ("sources_speaker", "name"),
]


def create_fts(fts, table, columns, prefix=True):
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    prefixes = ", prefix='2 3'" if prefix else ""
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        f"tokenize='porter unicode61 remove_diacritics 2'{prefixes})",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def drop_fts(fts):
    return [f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in ("ai", "ad", "au")] + [
        f"DROP TABLE IF EXISTS {fts.replace('_fts', '_vocab')}",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def vocabulary(fts):
    return f"CREATE VIRTUAL TABLE {fts.replace('_fts', '_vocab')} USING fts5vocab({fts}, 'row')"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = []
    if vendor == "sqlite":
        for fts, table, columns in SQLITE_TABLES:
            statements += drop_fts(fts) + create_fts(fts, table, columns) + [vocabulary(fts)]
    elif vendor == "postgresql":
        statements.append("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        statements += [
            f"CREATE INDEX {table}_{column}_trgm ON {table} USING GIN ({column} gin_trgm_ops)"
            for table, column in POSTGRES_TRIGRAMS
        ]
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = []
    if vendor == "sqlite":
        for fts, table, columns in SQLITE_TABLES:
            statements += drop_fts(fts) + create_fts(fts, table, columns, prefix=False)
    elif vendor == "postgresql":
        statements += [f"DROP INDEX IF EXISTS {table}_{column}_trgm" for table, column in POSTGRES_TRIGRAMS]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_indexes"),
        ("arguments", "0002_historicalargument_historicalargument_evidence_and_more"),
        ("sources", "0003_source_content_hash"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
