"""Helpers for the message tests: messages and relationships made through the services."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext, ngettext

from tsunagu.accounts.models import Member
from tsunagu.friends import services as friends
from tsunagu.messaging import services
from tsunagu.messaging.models import Message


def befriend(a: Member, b: Member) -> None:
    """a asks, b accepts: friends, as members become friends."""
    request = friends.friend_request_send(sender=a, recipient_id=b.pk)
    friends.friend_request_accept(recipient=b, request_id=request.pk)


def block(blocker: Member, blocked: Member) -> None:
    friends.block_create(blocker=blocker, blocked_id=blocked.pk)


def close(member: Member) -> None:
    """Close the account (the member can no longer log in and nobody sees them)."""
    Member.objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()


def send(sender: Member, recipient: Member | None = None, **fields: Any) -> Message:
    fields.setdefault("subject", "こんにちは")
    fields.setdefault("body", "お元気ですか。\n今度ごはんに行きましょう。")
    to = recipient.pk if recipient is not None else fields.pop("to", None)
    return services.message_send(sender=sender, to=to, **fields)


def ja(message: str) -> str:
    """The message as a Japanese-speaking member gets it."""
    with translation.override("ja"):
        return gettext(message)


def en(message: str) -> str:
    with translation.override("en"):
        return gettext(message)


def ja_plural(singular: str, plural: str, number: int) -> str:
    with translation.override("ja"):
        return ngettext(singular, plural, number)
