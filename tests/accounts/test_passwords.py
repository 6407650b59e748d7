"""Password change, password reset by e-mail, and the password hasher."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

import tsunagu.settings
from tests.conftest import PASSWORD
from tsunagu.accounts.models import Member

NEW_PASSWORD = "plum-blossom-ferry-73"


def test_argon2_is_the_configured_password_hasher() -> None:
    """The project's settings hash passwords with Argon2 first (tests swap in a fast hasher)."""
    assert tsunagu.settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_password_change(member_client: Client, member: Member) -> None:
    """A member changes their password with the old one; they stay logged in and the new one works."""
    response = member_client.post(
        "/settings/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/settings/password/done/"
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password(PASSWORD)
    assert member_client.get("/settings/").status_code == 200


def test_password_change_needs_the_old_password(en_client: Client, member: Member) -> None:
    """A wrong old password is refused with a message and nothing changes."""
    response = en_client.post(
        "/settings/password/",
        {"old_password": "not-it-at-all", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_password_change_refuses_a_weak_password(member_client: Client, member: Member) -> None:
    """The new password must pass the validators."""
    member_client.post(
        "/settings/password/", {"old_password": PASSWORD, "new_password1": "123456789", "new_password2": "123456789"}
    )
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_needs_login(client: Client) -> None:
    """Visitors are sent to log in."""
    assert client.get("/settings/password/")["Location"].startswith("/login/")


def reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset_by_email(client: Client, member: Member, django_capture_on_commit_callbacks: Any) -> None:
    """A reset request mails a link; following it lets the member set a new password and log in with it."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": member.email.upper()})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    link = reset_link(mail.outbox[0].body)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/complete/"
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)

    fresh = Client()
    fresh.post("/login/", {"username": member.email, "password": NEW_PASSWORD})
    assert fresh.session.get("_auth_user_id") == str(member.pk)


def test_reset_link_works_only_once(client: Client, member: Member, django_capture_on_commit_callbacks: Any) -> None:
    """Once the password was reset, the same link no longer offers to set a password."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": member.email})
    link = reset_link(mail.outbox[0].body)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert b'name="new_password1"' not in again.content
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_reset_mail_is_in_the_members_language(
    client: Client, make_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The reset mail is written in the member's language, not the visitor's."""
    english = make_member("Alice", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": english.email}, headers={"Accept-Language": "ja"})
    assert "Follow this link to choose a new password:" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """An unknown address gets the same answer as a known one, and no mail is sent."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_password_reset_for_deactivated_member_sends_nothing(
    client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """A deactivated account cannot be revived by a password reset."""
    Member.objects.filter(pk=member.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": member.email})
    assert mail.outbox == []
