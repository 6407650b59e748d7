"""Site-wide settings the operator changes in the admin (one row)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SITE_SETTINGS_CACHE_KEY = "core:site-settings:v1"


class RegistrationPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone may sign up")
    INVITATION = "invitation", _("Invitation only")
    CLOSED = "closed", _("Closed: no new members")


class SiteSettings(models.Model):
    """The operator's switches. There is exactly one row, with pk 1."""

    registration_policy = models.CharField(
        _("registration policy"),
        max_length=16,
        choices=RegistrationPolicy.choices,
        default=RegistrationPolicy.OPEN,
    )
    web_public_allowed = models.BooleanField(
        _("allow web-public content"),
        default=False,
        help_text=_(
            "When off, content and profile fields marked 'Everyone (web public)' are shown to signed-in members only."
        ),
    )
    friend_limit = models.PositiveIntegerField(
        _("friend limit"),
        default=1000,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    invitation_valid_days = models.PositiveIntegerField(
        _("days an invitation stays valid"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    footprint_retention_days = models.PositiveIntegerField(
        _("days footprints are kept"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    footprint_opt_out_allowed = models.BooleanField(
        _("allow browsing without leaving footprints"),
        default=False,
        help_text=_("When on, members may choose in their footprint settings not to leave footprints."),
    )
    footprint_deletions_per_month = models.PositiveIntegerField(
        _("footprints a member may delete per month"),
        default=10,
        validators=[MaxValueValidator(10_000)],
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row")]

    def __str__(self) -> str:
        return str(_("Site settings"))

    @classmethod
    def load(cls) -> SiteSettings:
        """The current settings, cached; created with defaults on first use."""
        settings = cache.get(SITE_SETTINGS_CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, settings, 60)
        return settings
