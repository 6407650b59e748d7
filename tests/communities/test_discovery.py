"""Finding communities beyond search: categories with counts, and "communities your friends joined" — only from
friends whose community list the viewer may see, never communities the viewer is in, waiting for or barred
from, ranked by how many such friends joined; a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.communities.topic_helpers import ask_to_join, closed_community, community_of, join
from tsunagu.accounts.models import Member
from tsunagu.communities.discovery import categories_with_counts, suggestions
from tsunagu.communities.models import Category, Community
from tsunagu.communities.services import community_create, member_remove
from tsunagu.friends.services import block_create, friend_group_create, friendship_create
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db


def suggested(viewer: Member) -> list[int]:
    return [s.community.pk for s in suggestions(viewer=viewer)]


def communities_seen_by(member: Member, audience: str, group: Any = None) -> None:
    profile_update(member=member, communities={"audience": audience, **({"friend_group": group.pk} if group else {})})


@pytest.fixture
def founder(make_member: Callable[..., Member]) -> Member:
    return make_member("創設者")


@pytest.fixture
def friend(make_member: Callable[..., Member], member: Member) -> Member:
    friend = make_member("友達")
    friendship_create(member, friend)
    return friend


def test_communities_friends_joined_are_suggested_most_friends_first(
    member: Member, founder: Member, make_member: Callable[..., Member]
) -> None:
    friends = [make_member(f"友達{i}") for i in range(3)]
    for friend in friends:
        friendship_create(member, friend)
    ramen, cats, quake = (community_of(founder, name=n) for n in ("ラーメン部", "猫の会", "地震に備える会"))
    for friend in friends:
        join(friend, ramen)
    join(friends[0], cats)
    join(friends[1], quake)
    join(friends[2], quake)
    result = suggestions(viewer=member)
    assert [s.community.pk for s in result] == [ramen.pk, quake.pk, cats.pk]
    assert [s.friend_count for s in result] == [3, 2, 1]
    assert {f.pk for f in result[0].friends} == {f.pk for f in friends}
    assert result[2].friends == [friends[0]]


def test_ties_go_to_the_larger_community(member: Member, friend: Member, founder: Member, make_member: Any) -> None:
    small = community_of(founder, name="小さな会")
    big = community_of(founder, name="大きな会")
    join(make_member(), big)
    join(friend, small)
    join(friend, big)
    assert suggested(member) == [big.pk, small.pk]


def test_strangers_communities_are_not_suggested(member: Member, founder: Member, other: Member) -> None:
    community = community_of(founder)
    join(other, community)
    assert suggested(member) == []


def test_communities_the_viewer_is_in_waiting_for_or_barred_from_are_left_out(
    member: Member, friend: Member, founder: Member
) -> None:
    mine, waiting, barred, open_one = (
        community_of(founder, name="参加中"),
        closed_community(founder, name="承認待ち"),
        community_of(founder, name="追放された"),
        community_of(founder, name="おすすめ"),
    )
    for community in (mine, waiting, barred, open_one):
        join(friend, community)
    join(member, mine)
    ask_to_join(member, waiting)
    join(member, barred)
    member_remove(moderator=founder, community_id=barred.pk, member_id=member.pk, bar=True)
    assert suggested(member) == [open_one.pk]


def test_a_friend_only_asking_to_join_does_not_count(member: Member, friend: Member, founder: Member) -> None:
    community = closed_community(founder)
    ask_to_join(friend, community)
    assert suggested(member) == []


@pytest.mark.parametrize(
    ("audience", "shown"),
    [("members", True), ("friends", True), ("friends_of_friends", True), ("only_me", False)],
)
def test_the_friends_community_list_audience_decides(
    member: Member, friend: Member, founder: Member, audience: str, shown: bool
) -> None:
    community = community_of(founder)
    join(friend, community)
    communities_seen_by(friend, audience)
    assert suggested(member) == ([community.pk] if shown else [])


def test_a_friend_group_audience_counts_only_for_its_members(
    member: Member, friend: Member, founder: Member, make_member: Callable[..., Member]
) -> None:
    community = community_of(founder)
    join(friend, community)
    outsider = make_member("別の友達")
    friendship_create(friend, outsider)
    group = friend_group_create(owner=friend, name="仲良し", members=[member.pk])
    communities_seen_by(friend, "friend_group", group)
    assert suggested(member) == [community.pk]
    assert suggested(outsider) == []


def test_a_friend_who_blocked_the_viewer_is_not_counted(
    member: Member, friend: Member, founder: Member, make_member: Callable[..., Member]
) -> None:
    """A block ends the friendship; the friends who still are count, the blocker does not."""
    community = community_of(founder)
    still = make_member("まだ友達")
    friendship_create(member, still)
    join(friend, community)
    join(still, community)
    block_create(blocker=friend, blocked_id=member.pk)
    result = suggestions(viewer=member)
    assert [s.friend_count for s in result] == [1]
    assert result[0].friends == [still]


def test_closed_accounts_are_not_counted(member: Member, friend: Member, founder: Member) -> None:
    community = community_of(founder)
    join(friend, community)
    friend.is_active = False
    friend.save(update_fields=["is_active"])
    assert suggested(member) == []


def test_suggestions_cost_two_queries_however_many(
    member: Member, founder: Member, make_member: Callable[..., Member], django_assert_num_queries: Any
) -> None:
    for i in range(4):
        friend = make_member(f"友達{i}")
        friendship_create(member, friend)
        for j in range(3):
            community = Community.objects.filter(name=f"会{j}").first() or community_of(founder, name=f"会{j}")
            join(friend, community)
    with django_assert_num_queries(2):
        result = suggestions(viewer=member)
    assert len(result) == 3
    assert all(s.friend_count == 4 and len(s.friends) == 3 and s.more_friends == 1 for s in result)


def test_categories_with_counts_in_the_operators_order(founder: Member, django_assert_num_queries: Any) -> None:
    second = Category.objects.create(name_ja="音楽", name_en="Music", position=2)
    first = Category.objects.create(name_ja="グルメ", name_en="Food", position=1)
    community_create(creator=founder, name="ラーメン", description="麺", category=first.pk)
    community_create(creator=founder, name="カレー", description="辛い", category=first.pk)
    community_create(creator=founder, name="未分類", description="なし")
    with django_assert_num_queries(1):
        rows = categories_with_counts()
    assert [(row.category.pk, row.community_count) for row in rows] == [(first.pk, 2), (second.pk, 0)]
