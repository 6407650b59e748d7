"""POST /api/v1/accounts: sign-up through the API, its errors and the registration policy."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.helpers import JAPANESE, assert_error, call
from tests.conftest import PASSWORD
from tsunagu.accounts.models import Invitation, Member
from tsunagu.accounts.services import invitation_create
from tsunagu.core.services import site_settings_update
from tsunagu.profiles.models import Profile

URL = "/api/v1/accounts"


def sign_up(client: Client, **changes: Any) -> Any:
    data = {"email": "hanako@example.com", "password": PASSWORD, "nickname": "はなこ", **changes}
    return call(client, "post", URL, {k: v for k, v in data.items() if v is not ...})


@pytest.mark.django_db
def test_sign_up_creates_a_member_with_a_profile(client: Client) -> None:
    """A valid sign-up answers 201 with the new member and creates the member and an empty profile."""
    response = sign_up(client, email="  Hanako@Example.COM ")
    assert response.status_code == 201, response.content
    body = response.json()
    member = Member.objects.get()
    assert body["id"] == member.pk
    assert body["nickname"] == "はなこ"
    assert body["fields"] == {}
    assert member.email == "hanako@example.com"
    assert member.check_password(PASSWORD)
    assert Profile.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_new_member_can_get_a_token_after_signing_up(client: Client) -> None:
    """The account made by the API works for logging in (token exchange) right away."""
    assert sign_up(client).status_code == 201
    response = call(client, "post", "/api/v1/auth/token", {"email": "hanako@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.parametrize("email", ["member-dup@example.com", "MEMBER-DUP@example.com", "Member-Dup@Example.Com"])
def test_duplicate_email_is_a_conflict_whatever_the_case(
    client: Client, make_member: Callable[..., Member], email: str
) -> None:
    """An e-mail address already in use, in any letter case, answers 409 and creates nothing."""
    make_member(email="member-dup@example.com")
    response = sign_up(client, email=email)
    error = assert_error(response, 409, "email_taken")
    assert "email" in error["fields"]
    assert Member.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password": "12345678"}, "password"),
        ({"password": "password"}, "password"),
        ({"password": "short"}, "password"),
        ({"password": ""}, "password"),
        ({"password": ...}, "password"),
        ({"password": 12345678}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"email": ...}, "email"),
        ({"email": ["a@example.com"]}, "email"),
        ({"nickname": ""}, "nickname"),
        ({"nickname": "   "}, "nickname"),
        ({"nickname": ...}, "nickname"),
        ({"nickname": "あ" * 41}, "nickname"),
    ],
)
def test_invalid_sign_up_is_422_with_field_errors(client: Client, changes: dict[str, Any], field: str) -> None:
    """A weak or missing password, a bad e-mail address or an empty nickname answers 422, naming the field."""
    response = sign_up(client, **changes)
    error = assert_error(response, 422, "invalid")
    assert field in error["fields"]
    assert all(isinstance(m, str) and m for m in error["fields"][field])
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(client: Client) -> None:
    """All invalid fields are reported in one answer, not one at a time."""
    response = sign_up(client, email="nope", password="1", nickname="")
    error = assert_error(response, 422)
    assert set(error["fields"]) == {"email", "password", "nickname"}


@pytest.mark.django_db
def test_password_similar_to_email_is_refused(client: Client) -> None:
    """The password may not resemble the e-mail address (the similarity validator sees the new member)."""
    response = sign_up(client, email="kawasaki.tomoko@example.com", password="kawasaki.tomoko")
    error = assert_error(response, 422)
    assert "password" in error["fields"]


@pytest.mark.django_db
def test_malformed_json_is_400(client: Client) -> None:
    """A body that is not JSON answers 400 in the error format."""
    response = call(client, "post", URL, raw='{"email": "a@example.com",')
    assert_error(response, 400, "bad_request")
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_unknown_keys_are_422(client: Client) -> None:
    """A key the endpoint does not know answers 422 naming it, and nothing is created."""
    response = sign_up(client, is_staff=True)
    error = assert_error(response, 422, "invalid")
    assert "is_staff" in error["fields"]
    assert not Member.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw",
    [
        "",
        "null",
        "[]",
        "123",
        '"text"',
        "{}",
        '{"email": {"a": 1}, "password": [], "nickname": 5}',
        '{"invitation": 5}',
        '{"invitation": ["x"]}',
        '{"email": "a@example.com", "password": "x" , "nickname": "\\u0000"}',
        b"\xff\xfe\x00{",
        '{"email": "' + "a" * 5000 + '@example.com", "password": "correct-horse-42", "nickname": "x"}',
    ],
)
def test_bad_bodies_never_cause_a_server_error(client: Client, raw: str | bytes) -> None:
    """Odd bodies answer a 4xx JSON error, never a 500."""
    response = call(client, "post", URL, raw=raw)
    assert 400 <= response.status_code < 500, response.content
    assert_error(response, response.status_code)
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_errors_are_in_japanese_for_japanese_callers(client: Client) -> None:
    """With Accept-Language: ja the error message is Japanese."""
    response = call(client, "post", URL, {"email": "x"}, **{"Accept-Language": "ja"})
    error = assert_error(response, 422)
    assert JAPANESE.search(error["message"]), error["message"]
    assert JAPANESE.search(error["fields"]["email"][0]), error["fields"]


@pytest.mark.django_db
def test_errors_are_in_english_for_english_callers(client: Client) -> None:
    """With Accept-Language: en the error message is English."""
    response = call(client, "post", URL, {"email": "x"}, **{"Accept-Language": "en"})
    error = assert_error(response, 422)
    assert error["message"] == "Please check the marked fields."
    assert error["fields"]["email"] == ["Enter a valid e-mail address."]


@pytest.mark.django_db
def test_closed_registration_refuses_with_403(client: Client) -> None:
    """When the operator closed registration, sign-up answers 403 with a clear message."""
    site_settings_update(registration_policy="closed")
    response = call(
        client,
        "post",
        URL,
        {"email": "a@example.com", "password": PASSWORD, "nickname": "a"},
        **{"Accept-Language": "en"},
    )
    error = assert_error(response, 403, "registration_closed")
    assert error["message"] == "Registration is closed on this site."
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_invitation_only_without_invitation_is_403(client: Client) -> None:
    """When the site takes members by invitation only, a sign-up without one answers 403 saying so."""
    site_settings_update(registration_policy="invitation")
    response = call(
        client,
        "post",
        URL,
        {"email": "a@example.com", "password": PASSWORD, "nickname": "a"},
        **{"Accept-Language": "en"},
    )
    error = assert_error(response, 403, "invitation_required")
    assert "invitation" in error["message"]
    assert not Member.objects.exists()


def test_invitation_only_with_a_valid_invitation_records_who_used_it(client: Client, member: Member) -> None:
    """A valid invitation lets the invitee join and records who used it and when."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    response = sign_up(client, invitation=invitation.code)
    assert response.status_code == 201, response.content
    invitation.refresh_from_db()
    assert invitation.used_by_id == response.json()["id"]
    assert invitation.used_at is not None
    assert timezone.now() - invitation.used_at < datetime.timedelta(minutes=1)
    assert not invitation.is_usable


