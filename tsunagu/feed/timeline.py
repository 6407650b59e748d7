"""The timeline store: where a member's home feed comes from.

`TimelineStore` is the interface; `DatabaseTimeline` answers from the database on read (each source's
newest items after the cursor, merged); `RedisTimeline` (`tsunagu.feed.redis_store`) fans items out on
write into per-member lists of ids and checks each item against the policy again on read. Writers call
`item_added` / `item_removed` after commit, and `reader_changed` when what a member reads changes (a new
friend, a community joined); the database store needs none of them.
"""

from __future__ import annotations

import base64
import binascii
import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tsunagu.core.errors import Invalid
from tsunagu.core.pagination import EPOCH, MICROSECOND
from tsunagu.feed.sources import SOURCES

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


@dataclass(frozen=True)
class FeedItem:
    type: str
    item: Any

    @property
    def created_at(self) -> datetime:
        return self.item.created_at

    @property
    def key(self) -> tuple[datetime, str, int]:
        """The feed's order, newest first: time, then type, then id (so ties between sources are stable)."""
        return (self.item.created_at, self.type, self.item.pk)


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    next_cursor: str | None


def feed_cursor_encode(key: tuple[datetime, str, int]) -> str:
    moment, type_, pk = key
    micros = (moment - EPOCH) // MICROSECOND
    return base64.urlsafe_b64encode(f"{micros}:{type_}:{pk}".encode()).decode().rstrip("=")


def feed_cursor_decode(cursor: str) -> tuple[datetime, str, int]:
    """The position a feed cursor names; Invalid for anything we did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        micros, type_, pk = raw.split(":")
        if type_ not in {s.type for s in SOURCES}:
            raise ValueError(type_)
        return EPOCH + int(micros) * MICROSECOND, type_, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
        message = _("This page link is not valid. Start again from the first page.")
        raise Invalid(message, fields={"cursor": [message]}) from None


def _before(key: tuple[datetime, str, int], type_: str) -> Q:
    """Items of source `type_` that come after `key` in newest-first order."""
    moment, key_type, pk = key
    older = Q(created_at__lt=moment)
    if type_ < key_type:
        return older | Q(created_at=moment)
    if type_ == key_type:
        return older | Q(created_at=moment, pk__lt=pk)
    return older


def _after(key: tuple[datetime, str, int], type_: str) -> Q:
    """Items of source `type_` that come before `key` (newer than it)."""
    moment, key_type, pk = key
    newer = Q(created_at__gt=moment)
    if type_ > key_type:
        return newer | Q(created_at=moment)
    if type_ == key_type:
        return newer | Q(created_at=moment, pk__gt=pk)
    return newer


class TimelineStore(Protocol):
    def page(self, member: Member, *, cursor: str | None, limit: int) -> FeedPage:
        """One page of the member's feed, newest first, starting after `cursor`."""

    def newer(self, member: Member, *, since: str, limit: int) -> list[FeedItem]:
        """Items newer than the position `since` (a cursor), newest first, at most `limit`."""

    def item_added(self, type_: str, item: Any) -> None:
        """A new item was committed (fan it out, for stores that keep timelines)."""

    def item_removed(self, type_: str, item_id: Any) -> None:
        """An item was deleted (drop it from kept timelines)."""

    def reader_changed(self, member_id: Any) -> None:
        """What the member reads changed (a new friend, a community joined): forget what is kept for them."""


# The window a page (`DatabaseTimeline.items_after`) and a kept timeline (`RedisTimeline.rebuild`) are read
# from first.
RECENT = timedelta(days=3)


def attached(items: list[FeedItem]) -> list[FeedItem]:
    """The items, with what each source shows besides their rows (photos) fetched once for the whole page."""
    of_type: dict[str, list[Any]] = defaultdict(list)
    for feed_item in items:
        of_type[feed_item.type].append(feed_item.item)
    for source in SOURCES:
        if of_type[source.type]:
            source.attach(of_type[source.type])
    return items


def page_of(items: list[FeedItem], limit: int) -> FeedPage:
    """The first `limit` of `items` (fetched one beyond, to know whether there is more), attached."""
    page = attached(items[:limit])
    more = len(items) > limit
    return FeedPage(items=page, next_cursor=feed_cursor_encode(page[-1].key) if more and page else None)


class DatabaseTimeline:
    """Reads each source's newest visible items and merges them: one query per source per page, twice when
    the last `RECENT` days before the page do not fill it (then everything older, once)."""

    def page(self, member: Member, *, cursor: str | None, limit: int) -> FeedPage:
        key = feed_cursor_decode(cursor) if cursor else None
        return page_of(self.items_after(member, key, limit + 1), limit)

    def items_after(self, member: Member, key: tuple[datetime, str, int] | None, count: int) -> list[FeedItem]:
        """The member's first `count` items after position `key` (from the top when None), newest first.

        The items of the `RECENT` days before the position first: with many friends they fill a page, and the
        database reads days of posts, not every friend's whole history (on PostgreSQL, seconds for 1,000
        friends on the benchmark's large data set); the older ones only when they do not."""
        edge = (key[0] if key else timezone.now()) - RECENT
        after = (lambda type_: _before(key, type_)) if key else (lambda type_: Q())
        found = self._merged(member, count, lambda type_: after(type_) & Q(created_at__gte=edge))
        if len(found) < count:
            found += self._merged(member, count - len(found), lambda type_: after(type_) & Q(created_at__lt=edge))
        return found

    def newer(self, member: Member, *, since: str, limit: int) -> list[FeedItem]:
        return attached(self.items_newer(member, feed_cursor_decode(since), limit))

    def items_newer(self, member: Member, key: tuple[datetime, str, int], count: int) -> list[FeedItem]:
        """The member's items newer than position `key`, newest first, at most `count`."""
        return self._merged(member, count, lambda type_: _after(key, type_))

    def _merged(self, member: Member, count: int, where: Callable[[str], Q]) -> list[FeedItem]:
        """The newest `count` items meeting `where` (given each source's type) of all sources, merged."""
        streams = []
        for source in SOURCES:
            items = source.candidates(member).filter(where(source.type)).order_by("-created_at", "-pk")
            streams.append([FeedItem(source.type, item) for item in items[:count]])
        return list(heapq.merge(*streams, key=lambda i: i.key, reverse=True))[:count]

    def item_added(self, type_: str, item: Any) -> None:
        return None

    def item_removed(self, type_: str, item_id: Any) -> None:
        return None

    def reader_changed(self, member_id: Any) -> None:
        return None


STORES: dict[str, str] = {
    "database": "tsunagu.feed.timeline.DatabaseTimeline",
    "redis": "tsunagu.feed.redis_store.RedisTimeline",
}


@cache
def timeline() -> TimelineStore:
    """The configured store (`TIMELINE_STORE`)."""
    store: TimelineStore = import_string(STORES[settings.TIMELINE_STORE])()
    return store
