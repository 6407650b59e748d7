"""Messages as notification targets (お知らせ): shown only while the recipient still has the message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from tsunagu.core import policy
from tsunagu.messaging.models import Message, SideState
from tsunagu.messaging.selectors import subject_shown
from tsunagu.messaging.services import TARGET_KIND
from tsunagu.notifications.registry import NotificationTarget, Shown, target_register

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


def messages_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of `ids`, the messages the recipient still has in their inbox or trash, from senders they may still see.

    A message from a member who has since blocked the recipient, or closed their account, stays in the
    box but its notification is not shown: it would name that member. One query.
    """
    messages = Message.objects.filter(
        pk__in=list(ids),
        recipient_id=recipient.pk,
        recipient_state__in=[SideState.KEPT, SideState.TRASHED],
    )
    messages = policy.members_visible_to(recipient, messages, member_field="sender")
    return {
        pk: Shown(url=reverse("messaging:detail", kwargs={"message_id": pk}), excerpt=subject_shown(subject))
        for pk, subject in messages.values_list("pk", "subject")
    }


def register() -> None:
    target_register(NotificationTarget(kind=TARGET_KIND, visible=messages_visible))
