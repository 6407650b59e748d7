"""The invitations page: invite by link or by e-mail, list, revoke."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.api.helpers import JAPANESE
from tsunagu.accounts.models import Invitation, Member
from tsunagu.accounts.services import invitation_create, invitation_url, member_settings_update
from tsunagu.core.errors import Forbidden
from tsunagu.core.services import site_settings_update

URL = "/invitations/"


def test_invitation_by_link(member_client: Client, member: Member) -> None:
    """Creating an invitation without an address makes a link, shown on the page; no mail is sent."""
    response = member_client.post(URL, {"email": ""})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.inviter == member
    assert invitation.is_usable
    page = member_client.get(URL)
    assert invitation_url(invitation) in page.content.decode()
    assert mail.outbox == []


def test_invitation_expires_after_the_configured_days(member: Member) -> None:
    """An invitation is valid for the number of days the operator set."""
    site_settings_update(invitation_valid_days=7)
    invitation = invitation_create(inviter=member)
    assert abs(invitation.expires_at - invitation.created_at - datetime.timedelta(days=7)) < datetime.timedelta(
        seconds=5
    )


def test_invitation_by_email_sends_the_link(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Inviting by e-mail sends one mail to that address containing the invitation link."""
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(URL, {"email": "Friend@Example.com"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "friend@example.com"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["friend@example.com"]
    assert invitation_url(invitation) in message.body
    assert member.nickname in message.subject


@pytest.mark.parametrize("language", ["en", "ja"])
def test_invitation_mail_is_in_the_inviters_language(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any, language: str
) -> None:
    """The invitation e-mail is written in the inviter's language."""
    member_settings_update(member=member, language=language, timezone_name="Asia/Tokyo")
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(URL, {"email": "friend@example.com"})
    message = mail.outbox[0]
    text = message.body.replace(member.nickname, "")
    if language == "en":
        assert "invited you" in message.subject
        assert "Join with this link" in text
        assert not JAPANESE.search(text)
    else:
        assert "invited you" not in message.subject
        assert JAPANESE.search(text)


def test_no_mail_before_commit(member_client: Client, django_capture_on_commit_callbacks: Any) -> None:
    """The invitation mail leaves only once the invitation is committed."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member_client.post(URL, {"email": "friend@example.com"})
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_inviting_a_member_is_refused(
    en_client: Client, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Inviting an address that already belongs to a member shows an error and sends nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        response = en_client.post(URL, {"email": other.email.upper()})
    assert response.status_code == 200
    assert "This person is already a member." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_revoking_an_invitation(member_client: Client, member: Member) -> None:
    """The inviter can cancel an unused invitation; it stops existing."""
    invitation = invitation_create(inviter=member)
    response = member_client.post(f"/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_cannot_revoke_someone_elses_invitation(en_client: Client, other: Member) -> None:
    """Trying to cancel another member's invitation changes nothing and says so."""
    invitation = invitation_create(inviter=other)
    response = en_client.post(f"/invitations/{invitation.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "There is no such unused invitation." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_used_invitation_cannot_be_revoked(
    member_client: Client, member: Member, make_member: Callable[..., Member]
) -> None:
    """An invitation that was used stays on record; revoking it does nothing."""
    invitation = invitation_create(inviter=member)
    invitee = make_member(invitation_code=invitation.code)
    member_client.post(f"/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.used_by == invitee


def test_revoke_needs_post(member_client: Client, member: Member) -> None:
    """A GET on the revoke address does not revoke."""
    invitation = invitation_create(inviter=member)
    assert member_client.get(f"/invitations/{invitation.pk}/revoke/").status_code == 405
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_invitations_page_lists_only_ones_own(member_client: Client, member: Member, other: Member) -> None:
    """The page lists the member's own invitations and not other members' links."""
    mine = invitation_create(inviter=member)
    theirs = invitation_create(inviter=other)
    content = member_client.get(URL).content.decode()
    assert mine.code in content
    assert theirs.code not in content


def test_used_and_expired_invitations_show_no_link(
    member_client: Client, member: Member, make_member: Callable[..., Member]
) -> None:
    """Used and expired invitations are listed without their (useless) link."""
    used = invitation_create(inviter=member)
    invitee = make_member("招待された人", invitation_code=used.code)
    expired = invitation_create(inviter=member)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    content = member_client.get(URL).content.decode()
    assert invitee.nickname in content
    assert used.code not in content
    assert expired.code not in content


def test_closed_site_cannot_create_invitations(en_client: Client, member: Member) -> None:
    """When registration is closed, no invitations can be made, by the page or the service."""
    site_settings_update(registration_policy="closed")
    page = en_client.get(URL)
    assert "Registration is closed on this site, so invitations cannot be sent." in page.content.decode()
    en_client.post(URL, {"email": ""})
    assert not Invitation.objects.exists()
    with pytest.raises(Forbidden):
        invitation_create(inviter=member)


@pytest.mark.django_db
def test_invitations_page_needs_login(client: Client) -> None:
    """Visitors are sent to log in."""
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
