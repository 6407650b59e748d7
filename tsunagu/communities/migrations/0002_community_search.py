"""The community search index (tsunagu/communities/search.py): FTS5 trigram table and triggers on SQLite,
pg_trgm GIN indexes over the folded name and description on PostgreSQL."""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE communities_search USING fts5(name, description, tokenize = 'trigram case_sensitive 1')",
    """CREATE TRIGGER communities_search_insert AFTER INSERT ON communities_community BEGIN
        INSERT INTO communities_search(rowid, name, description)
        VALUES (new.id, tsunagu_fold(new.name), tsunagu_fold(new.description));
    END""",
    """CREATE TRIGGER communities_search_update AFTER UPDATE OF name, description ON communities_community BEGIN
        UPDATE communities_search SET name = tsunagu_fold(new.name), description = tsunagu_fold(new.description)
        WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER communities_search_delete AFTER DELETE ON communities_community BEGIN
        DELETE FROM communities_search WHERE rowid = old.id;
    END""",
    """INSERT INTO communities_search(rowid, name, description)
        SELECT id, tsunagu_fold(name), tsunagu_fold(description) FROM communities_community""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS communities_search_insert",
    "DROP TRIGGER IF EXISTS communities_search_update",
    "DROP TRIGGER IF EXISTS communities_search_delete",
    "DROP TABLE IF EXISTS communities_search",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE OR REPLACE FUNCTION tsunagu_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(normalize($1, NFKC)) $$""",
    "CREATE INDEX community_name_trgm ON communities_community USING gin (tsunagu_fold(name) gin_trgm_ops)",
    """CREATE INDEX community_description_trgm ON communities_community
        USING gin (tsunagu_fold(description) gin_trgm_ops)""",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS community_name_trgm",
    "DROP INDEX IF EXISTS community_description_trgm",
    "DROP FUNCTION IF EXISTS tsunagu_fold(text)",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
