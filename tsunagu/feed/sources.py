"""What the news feed (最新情報) is made of: each source gives the items of a member's friends (and the member's
own) that the member may see, and the new topics and events of their communities. Friendships and community
joins are never sources.

A source's `candidates` is unordered and already filtered by the policy; the timeline store pages it.
Its `readers` are the inverse, for stores that fan out on write: the members in whose feed an item may
appear (a superset — the policy has the last word when the feed is read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from tsunagu.core import policy

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

Relations = dict[Any, policy.Relationship]


@dataclass(frozen=True)
class FeedSource:
    type: str
    # "app_label.ModelName" of the items.
    model: str
    # The member's friends' and own items the member may see, unordered (the store orders and pages them).
    candidates: Callable[[Member], QuerySet[Any]]
    # For a fan-out store's short list of kept ids, the same rules as `candidates` in two steps: `load` the
    # items with these ids (as `candidates` loads them, with what it can check in SQL cheaply), then `keep`
    # those the member's feed shows, given how the member stands to their authors (`policy.relationships`,
    # fetched once for the items of every source on a page).
    load: Callable[[Member, list[int]], list[Any]]
    keep: Callable[[Member, list[Any], Relations], list[Any]]
    # The ids of the members whose feed may show an item (for diary entries and voice posts: the author and
    # their friends whatever the audience, so that an audience widened later reaches them too).
    readers: Callable[[Any], list[int]]
    # What the feed shows of a page's items besides their rows (their photos), fetched for all of them at once.
    attach: Callable[[list[Any]], None]


def _friends_and_self(member: Member, field: str) -> Q:
    return Q(**{f"{field}__in": policy.friend_ids(member.pk)}) | Q(**{field: member.pk})


def diary_entries(member: Member) -> QuerySet[Any]:
    from tsunagu.diary.models import DiaryEntry

    entries = DiaryEntry.objects.filter(_friends_and_self(member, "author")).select_related("author__profile")
    return policy.visible_to(member, entries)


def voice_posts(member: Member) -> QuerySet[Any]:
    from tsunagu.voice.models import VoicePost

    posts = VoicePost.objects.filter(_friends_and_self(member, "author"), in_reply_to__isnull=True)
    return policy.visible_to(member, posts.select_related("author__profile"))


def _of_friends_and_self(member: Member, items: list[Any], relations: Relations) -> list[Any]:
    """The items by the member or their friends that the member may see."""
    items = [item for item in items if relations[item.author_id].is_friend or relations[item.author_id].is_owner]
    return policy.visible_items(member, items, relations=relations)


def diary_entries_load(member: Member, ids: list[int]) -> list[Any]:
    from tsunagu.diary.models import DiaryEntry

    return list(DiaryEntry.objects.filter(pk__in=ids).select_related("author__profile"))


def diary_entries_attach(entries: list[Any]) -> None:
    """The entries' own photos (not their comments'), in one query."""
    from tsunagu.diary.models import DiaryPhoto

    prefetch_related_objects(entries, Prefetch("photos", queryset=DiaryPhoto.objects.filter(comment__isnull=True)))


def voice_posts_load(member: Member, ids: list[int]) -> list[Any]:
    from tsunagu.voice.models import VoicePost

    return list(VoicePost.objects.filter(pk__in=ids, in_reply_to__isnull=True).select_related("author__profile"))


def nothing_to_attach(items: list[Any]) -> None:
    """A voice post carries its photo in its row; its tags are the serialiser's."""


def author_and_friends(item: Any) -> list[int]:
    """Readers of a diary entry or voice post: its author and the author's friends."""
    return [item.author_id, *policy.friend_ids(item.author_id).values_list("friend_id", flat=True)]


def community_topics(member: Member) -> QuerySet[Any]:
    """New topics and events of the member's communities (see `tsunagu.communities.feed_source`)."""
    from tsunagu.communities.feed_source import feed_topics

    return feed_topics(member)


def community_topics_load(member: Member, ids: list[int]) -> list[Any]:
    from tsunagu.communities.feed_source import feed_topics_load

    return feed_topics_load(member, ids)


def _visible(member: Member, items: list[Any], relations: Relations) -> list[Any]:
    return policy.visible_items(member, items, relations=relations)


def community_topics_attach(topics: list[Any]) -> None:
    from tsunagu.communities.feed_source import feed_topics_attach

    feed_topics_attach(topics)


def community_readers(topic: Any) -> list[int]:
    from tsunagu.communities.feed_source import feed_readers

    return feed_readers(topic)


SOURCES: list[FeedSource] = [
    FeedSource(
        "diary_entry",
        "diary.DiaryEntry",
        diary_entries,
        diary_entries_load,
        _of_friends_and_self,
        author_and_friends,
        diary_entries_attach,
    ),
    FeedSource(
        "voice",
        "voice.VoicePost",
        voice_posts,
        voice_posts_load,
        _of_friends_and_self,
        author_and_friends,
        nothing_to_attach,
    ),
    FeedSource(
        "community_topic",
        "communities.Topic",
        community_topics,
        community_topics_load,
        _visible,
        community_readers,
        community_topics_attach,
    ),
]


def source(type_: str) -> FeedSource:
    return next(s for s in SOURCES if s.type == type_)
