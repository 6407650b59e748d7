"""What every benchmark shares: Django set up on a benchmark database, and the report in docs/performance.md."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
