"""イイネ! reactions: one click on any reactable item (diary entries and comments now; voice and topics later)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reaction(models.Model):
    """`member` said イイネ! to the item `item_id` of kind `kind` (a key of `registry.REACTABLES`).

    Items are named by kind and id rather than a foreign key so that every kind of content shares one
    table and one set of rules; the service that deletes an item deletes its reactions with it.
    """

    kind = models.CharField(_("kind"), max_length=32)
    item_id = models.PositiveBigIntegerField(_("item"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("like (イイネ!)")
        verbose_name_plural = _("likes (イイネ!)")
        constraints = [models.UniqueConstraint(fields=["kind", "item_id", "member"], name="reaction_once_per_member")]
        indexes = [models.Index(fields=["kind", "item_id", "-created_at"], name="reaction_item_newest")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.kind}:{self.item_id}"
