"""Account settings: language, time zone, and changing the e-mail address with confirmation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import email_change_request, member_settings_update
from tsunagu.core.errors import Invalid


def test_language_and_time_zone_are_saved(member_client: Client, member: Member) -> None:
    """Saving the settings stores the language and time zone, and the pages switch to the language."""
    response = member_client.post("/settings/", {"language": "en", "timezone": "Europe/Berlin"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "en"
    assert member.timezone == "Europe/Berlin"
    assert response.cookies["django_language"].value == "en"
    page = member_client.get("/settings/")
    assert '<html lang="en">' in page.content.decode()


def test_new_members_default_to_tokyo_time(member: Member) -> None:
    """The time zone of a new member is Asia/Tokyo."""
    assert member.timezone == "Asia/Tokyo"


def test_invalid_time_zone_is_refused(en_client: Client, member: Member) -> None:
    """An unknown time zone is refused with a message and nothing is saved."""
    response = en_client.post("/settings/", {"language": "ja", "timezone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    member.refresh_from_db()
    assert member.language == "en"
    assert member.timezone == "Asia/Tokyo"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "../../etc/passwd", "", "asia/tokyo"])
def test_settings_service_refuses_unknown_time_zones(member: Member, name: str) -> None:
    """The service itself refuses time zones that do not exist, with a message on the field."""
    with pytest.raises(Invalid) as caught:
        member_settings_update(member=member, language="ja", timezone_name=name)
    assert "timezone" in caught.value.fields
    member.refresh_from_db()
    assert member.timezone == "Asia/Tokyo"


def test_settings_service_refuses_unknown_languages(member: Member) -> None:
    """Only Japanese and English can be chosen."""
    with pytest.raises(Invalid) as caught:
        member_settings_update(member=member, language="fr", timezone_name="Asia/Tokyo")
    assert "language" in caught.value.fields


@pytest.mark.django_db
def test_settings_need_login(client: Client) -> None:
    """Visitors are sent to log in."""
    assert client.get("/settings/")["Location"].startswith("/login/")


# --- e-mail change -----------------------------------------------------------------------------


def confirm_path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/settings/email/confirm/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def request_change(
    client: Client, capture: Any, email: str = "Hanako.New@Example.com", password: str = PASSWORD
) -> Any:
    with capture(execute=True):
        return client.post("/settings/email/", {"email": email, "password": password})


def test_email_change_sends_a_link_and_changes_nothing_yet(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Asking for a new address mails a confirmation link there; the address stays the same until confirmed."""
    old = member.email
    response = request_change(member_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanako.new@example.com"]
    member.refresh_from_db()
    assert member.email == old
    # Looking at the link (GET, as mail scanners do) changes nothing either.
    page = member_client.get(confirm_path(mail.outbox[0].body))
    assert page.status_code == 200
    member.refresh_from_db()
    assert member.email == old


def test_confirming_changes_the_address_and_tells_the_old_one(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Confirming (POST) switches to the new address, notifies the old address, and the new address logs in."""
    old = member.email
    request_change(member_client, django_capture_on_commit_callbacks)
    path = confirm_path(mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(path)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "hanako.new@example.com"
    notices = [message for message in mail.outbox if message.to == [old]]
    assert len(notices) == 1
    assert "hanako.new@example.com" in notices[0].body
    fresh = Client()
    fresh.post("/login/", {"username": "hanako.new@example.com", "password": PASSWORD})
    assert fresh.session.get("_auth_user_id") == str(member.pk)


def test_confirmation_link_works_once(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """After use, the confirmation link is refused with 400."""
    request_change(member_client, django_capture_on_commit_callbacks)
    path = confirm_path(mail.outbox[0].body)
    member_client.post(path)
    response = member_client.post(path)
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.email == "hanako.new@example.com"


def test_tampered_confirmation_link_is_refused(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """A confirmation token that was altered is refused."""
    old = member.email
    request_change(member_client, django_capture_on_commit_callbacks)
    path = confirm_path(mail.outbox[0].body)
    response = member_client.post(path.replace("/confirm/", "/confirm/x"))
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.email == old


def test_taken_address_is_refused(
    en_client: Client, member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """An address another member uses (in any case) is refused and no mail is sent."""
    response = request_change(en_client, django_capture_on_commit_callbacks, email=other.email.upper())
    assert response.status_code == 200
    assert "A member with this e-mail address already exists." in response.content.decode()
    assert mail.outbox == []


def test_address_taken_before_confirmation_is_refused(
    member_client: Client, member: Member, make_member: Callable[..., Member], django_capture_on_commit_callbacks: Any
) -> None:
    """If someone signs up with the new address before the link is followed, confirming is refused."""
    old = member.email
    request_change(member_client, django_capture_on_commit_callbacks)
    path = confirm_path(mail.outbox[0].body)
    make_member(email="hanako.new@example.com")
    response = member_client.post(path)
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.email == old


def test_email_change_needs_the_password(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """A wrong current password is refused and no mail is sent."""
    response = request_change(member_client, django_capture_on_commit_callbacks, password="wrong-password")
    assert response.status_code == 200
    assert mail.outbox == []


def test_email_change_to_the_same_address_is_refused(member: Member) -> None:
    """Changing to the address one already has is refused."""
    with pytest.raises(Invalid):
        email_change_request(member=member, new_email=member.email.upper(), password=PASSWORD)


def test_another_members_token_cannot_change_my_address(
    member_client: Client, member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """The link belongs to the member who asked: followed while someone else is logged in, it changes only the asker."""
    request_change(member_client, django_capture_on_commit_callbacks)
    path = confirm_path(mail.outbox[0].body)
    other_client = Client()
    other_client.force_login(other)
    other_address = other.email
    other_client.post(path)
    other.refresh_from_db()
    member.refresh_from_db()
    assert other.email == other_address
    assert member.email == "hanako.new@example.com"
