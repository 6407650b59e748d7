"""Logging in and out, brute-force lock-out (django-axes) and CSRF on the forms."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from tests.api.helpers import assert_error, call
from tests.conftest import PASSWORD
from tsunagu.accounts.models import ApiToken, Member

LOGIN = "/login/"
LIMIT = 5


def log_in(client: Client, email: str, password: str = PASSWORD, address: str = "192.0.2.1") -> object:
    return client.post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address, headers={"Accept-Language": "en"}
    )


def is_signed_in(client: Client, member: Member) -> bool:
    return client.session.get("_auth_user_id") == str(member.pk)


def test_log_in_with_email_in_any_case(client: Client, member: Member) -> None:
    """A member logs in with their e-mail address typed in any letter case, and lands on the home page."""
    response = log_in(client, member.email.upper())
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == "/"  # type: ignore[index]
    assert is_signed_in(client, member)


def test_log_in_follows_next(client: Client, member: Member) -> None:
    """After logging in, the member is sent where they were going."""
    response = client.post(f"{LOGIN}?next=/invitations/", {"username": member.email, "password": PASSWORD})
    assert response["Location"] == "/invitations/"


def test_log_in_does_not_redirect_off_site(client: Client, member: Member) -> None:
    """A `next` pointing to another site is ignored."""
    response = client.post(f"{LOGIN}?next=https://evil.example/", {"username": member.email, "password": PASSWORD})
    assert response["Location"] == "/"


def test_wrong_password_shows_a_message(client: Client, member: Member) -> None:
    """A wrong password keeps the visitor logged out and says the address or password is wrong."""
    response = log_in(client, member.email, "not-the-password")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "The e-mail address or password is not correct." in response.content.decode()  # type: ignore[attr-defined]
    assert not is_signed_in(client, member)


def test_wrong_password_message_in_japanese(client: Client, member: Member) -> None:
    """Japanese visitors read the log-in error in Japanese."""
    english = "The e-mail address or password is not correct."
    with translation.override("ja"):
        japanese = translation.gettext(english)
    assert japanese != english
    response = client.post(
        LOGIN, {"username": member.email, "password": "nope-nope"}, headers={"Accept-Language": "ja"}
    )
    assert japanese in response.content.decode()


def test_deactivated_member_cannot_log_in(client: Client, member: Member) -> None:
    """A deactivated account cannot log in even with the right password."""
    Member.objects.filter(pk=member.pk).update(is_active=False)
    log_in(client, member.email)
    assert not is_signed_in(client, member)


def test_log_out(member_client: Client, member: Member) -> None:
    """Logging out (POST) ends the session."""
    response = member_client.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in member_client.session
    assert member_client.get("/settings/").status_code == 302


def test_log_out_needs_post(member_client: Client, member: Member) -> None:
    """A GET on the log-out address (a link on another site) does not log the member out."""
    assert member_client.get("/logout/").status_code == 405
    assert is_signed_in(member_client, member)


# --- brute force -----------------------------------------------------------------------------


def test_account_is_locked_after_five_failures(client: Client, member: Member) -> None:
    """Five wrong passwords for one account, from different addresses, lock it: even the right password gets 429."""
    for attempt in range(LIMIT):
        log_in(client, member.email, "wrong-password", address=f"198.51.100.{attempt + 1}")
    response = log_in(client, member.email, address="203.0.113.99")
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert not is_signed_in(client, member)


def test_lock_out_message_is_clear(client: Client, member: Member) -> None:
    """The lock-out page says what happened and how long to wait."""
    for _attempt in range(LIMIT):
        log_in(client, member.email, "wrong-password")
    response = log_in(client, member.email)
    assert "Too many failed log-in attempts. Please try again in 15 minutes." in response.content.decode()  # type: ignore[attr-defined]


def test_four_failures_do_not_lock(client: Client, member: Member) -> None:
    """Below the limit the right password still works."""
    for _attempt in range(LIMIT - 1):
        log_in(client, member.email, "wrong-password")
    log_in(client, member.email)
    assert is_signed_in(client, member)


def test_lockout_ignores_email_case(client: Client, member: Member) -> None:
    """Changing the letter case of the address does not get around the lock-out."""
    for attempt in range(LIMIT):
        email = member.email.upper() if attempt % 2 else member.email
        log_in(client, email, "wrong-password", address=f"198.51.100.{attempt + 1}")
    response = log_in(client, member.email.title(), address="203.0.113.99")
    assert response.status_code == 429  # type: ignore[attr-defined]


def test_lock_of_one_account_leaves_others_alone(client: Client, member: Member, other: Member) -> None:
    """Locking one account does not lock a different account logging in from elsewhere."""
    for attempt in range(LIMIT):
        log_in(client, member.email, "wrong-password", address=f"198.51.100.{attempt + 1}")
    log_in(client, other.email, address="203.0.113.99")
    assert is_signed_in(client, other)


def test_address_is_locked_after_five_failures_across_accounts(
    client: Client, member: Member, make_member: Callable[..., Member]
) -> None:
    """Five failures from one address, each for a different account, lock that address out."""
    victims = [make_member() for _ in range(LIMIT)]
    for victim in victims:
        log_in(client, victim.email, "wrong-password", address="192.0.2.66")
    response = log_in(client, member.email, address="192.0.2.66")
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert not is_signed_in(client, member)
    # From another address the same member can still log in.
    log_in(client, member.email, address="192.0.2.67")
    assert is_signed_in(client, member)


def test_success_resets_the_failure_count(client: Client, member: Member) -> None:
    """A successful log-in clears earlier failures, so a member who mistypes now and then is not locked out."""
    for _attempt in range(LIMIT - 1):
        log_in(client, member.email, "wrong-password")
    log_in(client, member.email)
    client.post("/logout/")
    for _attempt in range(LIMIT - 1):
        log_in(client, member.email, "wrong-password")
    log_in(client, member.email)
    assert is_signed_in(client, member)


def test_forwarded_for_header_does_not_evade_the_address_lock(
    client: Client, member: Member, make_member: Callable[..., Member]
) -> None:
    """A client cannot escape the per-address lock by sending a different X-Forwarded-For each time."""
    for number, victim in enumerate([make_member() for _ in range(LIMIT)]):
        client.post(
            LOGIN,
            {"username": victim.email, "password": "wrong-password"},
            REMOTE_ADDR="192.0.2.66",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number + 1}",
        )
    response = client.post(
        LOGIN,
        {"username": member.email, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.66",
        HTTP_X_FORWARDED_FOR="10.0.9.9",
    )
    assert response.status_code == 429
    assert not is_signed_in(client, member)


def test_token_endpoint_is_locked_too(client: Client, member: Member) -> None:
    """The API token exchange counts failures too and answers 429 JSON once the account is locked."""
    for attempt in range(LIMIT):
        call(
            client,
            "post",
            "/api/v1/auth/token",
            {"email": member.email, "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{attempt + 1}",
        )
    response = call(client, "post", "/api/v1/auth/token", {"email": member.email, "password": PASSWORD})
    assert_error(response, 429)
    assert not ApiToken.objects.exists()


def test_web_failures_lock_the_token_endpoint(client: Client, member: Member) -> None:
    """Failures on the web form and the API count together: the API cannot be used to get around the lock."""
    for attempt in range(LIMIT):
        log_in(client, member.email, "wrong-password", address=f"198.51.100.{attempt + 1}")
    response = call(client, "post", "/api/v1/auth/token", {"email": member.email, "password": PASSWORD})
    assert_error(response, 429)
    assert not ApiToken.objects.exists()


def test_token_endpoint_address_lockout(client: Client, member: Member, make_member: Callable[..., Member]) -> None:
    """Five failed token requests from one address for different accounts lock the address out of the API."""
    for victim in [make_member() for _ in range(LIMIT)]:
        call(client, "post", "/api/v1/auth/token", {"email": victim.email, "password": "wrong"})
    response = call(client, "post", "/api/v1/auth/token", {"email": member.email, "password": PASSWORD})
    assert_error(response, 429)


# --- CSRF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LOGIN, "/signup/", "/password-reset/"])
@pytest.mark.django_db
def test_forms_without_csrf_token_are_refused(url: str) -> None:
    """A POST to a form without the CSRF token is refused with 403."""
    client = Client(enforce_csrf_checks=True)
    client.get(url)  # the browser has the cookie, but the attacker's form cannot send the token
    response = client.post(
        url, {"username": "a@example.com", "email": "a@example.com", "password": PASSWORD, "nickname": "x"}
    )
    assert response.status_code == 403
    assert not Member.objects.exists()


def test_member_forms_without_csrf_token_are_refused(member: Member) -> None:
    """Forms of a signed-in member (settings, profile, logout) refuse a POST without the CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post("/settings/", {"language": "en", "timezone": "UTC"}).status_code == 403
    assert client.post("/settings/profile/", {"nickname": "x"}).status_code == 403
    assert client.post("/logout/").status_code == 403
    member.refresh_from_db()
    assert member.language == "ja"
    assert member.nickname == "佐藤花子"


def test_login_with_csrf_token_works(member: Member) -> None:
    """The same log-in with the CSRF token from the page succeeds."""
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    response = client.post(LOGIN, {"username": member.email, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert is_signed_in(client, member)
