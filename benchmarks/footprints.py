"""Does recording a footprint slow the profile page? `python -m benchmarks.footprints`.

Embedded shape (SQLite in WAL under a temporary var/), in-process through Django's full request
stack. Interleaved rounds of: the two ceilings (a bare view, a 20-row ORM page), a profile view
with footprint recording switched off, a profile view that records a new footprint, and a repeat
visit inside the 5-minute window. Reports medians of the per-round medians, as microseconds and as
ratios to the ceilings, and writes the table into docs/performance.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    var = tempfile.mkdtemp(prefix="tsunagu-bench-")
    os.environ.update(DJANGO_SETTINGS_MODULE="tsunagu.settings", TSUNAGU_VAR_DIR=var, DEBUG="false")
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


def population(owners: int) -> tuple[object, list[int]]:
    """A viewer and `owners` other members with filled profiles, created in bulk."""
    from tsunagu.accounts.models import Member
    from tsunagu.profiles.models import Profile

    members = Member.objects.bulk_create(
        [
            Member(email=f"bench{i}@example.com", nickname=f"ベンチ{i}", handle=f"bench{i}", password="!")
            for i in range(owners + 1)
        ]
    )
    Profile.objects.bulk_create(
        [Profile(member=m, introduction="よろしくお願いします。", school="東北大学", interests="読書") for m in members]
    )
    return members[0], [m.pk for m in members[1:]]


def timed(client: object, paths: list[str]) -> float:
    """Median microseconds per request over `paths`."""
    samples = []
    for path in paths:
        start = time.perf_counter_ns()
        response = client.get(path)  # type: ignore[attr-defined]
        samples.append((time.perf_counter_ns() - start) / 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)


def main() -> None:
    setup()
    from django.test import Client

    from tsunagu.footprints.models import Footprint

    viewer, owners = population((ROUNDS + 1) * REQUESTS)
    client = Client()
    client.force_login(viewer)
    seen, fresh = owners[:REQUESTS], iter(owners[REQUESTS:])
    for pk in seen:  # leave footprints once, so these are repeat visits inside the 5-minute window
        client.get(f"/members/{pk}/")

    def no_recording() -> float:
        with mock.patch("tsunagu.profiles.views.footprint_record", lambda **kwargs: None):
            return timed(client, [f"/members/{pk}/" for pk in seen])

    operations: dict[str, Callable[[], float]] = {
        "ceiling: bare view": lambda: timed(client, ["/_bench/bare"] * REQUESTS),
        "ceiling: 20-row ORM page": lambda: timed(client, ["/_bench/orm20"] * REQUESTS),
        "profile, footprints off": no_recording,
        "profile, new footprint": lambda: timed(client, [f"/members/{next(fresh)}/" for _ in range(REQUESTS)]),
        "profile, repeat visit (within 5 min)": lambda: timed(client, [f"/members/{pk}/" for pk in seen]),
    }
    results: dict[str, list[float]] = {name: [] for name in operations}
    names = list(operations)
    for round_number in range(ROUNDS):
        # Rotate the order every round, so no operation always runs right after the writes of another.
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(operations[name]())
    assert Footprint.objects.count() == REQUESTS * (ROUNDS + 1), "every new visit left exactly one footprint"

    medians = {name: statistics.median(values) for name, values in results.items()}
    bare, orm = medians["ceiling: bare view"], medians["ceiling: 20-row ORM page"]
    off = medians["profile, footprints off"]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"SQLite (embedded shape), in-process; median of {ROUNDS} interleaved rounds (order rotated each round) "
        f"× {REQUESTS} requests.",
        "",
        "| operation | µs / request | × bare view | × 20-row ORM page | vs footprints off |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, value in medians.items():
        lines.append(f"| {name} | {value:,.0f} | {value / bare:.2f} | {value / orm:.2f} | {value / off - 1:+.1%} |")
    table = "\n".join(lines)
    print(table)
    if os.environ.get("BENCH_REPORT", "1") != "0":
        write_report("footprints", table)


def write_report(section: str, table: str) -> None:
    """Replace this benchmark's section of docs/performance.md, keeping the others."""
    path = ROOT / "docs" / "performance.md"
    start, end = f"<!-- bench:{section} -->", f"<!-- /bench:{section} -->"
    text = path.read_text() if path.exists() else "# Performance\n"
    block = f"{start}\n{table}\n{end}"
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
