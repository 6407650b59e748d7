"""The news feed (最新情報) on a signed-in member's home: friends' and one's own items newest first, older pages by
cursor, and new items that appear without a reload.

Live updates are polling with htmx: the first page carries a hidden element that asks `feed:newer` every
`FEED_POLL_SECONDS` for the items newer than the top one; the answer replaces that element with an updated one
followed by the new items, so they land at the top of the list. Without JavaScript the element does nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Topic
from tsunagu.core import policy
from tsunagu.core.errors import Invalid
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.reactables import ENTRY_KIND
from tsunagu.feed.sources import SOURCES
from tsunagu.feed.timeline import FeedItem, feed_cursor_encode, timeline
from tsunagu.profiles.selectors import avatar_url
from tsunagu.reactions.selectors import iine_counts, iine_given
from tsunagu.voice import selectors as voice_selectors
from tsunagu.voice.forms import VoicePostForm
from tsunagu.voice.views import post_rows

PER_PAGE = 20
# At most this many new items are added by one poll; past it the page offers a reload instead (none is skipped).
NEWER_MOST = 20
TRENDING_ON_HOME = 5
# HTTP 286 tells htmx to stop polling (a visitor whose session ended).
STOP_POLLING = 286


@dataclass(frozen=True)
class EntryRow:
    """A diary entry in the feed, with its author's avatar and イイネ!."""

    entry: DiaryEntry
    avatar_url: str | None
    iine_count: int
    iine_given: bool


def _entry_rows(viewer: Member, entries: list[DiaryEntry]) -> list[EntryRow]:
    ids = [entry.pk for entry in entries]
    counts = iine_counts(viewer=viewer, kind=ENTRY_KIND, item_ids=ids) if ids else {}
    given = iine_given(viewer=viewer, kind=ENTRY_KIND, item_ids=ids) if ids else set()
    return [
        EntryRow(entry, avatar_url(entry.author.profile), counts.get(entry.pk, 0), entry.pk in given)
        for entry in entries
    ]


@dataclass(frozen=True)
class TopicRow:
    """A community topic or event in the feed, with its author's avatar."""

    topic: Topic
    avatar_url: str | None


def _topic_rows(viewer: Member, topics: list[Topic]) -> list[TopicRow]:
    return [TopicRow(topic, avatar_url(topic.author.profile)) for topic in topics]


# Per source type: how its items become rows (a fixed number of queries for any number), and their template.
ROW_BUILDERS: dict[str, Callable[[Member, list[Any]], list[Any]]] = {
    "voice": post_rows,
    "diary_entry": _entry_rows,
    "community_topic": _topic_rows,
}
ITEM_TEMPLATES = {
    "voice": "feed/_voice.html",
    "diary_entry": "feed/_diary_entry.html",
    "community_topic": "feed/_community_topic.html",
}


@dataclass(frozen=True)
class FeedRow:
    type: str
    item: Any
    row: Any

    @property
    def template(self) -> str:
        return ITEM_TEMPLATES[self.type]


def feed_rows(viewer: Member, items: list[FeedItem]) -> list[FeedRow]:
    """The feed items as rows, in feed order."""
    by_type: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        by_type[item.type].append(item.item)
    built = {
        (type_, item.pk): row
        for type_, of_type in by_type.items()
        for item, row in zip(of_type, ROW_BUILDERS[type_](viewer, of_type), strict=True)
    }
    return [FeedRow(item.type, item.item, built[(item.type, item.item.pk)]) for item in items]


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def news_feed(request: HttpRequest) -> HttpResponse:
    """The signed-in member's home: the voice box, the feed a page at a time (`?cursor=`), trending tags."""
    member = _member(request)
    cursor = request.GET.get("cursor") or None
    context: dict[str, Any] = {
        "member": member,
        "form": VoicePostForm(author=member),
        "trending": voice_selectors.trending(viewer=member, limit=TRENDING_ON_HOME),
        "poll_seconds": settings.FEED_POLL_SECONDS,
        "first_page": cursor is None,
        "next_url": request.get_full_path(),
    }
    try:
        page = timeline().page(member, cursor=cursor, limit=PER_PAGE)
    except Invalid as error:
        return render(request, "core/home.html", context | {"rows": [], "cursor_error": error.message}, status=400)
    # New items are the ones after the top item; with none yet, the ones after now.
    top = page.items[0].key if page.items else (timezone.now(), SOURCES[-1].type, 0)
    return render(
        request,
        "core/home.html",
        context
        | {"rows": feed_rows(member, page.items), "next_cursor": page.next_cursor, "since": feed_cursor_encode(top)},
    )


def feed_newer(request: HttpRequest) -> HttpResponse:
    """The items newer than `since` as list items for the top of the feed, after the poller that asks next time."""
    if not policy.is_member(request.user):
        return HttpResponse(status=STOP_POLLING)
    member = _member(request)
    since = request.GET.get("since", "")
    try:
        items = timeline().newer(member, since=since, limit=NEWER_MOST + 1)
    except Invalid as error:
        return HttpResponse(error.message, status=400)
    context: dict[str, Any] = {"poll_seconds": settings.FEED_POLL_SECONDS, "next_url": reverse("core:home")}
    if len(items) > NEWER_MOST:
        return render(request, "feed/_newer.html", context | {"too_many": True})
    return render(
        request,
        "feed/_newer.html",
        context | {"rows": feed_rows(member, items), "since": feed_cursor_encode(items[0].key) if items else since},
    )
