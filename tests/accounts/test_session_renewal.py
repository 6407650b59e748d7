"""A sign-in lasts 30 days from the member's last visit, renewed at most once a day (accounts/sessions.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def expiry(client: Client) -> Any:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_a_member_who_keeps_coming_back_stays_signed_in(member: Any) -> None:
    client = Client()
    start = timezone.now()
    with freeze_time(start):
        response = client.post("/login/", {"username": member.email, "password": PASSWORD})
        assert response.status_code == 302
        first = expiry(client)
    assert first - start == timedelta(days=30)
    with freeze_time(start + timedelta(hours=20)):  # the same day: nothing written
        assert client.get("/").status_code == 200
        assert expiry(client) == first
    for day in (25, 50, 75):  # long past the first 30 days, still signed in
        with freeze_time(start + timedelta(days=day)):
            assert client.get("/").status_code == 200
            assert client.get("/").wsgi_request.user.is_authenticated
            assert expiry(client) - timezone.now() == timedelta(days=30)


def test_a_member_away_for_more_than_30_days_signs_in_again(member_client: Client) -> None:
    start = timezone.now()
    with freeze_time(start):
        assert member_client.get("/").wsgi_request.user.is_authenticated
    cache.clear()  # a cached copy of the session (production shape) expires with it, in real time
    with freeze_time(start + timedelta(days=31)):
        assert not member_client.get("/").wsgi_request.user.is_authenticated


def test_a_renewal_costs_nothing_on_other_requests(member_client: Client) -> None:
    """Right after signing in (force_login included) no request writes the session again."""
    with CaptureQueriesContext(connection) as captured:
        member_client.get("/")
        member_client.get("/api/v1/feed")
    assert not [q for q in captured if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))]
