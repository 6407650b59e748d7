"""Reads of diaries for a viewer: every entry, comment and photo through the policy (404 when hidden)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.pagination import CursorPage, newest_first
from tsunagu.diary.models import CommentedEntry, DiaryComment, DiaryEntry, DiaryPhoto

ID_PATTERN = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True)
class VisibleEntry:
    """An entry the viewer may see, with how the viewer stands to its author (for footprints and buttons)."""

    entry: DiaryEntry
    relationship: policy.Relationship

    @property
    def is_author(self) -> bool:
        return self.relationship.is_owner


def _entries() -> QuerySet[DiaryEntry]:
    return DiaryEntry.objects.select_related("author__profile").prefetch_related(
        Prefetch("photos", queryset=DiaryPhoto.objects.filter(comment__isnull=True))
    )


def id_or_404(raw: Any) -> int:
    """An id from a URL or a request; Http404 for anything that cannot be one (or overflows a database integer)."""
    if isinstance(raw, bool) or not ID_PATTERN.fullmatch(str(raw)):
        raise Http404
    return int(raw)


def entry_for_viewer(*, viewer: policy.Viewer, entry_id: Any) -> VisibleEntry:
    """The entry if the viewer may see it; Http404 otherwise (also for ids that do not exist)."""
    entry = _entries().filter(pk=id_or_404(entry_id)).first()
    if entry is None:
        raise Http404
    rel = policy.relationship(viewer, entry.author)
    if not rel.allows(entry.audience, entry.friend_group_id):
        raise Http404
    return VisibleEntry(entry=entry, relationship=rel)


def diary_owner_for_viewer(*, viewer: policy.Viewer, member_id: Any) -> tuple[Member, policy.Relationship]:
    """The member whose diary is asked for, if the viewer may know they exist; Http404 otherwise."""
    member = Member.objects.select_related("profile").filter(pk=id_or_404(member_id)).first()
    if member is None:
        raise Http404
    rel = policy.relationship(viewer, member)
    if not rel.member_visible:
        raise Http404
    return member, rel


def entries_for_viewer(*, viewer: policy.Viewer, author: Member) -> QuerySet[DiaryEntry]:
    """The author's entries the viewer may see (unordered; callers page them)."""
    return policy.visible_to(viewer, _entries().filter(author=author))


def diary_page(
    *, viewer: policy.Viewer, author: Member, cursor: str | None = None, limit: int = 20
) -> CursorPage[DiaryEntry]:
    """One page of the author's diary as the viewer may see it, newest first."""
    return newest_first(entries_for_viewer(viewer=viewer, author=author), cursor=cursor, limit=limit)


def latest_entries(*, viewer: policy.Viewer, author: Member, limit: int) -> list[DiaryEntry]:
    """The author's newest entries the viewer may see, for the profile's list of titles (their photos not loaded)."""
    return newest_first(
        entries_for_viewer(viewer=viewer, author=author).prefetch_related(None), cursor=None, limit=limit
    ).items


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first instants of the month and of the next, in the current time zone; Http404 for impossible months."""
    if not (1 <= month <= 12 and 1900 <= year <= 9998):
        raise Http404
    zone = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


def month_entries(*, viewer: policy.Viewer, author: Member, year: int, month: int) -> list[DiaryEntry]:
    """The entries of one month (in the viewer's time zone) that the viewer may see, oldest first like a diary."""
    start, end = month_bounds(year, month)
    return list(
        entries_for_viewer(viewer=viewer, author=author)
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "pk")
    )


def months_with_entries(*, viewer: policy.Viewer, author: Member) -> list[tuple[date, int]]:
    """(first day of month, number of entries the viewer may see), newest month first: one query."""
    rows = (
        policy.visible_to(viewer, DiaryEntry.objects.filter(author=author))
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
        .values_list("month", "count")
    )
    return [(timezone.localtime(month).date() if isinstance(month, datetime) else month, n) for month, n in rows]


def adjacent_entries(*, viewer: policy.Viewer, entry: DiaryEntry) -> tuple[DiaryEntry | None, DiaryEntry | None]:
    """The author's previous (older) and next (newer) entries that the viewer may see."""
    mine = policy.visible_to(viewer, DiaryEntry.objects.filter(author_id=entry.author_id)).only(
        "pk", "title", "created_at"
    )
    older = Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk)
    newer = Q(created_at__gt=entry.created_at) | Q(created_at=entry.created_at, pk__gt=entry.pk)
    previous = mine.filter(older).order_by("-created_at", "-pk").first()
    following = mine.filter(newer).order_by("created_at", "pk").first()
    return previous, following


def comments_for_viewer(*, viewer: policy.Viewer, entry: DiaryEntry) -> QuerySet[DiaryComment]:
    """All comments of an entry the viewer may see, by number, with `hidden` set on those the viewer may not read.

    Hidden: written by a member who has blocked the viewer, or whose account is closed. Like deleted
    comments, they keep their number and show no author or text, so numbering has no gaps.
    """
    comments = DiaryComment.objects.filter(entry=entry).select_related("author__profile").order_by("number")
    comments = comments.prefetch_related("photos")
    if policy.is_member(viewer) and viewer.pk is not None:
        blocked = Q(author_id__in=policy.blocker_ids(viewer.pk)) & ~Q(author_id=viewer.pk)
    else:
        blocked = Q(pk__in=[])
    inactive = Exists(Member.objects.filter(pk=OuterRef("author_id"), is_active=False))
    return comments.annotate(hidden=Exists(DiaryComment.objects.filter(Q(pk=OuterRef("pk")) & (blocked | Q(inactive)))))


def comment_readable(comment: DiaryComment) -> bool:
    """Whether a comment from `comments_for_viewer` shows its author and text to the viewer."""
    return not comment.is_deleted and not getattr(comment, "hidden", False) and comment.author_id is not None


def photo_for_viewer(*, viewer: policy.Viewer, entry_id: Any, photo_id: Any) -> DiaryPhoto:
    """A photo of an entry the viewer may see, and (for a comment's photo) of a comment they may read; else 404."""
    visible = entry_for_viewer(viewer=viewer, entry_id=entry_id)
    photo = DiaryPhoto.objects.filter(pk=id_or_404(photo_id), entry=visible.entry).first()
    if photo is None:
        raise Http404
    if photo.comment_id is not None:
        comment = comments_for_viewer(viewer=viewer, entry=visible.entry).filter(pk=photo.comment_id).first()
        if comment is None or not comment_readable(comment):
            raise Http404
    return photo


def commented_entries(*, member: Member) -> QuerySet[CommentedEntry]:
    """「コメントした日記」: entries the member commented on that they may still see, latest comment first.

    Each row has `unread`: how many comments others wrote after the member last read the entry.
    """
    visible = policy.visible_to(member, DiaryEntry.objects.all()).values("pk")
    return (
        CommentedEntry.objects.filter(member=member, entry_id__in=visible)
        .select_related("entry__author__profile")
        .annotate(
            unread=Count(
                "entry__comments",
                filter=Q(entry__comments__number__gt=F("last_read_number"))
                & Q(entry__comments__deleted_at__isnull=True)
                & ~Q(entry__comments__author_id=member.pk),
            )
        )
        .order_by("-entry__last_commented_at", "-pk")
    )
