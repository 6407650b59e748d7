"""The timeline store a test runs against, configured as the site's: the Redis one on its own key prefix."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tsunagu.feed.timeline import TimelineStore, timeline

# The Redis store runs where Redis is part of the shape (the production pass of the suite).
STORE_MARKS = {"redis": pytest.mark.production}


@contextmanager
def configured_store(settings: Any, name: str) -> Iterator[TimelineStore]:
    """`name` as TIMELINE_STORE, with the Redis store's keys under a prefix of this test's own, dropped after."""
    settings.TIMELINE_STORE = name
    settings.TIMELINE_KEY_PREFIX = f"test-timeline-{uuid.uuid4().hex}"
    timeline.cache_clear()
    store = timeline()
    try:
        yield store
    finally:
        if name == "redis":
            store.drop_all()  # type: ignore[attr-defined]
        timeline.cache_clear()
