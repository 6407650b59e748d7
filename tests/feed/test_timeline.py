"""The timeline stores behind the news feed (最新情報), one suite for every store in `STORES`.

Each test runs once per store (the database store now, the Redis fan-out store of issue 7 later), with
the store configured as `TIMELINE_STORE` and data written through the services with their after-commit
work run, so a store that keeps timelines is told of every new and deleted item as in production.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.feed.stores import STORE_MARKS, configured_store
from tsunagu.accounts.models import Member
from tsunagu.core.errors import Invalid
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.services import diary_entry_create, diary_entry_delete
from tsunagu.feed.timeline import RECENT, STORES, FeedItem, TimelineStore, feed_cursor_encode
from tsunagu.friends.services import block_create, friend_group_create, friend_remove, friendship_create
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create, voice_post_delete

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]
Key = tuple[str, int]


@pytest.fixture(params=[pytest.param(name, marks=STORE_MARKS.get(name, ())) for name in sorted(STORES)])
def store(request: pytest.FixtureRequest, settings: Any) -> Iterator[TimelineStore]:
    """The store under test, configured as the site's, so the services fan out to it."""
    with configured_store(settings, request.param) as configured:
        yield configured


@contextmanager
def committed() -> Iterator[None]:
    """Run the block's after-commit work (the store's item_added / item_removed) as a real commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def voice(author: Member, text: str = "つぶやき", **kwargs: Any) -> VoicePost:
    with committed():
        return voice_post_create(author=author, text=text, **kwargs)


def diary(author: Member, audience: str = "friends", **kwargs: Any) -> DiaryEntry:
    with committed():
        return diary_entry_create(author=author, title="日記", body="本文", audience=audience, **kwargs)


def key(item: VoicePost | DiaryEntry) -> Key:
    return ("voice" if isinstance(item, VoicePost) else "diary_entry", item.pk)


def keys(items: list[FeedItem]) -> list[Key]:
    return [(item.type, item.item.pk) for item in items]


def feed(store: TimelineStore, member: Member, limit: int = 100) -> list[Key]:
    """The member's whole feed, read a page of `limit` at a time."""
    seen: list[Key] = []
    cursor = None
    while True:
        page = store.page(member, cursor=cursor, limit=limit)
        seen += keys(page.items)
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


@pytest.fixture
def friend(make_member: MakeMember, member: Member) -> Member:
    person = make_member("高橋友子")
    friendship_create(member, person)
    return person


# --- what is in the feed ------------------------------------------------------------------------------


def test_friends_and_own_items_newest_first_across_sources(
    store: TimelineStore, make_member: MakeMember, member: Member, friend: Member, other: Member
) -> None:
    """Diary entries and voice posts of friends and oneself, newest first; nobody else's, however public."""
    friend_of_friend = make_member()
    friendship_create(friend, friend_of_friend)
    items = []
    for author in (member, friend, other, friend_of_friend, friend, member):
        items.append(diary(author, "members"))
        items.append(voice(author, audience="public"))
    expected = [key(item) for item in reversed(items) if item.author_id in (member.pk, friend.pk)]
    assert feed(store, member) == expected
    assert feed(store, member, limit=3) == expected
    assert feed(store, friend) == [key(item) for item in reversed(items) if item.author_id != other.pk]


def test_items_at_the_same_moment_have_one_stable_order(store: TimelineStore, member: Member, friend: Member) -> None:
    """Ties in time are broken by type, then id, so every page boundary falls in one place."""
    moment = timezone.now() - timedelta(minutes=5)
    with freeze_time(moment):
        made = [diary(friend), voice(member), diary(member), voice(friend), voice(friend), diary(friend)]
    later = voice(member)
    expected = [key(later), *sorted((key(item) for item in made), reverse=True)]
    assert feed(store, member) == expected
    for limit in (1, 2, 4):
        assert feed(store, member, limit=limit) == expected


def test_items_days_apart_page_across_the_edge_of_the_first_window(
    store: TimelineStore, member: Member, friend: Member
) -> None:
    """Items exactly `RECENT` apart, older than it and newer, some at one moment: every page has each once (the
    database store reads the last `RECENT` days before a page's position first, then what is older)."""
    start = timezone.now() - 4 * RECENT
    made: list[VoicePost | DiaryEntry] = []
    for offset in (
        timedelta(0),
        timedelta(0),
        RECENT - timedelta(microseconds=1),
        RECENT,
        2 * RECENT,
        2 * RECENT + SECOND,
    ):
        with freeze_time(start + offset):
            made.append(voice(friend) if len(made) % 2 else diary(member))
    expected = [key(item) for item in sorted(made, key=lambda item: (item.created_at, *key(item)), reverse=True)]
    for limit in (1, 2, 3, 10):
        assert feed(store, member, limit=limit) == expected


