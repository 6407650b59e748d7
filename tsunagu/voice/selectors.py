"""Reads of voice for a viewer: every post and reply through the policy (404 when hidden), tags and trending."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, QuerySet
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.pagination import CursorPage, newest_first
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


def hashtag_page(
    *, viewer: policy.Viewer, tag: str, cursor: str | None = None, limit: int = 20
) -> CursorPage[VoicePost]:
    """Posts and replies carrying the tag that the viewer may see, newest first (an exact tag, not a search).

    Ordered by the tag row's copy of the post's time (`VoiceHashtag.created_at`), so the database walks the
    tag's rows newest first (`voice_hashtag_newest`) and stops after a page, rather than sorting every post of
    a popular tag (SQLite, 60,000 posts of one tag among 1M: 0.74 s → 0.06 s; docs/performance.md, explain).
    """
    posts = posts_visible(viewer).filter(tag_links__hashtag__name=tag_clean(tag))
    return newest_first(
        posts.annotate(tagged_at=F("tag_links__created_at")), cursor=cursor, limit=limit, time_field="tagged_at"
    )


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
