"""Members (メンバー), the invitations (招待) they send, and their API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _

NICKNAME_MAX_LENGTH = 40


class Language(models.TextChoices):
    JAPANESE = "ja", "日本語"
    ENGLISH = "en", "English"


class MemberManager(BaseUserManager["Member"]):
    """Used by Django's own commands (createsuperuser); the product signs up through services."""

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Member:
        from tsunagu.accounts.handles import handle_derive

        email = self.normalize_email(email).lower()
        fields.setdefault("handle", handle_derive(email))
        member = self.model(email=email, **fields)
        member.set_password(password)
        member.save(using=self._db)
        from tsunagu.profiles.services import profile_create

        profile_create(member=member)
        return member

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Member:
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("nickname", email.split("@")[0][:NICKNAME_MAX_LENGTH])
        return self.create_user(email, password, **fields)


class Member(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Operators are members with `is_staff`."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    nickname = models.CharField(_("nickname"), max_length=NICKNAME_MAX_LENGTH)
    # Lower-case a–z, 0–9 and _ (see accounts.handles); unique, used in @mentions.
    handle = models.CharField(_("handle"), max_length=20, unique=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.JAPANESE)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Tokyo")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("operator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=django_timezone.now)

    objects: ClassVar[MemberManager] = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nickname"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(Lower("email"), name="member_email_unique_ci")]

    def __str__(self) -> str:
        return self.nickname


class Invitation(models.Model):
    """An invitation from a member, sent as a link or by e-mail; used at most once."""

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent", verbose_name=_("inviter")
    )
    code = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("invited e-mail address"), blank=True)
    created_at = models.DateTimeField(_("created"), default=django_timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation_used",
        verbose_name=_("used by"),
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.inviter} → {self.email or self.code[:8]}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > django_timezone.now()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=django_timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.member} ({self.created_at:%Y-%m-%d})"
