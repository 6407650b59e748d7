"""Profile endpoints: read a member's profile as the viewer may see it; edit one's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import ConfigDict

from tsunagu.accounts.models import Member
from tsunagu.core.api_auth import ANYONE
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.profiles import services
from tsunagu.profiles.selectors import VisibleProfile, audience_json, avatar_url, profile_for_viewer

router = Router(tags=["profiles"])


def member_summary(member: Member) -> dict[str, Any]:
    """A member as lists show them: `{id, handle, nickname, avatar_url}` (load `profile` with the member)."""
    return {
        "id": member.pk,
        "handle": member.handle,
        "nickname": member.nickname,
        "avatar_url": avatar_url(member.profile),
    }


def profile_json(visible: VisibleProfile) -> dict[str, Any]:
    """A profile in the API's shape; hidden fields and a hidden introduction are absent."""
    data: dict[str, Any] = {
        "id": visible.member.pk,
        "handle": visible.member.handle,
        "nickname": visible.nickname,
        "avatar_url": visible.avatar_url,
    }
    if visible.introduction is not None:
        data["introduction"] = visible.introduction
    fields: dict[str, Any] = {}
    for field in visible.fields:
        fields[field.spec.name] = {"value": field.value, "audience": field.audience, **field.extra}
    data["fields"] = fields
    return data


def own_profile_json(request: HttpRequest) -> dict[str, Any]:
    member = request.auth  # type: ignore[attr-defined]
    data = profile_json(profile_for_viewer(viewer=member, member_id=member.pk))
    data.update(
        email=member.email,
        language=member.language,
        timezone=member.timezone,
        is_operator=member.is_staff,
        date_joined=member.date_joined.isoformat(),
        friend_list=audience_json(member.profile, "friend_list", is_owner=True),
        communities=audience_json(member.profile, "communities", is_owner=True),
    )
    return data


class ProfileChange(Schema):
    model_config = ConfigDict(extra="forbid")

    nickname: Any = None
    introduction: Any = None
    fields: dict[str, Any] | None = None
    friend_list: dict[str, Any] | None = None
    communities: dict[str, Any] | None = None


@router.get("/me", summary="The signed-in member, with their whole profile")
def me(request: HttpRequest) -> dict[str, Any]:
    return own_profile_json(request)


@router.patch("/me/profile", summary="Change one's own profile (only the keys given)")
def me_profile_update(request: HttpRequest, payload: ProfileChange) -> dict[str, Any]:
    services.profile_update(
        member=request.auth,  # type: ignore[attr-defined]
        nickname=payload.nickname,
        introduction=payload.introduction,
        fields=payload.fields,
        friend_list=payload.friend_list,
        communities=payload.communities,
    )
    return own_profile_json(request)


@router.post("/me/avatar", summary="Upload a new avatar (multipart field `avatar`)")
def me_avatar_set(request: HttpRequest, avatar: File[UploadedFile]) -> dict[str, Any]:
    services.avatar_set(member=request.auth, data=avatar.read(settings.AVATAR_MAX_UPLOAD_BYTES + 1))  # type: ignore[attr-defined]
    return own_profile_json(request)


@router.delete("/me/avatar", summary="Remove one's avatar")
def me_avatar_remove(request: HttpRequest) -> dict[str, Any]:
    services.avatar_remove(member=request.auth)  # type: ignore[attr-defined]
    return own_profile_json(request)


@router.get("/members/{member_id}", auth=ANYONE, summary="A member's profile as the viewer may see it")
def member_detail(request: HttpRequest, member_id: int) -> dict[str, Any]:
    visible = profile_for_viewer(viewer=request.auth, member_id=member_id)  # type: ignore[attr-defined]
    footprint_record(owner=visible.member, visitor=request.auth, page=FootprintPage.PROFILE, rel=visible.relationship)  # type: ignore[attr-defined]
    return profile_json(visible)
