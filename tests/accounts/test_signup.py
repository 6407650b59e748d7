"""The sign-up page (/signup/) under each registration policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tsunagu.accounts.models import Invitation, Member
from tsunagu.accounts.services import invitation_create
from tsunagu.core.services import site_settings_update

URL = "/signup/"


def form(**changes: Any) -> dict[str, Any]:
    return {"email": "Yamada.Taro@Example.com", "password": PASSWORD, "nickname": "山田太郎", **changes}


@pytest.mark.django_db
def test_signup_page_shows_the_form(client: Client) -> None:
    """Visitors see the sign-up form with its fields."""
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("email", "password", "nickname"):
        assert f'name="{name}"' in content


@pytest.mark.django_db
def test_signing_up_creates_the_member_and_logs_them_in(client: Client) -> None:
    """A valid sign-up creates the member, logs them in and sends them to edit their profile."""
    response = client.post(URL, form(), headers={"Accept-Language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/settings/profile/"
    member = Member.objects.get()
    assert member.email == "yamada.taro@example.com"
    assert member.nickname == "山田太郎"
    assert member.language == "en"
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_sign_up_keeps_the_visitors_language(client: Client) -> None:
    """A Japanese visitor's account starts in Japanese."""
    client.post(URL, form(), headers={"Accept-Language": "ja"})
    assert Member.objects.get().language == "ja"


def test_taken_email_is_shown_as_an_error(client: Client, member: Member) -> None:
    """Signing up with an address in use (any case) shows an error and creates nothing."""
    response = client.post(URL, form(email=member.email.upper()), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "A member with this e-mail address already exists." in response.content.decode()
    assert Member.objects.count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_weak_password_is_shown_as_an_error(client: Client) -> None:
    """A common password is refused with the validator's message and nothing is created."""
    response = client.post(URL, form(password="password"), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_every_mistake_is_reported_at_once(client: Client) -> None:
    """A bad address and a too-short password are both reported by the same submission."""
    response = client.post(URL, form(email="not-an-address", password="xq7#"), headers={"Accept-Language": "en"})
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "This password is too short." in content
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_password_like_the_email_is_refused_on_the_page(client: Client) -> None:
    """The page refuses a password that resembles the e-mail address, like the API does."""
    response = client.post(URL, form(email="kawasaki.tomoko@example.com", password="kawasaki.tomoko"))
    assert response.status_code == 200
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_blank_nickname_is_refused(client: Client) -> None:
    """A nickname of only spaces is refused."""
    response = client.post(URL, form(nickname="   "))
    assert response.status_code == 200
    assert not Member.objects.exists()


def test_signed_in_members_are_sent_home(member_client: Client) -> None:
    """A member who is already signed in does not see the sign-up page."""
    response = member_client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_closed_registration_refuses_web_sign_up(client: Client) -> None:
    """With registration closed the page says so and a POST is refused with 403, creating nothing."""
    site_settings_update(registration_policy="closed")
    page = client.get(URL, headers={"Accept-Language": "en"})
    assert "Registration is closed on this site." in page.content.decode()
    assert 'name="password"' not in page.content.decode()
    response = client.post(URL, form(), headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "Registration is closed on this site." in response.content.decode()
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_invitation_only_refuses_without_invitation(client: Client) -> None:
    """On an invitation-only site, signing up without an invitation is refused with 403 and a message."""
    site_settings_update(registration_policy="invitation")
    response = client.post(URL, form(), headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "This site accepts new members by invitation only." in response.content.decode()
    assert not Member.objects.exists()


def test_invitation_link_lets_the_invitee_join(client: Client, member: Member) -> None:
    """Following an invitation link names the inviter, and signing up with it records the invitation as used."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    page = client.get(URL, {"invitation": invitation.code})
    assert page.status_code == 200
    assert member.nickname in page.content.decode()
    assert invitation.code in page.content.decode()  # carried in the hidden field
    response = client.post(URL, form(invitation=invitation.code))
    assert response.status_code == 302
    invitation.refresh_from_db()
    invitee = Member.objects.get(email="yamada.taro@example.com")
    assert invitation.used_by == invitee
    assert invitation.used_at is not None


def test_used_invitation_link_is_refused(client: Client, member: Member) -> None:
    """A used invitation link shows a refusal instead of the form, and a POST with it creates nothing."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    client.post(URL, form(invitation=invitation.code))
    second = Client()
    page = second.get(URL, {"invitation": invitation.code}, headers={"Accept-Language": "en"})
    assert "This invitation has already been used or has expired." in page.content.decode()
    response = second.post(URL, form(email="second@example.com", invitation=invitation.code))
    assert response.status_code == 403
    assert not Member.objects.filter(email="second@example.com").exists()


def test_invitation_in_query_string_is_used_for_the_post(client: Client, member: Member) -> None:
    """The invitation code from the link's query string counts even if the form field is left out."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    response = client.post(f"{URL}?invitation={invitation.code}", form())
    assert response.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).used_by is not None
