"""Shared fixtures. Data is built through the services, as a member would build it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create, member_sign_up
from tsunagu.feed.timeline import timeline

PASSWORD = "correct-horse-battery-42"


def production_shape() -> bool:
    """The suite runs against PostgreSQL and Redis (the second CI pass)."""
    return os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(os.environ.get("REDIS_URL"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `production` need PostgreSQL and Redis; on the embedded shape they are deselected, not skipped."""
    if production_shape():
        return
    selected = [item for item in items if item.get_closest_marker("production") is None]
    deselected = [item for item in items if item.get_closest_marker("production") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


_numbers = count(1)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Fast password hashing, files in a temporary folder, a clean cache and Japanese by default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests run in transactions whose after-commit work (the Redis store's fan-out) does not run: the
    # timeline stores are tested on their own (tests/feed/test_timeline.py, test_redis_store.py).
    settings.TIMELINE_STORE = "database"
    timeline.cache_clear()
    cache.clear()
    yield
    cache.clear()
    timeline.cache_clear()


@pytest.fixture
def make_member(db: None) -> Callable[..., Member]:
    """Sign up a new member through the sign-up service."""

    def make(nickname: str | None = None, **kwargs: Any) -> Member:
        number = next(_numbers)
        return member_sign_up(
            email=kwargs.pop("email", f"member{number}@example.com"),
            password=kwargs.pop("password", PASSWORD),
            nickname=nickname or f"メンバー{number}",
            **kwargs,
        )

    return make


@pytest.fixture
def member(make_member: Callable[..., Member]) -> Member:
    return make_member("佐藤花子")


@pytest.fixture
def other(make_member: Callable[..., Member]) -> Member:
    return make_member("鈴木一郎")


@pytest.fixture
def member_client(client: Client, member: Member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def bearer(member: Member) -> dict[str, str]:
    """Headers that authenticate API calls as `member` with a bearer token."""
    return {"Authorization": f"Bearer {api_token_create(member=member)}"}
