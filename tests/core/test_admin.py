"""The operator's admin: members, invitations and the site settings."""

import pytest
from django.core.cache import cache

from tsunagu.accounts.models import Member
from tsunagu.core.models import RegistrationPolicy, SiteSettings


@pytest.fixture
def operator(db):
    return Member.objects.create_superuser("operator@example.com", "operator-pass-42", nickname="運営")


def test_members_and_invitations_are_listed_for_operators(client, operator, member):
    """Operators see the member and invitation lists and a member's change page."""
    client.force_login(operator)
    assert member.email.encode() in client.get("/admin/accounts/member/").content
    assert client.get(f"/admin/accounts/member/{member.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/invitation/").status_code == 200


def test_operator_adds_a_member_with_a_profile(client, operator):
    """Adding a member in the admin creates a member who can log in and has a profile."""
    client.force_login(operator)
    response = client.post(
        "/admin/accounts/member/add/",
        {
            "email": "New@Example.com",
            "nickname": "新人",
            "password1": "a-long-password-42",
            "password2": "a-long-password-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    created = Member.objects.get(email="new@example.com")
    assert created.check_password("a-long-password-42")
    assert client.get(f"/members/{created.pk}/").status_code == 200


def test_site_settings_change_takes_effect_at_once(client, operator):
    """Changing the registration policy in the admin applies to the next sign-up immediately."""
    client.force_login(operator)
    assert SiteSettings.load().registration_policy == RegistrationPolicy.OPEN
    response = client.post(
        "/admin/core/sitesettings/1/change/",
        {
            "registration_policy": "closed",
            "friend_limit": 1000,
            "invitation_valid_days": 30,
            "footprint_retention_days": 90,
            "footprint_deletions_per_month": 10,
        },
    )
    assert response.status_code == 302
    assert cache.get("core:site-settings:v1") is None
    assert SiteSettings.load().registration_policy == RegistrationPolicy.CLOSED
    client.logout()
    assert (
        client.post(
            "/api/v1/accounts",
            {"email": "x@example.com", "password": "pw-long-enough-1", "nickname": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_members_cannot_open_the_admin(member_client):
    """A member who is not an operator is sent to the admin log-in instead."""
    response = member_client.get("/admin/accounts/member/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
