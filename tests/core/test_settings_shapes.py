"""The settings module in a fresh process: the embedded defaults, and clear failures on bad values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as c:
    pragmas = {name: c.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")}
print(json.dumps({
    "pragmas": pragmas,
    "transaction_mode": settings.DATABASES["default"]["OPTIONS"]["transaction_mode"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "tasks": settings.TASKS["default"]["BACKEND"],
    "media": str(settings.MEDIA_ROOT),
    "hasher": settings.PASSWORD_HASHERS[0],
}))
"""


def run_settings(var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "TASK_BACKEND")
    }
    environment.update(DJANGO_SETTINGS_MODULE="tsunagu.settings", TSUNAGU_VAR_DIR=str(var_dir), **env)
    return subprocess.run([sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=60)


def test_embedded_shape_uses_sqlite_wal_local_cache_and_database_tasks(tmp_path):
    """With no environment, SQLite runs in WAL with synchronous=NORMAL, IMMEDIATE transactions and a busy timeout."""
    result = run_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    shape = json.loads(result.stdout)
    assert shape["pragmas"] == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000, "foreign_keys": 1}
    assert shape["transaction_mode"] == "IMMEDIATE"
    assert shape["cache"].endswith("LocMemCache")
    assert shape["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shape["media"] == str(tmp_path / "media")
    assert shape["hasher"].endswith("Argon2PasswordHasher")


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    """Without SECRET_KEY a key is generated under var/, readable by the owner only, and reused."""
    assert run_settings(tmp_path).returncode == 0
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert run_settings(tmp_path).returncode == 0
    assert key_file.read_text() == first


def test_a_bad_value_stops_the_start_with_a_clear_message(tmp_path):
    """A malformed variable fails the start naming the variable, before anything is served."""
    result = run_settings(tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not valid" in result.stderr


def test_rq_tasks_need_redis(tmp_path):
    """TASK_BACKEND=rq without REDIS_URL is refused at start."""
    result = run_settings(tmp_path, TASK_BACKEND="rq")
    assert result.returncode != 0
    assert "TASK_BACKEND=rq needs REDIS_URL" in result.stderr


def test_production_variables_select_postgresql_and_redis(tmp_path):
    """DATABASE_URL and REDIS_URL select PostgreSQL (persistent connections), Redis cache and RQ tasks."""
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.CACHES['default']['BACKEND'], s.TASKS['default']['BACKEND'], s.SESSION_ENGINE]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tsunagu.settings",
        "TSUNAGU_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://u@db.internal:5432/tsunagu",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "DB_CONN_MAX_AGE": "300",
    }
    environment.pop("TASK_BACKEND", None)
    result = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.db.backends.postgresql",
        300,
        "django.core.cache.backends.redis.RedisCache",
        "django_tasks_rq.RQBackend",
        "django.contrib.sessions.backends.cached_db",
    ]
