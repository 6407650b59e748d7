"""Writes to profiles: creation with a member, edits with per-field audiences, avatars."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.accounts.models import NICKNAME_MAX_LENGTH, Member
from tsunagu.core.errors import Invalid
from tsunagu.core.images import ImageRejected, image_reencode
from tsunagu.profiles.fields import FIELDS_BY_NAME, FieldError, clean_text, parse_audience, parse_value
from tsunagu.profiles.models import INTRODUCTION_MAX_LENGTH, Profile

AVATAR_BOX = (512, 512)


def profile_create(*, member: Member) -> Profile:
    profile, _created = Profile.objects.get_or_create(member=member)
    return profile


def nickname_clean(raw: Any) -> str:
    """A nickname as stored, or FieldError."""
    if not isinstance(raw, str):
        raise FieldError(_("Enter a nickname."))
    nickname = clean_text(raw, max_length=NICKNAME_MAX_LENGTH)
    if not nickname:
        raise FieldError(_("Enter a nickname."))
    return nickname


@transaction.atomic
def profile_update(
    *,
    member: Member,
    nickname: Any = None,
    introduction: Any = None,
    fields: dict[str, Any] | None = None,
    friend_list: dict[str, Any] | None = None,
    communities: dict[str, Any] | None = None,
) -> Profile:
    """Change what is given and leave the rest; all or nothing, with every error reported at once.

    `fields` maps a field name to `{"value": …, "audience": …}` (either key may be left out);
    the birthday also takes `year_audience`, who may see the year and so the age. An audience of
    `friend_group` comes with `friend_group` (`year_friend_group`): the id of one of the member's groups.
    `friend_list` is `{"audience", "friend_group"?}`: who may see the member's friend list; `communities`
    likewise, who may see the communities the member belongs to.
    """
    profile = Profile.objects.select_for_update().get(member=member)
    errors: dict[str, list[str]] = {}
    new_nickname: str | None = None
    profile_fields: list[str] = []

    if nickname is not None:
        try:
            new_nickname = nickname_clean(nickname)
        except FieldError as error:
            errors["nickname"] = [str(error)]
    if introduction is not None:
        try:
            if not isinstance(introduction, str):
                raise FieldError(_("Enter text."))
            profile.introduction = clean_text(introduction, max_length=INTRODUCTION_MAX_LENGTH, multiline=True)
            profile_fields.append("introduction")
        except FieldError as error:
            errors["introduction"] = [str(error)]

    for name, change in (fields or {}).items():
        spec = FIELDS_BY_NAME.get(name)
        if spec is None:
            errors[f"fields.{name}"] = [_("There is no profile field with this name.")]
            continue
        if not isinstance(change, dict):
            errors[f"fields.{name}"] = [_("Give an object with a value and an audience.")]
            continue
        allowed = {"value", "audience", "friend_group"} | (
            {"year_audience", "year_friend_group"} if name == "birthday" else set()
        )
        unknown = set(change) - allowed
        if unknown:
            errors[f"fields.{name}"] = [_("Unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}]
            continue
        if "value" in change:
            try:
                setattr(profile, spec.name, parse_value(spec, change["value"]))
                profile_fields.append(spec.name)
            except FieldError as error:
                errors[f"fields.{name}.value"] = [str(error)]
        for key, group_key, prefix in (
            ("audience", "friend_group", spec.name),
            ("year_audience", "year_friend_group", "birth_year"),
        ):
            if key in change:
                try:
                    _audience_set(profile, prefix, change[key], change.get(group_key), profile_fields)
                except FieldError as error:
                    errors[f"fields.{name}.{key}"] = [str(error)]

    for prefix, given in (("friend_list", friend_list), ("communities", communities)):
        if given is None:
            continue
        try:
            if not isinstance(given, dict) or "audience" not in given:
                raise FieldError(_("Give an object with an audience."))
            _audience_set(profile, prefix, given["audience"], given.get("friend_group"), profile_fields)
        except FieldError as error:
            errors[f"{prefix}.audience"] = [str(error)]

    if errors:
        raise Invalid(_("Some of the profile could not be saved. Please check the marked fields."), fields=errors)
    if new_nickname is not None:
        # Set only now, so that a refused change leaves the caller's member object as it was.
        member.nickname = new_nickname
        member.save(update_fields=["nickname"])
    profile.save(update_fields=[*profile_fields, "updated_at"])
    return profile


def _audience_set(profile: Profile, prefix: str, raw: Any, group: Any, changed: list[str]) -> None:
    audience, group_id = parse_audience(raw, group, owner=profile.member)
    setattr(profile, f"{prefix}_audience", audience)
    setattr(profile, f"{prefix}_friend_group_id", group_id)
    changed.extend([f"{prefix}_audience", f"{prefix}_friend_group"])


def _storage_delete_on_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def avatar_set(*, member: Member, data: bytes) -> Profile:
    """Re-encode the upload (no EXIF, bounded size) and make it the member's avatar."""
    try:
        image = image_reencode(data, max_bytes=settings.AVATAR_MAX_UPLOAD_BYTES, box=AVATAR_BOX, square=True)
    except ImageRejected as error:
        raise Invalid(str(error), fields={"avatar": [str(error)]}) from None
    profile = Profile.objects.select_for_update().get(member=member)
    old = profile.avatar
    profile.avatar = default_storage.save(
        f"avatars/{secrets.token_urlsafe(16)}.{image.extension}", ContentFile(image.content)
    )
    profile.save(update_fields=["avatar", "updated_at"])
    _storage_delete_on_commit(old)
    return profile


@transaction.atomic
def avatar_remove(*, member: Member) -> Profile:
    profile = Profile.objects.select_for_update().get(member=member)
    old = profile.avatar
    profile.avatar = ""
    profile.save(update_fields=["avatar", "updated_at"])
    _storage_delete_on_commit(old)
    return profile
