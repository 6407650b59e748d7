"""Writes for イイネ!: give one, withdraw it, and drop an item's reactions when the item goes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tsunagu.core.errors import NotFound
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.registry import reactable

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


def _item_for(member: Member, kind: str, item_id: Any) -> Any:
    try:
        return reactable(kind).item_for_viewer(member, item_id)
    except Http404:
        raise NotFound(_("Not found.")) from None


def iine_add(*, member: Member, kind: str, item_id: Any) -> bool:
    """イイネ! the item, if the member may see it (else NotFound); returns False when they already had.

    Reacting twice changes nothing: the unique constraint absorbs a repeat, even two at once. The item's
    author is notified after commit.
    """
    from tsunagu.notifications.tasks import iine_notify

    item = _item_for(member, kind, item_id)
    existing = Reaction.objects.filter(kind=kind, item_id=item.pk, member=member)
    if existing.exists():
        return False
    Reaction.objects.bulk_create([Reaction(kind=kind, item_id=item.pk, member=member)], ignore_conflicts=True)
    transaction.on_commit(lambda: iine_notify.enqueue(kind=kind, item_id=item.pk, reactor_id=member.pk))
    return True


def iine_withdraw(*, member: Member, kind: str, item_id: Any) -> bool:
    """Take back the member's イイネ! (NotFound when they may not see the item); returns whether there was one."""
    item = _item_for(member, kind, item_id)
    deleted, _rows = Reaction.objects.filter(kind=kind, item_id=item.pk, member=member).delete()
    return bool(deleted)


def reactions_delete(*, kind: str, item_ids: Iterable[Any]) -> None:
    """Drop the reactions of items being deleted, and the イイネ! notifications about them (call in the
    deleting transaction)."""
    from tsunagu.notifications.models import Notification, NotificationKind

    ids = list(item_ids)
    Reaction.objects.filter(kind=kind, item_id__in=ids).delete()
    Notification.objects.filter(kind=NotificationKind.IINE, target_kind=kind, target_id__in=ids).delete()
