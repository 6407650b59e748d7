"""The HTTP load benchmark suite (issue 7): `python -m benchmarks.suite --size small|large --shape embedded|production`.

Serves a generated network (`benchmarks.dataset`) with the production server of the shape (`tsunagu serve`:
gunicorn, 2 workers, and the task worker; SQLite in WAL for the embedded shape, PostgreSQL + Redis for the
production shape) and loads it with wrk, 16 connections. Each operation is measured in interleaved rounds
with the ceilings (a bare view, a plain 20-row ORM page, a raw single-row insert), the order rotated every
round; the report gives medians and every operation as a ratio to its ceiling's throughput, with the
queries per request (counted in-process) and the peak memory of the gunicorn workers. `--smoke` runs
every operation once for a couple of seconds and fails on any error, without writing the report.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.load import Load, Request, Server, wrk
from benchmarks.surge import SURGE_FACTOR, FanOut, Phase, Surge, fan_out, friend_ids, percentile, surge

ROOT = Path(__file__).resolve().parent.parent
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
BARE, ORM_PAGE, INSERT = "ceiling: bare view", "ceiling: 20-row ORM page", "ceiling: single-row insert"
FEED_TARGET = "feed API, first page (300 friends)"
LOGIN = "log-in (form, Argon2)"
LOGIN_CONNECTIONS = 4
# Distinct (visitor, owner) pairs for new footprints: more than a long run asks for, so none repeats.
FOOTPRINT_VISITORS, FOOTPRINT_OWNERS = 20, 1000
DEEP_PAGE = 10
POSTERS = 50
QUEUE_DRAIN_SECONDS = 300


@dataclass(frozen=True)
class Operation:
    """Something to load: its requests (played in turn), the statuses that mean success, its ceiling."""

    name: str
    requests: list[Request]
    ceiling: str
    expect: tuple[int, ...] = (200,)
    # Writes leave work for the task worker: the next operation starts when the queue is empty.
    writes: bool = False
    # Concurrent clients, when not the run's number: log-in keeps to a few (see `login`).
    connections: int | None = None


@dataclass
class Measured:
    operation: Operation
    loads: list[Load] = field(default_factory=list)
    queries: int = 0
    # Where in the plan's requests the next run starts, so rounds go on where the last one stopped.
    position: int = 0

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(load, attribute) for load in self.loads)

    @property
    def errors(self) -> int:
        return sum(load.errors for load in self.loads)


@dataclass(frozen=True)
class Settings:
    """How long and how often: a run's knobs (environment variables BENCH_*, smaller for --smoke)."""

    seconds: float  # per operation and round (BENCH_SECONDS)
    connections: int  # concurrent clients (BENCH_CONNECTIONS)
    rounds: int  # BENCH_ROUNDS
    fan_out_posts: int  # BENCH_FANOUT_POSTS
    steady_rate: float  # posts per second before and after the surge (BENCH_STEADY_RATE)
    surge_seconds: float  # BENCH_SURGE_SECONDS; the steady phase before lasts a third of it, the one after as long
    # A smoke run on a slow machine gives an operation no answer within its seconds another, longer try alone.
    smoke: bool

    @classmethod
    def from_environment(cls, smoke: bool) -> Settings:
        def knob(name: str, normal: str, smoke_value: str) -> float:
            return float(os.environ.get(f"BENCH_{name}", smoke_value if smoke else normal))

        return cls(
            seconds=knob("SECONDS", "8", "3"),
            connections=int(knob("CONNECTIONS", "16", "4")),
            rounds=int(knob("ROUNDS", "5", "1")),
            fan_out_posts=int(knob("FANOUT_POSTS", "30", "3")),
            steady_rate=knob("STEADY_RATE", "1", "1"),
            surge_seconds=knob("SURGE_SECONDS", "60", "4"),
            smoke=smoke,
        )

    @property
    def phases(self) -> list[Phase]:
        return [
            Phase("before", max(2.0, self.surge_seconds / 3), self.steady_rate),
            Phase("surge", self.surge_seconds, SURGE_FACTOR * self.steady_rate),
            Phase("after", self.surge_seconds, self.steady_rate),
        ]


