"""Notification endpoints (お知らせ): the signed-in member's own notifications, marking them read, settings.

Notifications are checked again when read (see `selectors`): one whose target the member can no longer
see is not returned, not counted in `unread`, and cannot be opened.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict

from tsunagu.accounts.models import Member
from tsunagu.core.pagination import limit_clean
from tsunagu.friends.api import MemberSummary
from tsunagu.notifications import selectors, services
from tsunagu.notifications.models import NotificationKind
from tsunagu.notifications.selectors import NotificationItem
from tsunagu.profiles.api import member_summary

router = Router(tags=["notifications"])


class TargetOut(Schema):
    type: str
    id: int
    url: str
    excerpt: str


class NotificationOut(Schema):
    id: int
    kind: str
    actor: MemberSummary | None
    others: int
    target: TargetOut
    text: str
    created: str
    read: bool


class NotificationList(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int


class ReadIn(Schema):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    ids: Any = None
    all: Any = False


class UnreadOut(Schema):
    unread: int


class SettingsOut(Schema):
    kinds: dict[str, bool]
    digest: bool


class SettingsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kinds: Any = None
    digest: Any = None


def _me(request: HttpRequest) -> Member:
    return request.auth  # type: ignore[attr-defined]


def notification_json(item: NotificationItem) -> dict[str, Any]:
    row = item.notification
    return {
        "id": row.pk,
        "kind": row.kind,
        "actor": member_summary(item.actor) if item.actor is not None else None,
        "others": item.others,
        "target": {"type": row.target_kind, "id": row.target_id, "url": item.shown.url, "excerpt": item.shown.excerpt},
        "text": item.text,
        "created": row.created_at.isoformat(),
        "read": item.is_read,
    }


def _settings_json(member: Member) -> dict[str, Any]:
    current = selectors.notification_settings(member=member)
    return {"kinds": {kind: kind not in current.muted for kind in NotificationKind.values}, "digest": current.digest}


@router.get("/notifications", response=NotificationList, summary="The signed-in member's notifications, newest first")
def notification_list(request: HttpRequest, cursor: str | None = None, limit: str | None = None) -> dict[str, Any]:
    """A page may hold fewer than `limit` items when some are no longer shown; follow `next_cursor` until null.

    `unread` counts the unread notifications shown, among the newest 100 unread (so at most 100).
    """
    member = _me(request)
    page = selectors.notifications_page(recipient=member, cursor=cursor or None, limit=limit_clean(limit))
    return {
        "items": [notification_json(item) for item in page.items],
        "next_cursor": page.next_cursor,
        "unread": selectors.unread_count(recipient=member),
    }


@router.post("/notifications/read", response=UnreadOut, summary="Mark notifications read: {ids: [...]} or {all: true}")
def notifications_read(request: HttpRequest, payload: ReadIn) -> dict[str, Any]:
    """Ids that are not the caller's own (or do not exist) are ignored, so the answer reveals nothing of them."""
    member = _me(request)
    services.notifications_read(member=member, ids=payload.ids, everything=payload.all)
    return {"unread": selectors.unread_count(recipient=member)}


@router.get("/notifications/settings", response=SettingsOut, summary="Which kinds are on, and the daily digest")
def notification_settings(request: HttpRequest) -> dict[str, Any]:
    return _settings_json(_me(request))


@router.patch("/notifications/settings", response=SettingsOut, summary="Turn kinds on or off (only those given)")
def notification_settings_update(request: HttpRequest, payload: SettingsIn) -> dict[str, Any]:
    member = _me(request)
    services.notification_settings_update(member=member, kinds=payload.kinds, digest=payload.digest)
    return _settings_json(member)
