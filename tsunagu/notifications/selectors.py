"""Reads of a member's notifications, each checked again at display time in a fixed number of queries.

A stored notification is shown only when:
- its target is one the recipient may still see (its kind's entry in `registry`, one batch per kind);
- its actor is a member the recipient may see and neither has blocked the other — for イイネ!, whose
  actor and count are worked out now from the reactions the recipient may see (withdrawn, hidden or
  blocked reactors do not count; with none left, the notification is not shown).
The page, the badge, the API and the e-mail digest all read through `_shown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.pagination import MAX_LIMIT, cursor_encode, newest_first
from tsunagu.diary.selectors import id_or_404
from tsunagu.friends.models import Block
from tsunagu.notifications import texts
from tsunagu.notifications.models import Notification, NotificationDigest, NotificationKind, NotificationMute
from tsunagu.notifications.registry import TARGETS, Shown, targets_visible
from tsunagu.reactions.models import Reaction

# The badge counts among this many newest unread notifications (shown as "99+" past 99).
UNREAD_SCAN = 100


@dataclass(frozen=True)
class NotificationItem:
    """A notification as its recipient may see it now: the actor (None: a closed account) and, for
    イイネ!, how many others reacted besides the actor."""

    notification: Notification
    actor: Member | None
    shown: Shown
    others: int = 0

    @property
    def pk(self) -> int:
        return self.notification.pk

    @property
    def kind(self) -> str:
        return self.notification.kind

    @property
    def created_at(self) -> datetime:
        return self.notification.created_at

    @property
    def is_read(self) -> bool:
        return self.notification.read_at is not None

    @property
    def text(self) -> str:
        """The sentence in the active language (read when rendered, so e-mails come in the member's language)."""
        return texts.sentence(self)


@dataclass(frozen=True)
class NotificationPage:
    items: list[NotificationItem]
    next_cursor: str | None


def _blocked_by(member_id: Any) -> QuerySet[Any]:
    """Members that `member_id` has blocked."""
    return Block.objects.filter(blocker_id=member_id).values("blocked_id")


def _reactions_shown(recipient: Member) -> QuerySet[Reaction]:
    """Reactions by members the recipient may see and has not blocked, other than the recipient's own."""
    return (
        policy.members_visible_to(recipient, Reaction.objects.all(), member_field="member")
        .exclude(member_id=recipient.pk)
        .exclude(member_id__in=_blocked_by(recipient.pk))
    )


def _iine_groups(recipient: Member, refs: set[tuple[str, Any]]) -> dict[tuple[str, Any], tuple[int, Any]]:
    """For (kind, item id) pairs: (reactors the recipient may see, the newest one's id); one query."""
    which = Q()
    by_kind: dict[str, set[Any]] = {}
    for kind, item_id in refs:
        by_kind.setdefault(kind, set()).add(item_id)
    for kind, ids in by_kind.items():
        which |= Q(kind=kind, item_id__in=sorted(ids))
    newest = (
        _reactions_shown(recipient)
        .filter(kind=OuterRef("kind"), item_id=OuterRef("item_id"))
        .order_by("-created_at", "-pk")
        .values("member_id")[:1]
    )
    rows = (
        _reactions_shown(recipient)
        .filter(which)
        .values("kind", "item_id")
        .annotate(count=Count("pk"), newest=Subquery(newest))
        .values_list("kind", "item_id", "count", "newest")
    )
    return {(kind, item_id): (count, newest_id) for kind, item_id, count, newest_id in rows}


def _shown(recipient: Member, rows: list[Notification]) -> list[NotificationItem]:
    """The rows the recipient may see now, in order, with their actors: a fixed number of queries (one per
    target kind, one for イイネ! counts, one for actors), whatever the number of rows."""
    if not rows:
        return []
    targets = targets_visible(recipient, {(row.target_kind, row.target_id) for row in rows})
    iine_refs = {
        (row.target_kind, row.target_id)
        for row in rows
        if row.kind == NotificationKind.IINE and (row.target_kind, row.target_id) in targets
    }
    groups = _iine_groups(recipient, iine_refs) if iine_refs else {}
    actor_ids = {row.actor_id for row in rows if row.kind != NotificationKind.IINE}
    actor_ids |= {newest for _count, newest in groups.values()}
    seen = {
        member.pk: member
        for member in Member.objects.filter(pk__in=actor_ids)
        .exclude(pk__in=_blocked_by(recipient.pk))
        .exclude(pk__in=policy.blocker_ids(recipient.pk))
        .select_related("profile")
    }
    items = []
    for row in rows:
        ref = (row.target_kind, row.target_id)
        shown = targets.get(ref)
        if shown is None:
            continue
        if row.kind == NotificationKind.IINE:
            if ref not in groups:
                continue
            count, newest = groups[ref]
            if newest in seen:  # else the reactor left between the two queries
                items.append(NotificationItem(notification=row, actor=seen[newest], shown=shown, others=count - 1))
            continue
        actor = seen.get(row.actor_id)
        if actor is None:
            continue  # a block between the two, either way
        items.append(NotificationItem(notification=row, actor=actor if actor.is_active else None, shown=shown))
    return items


def _rows(recipient: Member) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=recipient.pk, kind__in=NotificationKind.values)


