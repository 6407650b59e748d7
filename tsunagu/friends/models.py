"""The friendship graph: requests, mutual friendships, intros, friend groups and blocks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REQUEST_MESSAGE_MAX_LENGTH = 500
INTRO_MAX_LENGTH = 1000
GROUP_NAME_MAX_LENGTH = 30


class FriendRequest(models.Model):
    """A request to become friends. Declining only hides it from the recipient; the sender never learns."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_requests_sent")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_requests_received"
    )
    message = models.TextField(_("message"), max_length=REQUEST_MESSAGE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("friend request")
        verbose_name_plural = _("friend requests")
        constraints = [
            models.UniqueConstraint(fields=["sender", "recipient"], name="friend_request_once"),
            models.CheckConstraint(condition=~models.Q(sender=models.F("recipient")), name="friend_request_not_self"),
        ]
        indexes = [models.Index(fields=["recipient", "declined_at", "-created_at"], name="friend_request_inbox")]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id}"


class Friendship(models.Model):
    """One direction of a mutual friendship; every friendship is two rows, (a, b) and (b, a).

    Two rows make "the friends of X" a plain indexed lookup, which every policy query needs.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friendships")
    friend = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("friendship")
        verbose_name_plural = _("friendships")
        constraints = [
            models.UniqueConstraint(fields=["member", "friend"], name="friendship_once"),
            models.CheckConstraint(condition=~models.Q(member=models.F("friend")), name="friendship_not_self"),
        ]
        indexes = [models.Index(fields=["friend", "member"], name="friendship_reverse")]

    def __str__(self) -> str:
        return f"{self.member_id} ↔ {self.friend_id}"


class FriendIntro(models.Model):
    """An introduction (紹介文) a friend wrote for a member's profile; the member may hide it."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intros_written")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intros_received")
    body = models.TextField(_("introduction"), max_length=INTRO_MAX_LENGTH)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("friend intro")
        verbose_name_plural = _("friend intros")
        constraints = [models.UniqueConstraint(fields=["author", "subject"], name="friend_intro_once")]

    def __str__(self) -> str:
        return f"{self.author_id} → {self.subject_id}"


class FriendGroup(models.Model):
    """A named group of the owner's friends (仲良し, 同僚, 家族…), usable as an audience. Seen by the owner alone."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_groups")
    name = models.CharField(_("name"), max_length=GROUP_NAME_MAX_LENGTH)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="FriendGroupMembership", related_name="+", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("friend group")
        verbose_name_plural = _("friend groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint("owner", Lower("name"), name="friend_group_name_unique")]

    def __str__(self) -> str:
        return self.name


class FriendGroupMembership(models.Model):
    group = models.ForeignKey(FriendGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_group_memberships"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="friend_group_member_once")]
        indexes = [models.Index(fields=["member", "group"], name="friend_group_by_member")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.member_id}"


class Block(models.Model):
    """アクセスブロック: the blocked member sees nothing of the blocker's and cannot reach them."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="block_reverse")]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"
