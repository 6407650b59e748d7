"""A member's profile: self-introduction, avatar, and fields that each carry an audience."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.core.audience import Audience
from tsunagu.core.prefectures import PREFECTURE_CHOICES

INTRODUCTION_MAX_LENGTH = 5000
TEXT_FIELD_MAX_LENGTH = 100
INTERESTS_MAX_LENGTH = 300


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


def _audience(default: Audience) -> models.CharField:
    return models.CharField(max_length=24, choices=Audience.choices, default=default)


def _friend_group() -> models.ForeignKey:
    """The group an audience of `friend_group` names; if the group is deleted, only the owner sees the field."""
    return models.ForeignKey("friends.FriendGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class Profile(models.Model):
    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    introduction = models.TextField(_("self-introduction"), max_length=INTRODUCTION_MAX_LENGTH, blank=True)
    avatar = models.CharField(max_length=200, blank=True, help_text="Storage name of the re-encoded avatar.")
    updated_at = models.DateTimeField(auto_now=True)

    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    gender_audience = _audience(Audience.FRIENDS)
    gender_friend_group = _friend_group()
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    birthday_audience = _audience(Audience.FRIENDS)
    birthday_friend_group = _friend_group()
    birth_year_audience = _audience(Audience.ONLY_ME)
    birth_year_friend_group = _friend_group()
    current_prefecture = models.CharField(_("current prefecture"), max_length=5, choices=PREFECTURE_CHOICES, blank=True)
    current_prefecture_audience = _audience(Audience.MEMBERS)
    current_prefecture_friend_group = _friend_group()
    home_prefecture = models.CharField(_("home prefecture"), max_length=5, choices=PREFECTURE_CHOICES, blank=True)
    home_prefecture_audience = _audience(Audience.MEMBERS)
    home_prefecture_friend_group = _friend_group()
    school = models.CharField(_("school"), max_length=TEXT_FIELD_MAX_LENGTH, blank=True)
    school_audience = _audience(Audience.FRIENDS)
    school_friend_group = _friend_group()
    workplace = models.CharField(_("workplace"), max_length=TEXT_FIELD_MAX_LENGTH, blank=True)
    workplace_audience = _audience(Audience.FRIENDS)
    workplace_friend_group = _friend_group()
    interests = models.CharField(_("interests"), max_length=INTERESTS_MAX_LENGTH, blank=True)
    interests_audience = _audience(Audience.MEMBERS)
    interests_friend_group = _friend_group()

    friend_list_audience = _audience(Audience.FRIENDS)
    friend_list_friend_group = _friend_group()
    # Who sees the communities the member belongs to (on the profile, and in friends' suggestions).
    communities_audience = _audience(Audience.MEMBERS)
    communities_friend_group = _friend_group()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.member)
