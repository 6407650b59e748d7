"""Community topics and events in the news feed: only from communities where the member is an active member
with the switch on, through the policy (blocks either way), as they are started (a new comment does not bring
a topic back); on the home page and in the API, for a fixed number of queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from freezegun import freeze_time

from tests.communities.topic_helpers import a_topic, an_event, ask_to_join, closed_community, community_of, join, jpeg
from tests.feed.test_views import items
from tests.friends.api.helpers import api
from tests.friends.test_pages import as_member, html
from tests.queries import PAGE_FRAME
from tsunagu.accounts.models import Member
from tsunagu.communities.feed_source import in_feed_set
from tsunagu.communities.models import Community, Topic
from tsunagu.communities.services import community_leave, member_remove
from tsunagu.communities.topic_services import topic_comment_create, topic_delete
from tsunagu.feed.timeline import timeline
from tsunagu.friends.services import block_create

pytestmark = pytest.mark.django_db


def feed(member: Member) -> list[str]:
    return [f"{item.type}:{item.item.pk}" for item in timeline().page(member, cursor=None, limit=50).items]


def key(topic: Topic) -> str:
    return f"community_topic:{topic.pk}"


@pytest.fixture
def admin(make_member: Callable[..., Member]) -> Member:
    return make_member("管理人")


@pytest.fixture
def community(admin: Member) -> Community:
    return community_of(admin, name="ラーメン部")


def test_new_topics_and_events_of_ones_communities_appear_newest_first(
    community: Community, admin: Member, member: Member
) -> None:
    join(member, community)
    with freeze_time("2026-04-01 10:00"):
        topic = a_topic(admin, community, title="おすすめの店")
    with freeze_time("2026-04-01 11:00"):
        event = an_event(admin, community, title="オフ会")
    assert feed(member) == [key(event), key(topic)]
    assert feed(admin) == [key(event), key(topic)]


def test_not_for_non_members_pending_members_or_those_who_left(
    admin: Member, member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """Even where non-members may read the topics: the feed follows membership, not readability."""
    open_one = community_of(admin)
    closed = closed_community(admin)
    ask_to_join(member, closed)
    leaver = make_member("元メンバー")
    join(leaver, open_one)
    community_leave(member=leaver, community_id=open_one.pk)
    removed = make_member("追放")
    join(removed, open_one)
    member_remove(moderator=admin, community_id=open_one.pk, member_id=removed.pk)
    a_topic(admin, open_one)
    a_topic(admin, closed)
    assert feed(member) == feed(other) == feed(leaver) == feed(removed) == []


def test_the_switch_per_community(community: Community, admin: Member, member: Member) -> None:
    other_community = community_of(admin, name="猫の会")
    join(member, community)
    join(member, other_community)
    here = a_topic(admin, community)
    there = a_topic(admin, other_community)
    in_feed_set(member=member, community_id=community.pk, in_feed=False)
    assert feed(member) == [key(there)]
    in_feed_set(member=member, community_id=community.pk, in_feed=True)
    assert set(feed(member)) == {key(here), key(there)}


def test_blocks_either_way_keep_topics_out(
    community: Community, admin: Member, member: Member, make_member: Callable[..., Member]
) -> None:
    blocker, blocked = make_member("ブロックした人"), make_member("ブロックされた人")
    for someone in (member, blocker, blocked):
        join(someone, community)
    by_blocker = a_topic(blocker, community, title="ブロックした人の話")
    by_blocked = a_topic(blocked, community, title="ブロックされた人の話")
    block_create(blocker=blocker, blocked_id=member.pk)
    block_create(blocker=member, blocked_id=blocked.pk)
    assert key(by_blocker) not in feed(member)
    assert key(by_blocked) not in feed(member)
    assert key(by_blocker) in feed(admin) and key(by_blocked) in feed(admin)


def test_a_new_comment_does_not_bring_a_topic_back(community: Community, admin: Member, member: Member) -> None:
    join(member, community)
    with freeze_time("2026-04-01 10:00"):
        older = a_topic(admin, community, title="古い話")
    with freeze_time("2026-04-01 11:00"):
        newer = a_topic(admin, community, title="新しい話")
    with freeze_time("2026-04-01 12:00"):
        topic_comment_create(author=member, topic_id=older.pk, body="まだ続いてます")
    assert feed(member) == [key(newer), key(older)]


def test_a_deleted_topic_leaves_the_feed(community: Community, admin: Member, member: Member) -> None:
    join(member, community)
    topic = a_topic(admin, community)
    topic_delete(member=admin, topic_id=topic.pk)
    assert feed(member) == []


def test_joining_a_community_is_not_announced(community: Community, member: Member, admin: Member) -> None:
    join(member, community)
    assert feed(admin) == [] and feed(member) == []


def test_the_home_page_shows_them(community: Community, admin: Member, member: Member) -> None:
    join(member, community)
    topic = a_topic(admin, community, title="今日の一杯", photos=[jpeg()])
    event = an_event(admin, community, title="新年会", place="新宿")
    page = html(as_member(member).get("/"))
    assert items(page) == [key(event), key(topic)]
    assert "今日の一杯" in page and "新年会" in page and "新宿" in page and "ラーメン部" in page
    assert f"/topics/{topic.pk}/photos/" in page


def test_the_api_shows_them(client: Client, community: Community, admin: Member, member: Member) -> None:
    join(member, community)
    topic = a_topic(admin, community, title="今日の一杯", body="醤油ラーメン" * 30, photos=[jpeg()])
    event = an_event(admin, community, title="新年会", place="新宿")
    body = api(client, "get", "/feed", member).json()
    first, second = body["items"]
    assert first["type"] == "community_topic" and first["id"] == event.pk
    assert first["is_event"] is True and first["place"] == "新宿" and first["starts_at"]
    assert first["community"] == {"id": community.pk, "name": "ラーメン部"}
    assert second["id"] == topic.pk and second["is_event"] is False and second["starts_at"] is None
    assert second["excerpt"].endswith("…") and len(second["excerpt"]) == 101
    assert second["author"]["id"] == admin.pk
    assert len(second["photos"]) == 1 and second["photos"][0]["url"].startswith(f"/api/v1/topics/{topic.pk}/photos/")


@pytest.mark.parametrize("n", [2, 12])
def test_community_items_cost_a_fixed_number_of_queries(
    admin: Member, member: Member, make_member: Callable[..., Member], n: int, django_assert_max_num_queries: Any
) -> None:
    """The source's query, and the topics' photos: the same for 2 topics or 12 across several communities."""
    communities = [community_of(admin, name=f"コミュ{i}") for i in range(3)]
    for community in communities:
        join(member, community)
    for i in range(n):
        author = make_member(f"投稿者{i}")
        community = communities[i % 3]
        join(author, community)
        a_topic(author, community, photos=[jpeg()] if i % 2 else [])
    client = as_member(member)
    with django_assert_max_num_queries(PAGE_FRAME + 11):
        page = html(client.get("/"))
    assert len(re.findall(r'data-feed-item="community_topic:', page)) == n


def test_items_come_in_pages_across_sources(community: Community, admin: Member, member: Member) -> None:
    join(member, community)
    topics = []
    for i in range(5):
        with freeze_time(f"2026-04-0{i + 1} 10:00"):
            topics.append(a_topic(admin, community, title=f"話{i}"))
    first = timeline().page(member, cursor=None, limit=2)
    second = timeline().page(member, cursor=first.next_cursor, limit=2)
    third = timeline().page(member, cursor=second.next_cursor, limit=2)
    seen = [item.item.pk for page in (first, second, third) for item in page.items]
    assert seen == [t.pk for t in reversed(topics)]
    assert third.next_cursor is None
