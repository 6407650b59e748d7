"""Exact query budgets of the friend lists, pages and API: the same with 2 rows of each as with 20."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.helpers import png
from tests.budgets import FRAME, ROWS, TOKEN, Budget, World, measure
from tests.communities.membership_helpers import joined, new_community
from tsunagu.accounts.models import Member
from tsunagu.communities.services import community_join, role_offer_make
from tsunagu.core.models import SiteSettings
from tsunagu.friends import services
from tsunagu.profiles.services import avatar_set

pytestmark = pytest.mark.django_db

BUDGETS = {
    # friends with profiles: the count, the page
    "friends:mine": Budget("/friends/", FRAME + 2, lambda n: n + 1, '<li data-member="', viewer="owner"),
    # the member, block check, relationship, the count, the page (a repeat visit's footprint is known to the cache)
    "friends:list": Budget("/members/{owner}/friends/", FRAME + 5, lambda n: n + 1, '<li data-member="'),
    # groups with sizes, their members
    "friends:groups": Budget("/friends/groups/", FRAME + 2, marker='<li data-group="', viewer="owner"),
    # the friends to choose from
    "friends:group_create": Budget(
        "/friends/groups/new/", FRAME + 1, lambda n: n + 1, 'name="members"', viewer="owner"
    ),
    # the group, its members, the friends to choose from
    "friends:group_edit": Budget(
        "/friends/groups/{group}/", FRAME + 3, lambda n: n + 1, 'name="members"', viewer="owner"
    ),
    # friend requests in and out, requests to join the member's communities, roles offered to them
    "friends:confirm": Budget("/confirm/", FRAME + 4, lambda n: 4 * n, "<li data-", viewer="owner"),
    # blocks with members and profiles
    "friends:blocks": Budget("/settings/blocks/", FRAME + 1, marker='<li data-member="', viewer="owner"),
    # the member with profile, relationship, requests between the two, the viewer's block, the friend count, mutual
    # friends with their count (one query), intros, the viewer's own intro, whether the viewer may send a message
    "profiles:detail": Budget("/members/{owner}/", FRAME + 9, lambda n: min(n, 12), '<li data-member="'),
    # requests with the members, their profiles
    "GET /api/v1/friend-requests": Budget("/api/v1/friend-requests", TOKEN + 2, viewer="owner"),
    "GET /api/v1/friend-requests?direction=outgoing": Budget(
        "/api/v1/friend-requests?direction=outgoing", TOKEN + 2, viewer="owner"
    ),
    # the member, block check, relationship, the count, the page
    "GET /api/v1/members/{member_id}/friends": Budget("/api/v1/members/{owner}/friends", TOKEN + 5, lambda n: n + 1),
    # the member, block check, relationship, the list
    "GET /api/v1/members/{member_id}/mutual-friends": Budget("/api/v1/members/{owner}/mutual-friends", TOKEN + 4),
    # blocks with members and profiles
    "GET /api/v1/blocks": Budget("/api/v1/blocks", TOKEN + 1, viewer="owner"),
    # groups, their members with profiles
    "GET /api/v1/friend-groups": Budget("/api/v1/friend-groups", TOKEN + 2, viewer="owner"),
    "GET /api/v1/friend-groups/{group_id}": Budget(
        "/api/v1/friend-groups/{group}", TOKEN + 2, lambda n: n + 1, key="members", viewer="owner"
    ),
    # the member, block check, intros with authors and profiles
    "GET /api/v1/members/{member_id}/intros": Budget("/api/v1/members/{owner}/intros", TOKEN + 3),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """`owner` with n friends (with avatars, also friends of `viewer`, who is a friend too), each writing an intro;
    n requests waiting, n sent, n blocks, n groups of all friends; n requests to join communities `owner` runs and
    n community roles offered to them."""
    owner, viewer = make_member("持ち主"), make_member("友人")
    services.friendship_create(owner, viewer)
    group_members = [viewer.pk]
    for i in range(n):
        friend = make_member(f"友達{i}")
        avatar_set(member=friend, data=png((8, 8)))
        services.friendship_create(owner, friend)
        services.friendship_create(viewer, friend)
        services.intro_write(author=friend, subject_id=owner.pk, body=f"{friend.nickname}より")
        group_members.append(friend.pk)
        services.friend_request_send(sender=make_member(), recipient_id=owner.pk, message="よろしく")
        services.friend_request_send(sender=owner, recipient_id=make_member().pk, message="どうも")
        services.block_create(blocker=owner, blocked_id=make_member().pk)
        mine = new_community(owner, name=f"持ち主の会{i}", join_policy="approval")
        community_join(member=make_member(), community_id=mine.pk, message="入れてください")
        theirs = new_community(admin := make_member(), name=f"ほかの会{i}")
        joined(owner, theirs)
        role_offer_make(admin=admin, community_id=theirs.pk, member_id=owner.pk, role="sub_admin")
    groups = [services.friend_group_create(owner=owner, name=f"グループ{i}", members=group_members) for i in range(n)]
    SiteSettings.load()  # cached after the first request of a process
    return World({"owner": owner, "viewer": viewer}, {"owner": owner.pk, "group": groups[0].pk})


@pytest.mark.parametrize("rows", ROWS)
def test_friend_lists(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
