"""The news feed (最新情報) in the JSON API: the signed-in member's friends' and own items, newest first.

Pages come from the configured timeline store (`tsunagu.feed.timeline.timeline()`), whose sources already
filtered every item through the policy; each item type has its JSON here, built for a whole page at once
so a page costs the same number of queries however many items it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Topic, TopicPhoto
from tsunagu.core.pagination import limit_clean
from tsunagu.core.text import GRAPHEME
from tsunagu.diary.api import PhotoOut
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.reactables import ENTRY_KIND
from tsunagu.feed.timeline import FeedItem, feed_cursor_encode, timeline
from tsunagu.friends.api import MemberSummary
from tsunagu.profiles.api import member_summary
from tsunagu.reactions.api import IineState, iine_states
from tsunagu.voice.api import VoiceOut, voice_items_json
from tsunagu.voice.models import VoicePost

router = Router(tags=["feed"])

EXCERPT_GRAPHEMES = 100


# --- shapes -----------------------------------------------------------------------------------------


class VoiceItemOut(VoiceOut):
    type: Literal["voice"]


class DiaryEntryItemOut(Schema):
    type: Literal["diary_entry"]
    id: int
    author: MemberSummary
    created: str
    title: str
    # The start of the body on one line, at most EXCERPT_GRAPHEMES characters and an ellipsis.
    excerpt: str
    audience: str
    comment_count: int
    photos: list[PhotoOut]
    iine: IineState


class CommunityRef(Schema):
    id: int
    name: str


class CommunityTopicItemOut(Schema):
    """A new topic, or an event (`is_event`, with `starts_at` and `place`), in one of the member's communities."""

    type: Literal["community_topic"]
    id: int
    community: CommunityRef
    author: MemberSummary
    created: str
    title: str
    excerpt: str
    is_event: bool
    starts_at: str | None
    place: str
    comment_count: int
    photos: list[PhotoOut]


FeedItemOut = Annotated[VoiceItemOut | DiaryEntryItemOut | CommunityTopicItemOut, Field(discriminator="type")]


class FeedPageOut(Schema):
    items: list[FeedItemOut]
    next_cursor: str | None
    # The position of the newest item, for /feed/new (null when the feed is empty).
    newest_cursor: str | None


class FeedNewOut(Schema):
    items: list[FeedItemOut]
    # Where to ask from next time.
    newest_cursor: str
    # More new items than `limit`: some between `since` and these were left out, so reload the feed.
    more: bool


# --- JSON -------------------------------------------------------------------------------------------


def excerpt(text: str) -> str:
    """The text on one line, cut at `EXCERPT_GRAPHEMES` characters as a reader counts them."""
    flat = " ".join(text.split())
    characters = GRAPHEME.findall(flat)
    return flat if len(characters) <= EXCERPT_GRAPHEMES else "".join(characters[:EXCERPT_GRAPHEMES]) + "…"


def _voice_items(posts: list[VoicePost], viewer: Member) -> list[dict[str, Any]]:
    return [{"type": "voice", **data} for data in voice_items_json(posts, viewer=viewer)]


def _diary_items(entries: list[DiaryEntry], viewer: Member) -> list[dict[str, Any]]:
    """Entries from the feed's diary source (author, profile and the entry's own photos loaded)."""
    states = iine_states(viewer=viewer, kind=ENTRY_KIND, item_ids=[entry.pk for entry in entries])
    items = []
    for entry in entries:
        photos = []
        for photo in entry.photos.all():
            url = reverse("api:diary_photo", kwargs={"entry_id": entry.pk, "photo_id": photo.pk})
            photos.append(
                {
                    "id": photo.pk,
                    "width": photo.width,
                    "height": photo.height,
                    "url": url,
                    "thumbnail_url": f"{url}?size=thumbnail",
                }
            )
        items.append(
            {
                "type": "diary_entry",
                "id": entry.pk,
                "author": member_summary(entry.author),
                "created": entry.created_at.isoformat(),
                "title": entry.title,
                "excerpt": excerpt(entry.body),
                "audience": entry.audience,
                "comment_count": entry.comment_count,
                "photos": photos,
                "iine": states[entry.pk],
            }
        )
    return items


def _topic_photo_json(photo: TopicPhoto) -> dict[str, Any]:
    url = reverse("api:topic_photo", kwargs={"topic_id": photo.topic_id, "photo_id": photo.pk})
    return {
        "id": photo.pk,
        "width": photo.width,
        "height": photo.height,
        "url": url,
        "thumbnail_url": f"{url}?size=thumbnail",
    }


def _community_topic_items(topics: list[Topic], viewer: Member) -> list[dict[str, Any]]:
    """Topics from the feed's community source (author, profile, community and photos loaded): no query."""
    return [
        {
            "type": "community_topic",
            "id": topic.pk,
            "community": {"id": topic.community.pk, "name": topic.community.name},
            "author": member_summary(topic.author),
            "created": topic.created_at.isoformat(),
            "title": topic.title,
            "excerpt": excerpt(topic.body),
            "is_event": topic.is_event,
            "starts_at": topic.starts_at.isoformat() if topic.starts_at else None,
            "place": topic.place,
            "comment_count": topic.comment_count,
            "photos": [_topic_photo_json(photo) for photo in topic.photos.all()],
        }
        for topic in topics
    ]


# Each feed source's type (`tsunagu.feed.sources.SOURCES`) with its items' JSON, for a page of them at once.
ITEM_JSON: dict[str, Callable[[list[Any], Member], list[dict[str, Any]]]] = {
    "voice": _voice_items,
    "diary_entry": _diary_items,
    "community_topic": _community_topic_items,
}


def feed_items_json(items: list[FeedItem], *, viewer: Member) -> list[dict[str, Any]]:
    """The items as JSON in their order: a fixed number of queries per item type, however many items."""
    by_type: dict[str, list[Any]] = {}
    for item in items:
        by_type.setdefault(item.type, []).append(item.item)
    shown: dict[str, Iterator[dict[str, Any]]] = {
        type_: iter(ITEM_JSON[type_](objects, viewer)) for type_, objects in by_type.items()
    }
    return [next(shown[item.type]) for item in items]


# --- endpoints --------------------------------------------------------------------------------------


@router.get(
    "/feed",
    response=FeedPageOut,
    exclude_unset=True,
    summary=(
        "The news feed: friends' and one's own diary entries and voice posts, and new topics and events of "
        "one's communities, newest first, a page at a time"
    ),
)
def feed(request: HttpRequest, cursor: str | None = None, limit: str | None = None) -> dict[str, Any]:
    me: Member = request.auth  # type: ignore[attr-defined]
    size = limit_clean(limit)
    page = timeline().page(me, cursor=cursor or None, limit=size)
    return {
        "items": feed_items_json(page.items, viewer=me),
        "next_cursor": page.next_cursor,
        "newest_cursor": feed_cursor_encode(page.items[0].key) if page.items and not cursor else None,
    }


@router.get(
    "/feed/new",
    response=FeedNewOut,
    exclude_unset=True,
    summary="Feed items newer than a position (`newest_cursor` of an earlier answer), newest first",
)
def feed_new(request: HttpRequest, since: str, limit: str | None = None) -> dict[str, Any]:
    me: Member = request.auth  # type: ignore[attr-defined]
    size = limit_clean(limit)
    items = timeline().newer(me, since=since, limit=size + 1)
    shown = items[:size]
    return {
        "items": feed_items_json(shown, viewer=me),
        "newest_cursor": feed_cursor_encode(shown[0].key) if shown else since,
        "more": len(items) > size,
    }
