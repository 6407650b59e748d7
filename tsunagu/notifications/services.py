"""Writes for notifications: store one per recipient, idempotently."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tsunagu.notifications.models import Notification


def notifications_create(
    *, recipient_ids: Iterable[Any], kind: str, actor_id: Any, target_kind: str, target_id: Any
) -> int:
    """Store a notification for each recipient (never the actor); a repeat adds nothing. Returns how many were new."""
    recipients = sorted({pk for pk in recipient_ids if pk != actor_id})
    already = set(
        Notification.objects.filter(
            recipient_id__in=recipients, kind=kind, target_kind=target_kind, target_id=target_id
        ).values_list("recipient_id", flat=True)
    )
    new = [
        Notification(recipient_id=pk, kind=kind, actor_id=actor_id, target_kind=target_kind, target_id=target_id)
        for pk in recipients
        if pk not in already
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
