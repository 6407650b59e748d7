"""Footprints (あしあと): who came by a member's pages, kept for the operator's retention period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FootprintPage(models.TextChoices):
    PROFILE = "profile", _("profile")
    FRIEND_LIST = "friend_list", _("friend list")
    DIARY_LIST = "diary_list", _("diary list")
    DIARY_ENTRY = "diary_entry", _("diary entry")


class Footprint(models.Model):
    """One recorded visit of `visitor` to one of `owner`'s pages."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="footprints")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="footprints_left")
    page = models.CharField(_("page"), max_length=16, choices=FootprintPage.choices)
    visited_at = models.DateTimeField(_("visited at"), default=timezone.now)

    class Meta:
        verbose_name = _("footprint")
        verbose_name_plural = _("footprints")
        indexes = [
            models.Index(fields=["owner", "-visited_at"], name="footprint_owner_newest"),
            models.Index(fields=["visitor", "owner", "-visited_at"], name="footprint_visitor_latest"),
            models.Index(fields=["visited_at"], name="footprint_visited_at"),
        ]

    def __str__(self) -> str:
        return f"{self.visitor_id} → {self.owner_id} ({self.page})"


class FootprintTotal(models.Model):
    """Visits a member received whose rows are gone (pruned, or deleted by their visitor).

    The member's visitor total is this count plus their stored footprints, so recording a visit is a
    single INSERT, and pruning moves rows into this count (F() update, in the same transaction).
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="footprint_total"
    )
    count = models.PositiveBigIntegerField(_("visits no longer stored"), default=0)

    class Meta:
        verbose_name = _("footprint total")
        verbose_name_plural = _("footprint totals")

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.count}"


class FootprintPreference(models.Model):
    """A member's footprint settings (honoured only while the operator allows opting out)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="footprint_preference"
    )
    leave_footprints = models.BooleanField(_("leave footprints"), default=True)

    class Meta:
        verbose_name = _("footprint preference")
        verbose_name_plural = _("footprint preferences")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.leave_footprints}"


class FootprintDeletion(models.Model):
    """A member deleted a footprint they left; counted against the operator's monthly allowance."""

    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="footprint_deletions")
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("footprint deletion")
        verbose_name_plural = _("footprint deletions")
        indexes = [models.Index(fields=["visitor", "deleted_at"], name="footprint_deletion_month")]

    def __str__(self) -> str:
        return f"{self.visitor_id} at {self.deleted_at}"
