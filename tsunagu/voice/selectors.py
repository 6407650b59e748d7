"""Reads of voice for a viewer: every post and reply through the policy (404 when hidden), tags and trending."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.pagination import CursorPage, cursor_decode, cursor_encode, newest_first
from tsunagu.core.text import HASHTAG_MAX_LENGTH, hashtag_normalize
from tsunagu.diary.selectors import id_or_404
from tsunagu.voice.models import VoiceHashtag, VoicePost


def _posts() -> QuerySet[VoicePost]:
    return VoicePost.objects.select_related("author__profile")


def posts_visible(viewer: policy.Viewer) -> QuerySet[VoicePost]:
    """Every post and reply the viewer may see (unordered)."""
    return policy.visible_to(viewer, _posts())


def post_for_viewer(*, viewer: policy.Viewer, post_id: Any) -> VoicePost:
    """The post or reply if the viewer may see it; Http404 otherwise (also for ids that do not exist)."""
    post = posts_visible(viewer).filter(pk=id_or_404(post_id)).first()
    if post is None:
        raise Http404
    return post


def replies_for_viewer(*, viewer: policy.Viewer, post: VoicePost) -> list[VoicePost]:
    """The replies to a post that the viewer may see, oldest first (a conversation reads downwards)."""
    return list(posts_visible(viewer).filter(in_reply_to=post).order_by("created_at", "pk"))


def member_voice_page(
    *, viewer: policy.Viewer, member: Member, cursor: str | None = None, limit: int = 20
) -> CursorPage[VoicePost]:
    """The member's posts (not their replies) that the viewer may see, newest first."""
    return newest_first(
        posts_visible(viewer).filter(author=member, in_reply_to__isnull=True), cursor=cursor, limit=limit
    )


def tag_clean(raw: str) -> str:
    """A tag from a URL in its stored form (a leading # or ＃ is allowed); Http404 if it cannot be a tag."""
    tag = hashtag_normalize(raw.lstrip("#＃"))
    if not tag or len(tag) > HASHTAG_MAX_LENGTH or tag.isdigit():  # #2011 is a year, not a tag
        raise Http404
    return tag


# Tag rows a hashtag page reads at a time: several pages' worth, so that one batch fills a page unless most of
# the tag's posts are hidden from the viewer.
TAG_BATCH = 100


def hashtag_page(
    *, viewer: policy.Viewer, tag: str, cursor: str | None = None, limit: int = 20
) -> CursorPage[VoicePost]:
    """Posts and replies carrying the tag that the viewer may see, newest first (an exact tag, not a search).

    In batches: the tag's rows newest first (`voice_hashtag_newest`; the tag row keeps a copy of its post's
    time), then those of their posts the viewer may see, asked by their ids — until a page is full. Joining the
    tag's every post to the policy instead, PostgreSQL read all 1M posts for a tag on 60,000 of them (0.9 s)
    and SQLite sorted them (0.7 s) (docs/performance.md, explain).
    """
    rows = VoiceHashtag.objects.filter(hashtag__name=tag_clean(tag)).order_by("-created_at", "-post_id")
    position = cursor_decode(cursor) if cursor else None
    found: list[VoicePost] = []
    tagged_at: dict[int, datetime] = {}
    while len(found) <= limit:
        if position:
            moment, pk = position
            rows = rows.filter(Q(created_at__lt=moment) | Q(created_at=moment, post_id__lt=pk))
        batch = list(rows.values_list("created_at", "post_id")[:TAG_BATCH])
        visible = posts_visible(viewer).in_bulk([pk for _, pk in batch]) if batch else {}
        for moment, pk in batch:
            if pk in visible:
                found.append(visible[pk])
                tagged_at[pk] = moment
        if len(batch) < TAG_BATCH:
            break
        position = batch[-1]
    items = found[:limit]
    more = len(found) > limit
    return CursorPage(items=items, next_cursor=cursor_encode(tagged_at[items[-1].pk], items[-1].pk) if more else None)


def trending_audiences(viewer: policy.Viewer) -> list[str]:
    """The audiences trending counts for this viewer: never narrower than every signed-in member.

    So counts reveal nothing of posts shared with friends, groups or only oneself; anonymous visitors
    (where the site is web-public) count public posts only.
    """
    if policy.is_member(viewer):
        return [Audience.PUBLIC, Audience.MEMBERS]
    return [Audience.PUBLIC] if policy.web_public_allowed() else []


def trending(*, viewer: policy.Viewer, limit: int = 10, now: Any = None) -> list[tuple[str, int]]:
    """(tag, posts) over the last `VOICE_TRENDING_HOURS`, most used first; one grouped query on the tag index."""
    since = (now or timezone.now()) - timedelta(hours=settings.VOICE_TRENDING_HOURS)
    rows = (
        VoiceHashtag.objects.filter(
            created_at__gte=since,
            audience__in=trending_audiences(viewer),
            # A reply under a closed account's post is hidden with the post, so it does not count either.
            post__author__is_active=True,
            post__root_author__is_active=True,
        )
        .values("hashtag__name")
        .annotate(posts=Count("pk"))
        .order_by("-posts", "hashtag__name")[:limit]
    )
    return [(row["hashtag__name"], row["posts"]) for row in rows]
