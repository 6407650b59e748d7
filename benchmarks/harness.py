"""What every benchmark shares: a fresh embedded database, timed requests, interleaved rounds, the report."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
ROOT = Path(__file__).resolve().parent.parent
CEILINGS = ("ceiling: bare view", "ceiling: 20-row ORM page")


def setup(var: str | None = None, database_url: bool = False) -> str:
    """Django on a new SQLite database (WAL) under a temporary var/, with the ceiling views mounted; returns var/.

    `var` names the var/ directory to use instead (an SQLite database there is kept); with `database_url`,
    the DATABASE_URL and REDIS_URL of the environment are used (the production shape) rather than removed.
    """
    var = var or tempfile.mkdtemp(prefix="tsunagu-bench-")
    os.environ.update(DJANGO_SETTINGS_MODULE="tsunagu.settings", TSUNAGU_VAR_DIR=var, DEBUG="false")
    if not database_url:
        for name in ("DATABASE_URL", "REDIS_URL"):
            os.environ.pop(name, None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ROOT_URLCONF = "benchmarks.urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": settings.TASK_QUEUES}
    }
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return var


def timed(client: object, paths: list[str]) -> float:
    """Median microseconds per request over `paths` (each must answer 200)."""
    samples = []
    for path in paths:
        start = time.perf_counter_ns()
        response = client.get(path)  # type: ignore[attr-defined]
        samples.append((time.perf_counter_ns() - start) / 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)


def ceilings(client: object) -> dict[str, Callable[[], float]]:
    return {
        CEILINGS[0]: lambda: timed(client, ["/_bench/bare"] * REQUESTS),
        CEILINGS[1]: lambda: timed(client, ["/_bench/orm20"] * REQUESTS),
    }


def interleaved(operations: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Median over `ROUNDS` rounds of each operation, the order rotated every round so none always follows
    the writes of another."""
    results: dict[str, list[float]] = {name: [] for name in operations}
    names = list(operations)
    for round_number in range(ROUNDS):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(operations[name]())
    return {name: statistics.median(values) for name, values in results.items()}


def heading() -> str:
    return (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"SQLite (embedded shape), in-process; median of {ROUNDS} interleaved rounds (order rotated each round) "
        f"× {REQUESTS} requests."
    )


def write_report(section: str, table: str) -> None:
    """Replace this benchmark's section of docs/performance.md, keeping the others (unless BENCH_REPORT=0)."""
    print(table)
    if os.environ.get("BENCH_REPORT", "1") == "0":
        return
    path = ROOT / "docs" / "performance.md"
    start, end = f"<!-- bench:{section} -->", f"<!-- /bench:{section} -->"
    text = path.read_text() if path.exists() else "# Performance\n"
    block = f"{start}\n{table}\n{end}"
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)
