"""Bearer tokens: exchange, use, revocation; only digests are stored."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from tests.api.helpers import assert_error, call
from tests.conftest import PASSWORD
from tsunagu.accounts.models import ApiToken, Member

TOKEN_URL = "/api/v1/auth/token"


def token_for(client: Client, email: str, password: str = PASSWORD) -> str:
    response = call(client, "post", TOKEN_URL, {"email": email, "password": password})
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def test_token_exchange_and_use(client: Client, member: Member) -> None:
    """E-mail and password give a token that authenticates GET /me as that member."""
    token = token_for(client, member.email)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == member.pk
    assert body["email"] == member.email
    assert body["nickname"] == member.nickname


def test_token_exchange_ignores_email_case(client: Client, member: Member) -> None:
    """The e-mail address is matched whatever its letter case."""
    assert token_for(client, member.email.upper())


def test_only_the_sha256_digest_is_stored(client: Client, member: Member) -> None:
    """The database holds the token's SHA-256 digest and never the token itself."""
    token = token_for(client, member.email)
    stored = ApiToken.objects.get(member=member)
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in ApiToken.objects.values_list("digest", flat=True)}


def test_revoking_a_token_makes_it_useless(client: Client, member: Member) -> None:
    """DELETE /auth/token revokes the token sent; using it afterwards answers 401."""
    token = token_for(client, member.email)
    other_token = token_for(client, member.email)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.delete(TOKEN_URL, headers=headers).status_code == 204
    assert_error(client.get("/api/v1/me", headers=headers), 401, "unauthenticated")
    assert not ApiToken.objects.filter(digest=hashlib.sha256(token.encode()).hexdigest()).exists()
    # The member's other tokens keep working.
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {other_token}"}).status_code == 200


@pytest.mark.django_db
def test_invalid_token_is_401(client: Client) -> None:
    """A token that was never issued answers 401 in the error format."""
    assert_error(client.get("/api/v1/me", headers={"Authorization": "Bearer tsu_made-up"}), 401, "unauthenticated")


def test_invalid_token_is_401_even_on_public_endpoints(client: Client, member: Member) -> None:
    """A bad token is an error even where anonymous visitors are welcome, not an anonymous visit."""
    response = client.get(f"/api/v1/members/{member.pk}", headers={"Authorization": "Bearer tsu_made-up"})
    assert_error(response, 401)


@pytest.mark.django_db
def test_no_credentials_is_401(client: Client) -> None:
    """GET /me without a session or token answers 401."""
    assert_error(client.get("/api/v1/me"), 401, "unauthenticated")


def test_token_of_a_deactivated_member_stops_working(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """When a member is deactivated, their tokens no longer authenticate."""
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert_error(client.get("/api/v1/me", headers=bearer), 401)


def test_wrong_password_is_401(client: Client, member: Member) -> None:
    """A wrong password answers 401 and issues no token."""
    response = call(client, "post", TOKEN_URL, {"email": member.email, "password": "wrong-password-1"})
    assert_error(response, 401, "bad_credentials")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_unknown_email_is_401(client: Client) -> None:
    """An e-mail address nobody uses answers 401 like a wrong password."""
    response = call(client, "post", TOKEN_URL, {"email": "nobody@example.com", "password": PASSWORD})
    assert_error(response, 401, "bad_credentials")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{}, {"email": "a@example.com"}, {"password": "x"}, {"email": 5, "password": []}, {"email": "", "password": ""}],
)
def test_missing_credentials_are_422(client: Client, body: dict[str, object]) -> None:
    """Missing or non-text credentials answer 422."""
    assert_error(call(client, "post", TOKEN_URL, body), 422)


def test_token_request_with_extra_keys_is_422(client: Client, member: Member) -> None:
    """Unknown keys in the token request are refused."""
    response = call(client, "post", TOKEN_URL, {"email": member.email, "password": PASSWORD, "scope": "all"})
    assert_error(response, 422)
    assert not ApiToken.objects.exists()


def test_revoking_without_a_bearer_token_is_refused(member_client: Client) -> None:
    """DELETE /auth/token from a browser session (no token to revoke) is an error, not a silent success."""
    client = member_client
    response = call(client, "delete", TOKEN_URL)
    assert response.status_code == 422


def test_token_of_inactive_member_is_not_issued(client: Client, member: Member) -> None:
    """A deactivated member cannot exchange their password for a token."""
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert_error(call(client, "post", TOKEN_URL, {"email": member.email, "password": PASSWORD}), 401)
    assert not ApiToken.objects.exists()


def test_openapi_document_is_served(client: Client) -> None:
    """The OpenAPI document lists the fixed endpoints of the contract."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/accounts",
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/me/profile",
        "/api/v1/members/{member_id}",
    ]:
        assert path in paths
