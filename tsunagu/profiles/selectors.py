"""Reads of profiles for a viewer: only what the policy lets that viewer see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.profiles.fields import FIELDS, FieldSpec, age_on
from tsunagu.profiles.models import Profile


@dataclass(frozen=True)
class VisibleField:
    spec: FieldSpec
    value: Any
    display: str
    audience: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class VisibleProfile:
    member: Member
    profile: Profile
    is_owner: bool
    introduction: str | None
    avatar_url: str | None
    fields: list[VisibleField]
    relationship: policy.Relationship

    @property
    def nickname(self) -> str:
        return self.member.nickname


def avatar_url(profile: Profile) -> str | None:
    return default_storage.url(profile.avatar) if profile.avatar else None


def audience_json(profile: Profile, prefix: str, is_owner: bool) -> dict[str, Any]:
    """The audience as shown: friend group ids only to the owner (group names and ids are theirs alone)."""
    audience = getattr(profile, f"{prefix}_audience")
    shown: dict[str, Any] = {"audience": audience}
    if is_owner and audience == Audience.FRIEND_GROUP:
        shown["friend_group"] = getattr(profile, f"{prefix}_friend_group_id")
    return shown


def visible_fields(
    profile: Profile, viewer: policy.Viewer, rel: policy.Relationship | None = None
) -> list[VisibleField]:
    """The filled-in fields the viewer may see; a hidden field is left out, not emptied."""
    rel = rel or policy.relationship(viewer, profile.member)
    result: list[VisibleField] = []
    for spec in FIELDS:
        value = getattr(profile, spec.name)
        if value in (None, "") or not rel.allows(
            getattr(profile, spec.audience_attr), getattr(profile, f"{spec.name}_friend_group_id")
        ):
            continue
        shown = audience_json(profile, spec.name, rel.is_owner)
        audience = shown.pop("audience")
        if spec.name != "birthday":
            result.append(VisibleField(spec, value, spec.display(value), audience, shown))
        elif rel.allows(profile.birth_year_audience, profile.birth_year_friend_group_id):
            year = audience_json(profile, "birth_year", rel.is_owner)
            shown.update({f"year_{key}": item for key, item in year.items()}, age=age_on(value, timezone.localdate()))
            result.append(VisibleField(spec, value.isoformat(), f"{value:%Y-%m-%d}", audience, shown))
        else:
            # ISO 8601 / vCard form of a date without its year.
            result.append(VisibleField(spec, f"--{value:%m-%d}", f"{value:%m-%d}", audience, shown))
    return result


def profile_for_viewer(*, viewer: policy.Viewer, member_id: int) -> VisibleProfile:
    member = Member.objects.select_related("profile").filter(pk=member_id).first()
    if member is None:
        raise Http404
    rel = policy.relationship(viewer, member)
    if not rel.member_visible:
        raise Http404
    profile = member.profile
    is_owner = rel.is_owner
    show_introduction = rel.allows(Audience.MEMBERS)
    return VisibleProfile(
        member=member,
        profile=profile,
        is_owner=is_owner,
        introduction=profile.introduction if show_introduction else None,
        avatar_url=avatar_url(profile),
        fields=visible_fields(profile, viewer, rel),
        relationship=rel,
    )