def environment(shape: str, size: str) -> dict[str, str]:
    """The environment of the suite and its server: the shape's services, DEBUG off, a fresh SECRET_KEY."""
    env = dict(os.environ)
    if shape == "embedded":
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
    elif not (env.get("DATABASE_URL", "").startswith("postgres") and env.get("REDIS_URL")):
        raise SystemExit("The production shape needs DATABASE_URL=postgres://… and REDIS_URL=redis://… set.")
    var = ROOT / "var" / "bench" / f"{shape}-{size}"
    var.mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        TSUNAGU_VAR_DIR=str(var),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        WEB_PROCESSES="2",
        LOG_LEVEL="WARNING",
    )
    return env


def dataset_current(var: Path, size: str, env: dict[str, str]) -> bool:
    """Whether var/ holds the `size` data set for this database (generated earlier, from the same source)."""
    source = var / f"dataset-{size}.source"
    database = env.get("DATABASE_URL") or str(var / "tsunagu.sqlite3")
    return (var / f"dataset-{size}.json").exists() and source.exists() and source.read_text() == database


def dataset_generate(var: Path, size: str, env: dict[str, str]) -> None:
    """`python -m benchmarks.dataset` into the shape's database (emptied first), in its own process."""
    print(f"generating the {size} data set …", flush=True)
    command = [sys.executable, "-m", "benchmarks.dataset", "--size", size, "--var", str(var)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    (var / f"dataset-{size}.source").write_text(env.get("DATABASE_URL") or str(var / "tsunagu.sqlite3"))


def prepare(var: Path, size: str) -> Any:
    """The database migrated, static files collected, the insert ceiling's table made; the manifest."""
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.dataset import Manifest
    from benchmarks.urls import INSERT_TABLE
    from tsunagu.accounts.models import Member

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(INSERT_TABLE[connection.vendor])
    manifest = Manifest.load(var / f"dataset-{size}.json")
    if not Member.objects.filter(pk__in=[manifest.viewer_300, manifest.viewer_1000]).count() == 2:
        raise SystemExit("The database does not hold the data set of the manifest: run again with --fresh.")
    return manifest


def session_cookie(member: Any) -> str:
    """A `Cookie` header for a signed-in session of `member`, made through the session engine."""
    from django.test import Client

    client = Client()
    client.force_login(member, backend=MODEL_BACKEND)
    return f"sessionid={client.cookies['sessionid'].value}"


def feed_cursor(cookie: str, pages: int) -> str:
    """The cursor of page `pages` + 1 of a member's feed, following the API's `next_cursor`."""
    from django.test import Client

    cursor = ""
    for _ in range(pages):
        query = f"&cursor={cursor}" if cursor else ""
        answer = Client().get(f"/api/v1/feed?limit=20{query}", headers={"Cookie": cookie})
        assert answer.status_code == 200, answer.status_code
        cursor = answer.json()["next_cursor"]
        assert cursor, "the feed is shorter than the deep page"
    return cursor


def poster(exclude: Sequence[int]) -> Any:
    """The member (other than the viewers) whose number of friends is nearest 300: who posts voices."""
    from django.db.models import Count, F, Func

    from tsunagu.accounts.models import Member

    return (
        Member.objects.exclude(pk__in=exclude)
        .annotate(friend_count=Count("friendships"))
        .annotate(distance=Func(F("friend_count") - 300, function="ABS"))
        .order_by("distance", "pk")
        .first()
    )


def operations(manifest: Any) -> list[Operation]:
    """Every operation of issue 7 and the three ceilings, with their requests."""
    from tsunagu.accounts.models import Member
    from tsunagu.accounts.services import api_token_create

    members = {m.pk: m for m in Member.objects.filter(pk__in=[manifest.viewer_300, manifest.viewer_1000])}
    ops = [
        Operation(BARE, [Request("/_bench/bare")], ceiling=""),
        Operation(ORM_PAGE, [Request("/_bench/orm20")], ceiling=""),
        Operation(INSERT, [Request("/_bench/insert", method="POST")], ceiling="", expect=(201,), writes=True),
    ]
    for friends, pk in ((300, manifest.viewer_300), (manifest.viewer_1000_friends, manifest.viewer_1000)):
        cookie = {"Cookie": session_cookie(members[pk])}
        deep = feed_cursor(cookie["Cookie"], DEEP_PAGE - 1)
        ops += [
            Operation(
                f"feed API, first page ({friends:,} friends)",
                [Request("/api/v1/feed?limit=20", headers=cookie)],
                ORM_PAGE,
            ),
            Operation(
                f"feed API, page {DEEP_PAGE} ({friends:,} friends)",
                [Request(f"/api/v1/feed?limit=20&cursor={deep}", headers=cookie)],
                ORM_PAGE,
            ),
            Operation(f"home page, first page ({friends:,} friends)", [Request("/", headers=cookie)], ORM_PAGE),
            Operation(
                f"home page, page {DEEP_PAGE} ({friends:,} friends)",
                [Request(f"/?cursor={deep}", headers=cookie)],
                ORM_PAGE,
            ),
        ]
    author = poster([manifest.viewer_300, manifest.viewer_1000])
    token = api_token_create(member=author)
    body = json.dumps({"text": "ベンチマークからのつぶやき #ベンチ", "audience": "friends"}, ensure_ascii=False)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    ops.append(
        Operation(
            f"post a voice (API, {author.friendships.count()} friends)",
            [Request("/api/v1/voice", method="POST", headers=headers, body=body)],
            INSERT,
            expect=(201,),
            writes=True,
        )
    )
    ops += [profile_new_footprints(manifest), *pages(manifest), login(manifest)]
    return ops


def profile_new_footprints(manifest: Any) -> Operation:
    """Profile views that each leave a new footprint: distinct (visitor, owner) pairs, visited in turn."""
    from tsunagu.accounts.models import Member

    visitors = list(Member.objects.exclude(pk=manifest.profile_owner).order_by("-pk")[:FOOTPRINT_VISITORS])
    cookies = [session_cookie(v) for v in visitors]
    owners = list(
        Member.objects.exclude(pk__in=[v.pk for v in visitors])
        .order_by("pk")
        .values_list("pk", flat=True)[:FOOTPRINT_OWNERS]
    )
    requests = [Request(f"/members/{owner}/", headers={"Cookie": cookie}) for owner in owners for cookie in cookies]
    return Operation("profile view, new footprint", requests, ORM_PAGE)


def pages(manifest: Any) -> list[Operation]:
    """The pages of one signed-in member each: a profile revisited, a diary entry, a hashtag, topics, search."""
    from tsunagu.accounts.models import Member

    def cookie(pk: int) -> dict[str, str]:
        return {"Cookie": session_cookie(Member.objects.get(pk=pk))}

    visitor = cookie(manifest.profile_visitor)
    community = cookie(manifest.community_viewer)
    tag = urllib.parse.quote(manifest.hashtag)
    search = "/communities/search/?q="
    return [
        Operation(
            "profile view, repeat visit (within 5 min)",
            [Request(f"/members/{manifest.profile_owner}/", headers=visitor)],
            ORM_PAGE,
        ),
        Operation(
            "diary entry with 50 comments",
            [Request(f"/diary/{manifest.diary_entry}/", headers=cookie(manifest.diary_viewer))],
            ORM_PAGE,
        ),
        Operation("hashtag page (most used tag)", [Request(f"/hashtags/{tag}/", headers=visitor)], ORM_PAGE),
        Operation(
            "community topic list", [Request(f"/communities/{manifest.community}/topics/", headers=community)], ORM_PAGE
        ),
        Operation(
            f"community search, {len(manifest.search_query)} characters",
            [Request(search + urllib.parse.quote(manifest.search_query), headers=community)],
            ORM_PAGE,
        ),
        Operation(
            "community search, 1 character",
            [Request(search + urllib.parse.quote(manifest.search_query_short), headers=community)],
            ORM_PAGE,
        ),
    ]


def login(manifest: Any) -> Operation:
    """The log-in form posted with the shared password, by many members in turn; success is the redirect."""
    csrf = secrets.token_hex(16)
    headers = {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"}
    requests = [
        Request(
            "/login/",
            method="POST",
            headers=headers,
            body=urllib.parse.urlencode(
                {"csrfmiddlewaretoken": csrf, "username": email, "password": manifest.password}
            ),
        )
        for email in manifest.login_emails
    ]
    # Four clients keep both workers hashing; more only queue behind the (deliberately slow) hash.
    return Operation(LOGIN, requests, INSERT, expect=(302,), writes=True, connections=LOGIN_CONNECTIONS)


def queries(operation: Operation, index: int) -> int:
    """Queries of one of the operation's requests, made in-process through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    request = operation.requests[index % len(operation.requests)]
    headers = dict(request.headers)
    content_type = headers.pop("Content-Type", "application/octet-stream")
    with CaptureQueriesContext(connection) as captured:
        answer = Client().generic(
            request.method, request.path, data=request.body or "", content_type=content_type, headers=headers
        )
    assert answer.status_code in operation.expect, (operation.name, answer.status_code)
    return len(captured)


def queue_length() -> int:
    """Tasks waiting or running in the default queue (RQ, or the database backend's table)."""
    from django.conf import settings

    if settings.TASK_BACKEND == "rq":
        import django_rq

        queue = django_rq.get_queue("default")
        return int(queue.count + queue.started_job_registry.count)
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).count()


def drain() -> float:
    """Waits until the task queue is empty; returns the seconds it took."""
    started = time.monotonic()
    while queue_length() and time.monotonic() - started < QUEUE_DRAIN_SECONDS:
        time.sleep(0.2)
    return time.monotonic() - started


def measure(server: Server, ops: list[Operation], run: Settings) -> dict[str, Measured]:
    """Every operation in `run.rounds` rounds, the order rotated each round, then its queries per request."""
    measured = {op.name: Measured(op) for op in ops}
    for op in ops:  # warm up: every worker thread connected, templates loaded, caches filled
        warm = wrk(server.url, op.requests, seconds=1, connections=op.connections or run.connections, expect=op.expect)
        measured[op.name].position = warm.next_index
        if op.writes:
            drain()
        server.settle()
    for number in range(run.rounds):
        shift = number * len(ops) // run.rounds
        for op in ops[shift:] + ops[:shift]:
            m = measured[op.name]
            load = wrk(
                server.url,
                op.requests,
                seconds=run.seconds,
                connections=op.connections or run.connections,
                expect=op.expect,
                first=m.position,
                server=server,
            )
            if run.smoke and not load.requests:
                server.settle()
                load = wrk(
                    server.url,
                    op.requests,
                    seconds=4 * run.seconds,
                    connections=1,
                    expect=op.expect,
                    first=load.next_index,
                )
            m.loads.append(load)
            m.position = load.next_index
            waited = drain() if op.writes else 0.0
            server.settle()
            print(
                f"round {number + 1}/{run.rounds} {op.name}: {load.throughput:,.0f} req/s, p99 {load.p99_ms:,.1f} ms, "
                f"{load.errors} errors"
                + (f" (last status {load.error_status})" if load.errors else "")
                + (f", queue drained in {waited:.1f} s" if waited > 0.5 else ""),
                flush=True,
            )
    for m in measured.values():
        m.queries = queries(m.operation, m.position)
    if any(m.operation.writes for m in measured.values()):
        drain()
    return measured


def heading(shape: str, size: str, run: Settings, memory_mib: float, load_before: float) -> str:
    from django.db import connection

    from tsunagu.accounts.models import Member

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    database = f"SQLite {version} (WAL)" if connection.vendor == "sqlite" else f"PostgreSQL {version} + Redis"
    threads = os.environ.get("WEB_THREADS", "4")
    return (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
        f"{shape} shape: {database}, gunicorn 2 workers × {threads} threads and the task worker (`tsunagu serve`, "
        f"DEBUG off); wrk with {run.connections} connections on the same machine; {size} data set "
        f"({Member.objects.count():,} members); median of {run.rounds} interleaved rounds (order rotated each round) × "
        f"{run.seconds:g} s per operation. Workers' memory at the end: {memory_mib:,.0f} MiB (VmHWM, both workers). "
        f"Load average before the run: {load_before:.1f} (above 0.5, other work shared the cores: compare ratios)."
    )


def table(measured: dict[str, Measured]) -> list[str]:
    lines = [
        "| operation | ceiling | req/s | × ceiling | p50 ms | p95 ms | p99 ms | errors | queries | peak RSS MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in measured.items():
        ceiling = m.operation.ceiling
        ratio = m.median("throughput") / measured[ceiling].median("throughput") if ceiling else 1.0
        short = {ORM_PAGE: "ORM page", INSERT: "insert", "": "—"}[ceiling]
        lines.append(
            f"| {name} | {short} | {m.median('throughput'):,.0f} | {ratio:.2f} | {m.median('p50_ms'):,.1f} | "
            f"{m.median('p95_ms'):,.1f} | {m.median('p99_ms'):,.1f} | {m.errors} | {m.queries} | "
            f"{max(load.peak_rss_mib for load in m.loads):,.0f} |"
        )
    return lines


def verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def targets(measured: dict[str, Measured], run: Settings) -> list[str]:
    """Issue 7's targets this run measures, each with its value; a missed one says so."""
    feed, orm, login_ = measured[FEED_TARGET], measured[ORM_PAGE], measured[LOGIN]
    share = feed.median("throughput") / orm.median("throughput")
    p99 = feed.median("p99_ms")

    return [
        f"- Feed first page, 300 friends (API): {feed.median('throughput'):,.0f} req/s = {share:.0%} of the 20-row "
        f"ORM page's {orm.median('throughput'):,.0f} req/s (target ≥ 50 %: {verdict(share >= 0.5)}); p99 "
        f"{p99:,.0f} ms at {run.connections} clients (target < 100 ms: {verdict(p99 < 100)}).",
        f"- Log-in: {login_.median('throughput'):,.1f} log-ins/s with the Argon2 hash at {LOGIN_CONNECTIONS} clients, "
        f"p99 {login_.median('p99_ms'):,.0f} ms (stated, no target).",
    ]


def history_row(shape: str, size: str, measured: dict[str, Measured], spread: FanOut | None, surged: Surge) -> str:
    feed, orm = measured[FEED_TARGET], measured[ORM_PAGE]
    recovery = surged.recovery_s()
    return (
        f"| {time.strftime('%Y-%m-%d')} | {shape} | {size} | {feed.median('throughput'):,.0f} | "
        f"{feed.median('throughput') / orm.median('throughput'):.2f} | {feed.median('p99_ms'):,.0f} | "
        f"{measured[LOGIN].median('throughput'):,.1f} | "
        f"{f'{percentile(spread.visible_s, 0.99):.2f}' if spread else '—'} | "
        f"{surged.errors + surged.lost + surged.missing_entries} | "
        f"{f'{recovery:.0f}' if recovery is not None else 'none'} |"
    )


HISTORY_START, HISTORY_END = "<!-- bench:load-history -->", "<!-- /bench:load-history -->"


def history(document: str, row: str) -> str:
    """The history table in `document` (docs/performance.md) with `row` added: every run's headline figures."""
    rows = []
    if HISTORY_START in document:
        kept = document[document.index(HISTORY_START) + len(HISTORY_START) : document.index(HISTORY_END)]
        rows = [line for line in kept.splitlines() if line.startswith("| 2")]
    return "\n".join(
        [
            "| date | shape | size | feed 300 req/s | × ORM page | feed 300 p99 ms | log-ins/s | fan-out p99 s "
            "| surge errors + lost | recovery s |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            row,
        ]
    )


def surge_run(server: Server, manifest: Any, run: Settings) -> Surge:
    """The surge, posted by friends of the 1,000-friend member while the 300-friend member's feed is sampled."""
    from tsunagu.accounts.models import Member

    posters = [pk for pk in friend_ids(manifest.viewer_1000) if pk != manifest.viewer_300][:POSTERS]
    reader = {"Cookie": session_cookie(Member.objects.get(pk=manifest.viewer_300))}
    return surge(server.url, posters, reader, run.phases, queue_length, QUEUE_DRAIN_SECONDS)


def fan_out_lines(result: FanOut | None) -> list[str]:
    if result is None:
        return []
    visible, post = percentile(result.visible_s, 0.99), percentile(result.post_ms, 0.99)
    return [
        f"- Fan-out to {result.friends:,} friends (Redis store): {len(result.post_ms)} posts one second apart were in "
        f"every friend's kept timeline after p50 {percentile(result.visible_s, 0.5):.2f} s, p99 {visible:.2f} s "
        f"(target < 5 s: {verdict(visible < 5 and not result.incomplete)}; {result.incomplete} not complete within "
        f"a minute); the POST answered in p50 {percentile(result.post_ms, 0.5):,.0f} ms, p99 {post:,.0f} ms "
        f"(target < 50 ms: {verdict(post < 50)}); {result.errors} errors. Building the friends' timelines first "
        f"took {result.build_seconds:,.0f} s.",
    ]


def surge_lines(result: Surge, run: Settings, plot: Path) -> list[str]:
    start, end = result.surge_window
    during = [ms for due, status, ms, _ in result.posts if start <= due < end and status == 201]
    before = result.latency_ms(0, start)
    recovery = result.recovery_s()
    recovered = f"{recovery:.0f} s" if recovery is not None else "not within the run"
    peak = max((q for _, q, _ in result.samples), default=0)
    return [
        f"- Surge: {run.steady_rate:g} posts/s, then {SURGE_FACTOR * run.steady_rate:g}/s for {run.surge_seconds:g} s, "
        f"then {run.steady_rate:g}/s ({len(result.posts):,} posts by {POSTERS} members): {result.errors} errors, "
        f"{result.lost} lost, {result.missing_entries} kept-timeline entries missing (target: none of them: "
        f"{verdict(not (result.errors or result.lost or result.missing_entries))}); the POSTs during the surge "
        f"p50 {percentile(during, 0.5):,.0f} ms, p99 {percentile(during, 0.99):,.0f} ms. The task queue peaked at "
        f"{peak:,} and was empty {result.drained_after_s:,.0f} s after the last post. Feed API latency (300 friends, "
        f"sampled every 0.5 s): median {statistics.median(before or [0.0]):,.0f} ms before, "
        f"{statistics.median(result.latency_ms(start, end) or [0.0]):,.0f} ms during; back to its level {recovered} "
        f"after the surge (target ≤ 60 s: {verdict(recovery is not None and recovery <= 60)}).",
        "",
        f"![Posting surge: posts sent, task queue length and feed latency over time](performance/{plot.name})",
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suite", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["tiny", "small", "large"], default="small")
    parser.add_argument("--shape", choices=["embedded", "production"], default="embedded")
    parser.add_argument(
        "--smoke", action="store_true", help="every operation once, a couple of seconds; fail on errors"
    )
    parser.add_argument("--fresh", action="store_true", help="generate the data set again even if it is there")
    args = parser.parse_args(argv)
    run = Settings.from_environment(args.smoke)
    load_before = os.getloadavg()[0]
    env = environment(args.shape, args.size)
    var = Path(env["TSUNAGU_VAR_DIR"])
    if args.fresh or not dataset_current(var, args.size, env):
        dataset_generate(var, args.size, env)
    os.environ.update(env)
    import django

    django.setup()
    manifest = prepare(var, args.size)
    ops = operations(manifest)
    from django.conf import settings

    with Server(env, log=var / "server.log") as server:
        measured = measure(server, ops, run)
        spread = (
            fan_out(server.url, manifest.viewer_1000, run.fan_out_posts, 1.0)
            if settings.TIMELINE_STORE == "redis"
            else None
        )
        surged = surge_run(server, manifest, run)
        memory = server.memory()
    plot = ROOT / "docs" / "performance" / f"surge-{args.shape}-{args.size}.svg"
    lines = [heading(args.shape, args.size, run, memory.hwm_mib, load_before), "", *table(measured)]
    lines += ["", *targets(measured, run)]
    lines += [*fan_out_lines(spread), *surge_lines(surged, run, plot)]
    report = "\n".join(lines)
    failed = {name: m.errors for name, m in measured.items() if m.errors}
    silent = [name for name, m in measured.items() if not all(load.requests for load in m.loads)]
    if spread is not None and (spread.errors or spread.incomplete):
        failed["fan-out"] = spread.errors + spread.incomplete
    if surged.errors or surged.lost or surged.missing_entries or surged.feed_errors:
        failed["surge"] = surged.errors + surged.lost + surged.missing_entries + surged.feed_errors
    if args.smoke:
        print(report)
        if failed or silent:
            raise SystemExit(f"smoke run failed: errors {failed}, no answer within the time {silent}")
        return
    from benchmarks.harness import write_report
    from benchmarks.plots import surge_plot

    surge_plot(surged, f"Posting surge, {args.shape} shape, {args.size} data set ({time.strftime('%Y-%m-%d')})", plot)

    write_report(f"load-{args.shape}-{args.size}", report)
    document = (ROOT / "docs" / "performance.md").read_text()
    write_report("load-history", history(document, history_row(args.shape, args.size, measured, spread, surged)))


if __name__ == "__main__":
    main()
