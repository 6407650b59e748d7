"""Messages as notification targets (お知らせ): shown only while the recipient still has the message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse

from tsunagu.core import policy
from tsunagu.messaging.models import Message, SideState
from tsunagu.messaging.selectors import subject_shown
from tsunagu.messaging.services import TARGET_KIND
from tsunagu.notifications.registry import NotificationTarget, Shown, target_register

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


def messages_kept(recipient: Member) -> QuerySet[Message]:
    """The messages the recipient still has in their inbox or trash, from senders they may still see.

    A message from a member who has since blocked the recipient, or closed their account, stays in the
    box but its notification is not shown: it would name that member.
    """
    messages = Message.objects.filter(
        recipient_id=recipient.pk, recipient_state__in=[SideState.KEPT, SideState.TRASHED]
    )
    return policy.members_visible_to(recipient, messages, member_field="sender")


def messages_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of `ids`, the messages of `messages_kept`, each with how to show it: one query."""
    messages = messages_kept(recipient).filter(pk__in=list(ids))
    return {
        pk: Shown(url=reverse("messaging:detail", kwargs={"message_id": pk}), excerpt=subject_shown(subject))
        for pk, subject in messages.values_list("pk", "subject")
    }


def register() -> None:
    target_register(
        NotificationTarget(
            kind=TARGET_KIND,
            visible=messages_visible,
            visible_ids=lambda recipient: messages_kept(recipient).values("pk"),
        )
    )
