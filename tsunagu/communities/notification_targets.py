"""What community notifications point at, checked again for the recipient when shown: topic comments and
topics (events, for reminders).

A topic is shown while the policy lets the recipient read it (its community's `community` audience, its
author not blocking them); a comment while its topic is, and it is neither deleted nor by a member who
blocked the recipient or closed their account. One query per kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Topic, TopicComment
from tsunagu.core import policy
from tsunagu.notifications.registry import NotificationTarget, Shown, excerpt, target_register

TOPIC_KIND = "topic"
COMMENT_KIND = "topic_comment"


def topics_seen(recipient: Member) -> QuerySet[Topic]:
    return policy.visible_to(recipient, Topic.objects.all())


def comments_readable(recipient: Member) -> QuerySet[TopicComment]:
    """The topic comments the recipient may read (unordered)."""
    readable = Q(author_id=recipient.pk) | (
        Q(author__is_active=True) & ~Q(author_id__in=policy.blocker_ids(recipient.pk))
    )
    return (
        TopicComment.objects.filter(topic_id__in=topics_seen(recipient).values("pk"), deleted_at__isnull=True)
        .exclude(author__isnull=True)
        .filter(readable)
    )


def comments_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of these comments, those the recipient may read, linking to the comment on its topic's page."""
    comments = (
        comments_readable(recipient)
        .filter(pk__in=list(ids))
        .values_list("pk", "number", "body", "topic_id", "topic__title")
    )
    return {
        pk: Shown(
            url=f"{reverse('communities:topic', args=[topic_id])}#comment-{number}", excerpt=excerpt(body), title=title
        )
        for pk, number, body, topic_id, title in comments
    }


def _when_and_where(starts_at: Any, place: str) -> str:
    """An event's date and time (in the active time zone and language) and place, for its reminder."""
    if starts_at is None:
        return ""
    when = formats.date_format(timezone.localtime(starts_at), "DATETIME_FORMAT")
    return f"{when} · {place}" if place else when


def topics_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of these topics and events, those the recipient may read; an event shows its date and place."""
    topics = topics_seen(recipient).filter(pk__in=list(ids)).values_list("pk", "title", "body", "starts_at", "place")
    return {
        pk: Shown(
            url=reverse("communities:topic", args=[pk]),
            excerpt=_when_and_where(starts_at, place) if starts_at else excerpt(body),
            title=title,
        )
        for pk, title, body, starts_at, place in topics
    }


def register() -> None:
    target_register(
        NotificationTarget(
            kind=COMMENT_KIND,
            visible=comments_visible,
            visible_ids=lambda recipient: comments_readable(recipient).values("pk"),
        )
    )
    target_register(
        NotificationTarget(
            kind=TOPIC_KIND,
            visible=topics_visible,
            visible_ids=lambda recipient: topics_seen(recipient).values("pk"),
        )
    )