def test_friendships_are_never_items(store: TimelineStore, make_member: MakeMember, member: Member) -> None:
    for _ in range(3):
        friendship_create(member, make_member())
    assert feed(store, member) == []


def test_replies_are_not_items(store: TimelineStore, member: Member, friend: Member) -> None:
    post = voice(member)
    voice(friend, "返信", in_reply_to=post.pk)
    voice(member, "自分の返信", in_reply_to=post.pk)
    assert feed(store, member) == [key(post)]
    assert feed(store, friend) == [key(post)]


@pytest.mark.parametrize(
    ("audience", "shown"),
    [
        ("public", True),
        ("members", True),
        ("friends_of_friends", True),
        ("friends", True),
        ("only_me", False),
    ],
)
def test_a_friends_items_by_audience(
    store: TimelineStore, member: Member, friend: Member, audience: str, shown: bool
) -> None:
    items = [diary(friend, audience), voice(friend, audience=audience)]
    assert feed(store, member) == ([key(item) for item in reversed(items)] if shown else [])
    # One's own items are always in one's own feed.
    assert feed(store, friend) == [key(item) for item in reversed(items)]


def test_a_friend_group_item_reaches_the_group_alone(
    store: TimelineStore, make_member: MakeMember, member: Member, friend: Member
) -> None:
    outside = make_member()
    friendship_create(friend, outside)
    group = friend_group_create(owner=friend, name="仲良し", members=[member.pk])
    items = [
        diary(friend, "friend_group", friend_group=group.pk),
        voice(friend, audience="friend_group", friend_group=group.pk),
    ]
    assert feed(store, member) == [key(item) for item in reversed(items)]
    assert feed(store, outside) == []


@pytest.mark.parametrize("blocker", ["member", "friend"])
def test_a_block_empties_the_feed_of_each_others_items(
    store: TimelineStore, member: Member, friend: Member, blocker: str
) -> None:
    items = [diary(friend, "members"), voice(friend, audience="public")]
    mine = voice(member)
    assert len(feed(store, member)) == 3
    a, b = (member, friend) if blocker == "member" else (friend, member)
    block_create(blocker=a, blocked_id=b.pk)
    assert feed(store, member) == [key(mine)]
    assert feed(store, friend) == [key(item) for item in reversed(items)]


def test_a_closed_account_leaves_the_feed(store: TimelineStore, member: Member, friend: Member) -> None:
    voice(friend, audience="public")
    diary(friend, "members")
    Member.objects.filter(pk=friend.pk).update(is_active=False)
    assert feed(store, member) == []


def test_an_ended_friendship_ends_the_items(store: TimelineStore, member: Member, friend: Member) -> None:
    voice(friend, audience="public")
    diary(friend, "members")
    friend_remove(member=member, friend_id=friend.pk)
    assert feed(store, member) == []


def test_an_audience_narrowed_after_posting_hides_the_item(
    store: TimelineStore, member: Member, friend: Member
) -> None:
    from tsunagu.diary.services import diary_entry_update

    entry = diary(friend, "friends")
    assert feed(store, member) == [key(entry)]
    with committed():
        diary_entry_update(author=friend, entry_id=entry.pk, audience="only_me")
    assert feed(store, member) == []


def test_deleted_items_vanish(store: TimelineStore, member: Member, friend: Member) -> None:
    post = voice(friend)
    entry = diary(friend)
    kept = voice(member)
    with committed():
        voice_post_delete(member=friend, post_id=post.pk)
        diary_entry_delete(author=friend, entry_id=entry.pk)
    assert feed(store, member) == [key(kept)]


# --- cursors ------------------------------------------------------------------------------------------