def test_an_invitation_works_only_once(client: Client, member: Member) -> None:
    """The second person to use an invitation is refused (403 under invitation-only) and not created."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    assert sign_up(client, invitation=invitation.code).status_code == 201
    response = sign_up(client, email="second@example.com", invitation=invitation.code)
    error = assert_error(response, 403)
    assert "invitation" in error["fields"]
    assert not Member.objects.filter(email="second@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.used_by.email == "hanako@example.com"  # type: ignore[union-attr]


def test_expired_invitation_is_refused(client: Client, member: Member) -> None:
    """An invitation past its expiry does not let anyone join."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = sign_up(client, invitation=invitation.code)
    assert_error(response, 403)
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_unknown_invitation_is_refused(client: Client) -> None:
    """A made-up invitation code does not let anyone join."""
    site_settings_update(registration_policy="invitation")
    response = sign_up(client, invitation="not-a-real-code")
    error = assert_error(response, 403)
    assert "invitation" in error["fields"]
    assert not Member.objects.exists()


def test_invitation_from_a_deactivated_member_is_refused(client: Client, member: Member) -> None:
    """An invitation sent by a member whose account was deactivated no longer works."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert_error(sign_up(client, invitation=invitation.code), 403)
    assert Member.objects.count() == 1


def test_invitation_also_works_on_an_open_site(client: Client, member: Member) -> None:
    """On an open site an invitation is optional, but when given it is recorded as used."""
    invitation = invitation_create(inviter=member)
    response = sign_up(client, invitation=invitation.code)
    assert response.status_code == 201
    invitation.refresh_from_db()
    assert invitation.used_by_id == response.json()["id"]


@pytest.mark.django_db
def test_unknown_invitation_on_an_open_site_is_422(client: Client) -> None:
    """On an open site a bad invitation code is a field error (422), not a policy refusal."""
    error = assert_error(sign_up(client, invitation="bogus"), 422)
    assert "invitation" in error["fields"]
    assert not Member.objects.exists()


def test_closed_site_refuses_even_with_an_invitation(client: Client, member: Member) -> None:
    """Closing registration also stops invitations that were sent before."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    site_settings_update(registration_policy="closed")
    assert_error(sign_up(client, invitation=invitation.code), 403, "registration_closed")
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_duplicate_email_does_not_use_up_the_invitation(client: Client, make_member: Callable[..., Member]) -> None:
    """A sign-up refused for a taken e-mail address leaves the invitation usable."""
    inviter = make_member(email="taken@example.com")
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=inviter)
    assert_error(sign_up(client, email="TAKEN@example.com", invitation=invitation.code), 409)
    invitation.refresh_from_db()
    assert invitation.is_usable


@pytest.mark.django_db
def test_oversized_body_is_a_json_error(client: Client) -> None:
    """A body over the upload limit answers 413 in the JSON error format, not an HTML page."""
    response = call(client, "post", URL, raw='{"email": "' + "a" * 3_000_000 + '"}')
    assert_error(response, 413, "too_large")
    assert not Member.objects.exists()
