"""The Redis timeline store: each active member's feed kept as ids, fanned out on write, checked on read.

A member's timeline is one Redis sorted set, `<prefix>:<member id>`, whose members are entries
`<microseconds:017d>:<type>:<id:020d>`, all with score 0, so that Redis orders them by the bytes of the
entry — exactly the feed's order (time, then type, then id) — and a feed cursor maps to one exclusive
bound of `ZREVRANGEBYLEX`, ties included.

- **Fan-out on write.** `item_added` puts the item in its author's own timeline at once and enqueues
  `timeline_fan_out`, which adds it to the timeline of every reader the source names (`FeedSource.readers`)
  in batches of `FAN_OUT_BATCH` keys, one script call per batch, keeping each timeline to
  `TIMELINE_LENGTH` entries. Only members whose timeline exists get it: a timeline exists while its
  member has read their feed in the last `TIMELINE_KEEP_DAYS` days (every read renews it).
- **Built on first read.** A member without a timeline gets one from the database (the newest
  `TIMELINE_LENGTH` items their sources give) when they next read. `reader_changed` (a new friend, a
  community joined, a feed switch turned on) drops the timeline so it is built again with the new items.
- **The policy on read.** Entries are ids only; every page loads its items through the sources' `load` and
  `keep` (the rules of `candidates`, decided by `tsunagu.core.policy.visible_items` for the page's few items,
  with the facts about all their authors in one query), so an audience narrowed, a block, an ended
  friendship or a closed account hides an item at once. Entries of items deleted or no longer visible are
  skipped (and fall out as the timeline is trimmed); `item_removed` therefore has nothing to do.
- **Completeness.** The marker entry `0` says the timeline holds everything its member's sources had when
  it was built; trimming removes it first. A reader who goes past the oldest kept entry of a timeline
  without it continues from the database. `/` marks a timeline being built (the page is then read from
  the database).
- **Redis unavailable.** Reads fall back to `DatabaseTimeline` (slower, the same items) and Redis is not
  tried again for `RETRY_SECONDS`; writes are not refused (the timelines then miss items until rebuilt:
  `tsunagu timeline_rebuild --all`).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import redis
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from tsunagu.core import policy
from tsunagu.core.pagination import EPOCH, MICROSECOND
from tsunagu.feed.sources import SOURCES, source
from tsunagu.feed.timeline import (
    RECENT,
    DatabaseTimeline,
    FeedItem,
    FeedPage,
    attached,
    feed_cursor_decode,
    page_of,
)

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

logger = logging.getLogger(__name__)

Key = tuple[datetime, str, int]
COMPLETE = "0"  # sorts before every entry ("0" is a prefix of them all)
BUILDING = "/"  # sorts before COMPLETE
BUILD_SECONDS = 60  # a build that dies leaves its timeline to expire this soon
FAN_OUT_BATCH = 500
RETRY_SECONDS = 5.0

# Add an entry to each timeline (KEYS) that exists, then trim it to its length; returns how many got it.
FAN_OUT_SCRIPT = """
local added = 0
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('ZADD', key, 0, ARGV[1])
    redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(ARGV[2]) + 1))
    added = added + 1
  end
