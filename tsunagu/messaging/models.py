"""Private messages (メッセージ): one row per message, with each side's own state, and who may write to a member.

A message is one row shared by its two sides. The sender sees it in their sent box, the recipient in
their inbox; each side moves it to their own trash, restores it, or deletes it for good, and the other
side never notices. The row itself goes once both sides have deleted it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SUBJECT_MAX_LENGTH = 100
BODY_MAX_LENGTH = 10_000


class Box(models.TextChoices):
    """The boxes a member sees their messages in."""

    INBOX = "inbox", _("Inbox")
    SENT = "sent", _("Sent")
    TRASH = "trash", _("Trash")


class SideState(models.TextChoices):
    """Where one side keeps a message: in their inbox or sent box (kept), in their trash, or nowhere (deleted)."""

    KEPT = "kept", _("kept")
    TRASHED = "trashed", _("in the trash")
    DELETED = "deleted", _("deleted")


class Message(models.Model):
    """One message from `sender` to `recipient`. `body_html` is the sanitised rendering of `body`.

    `conversation` is shared by a message and every reply to it (and replies to those), so a thread
    holds together even after some of its messages are gone.
    """

    # The sender's messages are their own content and go with their account; a message the member
    # received from someone who deleted their account therefore disappears from the inbox too.
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent")
    # Null once the recipient deleted their account: the sender keeps their copy, addressed to nobody.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="messages_received"
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    body = models.TextField(_("body"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    in_reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    conversation = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    sender_state = models.CharField(max_length=8, choices=SideState.choices, default=SideState.KEPT)
    recipient_state = models.CharField(max_length=8, choices=SideState.choices, default=SideState.KEPT)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(condition=~models.Q(sender=models.F("recipient")), name="message_not_to_self"),
        ]
        indexes = [
            models.Index(fields=["recipient", "recipient_state", "-created_at", "-id"], name="message_received"),
            models.Index(fields=["sender", "sender_state", "-created_at", "-id"], name="message_sent"),
            models.Index(fields=["conversation", "created_at"], name="message_conversation"),
            # The nav's unread count: a count over this small index, however large the inbox.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True, recipient_state="kept"),
                name="message_unread",
            ),
        ]

    def __str__(self) -> str:
        # Never the subject or the body: operators do not read members' messages (see docs/messages.md).
        return f"{self.sender_id} → {self.recipient_id} #{self.pk}"


class MessagePolicy(models.TextChoices):
    """Who may send a member messages."""

    MEMBERS = "members", _("Any member")
    FRIENDS = "friends", _("Friends only")


class MessageSettings(models.Model):
    """A member's message settings; made the first time they are changed (until then, the defaults)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="message_settings"
    )
    accept_from = models.CharField(
        _("who can send me messages"), max_length=8, choices=MessagePolicy.choices, default=MessagePolicy.MEMBERS
    )

    class Meta:
        verbose_name = _("message settings")
        verbose_name_plural = _("message settings")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.accept_from}"


class MessageSending(models.Model):
    """One message sent, kept for the hour the sending limit looks back on.

    Separate from `Message` so that deleting messages (both sides, for good) does not free the allowance.
    """

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["sender", "sent_at"], name="message_sending_recent")]

    def __str__(self) -> str:
        return f"{self.sender_id} at {self.sent_at:%Y-%m-%d %H:%M}"
