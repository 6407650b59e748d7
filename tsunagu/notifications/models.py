"""Notifications (お知らせ): what happened that concerns a member, stored for their notifications page,
with each member's settings (kinds turned off, the daily e-mail digest).

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
    TOPIC_COMMENT = "topic_comment", _("Comments on community topics")
    # The day before an event one has joined.
    EVENT_REMINDER = "event_reminder", _("Event reminders")


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


class NotificationMute(models.Model):
    """A kind of notification the member turned off: none of that kind is stored for them while this row exists."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_mutes")
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)

    class Meta:
        verbose_name = _("notification kind turned off")
        verbose_name_plural = _("notification kinds turned off")
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="notification_mute_once")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.kind}"


class NotificationDigest(models.Model):
    """The daily e-mail digest of a member's unread notifications (off unless the member turns it on).

    `since` is where the next digest starts: when the member turned it on, then when the last one went
    out. `last_sent_on` (a date in the site's time zone) makes a second run on the same day send nothing.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_digest"
    )
    enabled = models.BooleanField(_("daily e-mail digest"), default=False)
    since = models.DateTimeField(default=timezone.now)
    last_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification digest")
        verbose_name_plural = _("notification digests")
        indexes = [models.Index(fields=["enabled", "last_sent_on"], name="notification_digest_due")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.enabled}"