end
return added
"""


def entry_of(key: Key) -> str:
    moment, type_, pk = key
    return f"{(moment - EPOCH) // MICROSECOND:017d}:{type_}:{pk:020d}"


def key_of(entry: str) -> Key:
    micros, type_, pk = entry.split(":")
    return EPOCH + int(micros) * MICROSECOND, type_, int(pk)


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=0.5, socket_connect_timeout=0.5)


class RedisTimeline:
    """Timelines kept in Redis per member (see the module's docstring)."""

    def __init__(self) -> None:
        self.database = DatabaseTimeline()
        self.length: int = settings.TIMELINE_LENGTH
        self.keep_seconds: int = settings.TIMELINE_KEEP_DAYS * 24 * 3600
        self.prefix: str = settings.TIMELINE_KEY_PREFIX
        self._retry_at = 0.0

    # --- the interface ---------------------------------------------------------------------------------

    def page(self, member: Member, *, cursor: str | None, limit: int) -> FeedPage:
        key = feed_cursor_decode(cursor) if cursor else None
        try:
            items = self._items_after(member, key, limit + 1)
        except redis.RedisError as error:
            self._unavailable(error)
            items = self.database.items_after(member, key, limit + 1)
        return page_of(items, limit)

    def newer(self, member: Member, *, since: str, limit: int) -> list[FeedItem]:
        key = feed_cursor_decode(since)
        try:
            return attached(self._items_after(member, None, limit, since=key))
        except redis.RedisError as error:
            self._unavailable(error)
            return self.database.newer(member, since=since, limit=limit)

    def item_added(self, type_: str, item: Any) -> None:
        from tsunagu.feed.tasks import timeline_fan_out

        try:
            self._add(self._available(), [item.author_id], entry_of((item.created_at, type_, item.pk)))
        except redis.RedisError as error:
            self._unavailable(error)
        timeline_fan_out.enqueue(type_=type_, item_id=item.pk)

    def item_removed(self, type_: str, item_id: Any) -> None:
        return None  # entries of deleted items are skipped on read and trimmed away in time

    def reader_changed(self, member_id: Any) -> None:
        try:
            self._available().delete(self.key(member_id))
        except redis.RedisError as error:
            self._unavailable(error)

    # --- fan-out and building -------------------------------------------------------------------------

    def key(self, member_id: Any) -> str:
        return f"{self.prefix}:{member_id}"

    def fan_out(self, type_: str, item_id: Any) -> int:
        """Add an item to the timelines of its readers that exist; returns how many got it."""
        feed_source = source(type_)
        item = apps.get_model(feed_source.model).objects.filter(pk=item_id).first()
        if item is None:
            return 0
        readers = feed_source.readers(item)
        return self._add(self._available(), readers, entry_of((item.created_at, type_, item.pk)))

    def _add(self, client: redis.Redis, member_ids: list[int], entry: str) -> int:
        script = client.register_script(FAN_OUT_SCRIPT)
        added = 0
        for start in range(0, len(member_ids), FAN_OUT_BATCH):
            keys = [self.key(pk) for pk in member_ids[start : start + FAN_OUT_BATCH]]
            added += int(script(keys=keys, args=[entry, self.length]))
        return added

    def rebuild(self, member: Member) -> bool:
        """Build the member's timeline from the database; True when it holds everything (nothing trimmed)."""
        client = self._available()
        name = self.key(member.pk)
        # Mark it first, so that items fanned out while it is built land in it too.
        mark = client.pipeline()
        mark.zadd(name, {BUILDING: 0})
        mark.expire(name, BUILD_SECONDS)
        mark.execute()
        # The items of the last few days first: with many friends they fill a timeline, and the database reads
        # days of posts, not every friend's whole history (seconds on PostgreSQL for 1,000 friends on the
        # benchmark's large data set); everything only when they do not.
        entries = self._newest(member, timezone.now() - RECENT)
        complete = False
        if len(entries) < self.length:
            entries = self._newest(member, None)
            complete = len(entries) <= self.length
        pipe = client.pipeline()
        if entries:
            pipe.zadd(name, dict.fromkeys(entries[: self.length], 0))
        if complete:
            pipe.zadd(name, {COMPLETE: 0})
        pipe.zrem(name, BUILDING)
        pipe.zremrangebyrank(name, 0, -(self.length + 1))
        pipe.expire(name, self.keep_seconds)
        pipe.execute()
        return complete

    def _newest(self, member: Member, since: datetime | None) -> list[str]:
        """Entries of the member's newest `length + 1` items (since `since`), newest first."""
        entries: list[str] = []
        for feed_source in SOURCES:
            rows = feed_source.candidates(member).order_by("-created_at", "-pk")
            if since:
                rows = rows.filter(created_at__gte=since)
            found = rows.values_list("created_at", "pk")[: self.length + 1]
            entries += [entry_of((moment, feed_source.type, pk)) for moment, pk in found]
        return sorted(entries, reverse=True)[: self.length + 1]

    def drop_all(self) -> int:
        """Drop every kept timeline (each is built again on its member's next read); returns how many."""
        client = self._available()
        dropped = 0
        batch: list[str] = []
        for name in client.scan_iter(match=f"{self.prefix}:*", count=1000):
            batch.append(name)
            if len(batch) == 1000:
                dropped += client.unlink(*batch)
                batch = []
        return dropped + (client.unlink(*batch) if batch else 0)

    def holding(self, member_ids: list[int], type_: str, item_id: Any) -> set[int]:
        """Which of these members' timelines hold the item (for measuring fan-out)."""
        item = apps.get_model(source(type_).model).objects.get(pk=item_id)
        entry = entry_of((item.created_at, type_, item.pk))
        pipe = self._available().pipeline(transaction=False)
        for pk in member_ids:
            pipe.zscore(self.key(pk), entry)
        return {pk for pk, score in zip(member_ids, pipe.execute(), strict=True) if score is not None}

    # --- reading --------------------------------------------------------------------------------------

    def _open(self, client: redis.Redis, member: Member) -> str:
        """The state of the member's timeline — COMPLETE, BUILDING or "" (trimmed) — building it if missing,
        and keeping it for another `TIMELINE_KEEP_DAYS`."""
        name = self.key(member.pk)
        pipe = client.pipeline(transaction=False)
        pipe.exists(name)
        pipe.zscore(name, COMPLETE)
        pipe.zscore(name, BUILDING)
        exists, complete, building = pipe.execute()
        if not exists:
            return COMPLETE if self.rebuild(member) else ""
        if building is not None:
            return BUILDING  # not renewed: a build that died must let its timeline expire
        client.expire(name, self.keep_seconds)
        return COMPLETE if complete is not None else ""

    def _items_after(self, member: Member, key: Key | None, count: int, since: Key | None = None) -> list[FeedItem]:
        """The member's first `count` visible items after position `key` (from the top when None), newest
        first; with `since`, only items newer than that position."""
        client = self._available()
        state = self._open(client, member)
        name = self.key(member.pk)
        if state == BUILDING or (since and state != COMPLETE and not self._holds_since(client, name, since)):
            return (
                self.database.items_after(member, key, count)
                if since is None
                else self.database.items_newer(member, since, count)
            )
        lower = f"({entry_of(since) if since else COMPLETE}"
        found: list[FeedItem] = []
        position = key
        while len(found) < count:
            wanted = count - len(found)
            asked = wanted + 2  # room for a few entries the policy now hides (else: one more round)
            upper = f"({entry_of(position)}" if position else "+"
            entries: list[str] = client.zrevrangebylex(name, upper, lower, start=0, num=asked)  # type: ignore[assignment]
            found += self._hydrate(member, entries)
            if entries:
                position = key_of(entries[-1])
            if len(entries) < asked:  # the kept timeline (or the part newer than `since`) ends here
                if state != COMPLETE and since is None and len(found) < count:
                    found += self.database.items_after(member, position, count - len(found))
                break
        return found[:count]

    def _holds_since(self, client: redis.Redis, name: str, since: Key) -> bool:
        """Whether a trimmed timeline still reaches back to `since` (its oldest entry is not newer)."""
        oldest: list[str] = client.zrangebylex(name, f"({COMPLETE}", "+", start=0, num=1)  # type: ignore[assignment]
        return bool(oldest) and oldest[0] <= entry_of(since)

    def _hydrate(self, member: Member, entries: list[str]) -> list[FeedItem]:
        """The items of these entries that the member may see, in the entries' order: one query per type, and
        one for how the member stands to all their authors."""
        keys = [key_of(entry) for entry in entries]
        ids: dict[str, list[int]] = defaultdict(list)
        for _, type_, pk in keys:
            ids[type_].append(pk)
        loaded = {type_: source(type_).load(member, pks) for type_, pks in ids.items()}
        authors = [item.author for items in loaded.values() for item in items]
        relations = policy.relationships(member, authors, friend_of_friend=False)
        kept = {
            (type_, item.pk): item
            for type_, items in loaded.items()
            for item in source(type_).keep(member, items, relations)
        }
        return [FeedItem(type_, kept[type_, pk]) for _, type_, pk in keys if (type_, pk) in kept]

    # --- availability ---------------------------------------------------------------------------------

    def _available(self) -> redis.Redis:
        if time.monotonic() < self._retry_at:
            raise redis.ConnectionError("The timeline store was unavailable a moment ago.")
        return _client(settings.TIMELINE_REDIS_URL)

    def _unavailable(self, error: redis.RedisError) -> None:
        if time.monotonic() >= self._retry_at:
            logger.warning("Timeline store unavailable, reading feeds from the database: %s", error)
        self._retry_at = time.monotonic() + RETRY_SECONDS
