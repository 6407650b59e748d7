"""Community pages cost a fixed number of queries, the same with 2 members (requests, communities…) as with 20."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.communities.membership_helpers import joined, new_community, sub_admin
from tests.queries import PAGE_FRAME
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Topic
from tsunagu.communities.services import community_join, role_offer_make
from tsunagu.core.models import SiteSettings
from tsunagu.friends.selectors import pending_count

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]
ROWS = [2, 20]


@pytest.fixture
def crowded(request: pytest.FixtureRequest, member: Member, make_member: MakeMember) -> Community:
    """A community `member` runs with n members, n sub-admins, n requests and n topics; `member` is also in n
    other communities (offered a role in each) and runs them, each with a request waiting."""
    n: int = request.param
    community = new_community(member, name="大きなコミュ", join_policy="approval")
    for i in range(n):
        joined(make_member(f"メンバー{i}"), community)
        sub_admin(make_member(f"副管理人{i}"), community)
        community_join(member=make_member(f"申請{i}"), community_id=community.pk, message="よろしく")
        Topic.objects.create(community=community, author=member, title=f"話題{i}", body="本文", body_html="<p>本文</p>")
        others = new_community(make_member(), name=f"ほかのコミュ{i}")
        joined(member, others)
        role_offer_make(
            admin=others.memberships.get(role="admin").member,
            community_id=others.pk,
            member_id=member.pk,
            role="sub_admin",
        )
    SiteSettings.load()  # cached after the first request of a process
    return community


def assert_page(viewer: Member, path: str, budget: int, assert_max: Any, expect_in: str = "") -> str:
    """The page answers with at most `budget` queries beyond the frame every signed-in page costs."""
    client = Client()
    client.force_login(viewer)
    with assert_max(PAGE_FRAME + budget):
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert expect_in in html
    return html


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_community_page(crowded: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """/communities/<id>/: the community with the viewer's standing, the topic and event counts, the admins."""
    assert_page(member, f"/communities/{crowded.pk}/", 3, django_assert_max_num_queries, "副管理人1")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_members_page(crowded: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """/communities/<id>/members/: the community, a page of members with profiles."""
    assert_page(member, f"/communities/{crowded.pk}/members/", 2, django_assert_max_num_queries, "メンバー1")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_manage_page(crowded: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """/communities/<id>/manage/: the community, requests, bars, offers."""
    assert_page(member, f"/communities/{crowded.pk}/manage/", 4, django_assert_max_num_queries, "申請1")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_my_communities_page(crowded: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """/communities/mine/: a page of the member's communities with their categories."""
    assert_page(member, "/communities/mine/", 1, django_assert_max_num_queries, "ほかのコミュ1")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_member_communities_page(
    crowded: Community, member: Member, other: Member, django_assert_max_num_queries: Any
) -> None:
    """/members/<id>/communities/: the member with profile, the relationship, a page of communities."""
    assert_page(other, f"/members/{member.pk}/communities/", 3, django_assert_max_num_queries, "ほかのコミュ1")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_confirm_page(crowded: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """/confirm/: friend requests, requests to the member's communities, roles offered, requests sent."""
    n = Community.objects.count() - 1
    html = assert_page(member, "/confirm/", 4, django_assert_max_num_queries, "ほかのコミュ1")
    assert f'data-pending-count="{2 * n}"' in html


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_the_pending_count_is_one_query(crowded: Community, member: Member, django_assert_num_queries: Any) -> None:
    n = Community.objects.count() - 1
    with django_assert_num_queries(1):
        assert pending_count(member) == 2 * n


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_api_lists(crowded: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """The API's community, member, request and my-communities reads: a fixed number each."""
    client = Client()
    client.force_login(member)
    for path, budget in (
        (f"/api/v1/communities/{crowded.pk}", 4),
        (f"/api/v1/communities/{crowded.pk}/members", 4),
        (f"/api/v1/communities/{crowded.pk}/requests", 4),
        ("/api/v1/me/communities", 3),
        ("/api/v1/me/community-offers", 3),
        ("/api/v1/me/community-requests", 3),
    ):
        with django_assert_max_num_queries(budget):
            assert client.get(path).status_code == 200, path
