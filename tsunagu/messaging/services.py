"""Writes for messages: sending (who may write to whom, and how often), read state, trash and delete, settings.

Each side of a message has its own state (kept, in the trash, deleted for good); a change by one side
never touches the other's. The row is deleted once both sides have deleted it for good (or the sender
has, when the recipient's account is gone). Every refusal is raised before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError, TooManyRequests
from tsunagu.core.text import plain_text_html
from tsunagu.diary.selectors import id_or_404
from tsunagu.messaging import selectors
from tsunagu.messaging.models import (
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Message,
    MessagePolicy,
    MessageSending,
    MessageSettings,
    SideState,
)
from tsunagu.messaging.selectors import Refusal
from tsunagu.profiles.fields import FieldError, clean_text

TARGET_KIND = "message"
# How many messages a member may send in `SEND_WINDOW`: plenty for people, a wall for a spammer's script.
SEND_LIMIT = 30
SEND_WINDOW = timedelta(hours=1)


def _text(
    raw: Any, *, max_length: int, multiline: bool, field: str, required: bool, errors: dict[str, list[str]]
) -> str:
    """A text field, cleaned; records a message in `errors` instead of raising."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        errors[field] = [_("Enter text.")]
        return ""
    try:
        value = clean_text(raw, max_length=max_length, multiline=multiline)
    except FieldError as error:
        errors[field] = [str(error)]
        return ""
    if required and not value:
        errors[field] = [_("This field is required.")]
    return value


def _id(raw: Any) -> int:
    """An id from a request, or 0 (which matches nothing) for anything that cannot be one."""
    try:
        return id_or_404(raw)
    except Http404:
        return 0


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _member_not_found() -> NotFound:
    message = _("There is no such member.")
    return NotFound(message, fields={"to": [message]})


def _message_not_found(field: str | None = None) -> NotFound:
    message = _("That message does not exist.")
    return NotFound(message, fields={field: [message]} if field else None)


def _reply_parent(sender: Member, raw: Any) -> Message:
    """The message a reply answers: one in the sender's own mailbox (received or sent, not deleted for good)."""
    try:
        return selectors.message_for_member(member=sender, message_id=raw).message
    except Http404:
        raise _message_not_found("in_reply_to") from None


def refusal_error(addressee: selectors.Addressee) -> ServiceError | None:
    """The error that refuses sending to this member, if any (pages show its message in place of the form)."""
    if addressee.refusal == Refusal.SELF:
        message = _("You cannot send a message to yourself.")
        return Invalid(message, fields={"to": [message]}, code="self")
    if addressee.refusal == Refusal.BLOCKED:
        return Conflict(_("You have blocked this member. Unblock them first."), code="blocked")
    if addressee.refusal == Refusal.FRIENDS_ONLY:
        return Forbidden(
            _("%(name)s accepts messages from friends only.") % {"name": addressee.member.nickname},
            code="friends_only",
        )
    return None


def message_send(*, sender: Member, to: Any = None, subject: Any = "", body: Any, in_reply_to: Any = None) -> Message:
    """Send a message; nothing is stored unless the recipient may be written to and every field is valid.

    A reply (`in_reply_to`) answers a message in the sender's own mailbox and goes to the other member of
    that message; `to` may then be left out, and if given must be that member. The recipient is notified
    once the message is committed.
    """
    from tsunagu.messaging.tasks import message_notify

    errors: dict[str, list[str]] = {}
    subject = _text(
        subject, max_length=SUBJECT_MAX_LENGTH, multiline=False, field="subject", required=False, errors=errors
    )
    body = _text(body, max_length=BODY_MAX_LENGTH, multiline=True, field="body", required=True, errors=errors)
    parent = None
    if not _blank(in_reply_to):
        parent = _reply_parent(sender, in_reply_to)
        other_id = parent.recipient_id if parent.sender_id == sender.pk else parent.sender_id
        if other_id is None:  # the other member's account is gone
            raise _member_not_found()
        if not _blank(to) and _id(to) != other_id:
            errors["to"] = [_("A reply goes to the other member of the message it answers.")]
        to = other_id
    if _blank(to):
        errors["to"] = [_("Choose who to send the message to.")]
        recipient = None
    else:
        try:
            addressee = selectors.addressee_for(sender=sender, member_id=to)
        except Http404:
            raise _member_not_found() from None
        refusal = refusal_error(addressee)
        if refusal is not None:
            raise refusal
        recipient = addressee.member
    if errors or recipient is None:
        raise Invalid(_("Please check the marked fields."), fields=errors)
    with transaction.atomic():
        now = timezone.now()
        # Sends by one member queue on their row, so two at once cannot both slip under the limit.
        Member.objects.select_for_update().filter(pk=sender.pk).first()
        recent = MessageSending.objects.filter(sender=sender, sent_at__gt=now - SEND_WINDOW)
        if recent.count() >= SEND_LIMIT:
            raise TooManyRequests(
                ngettext(
                    "You can send at most %(count)d message an hour. Please wait a while and try again.",
                    "You can send at most %(count)d messages an hour. Please wait a while and try again.",
                    SEND_LIMIT,
                )
                % {"count": SEND_LIMIT}
            )
        MessageSending.objects.filter(sender=sender, sent_at__lte=now - SEND_WINDOW).delete()
        message = Message.objects.create(
            sender=sender,
            recipient=recipient,
            subject=subject,
            body=body,
            body_html=plain_text_html(body),
            in_reply_to=parent,
            **({"conversation": parent.conversation} if parent else {}),
            created_at=now,
        )
        MessageSending.objects.create(sender=sender, sent_at=now)
        transaction.on_commit(lambda: message_notify.enqueue(message_id=message.pk))
    return message


