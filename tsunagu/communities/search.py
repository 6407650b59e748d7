"""Community search (コミュニティ検索) by name and description, for Japanese text that has no word boundaries.

A query matches a community when its folded form is a substring of the folded name or the folded
description; folding is NFKC then lowercase (`fold`), so ＡＢＣ finds abc and half-width ｶﾀｶﾅ finds カタカナ.

- SQLite: an FTS5 table `communities_search(name, description)` with the trigram tokenizer holds the
  folded copies, kept in step by triggers on `communities_community` that call `tsunagu_fold`, the Python
  `fold` registered on every SQLite connection (`fold_function_register`). Migration 0002 creates both;
  `search_index_ensure` (after every `migrate`) puts the triggers back if a table rebuild dropped them.
- PostgreSQL: `tsunagu_fold(text)` is an SQL function (`lower(normalize($1, NFKC))`) and `pg_trgm` GIN
  indexes cover `tsunagu_fold(name)` and `tsunagu_fold(description)`.

Trigram indexes cannot answer queries of one or two characters (猫, 地震): FTS5 finds nothing and pg_trgm
extracts no trigram. Those queries take their own path, a `LIKE '%q%'` over the folded text: on SQLite a
scan of the FTS table, on PostgreSQL a walk of the `community_by_members` index that stops once a page is
full (both linear in the number of communities at worst; measured in docs/communities-search.md). Longer
queries use the index (FTS5 `MATCH` of the quoted phrase; `LIKE` served by the GIN indexes on PostgreSQL).

Results are ordered by member count (most first, then newest), paged by an opaque cursor.
"""

from __future__ import annotations

import base64
import binascii
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from tsunagu.communities.models import Category, Community
from tsunagu.core.errors import Invalid
from tsunagu.core.pagination import DEFAULT_LIMIT

# Queries at least this long (in characters, after folding) go through the trigram index.
TRIGRAM = 3
QUERY_MAX_LENGTH = 100
FOLD_FUNCTION = "tsunagu_fold"
SQLITE_TABLE = "communities_search"


def fold(text: str) -> str:
    """The form both the indexed text and the query take: NFKC (width and compatibility forms), then lowercase.

    Lowercase rather than case-folding, because PostgreSQL's `lower()` folds the indexed text there.
    """
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True)
class SearchPage:
    communities: list[Community]
    next_cursor: str | None


def query_clean(raw: Any) -> str:
    """The folded query with surrounding space removed ("" for none); Invalid when it is too long."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        message = _("Enter text.")
        raise Invalid(message, fields={"q": [message]})
    query = fold(raw).strip()
    if len(query) > QUERY_MAX_LENGTH:
        message = _("Search for at most %(count)d characters.") % {"count": QUERY_MAX_LENGTH}
        raise Invalid(message, fields={"q": [message]})
    return query


def category_clean(raw: Any) -> int | None:
    """The category id to filter by, or None for all; Invalid for anything that cannot be an id."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and raw > 0:
        return raw
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and 0 < len(raw) <= 18:
        return int(raw)
    message = _("Choose one of the categories.")
    raise Invalid(message, fields={"category": [message]})


