"""API calls with a bearer token start no session: no session row, no cookie (the renewal in accounts/sessions.py is
for sign-ins kept in a session)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tsunagu.accounts.models import Member

pytestmark = pytest.mark.django_db


def test_a_bearer_call_leaves_no_session_behind(member: Member, bearer: dict[str, str]) -> None:
    for _ in range(2):
        response = Client().get("/api/v1/notifications", headers=bearer)
        assert response.status_code == 200
        assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_a_signed_in_browser_keeps_its_session_renewed(member_client: Client, bearer: dict[str, str]) -> None:
    """The browser's own session is still there, and still the member's, after API calls from the same browser."""
    assert member_client.get("/api/v1/notifications", headers=bearer).status_code == 200
    assert member_client.get("/").wsgi_request.user.is_authenticated
    assert Session.objects.count() == 1