def test_cursors_never_skip_or_repeat_while_new_items_arrive(
    store: TimelineStore, member: Member, friend: Member
) -> None:
    """Reading page by page while friends keep posting (some at the same moment as items already read)."""
    start = timezone.now() - timedelta(hours=1)
    existing = []
    for minute in range(7):
        with freeze_time(start + timedelta(minutes=minute // 2)):  # pairs share a moment
            existing.append(voice(friend) if minute % 3 else diary(friend))
    seen: list[Key] = []
    arrived: list[Key] = []
    page = store.page(member, cursor=None, limit=2)
    while True:
        seen += keys(page.items)
        # New items arrive between page loads: now, and at the moment of the last item read.
        arrived.append(key(voice(friend, "新着")))
        moment = page.items[-1].created_at
        with freeze_time(moment):
            arrived.append(key(diary(member)))
        if page.next_cursor is None:
            break
        page = store.page(member, cursor=page.next_cursor, limit=2)
    assert len(seen) == len(set(seen))
    assert set(seen) >= {key(item) for item in existing}
    assert set(seen) - {key(item) for item in existing} <= set(arrived)
    newest_first = [item for item in feed(store, member) if item in set(seen)]
    assert seen == newest_first


SECOND = timedelta(seconds=1)
# Ties, and moments exactly the database store's first window (`RECENT`) apart, on either side of its edge.
MOMENTS = [
    datetime(2026, 4, 1, 12, 0, tzinfo=UTC) + offset
    for offset in (*(timedelta(seconds=s) for s in range(3)), RECENT, RECENT + timedelta(seconds=1), 2 * RECENT)
]


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(
                st.just("add"), st.sampled_from(["voice", "diary_entry"]), st.booleans(), st.sampled_from(MOMENTS)
            ),
            st.tuples(st.just("page"), st.integers(min_value=1, max_value=3)),
        ),
        max_size=14,
    )
)
def test_paging_never_skips_or_repeats_property(
    store: TimelineStore, member: Member, friend: Member, steps: list[tuple[Any, ...]]
) -> None:
    """Property: whatever items arrive (ties in time included) between pages, a reader who started at the top
    sees every item that existed when they started exactly once, in newest-first order."""
    with transaction.atomic():
        cursor: str | None = None
        started: set[Key] | None = None
        seen: list[Key] = []
        done = False
        for step in steps:
            if step[0] == "add":
                _add, kind, mine, moment = step
                with freeze_time(moment):
                    author = member if mine else friend
                    key(voice(author) if kind == "voice" else diary(author))
            elif not done:
                if started is None:
                    started = set(feed(store, member))
                page = store.page(member, cursor=cursor, limit=step[1])
                seen += keys(page.items)
                cursor = page.next_cursor
                done = cursor is None
        if started is not None:
            while not done:
                page = store.page(member, cursor=cursor, limit=3)
                seen += keys(page.items)
                cursor = page.next_cursor
                done = cursor is None
            assert len(seen) == len(set(seen)), seen
            assert started <= set(seen)
            order = feed(store, member)
            assert seen == [item for item in order if item in set(seen)]
        transaction.set_rollback(True)


def test_newer_items_since_a_position(store: TimelineStore, member: Member, friend: Member, other: Member) -> None:
    old = voice(friend)
    page = store.page(member, cursor=None, limit=10)
    since = feed_cursor_encode(page.items[0].key)
    assert store.newer(member, since=since, limit=10) == []
    fresh = [diary(friend), voice(member), voice(friend, audience="only_me"), voice(other, audience="public")]
    assert keys(store.newer(member, since=since, limit=10)) == [key(fresh[1]), key(fresh[0])]
    assert keys(store.newer(member, since=since, limit=1)) == [key(fresh[1])]
    assert key(old) not in keys(store.newer(member, since=since, limit=10))


@pytest.mark.parametrize("cursor", ["zz", "!!", "MTox", feed_cursor_encode((MOMENTS[0], "friendship", 1))])
def test_cursors_not_handed_out_are_refused(store: TimelineStore, member: Member, cursor: str) -> None:
    with pytest.raises(Invalid) as caught:
        store.page(member, cursor=cursor, limit=10)
    assert caught.value.fields["cursor"]
    with pytest.raises(Invalid):
        store.newer(member, since=cursor, limit=10)


# --- what a member reads changes ------------------------------------------------------------------------


def test_a_new_friends_earlier_items_appear(
    store: TimelineStore, make_member: MakeMember, member: Member, friend: Member
) -> None:
    newcomer = make_member()
    earlier = [voice(newcomer, audience="friends"), diary(newcomer, "friends")]
    mine, friends_post = voice(member), voice(friend)
    assert feed(store, member) == [key(friends_post), key(mine)]
    with committed():
        friendship_create(member, newcomer)
    assert feed(store, member) == [key(friends_post), key(mine), *[key(item) for item in reversed(earlier)]]
    assert feed(store, newcomer) == [key(mine), *[key(item) for item in reversed(earlier)]]


def test_joining_a_community_brings_its_earlier_topics(
    store: TimelineStore, make_member: MakeMember, member: Member
) -> None:
    from tsunagu.communities.services import community_create, community_join
    from tsunagu.communities.topic_services import topic_create

    admin = make_member()
    with committed():
        community = community_create(creator=admin, name="猫好きの会", description="猫の話", join_policy="open")
        topic = topic_create(author=admin, community_id=community.pk, title="うちの猫", body="見てください")
    assert feed(store, member) == []
    with committed():
        community_join(member=member, community_id=community.pk)
    assert feed(store, member) == [("community_topic", topic.pk)]