def like_pattern(query: str) -> str:
    """`%query%` for LIKE with `\\` as the escape character: the query's own `%`, `_` and `\\` match themselves."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(query: str) -> str:
    """The query as one FTS5 phrase: quoted, so operators, `*`, `:` and parentheses are plain characters."""
    return '"' + query.replace('"', '""') + '"'


# Table and function names are constants: no user text is ever put into SQL except as a parameter.
SQLITE_MATCH = "SELECT rowid FROM communities_search WHERE communities_search MATCH %s"
SQLITE_LIKE = "SELECT rowid FROM communities_search WHERE name LIKE %s ESCAPE '\\' OR description LIKE %s ESCAPE '\\'"
# One SQL for every length: the GIN trigram indexes answer three characters and more; for shorter patterns,
# from which no trigram can be taken, the planner walks `community_by_members` and stops after a page.
POSTGRESQL_LIKE = (
    'tsunagu_fold("communities_community"."name") LIKE %s'
    ' OR tsunagu_fold("communities_community"."description") LIKE %s'
)


def matching_q(query: str) -> Q:
    """Communities whose folded name or description contains the folded `query` (non-empty)."""
    pattern = like_pattern(query)
    if connection.vendor == "sqlite":
        if len(query) >= TRIGRAM:
            return Q(pk__in=RawSQL(SQLITE_MATCH, [fts_phrase(query)]))  # noqa: S611
        return Q(pk__in=RawSQL(SQLITE_LIKE, [pattern, pattern]))  # noqa: S611
    return Q(RawSQL(f"({POSTGRESQL_LIKE})", [pattern, pattern], output_field=BooleanField()))  # noqa: S611


def _cursor_encode(community: Community) -> str:
    raw = f"{community.member_count}:{community.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        count, pk = raw.split(":")
        return int(count), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        message = _("This page link is not valid. Start again from the first page.")
        raise Invalid(message, fields={"cursor": [message]}) from None


def communities_search(
    *, query: str = "", category_id: int | None = None, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> SearchPage:
    """One page of communities matching `query` (cleaned by `query_clean`; "" for all) in the category, if given.

    Most members first, then newest; one query. Every community is known to every signed-in member, so the
    callers only make sure the viewer is signed in.
    """
    communities = Community.objects.select_related("category")
    if query:
        communities = communities.filter(matching_q(query))
    if category_id is not None:
        communities = communities.filter(category_id=category_id)
    if cursor:
        count, pk = _cursor_decode(cursor)
        communities = communities.filter(Q(member_count__lt=count) | Q(member_count=count, pk__lt=pk))
    found = list(communities.order_by("-member_count", "-pk")[: limit + 1])
    page = found[:limit]
    return SearchPage(communities=page, next_cursor=_cursor_encode(page[-1]) if len(found) > limit else None)


def categories() -> QuerySet[Category]:
    return Category.objects.order_by("position", "pk")


# --- the index -------------------------------------------------------------------------------------------

SQLITE_TRIGGERS = {
    "communities_search_insert": """
        CREATE TRIGGER IF NOT EXISTS communities_search_insert AFTER INSERT ON communities_community BEGIN
            INSERT INTO communities_search(rowid, name, description)
            VALUES (new.id, tsunagu_fold(new.name), tsunagu_fold(new.description));
        END""",
    "communities_search_update": """
        CREATE TRIGGER IF NOT EXISTS communities_search_update AFTER UPDATE OF name, description
        ON communities_community BEGIN
            UPDATE communities_search SET name = tsunagu_fold(new.name), description = tsunagu_fold(new.description)
            WHERE rowid = new.id;
        END""",
    "communities_search_delete": """
        CREATE TRIGGER IF NOT EXISTS communities_search_delete AFTER DELETE ON communities_community BEGIN
            DELETE FROM communities_search WHERE rowid = old.id;
        END""",
}
SQLITE_REFILL = [
    "DELETE FROM communities_search",
    """INSERT INTO communities_search(rowid, name, description)
        SELECT id, tsunagu_fold(name), tsunagu_fold(description) FROM communities_community""",
]


def fold_function_register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created`: give each SQLite connection `tsunagu_fold`, which the index's triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, _sql_fold, deterministic=True)


def _sql_fold(text: str | None) -> str | None:
    return None if text is None else fold(text)


def search_index_ensure(using: str = "default", **kwargs: Any) -> None:
    """`post_migrate`: on SQLite, recreate the index's triggers if a table rebuild dropped them, and refill it.

    Django's SQLite schema editor rebuilds a table to alter a column, which drops its triggers; without
    this, a later migration of `Community` would silently stop the index from following changes.
    """
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s", [f"{SQLITE_TABLE}%"]
        )
        present = {row[0] for row in cursor.fetchall()}
        if SQLITE_TABLE not in present or set(SQLITE_TRIGGERS) <= present:
            return
        for sql in SQLITE_TRIGGERS.values():
            cursor.execute(sql)
        for sql in SQLITE_REFILL:
            cursor.execute(sql)