def notifications_page(*, recipient: Member, cursor: str | None = None, limit: int = 20) -> NotificationPage:
    """One page of the recipient's notifications, newest first; hidden ones are left out.

    Reads up to twice `limit` rows in one go to fill the page (a page may still come out shorter, never
    at the cost of more queries); the cursor continues after the last row shown or read.
    """
    scanned = newest_first(_rows(recipient), cursor=cursor, limit=min(2 * limit, 2 * MAX_LIMIT))
    items = _shown(recipient, scanned.items)
    if len(items) > limit:
        items = items[:limit]
        return NotificationPage(items=items, next_cursor=cursor_encode(items[-1].created_at, items[-1].pk))
    return NotificationPage(items=items, next_cursor=scanned.next_cursor)


def unread_count(*, recipient: Member) -> int:
    """Unread notifications the recipient may see, among the newest `UNREAD_SCAN` unread ones.

    The same checks as `_shown`, in one query, through the `visible_ids` of the target kinds among the
    unread rows (found by a first, small query); rows of kinds registered without it are checked in a
    batch (a few queries more, only when there are such rows).
    """
    unread = _rows(recipient).filter(read_at__isnull=True).order_by("-created_at", "-pk")
    # Most pages are seen with nothing unread, or unread rows of a kind or two: one small query says which
    # target kinds to check, so the page does not pay for building every kind's visibility subquery.
    kinds = set(unread.values_list("target_kind", flat=True)[:UNREAD_SCAN])
    if not kinds:
        return 0
    newest = Notification.objects.filter(pk__in=unread.values("pk")[:UNREAD_SCAN])
    target_seen = Q(pk__in=[])
    batched = []
    for kind, target in TARGETS.items():
        if kind not in kinds:
            continue
        if target.visible_ids is None:
            batched.append(kind)
        else:
            target_seen |= Q(target_kind=kind, target_id__in=target.visible_ids(recipient))
    reactors_seen = Exists(
        _reactions_shown(recipient).filter(kind=OuterRef("target_kind"), item_id=OuterRef("target_id"))
    )
    actor_seen = ~Q(actor_id__in=_blocked_by(recipient.pk)) & ~Q(actor_id__in=policy.blocker_ids(recipient.pk))
    iine = Q(kind=NotificationKind.IINE)
    counts = newest.aggregate(
        shown=Count("pk", filter=target_seen & ((iine & reactors_seen) | (~iine & actor_seen))),
        batched=Count("pk", filter=Q(target_kind__in=batched)),
    )
    count: int = counts["shown"]
    if counts["batched"]:
        count += len(_shown(recipient, list(newest.filter(target_kind__in=batched))))
    return count


def badge(count: int) -> str:
    """The unread count as the navigation shows it: nothing for none, "99+" past 99."""
    if count <= 0:
        return ""
    return "99+" if count > 99 else str(count)


def notification_for_recipient(*, recipient: Member, notification_id: Any) -> NotificationItem:
    """One of the recipient's own notifications that they may see now; Http404 otherwise."""
    row = _rows(recipient).filter(pk=id_or_404(notification_id)).first()
    shown = _shown(recipient, [row]) if row is not None else []
    if not shown:
        raise Http404
    return shown[0]


def digest_items(*, member: Member, since: datetime, most: int) -> tuple[list[NotificationItem], int]:
    """The digest's notifications: unread, newer than `since`, visible now; newest first, at most `most`,
    with how many there are in all (counted among the newest `UNREAD_SCAN`)."""
    rows = list(
        _rows(member).filter(read_at__isnull=True, created_at__gt=since).order_by("-created_at", "-pk")[:UNREAD_SCAN]
    )
    items = _shown(member, rows)
    return items[:most], len(items)


@dataclass(frozen=True)
class NotificationSettings:
    muted: frozenset[str]
    digest: bool


def notification_settings(*, member: Member) -> NotificationSettings:
    """Which kinds the member turned off, and whether they get the daily digest."""
    muted = frozenset(NotificationMute.objects.filter(member_id=member.pk).values_list("kind", flat=True))
    digest = NotificationDigest.objects.filter(member_id=member.pk, enabled=True).exists()
    return NotificationSettings(muted=muted, digest=digest)
