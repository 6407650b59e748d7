"""Notifications (お知らせ): what happened that concerns a member, stored for their notifications page.

A notification names its target by kind and id; it is shown only after the target is fetched for the
recipient again through the policy (audiences change after the notification was made), by the target
kind's entry in `tsunagu.notifications.registry`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    FRIEND_REQUEST = "friend_request", _("Friend requests")
    FRIEND_ACCEPTED = "friend_accepted", _("Accepted friend requests")
    DIARY_COMMENT = "diary_comment", _("Comments on diary entries")
    VOICE_REPLY = "voice_reply", _("Replies to voice posts")
    MENTION = "mention", _("Mentions")
    # One notification per item, however many react: the actor is the latest, the rest are counted when shown.
    IINE = "iine", _("イイネ!")
    MESSAGE = "message", _("Messages")
    # One per friend, renewed each year.
    BIRTHDAY = "birthday", _("Friends' birthdays")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target_kind = models.CharField(_("target kind"), max_length=32)
    target_id = models.PositiveBigIntegerField(_("target"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # Tasks can run twice: the second run adds nothing.
            models.UniqueConstraint(fields=["recipient", "kind", "target_kind", "target_id"], name="notification_once")
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="notification_recipient_newest")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
