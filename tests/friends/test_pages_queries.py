"""Every friends page costs a fixed number of queries, the same with 3 friends (requests, blocks…) as with 30."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.friends.test_pages import as_member, befriend
from tests.queries import NAV_BADGES
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.friends import services
from tsunagu.profiles.services import profile_update

ROWS = [3, 30]


@pytest.fixture
def crowded(request: pytest.FixtureRequest, member: Member, other: Member, make_member: Callable[..., Member]) -> int:
    """`member` with n friends (all also friends of `other`, each with an intro), n requests waiting, n sent,
    n blocks and two groups of n; `other` is a friend too."""
    n: int = request.param
    befriend(member, other)
    friends = [make_member(f"友達{i}") for i in range(n)]
    for friend in friends:
        befriend(friend, member)
        befriend(friend, other)
        services.intro_write(author=friend, subject_id=member.pk, body=f"{friend.nickname}より")
        services.friend_request_send(sender=make_member(), recipient_id=member.pk, message="よろしく")
        services.friend_request_send(sender=member, recipient_id=make_member().pk, message="どうも")
        services.block_create(blocker=member, blocked_id=make_member().pk)
    for name in ("仲良し", "同僚"):
        services.friend_group_create(owner=member, name=name, members=[f.pk for f in friends])
    SiteSettings.load()  # cached after the first request of a process
    return n


def assert_page(viewer: Member, path: str, budget: int, assert_max: Any, expect_in: str = "") -> None:
    """The page answers with at most `budget` queries of its own and the nav's badges."""
    client = as_member(viewer)
    with assert_max(budget + NAV_BADGES):
        response = client.get(path)
    assert response.status_code == 200
    assert expect_in in response.content.decode()


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_my_friends_page(crowded: int, member: Member, django_assert_max_num_queries: Any) -> None:
    """/friends/: session, viewer, pending count, page count, the page of friends with profiles."""
    assert_page(member, "/friends/", 5, django_assert_max_num_queries, f'data-friend-count="{crowded + 1}"')


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_member_friend_list_page(
    crowded: int, member: Member, other: Member, django_assert_max_num_queries: Any
) -> None:
    """/members/<id>/friends/: session, viewer, member, block check, relationship, count, page, pending count,
    and the footprint (check, insert)."""
    path = f"/members/{member.pk}/friends/"
    assert_page(other, path, 10, django_assert_max_num_queries, f'data-friend-count="{crowded + 1}"')


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_confirm_page(crowded: int, member: Member, django_assert_max_num_queries: Any) -> None:
    """/confirm/: session, viewer, incoming requests, requests to join the member's communities, community roles
    offered, outgoing requests, pending count."""
    assert_page(member, "/confirm/", 7, django_assert_max_num_queries, "よろしく")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_groups_page(crowded: int, member: Member, django_assert_max_num_queries: Any) -> None:
    """/friends/groups/: session, viewer, groups with sizes, their members, pending count."""
    assert_page(member, "/friends/groups/", 5, django_assert_max_num_queries, "仲良し")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_group_form_pages(crowded: int, member: Member, django_assert_max_num_queries: Any) -> None:
    """New group: session, viewer, friends, pending count; editing adds the group and its members."""
    assert_page(member, "/friends/groups/new/", 4, django_assert_max_num_queries, 'name="members"')
    group = services.friend_group_create(owner=member, name="家族")
    assert_page(member, f"/friends/groups/{group.pk}/", 6, django_assert_max_num_queries, "家族")


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_blocks_page(crowded: int, member: Member, django_assert_max_num_queries: Any) -> None:
    """/settings/blocks/: session, viewer, blocks with profiles, pending count."""
    assert_page(member, "/settings/blocks/", 4, django_assert_max_num_queries, 'data-list="blocks"')


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_profile_page_for_a_friend(
    crowded: int, member: Member, other: Member, django_assert_max_num_queries: Any
) -> None:
    """A friend's view of a profile with many friends, mutual friends and intros: session, viewer, member,
    relationship, requests, block, friend count, mutual friends, their count, intros, own intro, whether the
    viewer may send a message, pending count, and the footprint (check, insert); plus the nav's badges."""
    assert_page(other, f"/members/{member.pk}/", 15, django_assert_max_num_queries, 'data-section="mutual-friends"')


@pytest.mark.parametrize("crowded", ROWS, indirect=True)
def test_profile_page_for_a_stranger_and_the_owner(
    crowded: int, member: Member, make_member: Callable[..., Member], django_assert_max_num_queries: Any
) -> None:
    """A stranger (friend list open to members) and the owner: no more than a friend (the owner leaves no footprint)."""
    profile_update(member=member, friend_list={"audience": "members"})
    stranger = make_member("他人")
    assert_page(stranger, f"/members/{member.pk}/", 13, django_assert_max_num_queries, 'data-section="intros"')
    assert_page(member, f"/members/{member.pk}/", 6, django_assert_max_num_queries, 'data-section="intros"')
