"""What diary notifications point at, checked again for the recipient when shown: comments and entries.

A comment is shown while the recipient may read it as the entry page would show it: its entry visible to
them, the comment not deleted, its author's account open and not blocking them. One query per kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.diary.reactables import COMMENT_KIND, ENTRY_KIND
from tsunagu.notifications.registry import NotificationTarget, Shown, excerpt, target_register


def comments_readable(recipient: Member) -> QuerySet[DiaryComment]:
    """The comments the recipient may read (unordered)."""
    entries = policy.visible_to(recipient, DiaryEntry.objects.all()).values("pk")
    readable = Q(author_id=recipient.pk) | (
        Q(author__is_active=True) & ~Q(author_id__in=policy.blocker_ids(recipient.pk))
    )
    return (
        DiaryComment.objects.filter(entry_id__in=entries, deleted_at__isnull=True)
        .exclude(author__isnull=True)
        .filter(readable)
    )


def comments_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of these comments, those the recipient may read, linking to the comment on its entry's page."""
    comments = (
        comments_readable(recipient)
        .filter(pk__in=list(ids))
        .values_list("pk", "number", "body", "entry_id", "entry__title")
    )
    return {
        pk: Shown(url=f"{reverse('diary:entry', args=[entry_id])}#comment-{number}", excerpt=excerpt(body), title=title)
        for pk, number, body, entry_id, title in comments
    }


def entries_seen(recipient: Member) -> QuerySet[DiaryEntry]:
    return policy.visible_to(recipient, DiaryEntry.objects.all())


def entries_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of these entries, those the recipient may see."""
    entries = entries_seen(recipient).filter(pk__in=list(ids)).values_list("pk", "title", "body")
    return {
        pk: Shown(url=reverse("diary:entry", args=[pk]), excerpt=excerpt(body), title=title)
        for pk, title, body in entries
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
            kind=ENTRY_KIND,
            visible=entries_visible,
            visible_ids=lambda recipient: entries_seen(recipient).values("pk"),
        )
    )
