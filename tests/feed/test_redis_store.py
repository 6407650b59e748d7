"""What only the Redis timeline store does: fan out to active readers, keep timelines to their length, build
them on first read, fall back to the database when Redis is down, and the rebuild command."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import redis
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from freezegun import freeze_time

from tests.feed.stores import configured_store
from tsunagu.accounts.models import Member
from tsunagu.feed.redis_store import BUILDING, COMPLETE, RedisTimeline
from tsunagu.feed.timeline import RECENT, DatabaseTimeline, feed_cursor_encode, timeline
from tsunagu.friends.services import friendship_create
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create

pytestmark = [pytest.mark.django_db, pytest.mark.production]

MakeMember = Callable[..., Member]


@pytest.fixture
def store(settings: Any) -> Iterator[RedisTimeline]:
    with configured_store(settings, "redis") as configured:
        assert isinstance(configured, RedisTimeline)
        yield configured


@pytest.fixture
def client(store: RedisTimeline) -> redis.Redis:
    return store._available()


def post(author: Member, text: str = "つぶやき", **kwargs: Any) -> VoicePost:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return voice_post_create(author=author, text=text, **kwargs)


def whole_feed(store: Any, member: Member, limit: int = 7) -> list[int]:
    ids, cursor = [], None
    while True:
        page = store.page(member, cursor=cursor, limit=limit)
        ids += [item.item.pk for item in page.items]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def test_fan_out_reaches_only_timelines_that_exist(
    store: RedisTimeline, client: redis.Redis, make_member: MakeMember, member: Member
) -> None:
    """A member who has not read their feed lately has no timeline; theirs is built from the database when
    they next read, with the items they missed."""
    reader, away = make_member(), make_member()
    for friend in (reader, away):
        friendship_create(member, friend)
    store.page(reader, cursor=None, limit=20)
    assert client.exists(store.key(reader.pk)) and not client.exists(store.key(away.pk))
    first = post(member)
    assert store.holding([reader.pk, away.pk, member.pk], "voice", first.pk) == {reader.pk}
    assert not client.exists(store.key(away.pk))
    assert whole_feed(store, away) == [first.pk]
    assert client.exists(store.key(away.pk))
    second = post(member)
    assert store.holding([reader.pk, away.pk], "voice", second.pk) == {reader.pk, away.pk}
    assert whole_feed(store, reader) == [second.pk, first.pk]


def test_ones_own_item_is_in_ones_timeline_at_once(
    store: RedisTimeline, client: redis.Redis, member: Member, settings: Any
) -> None:
    """The author's own timeline gets the item before the fan-out task runs (here: never runs)."""
    store.page(member, cursor=None, limit=20)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    mine = post(member)
    assert store.holding([member.pk], "voice", mine.pk) == {member.pk}


def test_a_timeline_keeps_its_length_and_reads_on_from_the_database(
    store: RedisTimeline, client: redis.Redis, make_member: MakeMember, member: Member
) -> None:
    store.length = 20
    friend = make_member()
    friendship_create(member, friend)
    posts = [post(friend if n % 2 else member, f"{n}番目") for n in range(30)]
    newest_first = [p.pk for p in reversed(posts)]
    store.page(member, cursor=None, limit=5)  # built now: the 20 newest, not complete
    assert client.zcard(store.key(member.pk)) == 20
    assert client.zscore(store.key(member.pk), COMPLETE) is None
    more = [post(friend, "新着") for _ in range(3)]
    assert client.zcard(store.key(member.pk)) == 20
    expected = [p.pk for p in reversed(more)] + newest_first
    assert whole_feed(store, member, limit=7) == expected
    assert whole_feed(store, member, limit=20) == expected


def test_a_small_timeline_is_complete_until_trimmed(store: RedisTimeline, client: redis.Redis, member: Member) -> None:
    store.length = 20
    posts = [post(member) for _ in range(19)]
    store.page(member, cursor=None, limit=5)
    assert client.zscore(store.key(member.pk), COMPLETE) is not None
    posts += [post(member) for _ in range(2)]
    assert client.zscore(store.key(member.pk), COMPLETE) is None
    assert whole_feed(store, member) == [p.pk for p in reversed(posts)]


