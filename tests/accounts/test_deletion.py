"""Deleting one's own account, and what happens to what the member held."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from tests.api.helpers import call, jpeg_with_gps
from tests.conftest import PASSWORD
from tsunagu.accounts.models import ApiToken, Invitation, Member
from tsunagu.accounts.services import api_token_create, invitation_create, member_delete
from tsunagu.core.errors import Forbidden, Invalid
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import avatar_set

URL = "/settings/delete/"


def delete(client: Client, password: str = PASSWORD) -> Any:
    return client.post(URL, {"password": password, "confirm": "on"})


def test_wrong_password_deletes_nothing(en_client: Client, member: Member) -> None:
    """With a wrong password the account stays, and the page says why."""
    response = delete(en_client, "not-my-password")
    assert response.status_code == 200
    assert "Your password was not correct." in response.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()


def test_deletion_needs_the_confirmation_box(member_client: Client, member: Member) -> None:
    """Without ticking the confirmation the account stays."""
    member_client.post(URL, {"password": PASSWORD})
    assert Member.objects.filter(pk=member.pk).exists()


def test_deletion_removes_the_member_and_what_they_hold(
    member_client: Client, member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Deleting removes the member, their profile, avatar file, API tokens and unused invitations, and logs them out."""
    with django_capture_on_commit_callbacks(execute=True):
        avatar = avatar_set(member=member, data=jpeg_with_gps()).avatar
    assert default_storage.exists(avatar)
    token = api_token_create(member=member)
    invitation_create(inviter=member)
    others_invitation = invitation_create(inviter=other)

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(member_client)
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not Profile.objects.filter(member_id=member.pk).exists()
    assert not default_storage.exists(avatar)
    assert not ApiToken.objects.filter(member_id=member.pk).exists()
    assert not Invitation.objects.filter(inviter_id=member.pk).exists()
    assert Invitation.objects.filter(pk=others_invitation.pk).exists()
    assert "_auth_user_id" not in member_client.session
    assert call(Client(), "get", "/api/v1/me", Authorization=f"Bearer {token}").status_code == 401


def test_used_invitations_go_with_the_inviter(member: Member, make_member: Callable[..., Member]) -> None:
    """An inviter's used invitations are deleted with them (Invitation.inviter cascades).

    The invitee keeps their account; only the record of who invited them disappears, which is
    acceptable: the friendship the invitation created (next issue) carries the relationship,
    and a deleted member should leave no trace of whom they invited.
    """
    invitation = invitation_create(inviter=member)
    invitee = make_member(invitation_code=invitation.code)
    member_delete(member=member, password=PASSWORD)
    assert Member.objects.filter(pk=invitee.pk).exists()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert not Invitation.objects.filter(used_by=invitee).exists()


def test_invitee_deletion_keeps_the_invitation_used(member: Member, make_member: Callable[..., Member]) -> None:
    """When an invitee deletes their account, the invitation stays used (it cannot be reused)."""
    invitation = invitation_create(inviter=member)
    invitee = make_member(invitation_code=invitation.code)
    member_delete(member=invitee, password=PASSWORD)
    invitation.refresh_from_db()
    assert invitation.used_by is None
    assert invitation.used_at is not None
    assert not invitation.is_usable


def test_email_is_free_again_after_deletion(client: Client, member: Member) -> None:
    """Once deleted, the e-mail address can sign up again as a new member."""
    email = member.email
    member_delete(member=member, password=PASSWORD)
    response = call(client, "post", "/api/v1/accounts", {"email": email, "password": PASSWORD, "nickname": "再登録"})
    assert response.status_code == 201
    assert response.json()["id"] != member.pk


def test_last_operator_cannot_delete_themselves(make_member: Callable[..., Member]) -> None:
    """The only operator is refused (they must appoint another first) and stays."""
    operator = make_member("運営")
    Member.objects.filter(pk=operator.pk).update(is_staff=True, is_superuser=True)
    operator.refresh_from_db()
    with pytest.raises(Forbidden):
        member_delete(member=operator, password=PASSWORD)
    assert Member.objects.filter(pk=operator.pk).exists()


def test_last_operator_is_refused_on_the_page(client: Client, make_member: Callable[..., Member]) -> None:
    """The deletion page shows the refusal to the only operator."""
    operator = make_member("運営", language="en")
    Member.objects.filter(pk=operator.pk).update(is_staff=True)
    client.force_login(operator)
    response = delete(client)
    assert response.status_code == 200
    assert "You are the only operator." in response.content.decode()
    assert Member.objects.filter(pk=operator.pk).exists()


def test_operator_can_leave_when_another_remains(make_member: Callable[..., Member]) -> None:
    """An operator may delete their account when another active operator remains."""
    first, second = make_member("運営1"), make_member("運営2")
    Member.objects.filter(pk__in=[first.pk, second.pk]).update(is_staff=True, is_superuser=True)
    first.refresh_from_db()
    member_delete(member=first, password=PASSWORD)
    assert not Member.objects.filter(pk=first.pk).exists()


def test_deactivated_operator_does_not_count(make_member: Callable[..., Member]) -> None:
    """A deactivated operator does not count as the one who remains."""
    first, second = make_member("運営1"), make_member("運営2")
    Member.objects.filter(pk__in=[first.pk, second.pk]).update(is_staff=True, is_superuser=True)
    Member.objects.filter(pk=second.pk).update(is_active=False)
    first.refresh_from_db()
    with pytest.raises(Forbidden):
        member_delete(member=first, password=PASSWORD)


def test_service_refuses_wrong_password(member: Member) -> None:
    """The deletion service itself checks the password."""
    with pytest.raises(Invalid):
        member_delete(member=member, password="wrong")
    assert Member.objects.filter(pk=member.pk).exists()
