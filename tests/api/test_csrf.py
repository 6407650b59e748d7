"""CSRF: the browser session needs a CSRF token for unsafe API calls; bearer tokens do not."""

from __future__ import annotations

from django.test import Client

from tests.api.helpers import assert_error, call
from tsunagu.accounts.models import Member


def session_client(member: Member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def csrf_token(client: Client) -> str:
    """Load a page with a form, as a browser would, and return the CSRF cookie."""
    assert client.get("/settings/profile/").status_code == 200
    return str(client.cookies["csrftoken"].value)


def test_session_patch_without_csrf_token_is_403(member: Member) -> None:
    """A session-authenticated PATCH without X-CSRFToken is refused with a JSON 403 and changes nothing."""
    client = session_client(member)
    csrf_token(client)
    response = call(client, "patch", "/api/v1/me/profile", {"nickname": "乗っ取り"})
    assert_error(response, 403, "csrf")
    member.refresh_from_db()
    assert member.nickname == "佐藤花子"


def test_session_patch_with_csrf_token_works(member: Member) -> None:
    """The same PATCH with the CSRF token from the cookie succeeds."""
    client = session_client(member)
    token = csrf_token(client)
    response = call(client, "patch", "/api/v1/me/profile", {"nickname": "花子"}, **{"X-CSRFToken": token})
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.nickname == "花子"


def test_bearer_patch_needs_no_csrf_token(member: Member, bearer: dict[str, str]) -> None:
    """With a bearer token the PATCH works without any CSRF token."""
    client = Client(enforce_csrf_checks=True)
    response = call(client, "patch", "/api/v1/me/profile", {"nickname": "花子"}, **bearer)
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.nickname == "花子"


def test_session_get_needs_no_csrf_token(member: Member) -> None:
    """Safe requests (GET /me) work from the session without a CSRF token."""
    client = session_client(member)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["id"] == member.pk


def test_session_avatar_delete_without_csrf_token_is_403(member: Member) -> None:
    """Other unsafe API calls (DELETE /me/avatar) are protected the same way."""
    client = session_client(member)
    assert_error(client.delete("/api/v1/me/avatar"), 403, "csrf")