def test_polling_past_the_kept_timeline_reads_the_database(
    store: RedisTimeline, make_member: MakeMember, member: Member
) -> None:
    store.length = 20
    first = post(member)
    since = feed_cursor_encode(DatabaseTimeline().page(member, cursor=None, limit=1).items[0].key)
    later = [post(member) for _ in range(25)]
    store.page(member, cursor=None, limit=5)
    newer = store.newer(member, since=since, limit=30)
    assert [item.item.pk for item in newer] == [p.pk for p in reversed(later)]
    assert first.pk not in [item.item.pk for item in newer]


def test_a_timeline_being_built_is_read_from_the_database(
    store: RedisTimeline, client: redis.Redis, member: Member
) -> None:
    mine = post(member)
    client.zadd(store.key(member.pk), {BUILDING: 0})
    client.expire(store.key(member.pk), 60)
    assert whole_feed(store, member) == [mine.pk]
    assert client.ttl(store.key(member.pk)) <= 60  # not renewed while being built


def test_reading_keeps_the_timeline_for_the_keep_days(
    store: RedisTimeline, client: redis.Redis, member: Member
) -> None:
    store.page(member, cursor=None, limit=5)
    client.expire(store.key(member.pk), 100)
    store.page(member, cursor=None, limit=5)
    assert client.ttl(store.key(member.pk)) > 13 * 24 * 3600


def test_redis_unavailable_the_feed_is_read_from_the_database(
    settings: Any, make_member: MakeMember, member: Member
) -> None:
    """Nothing listens on port 1: the pages are the database store's, and posting still works."""
    settings.TIMELINE_REDIS_URL = "redis://127.0.0.1:1/0"
    settings.TIMELINE_STORE = "redis"
    timeline.cache_clear()
    down = timeline()
    friend = make_member()
    friendship_create(member, friend)
    made = [post(friend), post(member), post(friend, audience="only_me")]
    database = DatabaseTimeline()
    expected = [p.pk for p in reversed(made[:2])]
    assert whole_feed(down, member, limit=1) == whole_feed(database, member, limit=1) == expected
    since = feed_cursor_encode(database.page(member, cursor=None, limit=5).items[-1].key)
    assert [i.item.pk for i in down.newer(member, since=since, limit=5)] == [made[1].pk]
    down.reader_changed(member.pk)  # refused quietly, as is a fan-out's own-timeline write


def test_the_rebuild_command(store: RedisTimeline, client: redis.Redis, make_member: MakeMember) -> None:
    member = make_member(handle="hanako")
    mine = post(member)
    out = StringIO()
    call_command("timeline_rebuild", "@hanako", stdout=out)
    assert client.zcard(store.key(member.pk)) == 2  # the entry and the "complete" marker
    assert store.holding([member.pk], "voice", mine.pk) == {member.pk}
    call_command("timeline_rebuild", str(member.pk), stdout=out)
    call_command("timeline_rebuild", "--all", stdout=out)
    assert "Dropped 1" in out.getvalue()
    assert not client.exists(store.key(member.pk))
    for args in (["@nobody"], [], ["--all", "@hanako"]):
        with pytest.raises(CommandError):
            call_command("timeline_rebuild", *args, stdout=out)


def test_the_rebuild_command_refuses_the_database_store(settings: Any) -> None:
    with configured_store(settings, "database"), pytest.raises(CommandError, match="database"):
        call_command("timeline_rebuild", "--all")


def test_a_timeline_is_built_from_the_recent_days_when_they_fill_it(
    store: RedisTimeline, client: redis.Redis, member: Member
) -> None:
    """With a timeline's worth of recent items, older ones are not read to build it; reading on still finds them."""
    store.length = 20
    with freeze_time(timezone.now() - RECENT - timedelta(days=1)):
        old = [post(member, "前の週") for _ in range(3)]
    recent = [post(member) for _ in range(22)]
    store.page(member, cursor=None, limit=5)
    assert client.zcard(store.key(member.pk)) == 20
    assert client.zscore(store.key(member.pk), COMPLETE) is None
    assert whole_feed(store, member) == [p.pk for p in reversed(old + recent)]
