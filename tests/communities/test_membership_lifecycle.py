"""Membership around an account's life: joining the operator's communities at sign-up, the operator's admin pages,
and what deleting an account does to the communities the member was in or ran.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.communities.membership_helpers import (
    admin_of,
    assert_counted,
    joined,
    jpeg_with_gps,
    media_files,
    new_community,
    sub_admin,
)
from tests.conftest import PASSWORD
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_delete
from tsunagu.communities.models import Bar, Category, Community, Membership, MembershipState, Role, RoleOffer
from tsunagu.communities.services import community_join, member_remove, role_offer_make

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


# --- joining at sign-up -------------------------------------------------------------------------------


def test_new_members_join_the_communities_everyone_joins(member: Member, make_member: MakeMember) -> None:
    everyone = new_community(member, name="つなぐ公式", join_policy="approval")
    also = new_community(member, name="はじめての方へ")
    ordinary = new_community(member, name="ふつう")
    Community.objects.filter(pk__in=[everyone.pk, also.pk]).update(joined_by_everyone=True)
    newcomer = make_member("新人")
    rows = {row.community_id: row for row in Membership.objects.filter(member=newcomer)}
    assert set(rows) == {everyone.pk, also.pk}
    # Even where the admins approve who joins: the operator's choice stands.
    assert all(row.state == MembershipState.ACTIVE and row.role == Role.MEMBER for row in rows.values())
    for community in (everyone, also, ordinary):
        assert_counted(community)
    assert not Membership.objects.filter(community=ordinary, member=newcomer).exists()


def test_members_who_signed_up_before_are_not_added(member: Member, other: Member) -> None:
    community = new_community(member)
    Community.objects.filter(pk=community.pk).update(joined_by_everyone=True)
    assert not Membership.objects.filter(community=community, member=other).exists()


# --- the operator's admin -----------------------------------------------------------------------------


@pytest.fixture
def operator(db: None) -> Member:
    return Member.objects.create_superuser("operator@example.com", "operator-pass-42", nickname="運営")


def test_the_operator_manages_categories_and_marks_communities(
    client: Client, operator: Member, member: Member
) -> None:
    client.force_login(operator)
    response = client.post("/admin/communities/category/add/", {"name_ja": "地域", "name_en": "Local", "position": 3})
    assert response.status_code == 302
    category = Category.objects.get(name_en="Local")
    community = new_community(member, name="下北沢")
    response = client.post(
        f"/admin/communities/community/{community.pk}/change/",
        {"category": category.pk, "joined_by_everyone": "on", "name": "乗っ取り", "member_count": 999},
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert (community.category, community.joined_by_everyone) == (category, True)
    # What belongs to the community's admin is read-only here.
    assert (community.name, community.member_count) == ("下北沢", 1)
    assert client.get("/admin/communities/community/").status_code == 200
    assert client.get("/admin/communities/community/add/").status_code == 403


def test_the_operator_deletes_a_community_with_its_files(
    client: Client, operator: Member, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    community = new_community(member, image=jpeg_with_gps())
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/communities/community/{community.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Community.objects.exists()
    assert media_files() == []


# --- deleting an account ------------------------------------------------------------------------------


def _age(member: Member, community: Community, days: int) -> None:
    """Back-date when the member joined, so "longest-standing" is decided by the test."""
    Membership.objects.filter(community=community, member=member).update(
        joined_at=timezone.now() - timedelta(days=days)
    )


def test_the_longest_standing_sub_admin_becomes_admin(member: Member, make_member: MakeMember) -> None:
    community = new_community(member)
    old_member, newer_helper, older_helper = make_member(), make_member(), make_member()
    joined(old_member, community)
    sub_admin(newer_helper, community)
    sub_admin(older_helper, community)
    _age(old_member, community, 300)
    _age(older_helper, community, 200)
    _age(newer_helper, community, 100)
    role_offer_make(admin=member, community_id=community.pk, member_id=old_member.pk, role="admin")
    member_delete(member=member, password=PASSWORD)
    assert admin_of(community) == older_helper
    assert Membership.objects.get(community=community, member=newer_helper).role == Role.SUB_ADMIN
    assert not RoleOffer.objects.filter(community=community).exists()
    assert_counted(community)
    assert community.member_count == 3


def test_without_sub_admins_the_longest_standing_member_becomes_admin(member: Member, make_member: MakeMember) -> None:
    community = new_community(member, join_policy="approval")
    newer, older, closed, pending = make_member(), make_member(), make_member(), make_member()
    for someone in (newer, older, closed):
        joined(someone, community)
    community_join(member=pending, community_id=community.pk)
    _age(closed, community, 900)  # longest of all, but the account is closed
    _age(older, community, 50)
    _age(newer, community, 10)
    Member.objects.filter(pk=closed.pk).update(is_active=False)
    member_delete(member=member, password=PASSWORD)
    assert admin_of(community) == older
    assert Membership.objects.filter(community=community, role=Role.ADMIN).count() == 1
    assert_counted(community)


def test_a_community_with_nobody_else_is_deleted_with_its_files(
    member: Member, make_member: MakeMember, django_capture_on_commit_callbacks: Any
) -> None:
    lonely = new_community(member, name="ひとり", join_policy="approval", image=jpeg_with_gps())
    community_join(member=make_member(), community_id=lonely.pk)  # a pending request is nobody to hand over to
    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=member, password=PASSWORD)
    assert not Community.objects.filter(pk=lonely.pk).exists()
    assert media_files() == []


def test_the_communities_a_deleted_member_was_in_count_one_fewer(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    first, second = new_community(other, name="一"), new_community(other, name="二", join_policy="approval")
    joined(member, first)
    community_join(member=member, community_id=second.pk)
    bar_community = new_community(other, name="三")
    joined(member, bar_community)
    member_remove(moderator=other, community_id=bar_community.pk, member_id=member.pk, bar=True)
    member_delete(member=member, password=PASSWORD)
    for community in (first, second, bar_community):
        assert_counted(community)
    assert first.member_count == 1
    assert not Membership.objects.filter(member_id=member.pk).exists()
    assert not Bar.objects.exists()