def messages_send_to_members(*, sender: Member, recipient_ids: Iterable[Any], subject: Any, body: Any) -> list[Message]:
    """Send one message to many members at once, for a sender whose right to write comes from elsewhere (a
    community's admins writing to its members: joining is consent to their messages).

    Blocks on either side always stop it, and closed accounts get nothing; the recipients' "friends only"
    setting and the sender's hourly limit do not apply: the caller decides who may be written to, and how
    often. `recipient_ids` may be a query of ids (a subquery, for communities of any size). Subject and body are
    checked as for `message_send`; each recipient is notified after commit.
    """
    from tsunagu.friends.models import Block
    from tsunagu.messaging.tasks import message_notify

    errors: dict[str, list[str]] = {}
    subject = _text(
        subject, max_length=SUBJECT_MAX_LENGTH, multiline=False, field="subject", required=False, errors=errors
    )
    body = _text(body, max_length=BODY_MAX_LENGTH, multiline=True, field="body", required=True, errors=errors)
    if errors:
        raise Invalid(_("Please check the marked fields."), fields=errors)
    recipients = (
        policy.members_visible_to(sender, Member.objects.filter(pk__in=recipient_ids))
        .exclude(pk=sender.pk)
        .exclude(pk__in=Block.objects.filter(blocker_id=sender.pk).values("blocked_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        now = timezone.now()
        html = plain_text_html(body)
        messages = Message.objects.bulk_create(
            [
                Message(sender=sender, recipient_id=pk, subject=subject, body=body, body_html=html, created_at=now)
                for pk in recipients
            ]
        )
        ids = [message.pk for message in messages]

        def notify() -> None:
            for pk in ids:
                message_notify.enqueue(message_id=pk)

        transaction.on_commit(notify)
    return messages


def message_notify(*, message_id: Any) -> int:
    """Store the recipient's notification of a new message, if they still have it; idempotent."""
    from tsunagu.notifications.models import NotificationKind
    from tsunagu.notifications.services import notifications_create

    message = (
        Message.objects.filter(pk=message_id, recipient__isnull=False)
        .exclude(recipient_state=SideState.DELETED)
        .only("pk", "sender_id", "recipient_id")
        .first()
    )
    if message is None:
        return 0
    return notifications_create(
        recipient_ids=[message.recipient_id],
        kind=NotificationKind.MESSAGE,
        actor_id=message.sender_id,
        target_kind=TARGET_KIND,
        target_id=message.pk,
    )


def message_read(*, member: Member, message: Message) -> None:
    """The recipient has opened the message: it is no longer unread (the sender's view does not change it)."""
    if message.recipient_id == member.pk and message.read_at is None:
        now = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        message.read_at = now


# --- trash, restore, delete for good -----------------------------------------------------------------


def _own(member: Member, message_id: Any) -> tuple[Message, str]:
    """A message in the member's mailbox, locked, and the name of the member's side's state field."""
    message = Message.objects.select_for_update().filter(selectors.mailbox_q(member), pk=_id(message_id)).first()
    if message is None:
        raise _message_not_found()
    return message, "sender_state" if message.sender_id == member.pk else "recipient_state"


def _state_set(message: Message, field: str, state: str) -> None:
    setattr(message, field, state)
    message.save(update_fields=[field])


def message_trash(*, member: Member, message_id: Any) -> Message:
    """Move a message to one's own trash (one already there stays)."""
    with transaction.atomic():
        message, field = _own(member, message_id)
        if getattr(message, field) == SideState.KEPT:
            _state_set(message, field, SideState.TRASHED)
    return message


def message_restore(*, member: Member, message_id: Any) -> Message:
    """Take a message out of one's trash, back to the inbox or the sent box (one not in the trash stays)."""
    with transaction.atomic():
        message, field = _own(member, message_id)
        if getattr(message, field) == SideState.TRASHED:
            _state_set(message, field, SideState.KEPT)
    return message


def message_delete_for_good(*, member: Member, message_id: Any) -> None:
    """Delete a message in one's trash for oneself; the row goes once the other side has deleted it too."""
    from tsunagu.notifications.models import Notification

    with transaction.atomic():
        message, field = _own(member, message_id)
        if getattr(message, field) != SideState.TRASHED:
            raise Conflict(
                _("Only messages in the trash can be deleted for good. Move it to the trash first."),
                code="not_in_trash",
            )
        if field == "recipient_state":
            # Only the recipient is notified of a message.
            Notification.objects.filter(target_kind=TARGET_KIND, target_id=message.pk).delete()
        other = message.recipient_state if field == "sender_state" else message.sender_state
        if other == SideState.DELETED or message.recipient_id is None:
            Notification.objects.filter(target_kind=TARGET_KIND, target_id=message.pk).delete()
            message.delete()
        else:
            _state_set(message, field, SideState.DELETED)


def message_remove(*, member: Member, message_id: Any) -> str:
    """DELETE in the API: a kept message goes to the trash, one in the trash is deleted for good. The new state."""
    with transaction.atomic():
        message, field = _own(member, message_id)
        if getattr(message, field) == SideState.TRASHED:
            message_delete_for_good(member=member, message_id=message.pk)
            return SideState.DELETED
        _state_set(message, field, SideState.TRASHED)
        return SideState.TRASHED


# --- settings ----------------------------------------------------------------------------------------


def message_settings_update(*, member: Member, accept_from: Any) -> MessageSettings:
    """Choose who may send one messages: any member, or friends only."""
    if accept_from not in MessagePolicy.values:
        message = _("Choose one of the offered values.")
        raise Invalid(_("Please check the marked fields."), fields={"accept_from": [message]})
    found, _created = MessageSettings.objects.update_or_create(member=member, defaults={"accept_from": accept_from})
    return found
