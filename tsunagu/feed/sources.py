"""What the news feed (最新情報) is made of: each source gives the items of a member's friends (and the member's
own) that the member may see, and the new topics and events of their communities. Friendships and community
joins are never sources.

A source's `candidates` is unordered and already filtered by the policy; the timeline store pages it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from tsunagu.core import policy

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


@dataclass(frozen=True)
class FeedSource:
    type: str
    # The member's friends' and own items the member may see, unordered (the store orders and pages them).
    candidates: Callable[[Member], QuerySet[Any]]


def _friends_and_self(member: Member, field: str) -> Q:
    return Q(**{f"{field}__in": policy.friend_ids(member.pk)}) | Q(**{field: member.pk})


def diary_entries(member: Member) -> QuerySet[Any]:
    from tsunagu.diary.models import DiaryEntry, DiaryPhoto

    entries = DiaryEntry.objects.filter(_friends_and_self(member, "author")).select_related("author__profile")
    entries = entries.prefetch_related(Prefetch("photos", queryset=DiaryPhoto.objects.filter(comment__isnull=True)))
    return policy.visible_to(member, entries)


def voice_posts(member: Member) -> QuerySet[Any]:
    from tsunagu.voice.models import VoicePost

    posts = VoicePost.objects.filter(_friends_and_self(member, "author"), in_reply_to__isnull=True)
    return policy.visible_to(member, posts.select_related("author__profile"))


def community_topics(member: Member) -> QuerySet[Any]:
    """New topics and events of the member's communities (see `tsunagu.communities.feed_source`)."""
    from tsunagu.communities.feed_source import feed_topics

    return feed_topics(member)


SOURCES: list[FeedSource] = [
    FeedSource(type="diary_entry", candidates=diary_entries),
    FeedSource(type="voice", candidates=voice_posts),
    FeedSource(type="community_topic", candidates=community_topics),
]


def source(type_: str) -> FeedSource:
    return next(s for s in SOURCES if s.type == type_)
