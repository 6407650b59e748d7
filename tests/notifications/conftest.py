"""Fixtures for the notification tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.notifications.helpers import World


@pytest.fixture
def world(django_capture_on_commit_callbacks: Any) -> World:
    return World(django_capture_on_commit_callbacks)
