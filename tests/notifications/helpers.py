"""Helpers for the notification tests: worlds built through the services, and what a member is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from tsunagu.accounts.models import Member
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.diary.services import diary_comment_create, diary_entry_create
from tsunagu.friends.services import friend_request_accept, friend_request_send
from tsunagu.notifications.models import Notification
from tsunagu.notifications.selectors import NotificationItem, notifications_page, unread_count
from tsunagu.reactions.services import iine_add
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create

Commit = Callable[..., AbstractContextManager[Any]]


class World:
    """Acts as members would, running what waits for the commit (notification tasks) right away."""

    def __init__(self, capture: Commit) -> None:
        self.capture = capture

    def committed(self) -> AbstractContextManager[Any]:
        return self.capture(execute=True)

    def befriend(self, a: Member, b: Member) -> None:
        with self.committed():
            request = friend_request_send(sender=a, recipient_id=b.pk)
            friend_request_accept(recipient=b, request_id=request.pk)

    def entry(self, author: Member, audience: str = "friends", **kwargs: Any) -> DiaryEntry:
        kwargs.setdefault("title", "今日の日記")
        kwargs.setdefault("body", "晴れ。")
        return diary_entry_create(author=author, audience=audience, **kwargs)

    def comment(self, author: Member, on: DiaryEntry, body: str = "コメント") -> DiaryComment:
        with self.committed():
            return diary_comment_create(author=author, entry_id=on.pk, body=body)

    def iine(self, member: Member, kind: str, item_id: int) -> None:
        with self.committed():
            iine_add(member=member, kind=kind, item_id=item_id)

    def voice(self, author: Member, text: str = "今日はいい天気", **kwargs: Any) -> VoicePost:
        with self.committed():
            return voice_post_create(author=author, text=text, **kwargs)


def shown(member: Member, limit: int = 100) -> list[NotificationItem]:
    """Everything on the member's notifications pages, newest first."""
    items: list[NotificationItem] = []
    cursor = None
    while True:
        page = notifications_page(recipient=member, cursor=cursor, limit=limit)
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


def kinds(member: Member) -> list[tuple[str, int | None]]:
    """(kind, actor id) of each notification the member is shown, newest first."""
    return [(item.kind, item.actor.pk if item.actor else None) for item in shown(member)]


def stored(member: Member, kind: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=member)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("-created_at", "-pk"))


def unread(member: Member) -> int:
    return unread_count(recipient=member)


def texts(member: Member) -> Iterator[str]:
    return (item.text for item in shown(member))
