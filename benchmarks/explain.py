"""EXPLAIN for the hot paths: `python -m benchmarks.explain --var DIR [--save PATH] [--before PATH] [--saved PATH]`.

On a data set made by `python -m benchmarks.dataset --var DIR` (SQLite there, or the PostgreSQL database of
DATABASE_URL), each hot path runs in-process through Django's test client as the member the manifest names:
the home feed's first page (API) of viewer_300 and of viewer_1000 (from the configured timeline store, and
from the database store too where that is Redis), a profile view (which records a footprint),
the diary entry with 50 comments, the hashtag page, the community topic list, community search (trigram and
one-character) and log-in. Every SQL statement of the warm requests is timed (median over the requests); the
slowest SELECTs of each path are explained (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)) and plans that scan a
whole table or sort in a temporary B-tree are flagged. The section `explain-sqlite` or `explain-postgresql`
of docs/performance.md gets the result; `--save` keeps it as JSON so that a later run can show `--before`
and after (a change in between), and `--saved` reports saved results again without measuring.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks.dataset import Manifest

SLOWEST = 3  # explained per path
RUNS = int(os.environ.get("BENCH_EXPLAIN_RUNS", "7"))  # timed requests per path (after a warm-up)
SQL_SHOWN = 400  # characters of each explained statement shown in the report
PLAN_LINES = 30  # of each plan shown in the report (PostgreSQL's plans of the policy's subqueries run long)
BIG, BIG_SORT, SLOW = 10_000, 1_000, 5.0  # what is flagged (see `plan`)


@dataclass
class Statement:
    sql: str
    params: Any
    ms: float


@dataclass
class Explained:
    sql: str
    ms: float
    plan: str
    flags: list[str]


@dataclass
class PathResult:
    name: str
    request_ms: float  # median of RUNS warm requests
    queries: int
    sql_ms: float  # time spent in SQL in the captured request
    explained: list[Explained] = field(default_factory=list)


@dataclass(frozen=True)
class HotPath:
    name: str
    viewer: int | None  # signed in as this member (None: signed out, for log-in)
    request: Callable[[Any], Any]  # client → response
    store: str | None = None  # the timeline store to read the feed from (TIMELINE_STORE), if not the configured one


def hot_paths(manifest: Manifest) -> list[HotPath]:
    from django.conf import settings
    from django.urls import reverse

    m = manifest

    def get(path: str, **query: str) -> Callable[[Any], Any]:
        return lambda client: client.get(path, query)

    def profile(client: Any) -> Any:
        """A visit after the 5-minute window's cache mark is gone: the footprint's repeat check runs its query."""
        from django.core.cache import cache

        cache.delete(f"footprints:recent:{m.profile_owner}:{m.profile_visitor}")
        return client.get(reverse("profiles:detail", args=[m.profile_owner]))

    def log_in(client: Any) -> Any:
        response = client.post(reverse("accounts:login"), {"username": m.login_emails[0], "password": m.password})
        client.logout()
        return response

    stores = [settings.TIMELINE_STORE] + (["database"] if settings.TIMELINE_STORE != "database" else [])
    feeds = [
        HotPath(f"home feed, first page (API), {name}, {store} store", viewer, get("/api/v1/feed", limit="20"), store)
        for store in stores
        for name, viewer in (("viewer_300", m.viewer_300), ("viewer_1000", m.viewer_1000))
    ]
    return [
        *feeds,
        HotPath("profile view (with its footprint check)", m.profile_visitor, profile),
        HotPath("diary entry with 50 comments", m.diary_viewer, get(reverse("diary:entry", args=[m.diary_entry]))),
        HotPath("hashtag page", m.viewer_300, get(reverse("voice:hashtag", args=[m.hashtag]))),
        HotPath("community topic list", m.community_viewer, get(reverse("communities:topic_list", args=[m.community]))),
        HotPath(
            f"community search, {len(m.search_query)} characters",
            m.community_viewer,
            get(reverse("community_search:search"), q=m.search_query),
        ),
        HotPath(
            f"community search, {len(m.search_query_short)} character",
            m.community_viewer,
            get(reverse("community_search:search"), q=m.search_query_short),
        ),
        HotPath("log-in (Argon2)", None, log_in),
    ]


@contextmanager
def statements() -> Iterator[list[Statement]]:
    """Every statement the default connection executes inside the block, with its time."""
    from django.db import connection

    seen: list[Statement] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append(Statement(sql, params, (time.perf_counter() - start) * 1000))

    with connection.execute_wrapper(timed):
        yield seen


@cache
def table_rows(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
        else:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def plan(statement: Statement) -> tuple[str, list[str]]:
    """The statement's plan as text, and what in it a hot path should not do: a whole-table scan of a table
    of BIG rows or more, a sort of BIG_SORT rows or more (PostgreSQL) or a sort in a temporary B-tree in a
    statement of SLOW ms or more (SQLite, whose plan does not say how many rows it sorts)."""
    from django.db import connection, transaction

    flags: list[str] = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement.sql, statement.params)
            document = cursor.fetchone()[0]
            tree = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
            for node in _nodes(tree):
                relation = node.get("Relation Name", "")
                if node["Node Type"] == "Seq Scan" and table_rows(relation) >= BIG:
                    flags.append(f"Seq Scan on {relation} ({table_rows(relation):,} rows)")
                if node["Node Type"] == "Sort":
                    sorted_rows = sum(c["Actual Rows"] * c["Actual Loops"] for c in node.get("Plans", []))
                    if sorted_rows >= BIG_SORT:
                        flags.append(f"Sort of {sorted_rows:,} rows ({node.get('Sort Method', '')})")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.params)
            lines = [row[0] for row in cursor.fetchall()]
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + statement.sql, statement.params)
            rows = cursor.fetchall()
            aliases = dict((alias, table) for table, alias in re.findall(r'"(\w+)" ([A-Z]\d+)\b', statement.sql))
            depth = {0: -1}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
                scanned = re.fullmatch(r"SCAN (\w+)", detail)
                if scanned:
                    table = aliases.get(scanned[1], scanned[1])
                    if table_rows(table) >= BIG:
                        flags.append(f"SCAN {table} ({table_rows(table):,} rows)")
                # A sort of the RIGHT PART of the ORDER BY only orders ties of an index's order: not flagged.
                if "TEMP B-TREE FOR ORDER BY" in detail and statement.ms >= SLOW:
                    flags.append(detail)
        transaction.set_rollback(True)
    return "\n".join(lines), flags


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def measure(path: HotPath, client: Any) -> PathResult:
    from django.test import override_settings

    from tsunagu.accounts.models import Member

    site_hashers = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from tsunagu.feed.timeline import timeline

    overrides: dict[str, Any] = {"PASSWORD_HASHERS": site_hashers}  # the site's, not the harness's fast one
    if path.store:
        overrides["TIMELINE_STORE"] = path.store
    timeline.cache_clear()
    with override_settings(**overrides):
        if path.viewer is not None:
            client.force_login(Member.objects.get(pk=path.viewer))
        else:
            client.logout()
        response = path.request(client)  # warm-up: caches, the first footprint of the visit
        assert response.status_code in (200, 302), (path.name, response.status_code)
        runs: list[tuple[float, list[Statement]]] = []
        for _ in range(RUNS):
            with statements() as seen:
                start = time.perf_counter()
                path.request(client)
                runs.append(((time.perf_counter() - start) * 1000, seen))
    timeline.cache_clear()
    # Each statement's time: the median over the runs that executed the same statements (most or all of them).
    last = runs[-1][1]
    alike = [seen for _, seen in runs if [s.sql for s in seen] == [s.sql for s in last]]
    seen = [Statement(s.sql, s.params, statistics.median(run[k].ms for run in alike)) for k, s in enumerate(last)]
    result = PathResult(path.name, statistics.median(ms for ms, _ in runs), len(seen), sum(s.ms for s in seen))
    selects = sorted((s for s in seen if s.sql.lstrip().upper().startswith("SELECT")), key=lambda s: -s.ms)
    for statement in selects[:SLOWEST]:
        text, flags = plan(statement)
        result.explained.append(Explained(statement.sql, statement.ms, text, flags))
    return result


def report(results: list[PathResult], manifest: Manifest, vendor: str, before: list[PathResult] | None) -> str:
    earlier = {r.name: r for r in before or []}
    shape = "SQLite, unanalysed (as deployed)" if vendor == "sqlite" else "PostgreSQL, after VACUUM ANALYZE"
    explain = "EXPLAIN QUERY PLAN" if vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS)"
    counts = manifest.counts
    lines = [
        f"### EXPLAIN of the hot paths: {'SQLite' if vendor == 'sqlite' else 'PostgreSQL'}",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, {shape}, in-process through the test "
        f"client; the `{manifest.size}` data set ({counts.get('accounts_member', 0):,} members, "
        f"{counts.get('friends_friendship', 0):,} friendship rows, {counts.get('voice_voicepost', 0):,} voice posts, "
        f"{counts.get('footprints_footprint', 0):,} footprints). Request time: median of {RUNS} warm requests. "
        f"The {SLOWEST} slowest SELECTs of each path are explained ({explain}; the slowest and any flagged one shown "
        f"below, plans cut at {PLAN_LINES} lines); ⚠ marks a whole-table scan of a table "
        f"of {BIG:,} rows or more, and a sort of {BIG_SORT:,} rows or more (PostgreSQL) or in a temporary B-tree in "
        f"a statement of {SLOW:g} ms or more (SQLite)."
        + (" *before*: an earlier run (`--before`), at another time and machine load." if before else ""),
        "",
        "| path | ms / request | queries | ms in SQL | slowest SELECT, ms | flags |"
        + (" before: ms / request | before: slowest, ms |" if before else ""),
        "| --- | ---: | ---: | ---: | ---: | --- |" + (" ---: | ---: |" if before else ""),
    ]
    for r in results:
        slowest = r.explained[0].ms if r.explained else 0.0
        flags = sorted({f for e in r.explained for f in e.flags})
        row = f"| {r.name} | {r.request_ms:,.1f} | {r.queries} | {r.sql_ms:,.1f} | {slowest:,.1f} | {'⚠ ' + '; '.join(flags) if flags else ''} |"
        if before:
            old = earlier.get(r.name)
            row += (
                f" {old.request_ms:,.1f} | {old.explained[0].ms if old and old.explained else 0:,.1f} |"
                if old
                else " | |"
            )
        lines.append(row)
    for r in results:
        shown = [e for k, e in enumerate(r.explained) if k == 0 or e.flags]
        lines += ["", f"<details><summary>{r.name}: {len(shown)} of its slowest SELECTs</summary>", ""]
        for e in shown:
            sql = e.sql if len(e.sql) <= SQL_SHOWN else e.sql[:SQL_SHOWN] + " …"
            plan = e.plan.split("\n")
            if len(plan) > PLAN_LINES:
                plan = [*plan[:PLAN_LINES], f"… ({len(plan) - PLAN_LINES} more lines)"]
            lines += [
                f"{e.ms:,.2f} ms{' ⚠' if e.flags else ''}:",
                "",
                "```sql",
                sql,
                "```",
                "",
                "```",
                *plan,
                "```",
                "",
            ]
        lines.append("</details>")
    return "\n".join(lines)


def saved(path: str) -> list[PathResult]:
    return [
        PathResult(**{**r, "explained": [Explained(**e) for e in r["explained"]]})
        for r in json.loads(Path(path).read_text())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="EXPLAIN the hot paths on a generated data set.")
    parser.add_argument("--var", required=True, help="the var/ directory the data set was generated into")
    parser.add_argument("--manifest", help="the data set's manifest (default: the only VAR/dataset-*.json)")
    parser.add_argument("--save", help="keep the results as JSON here")
    parser.add_argument("--before", help="results saved by an earlier run, shown beside these")
    parser.add_argument("--saved", help="report results saved by an earlier run instead of measuring again")
    args = parser.parse_args()
    from benchmarks.harness import setup, write_report

    setup(var=args.var, database_url=True)
    from django.db import connection
    from django.test import Client

    manifest_path = args.manifest or next(Path(args.var).glob("dataset-*.json"))
    manifest = Manifest.load(manifest_path)
    if args.saved:
        results = saved(args.saved)
    else:
        client = Client()
        results = [measure(path, client) for path in hot_paths(manifest)]
    before = saved(args.before) if args.before else None
    if args.save:
        Path(args.save).write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    write_report(f"explain-{connection.vendor}", report(results, manifest, connection.vendor, before))


if __name__ == "__main__":
    main()
