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

    @property
    def nickname(self) -> str:
        return self.member.nickname


def get_member_for_viewer(*, viewer: policy.Viewer, member_id: int) -> Member:
    """The member with their profile, or 404 when the viewer may not know they exist."""
    member = Member.objects.select_related("profile").filter(pk=member_id).first()
    if member is None or not policy.can_see_member(viewer, member):
        raise Http404
    return member


def avatar_url(profile: Profile) -> str | None:
    return default_storage.url(profile.avatar) if profile.avatar else None


def _birthday(profile: Profile, viewer: policy.Viewer, spec: FieldSpec) -> VisibleField:
    birthday = profile.birthday
    assert birthday is not None
    if policy.audience_allows(viewer, owner=profile.member, audience=profile.birth_year_audience):
        age = age_on(birthday, timezone.localdate())
        return VisibleField(
            spec,
            birthday.isoformat(),
            f"{birthday:%Y-%m-%d}",
            profile.birthday_audience,
            {"year_audience": profile.birth_year_audience, "age": age},
        )
    # ISO 8601 / vCard form of a date without its year.
    return VisibleField(spec, f"--{birthday:%m-%d}", f"{birthday:%m-%d}", profile.birthday_audience)


def visible_fields(profile: Profile, viewer: policy.Viewer) -> list[VisibleField]:
    """The filled-in fields the viewer may see; a hidden field is left out, not emptied."""
    owner = profile.member
    result: list[VisibleField] = []
    for spec in FIELDS:
        value = getattr(profile, spec.name)
        audience = getattr(profile, spec.audience_attr)
        if value in (None, "") or not policy.audience_allows(viewer, owner=owner, audience=audience):
            continue
        if spec.name == "birthday":
            result.append(_birthday(profile, viewer, spec))
        else:
            result.append(VisibleField(spec, value, spec.display(value), audience))
    return result


def profile_for_viewer(*, viewer: policy.Viewer, member_id: int) -> VisibleProfile:
    member = get_member_for_viewer(viewer=viewer, member_id=member_id)
    profile = member.profile
    is_owner = bool(viewer.is_authenticated and viewer.pk == member.pk)
    show_introduction = policy.audience_allows(viewer, owner=member, audience=Audience.MEMBERS)
    return VisibleProfile(
        member=member,
        profile=profile,
        is_owner=is_owner,
        introduction=profile.introduction if show_introduction else None,
        avatar_url=avatar_url(profile),
        fields=visible_fields(profile, viewer),
    )
