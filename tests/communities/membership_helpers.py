"""Building communities and memberships for the community and membership tests, through the services."""

from __future__ import annotations

import io
from itertools import count
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import ExifTags, Image

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Membership, MembershipState, Role
from tsunagu.communities.services import (
    community_create,
    community_join,
    join_request_approve,
    role_offer_accept,
    role_offer_make,
)

_names = count(1)


def new_community(admin: Member, **fields: Any) -> Community:
    """A community `admin` created: open, topics public, every member starts topics, unless told otherwise."""
    fields.setdefault("name", f"コミュニティ{next(_names)}")
    fields.setdefault("description", "みんなで話しましょう。")
    return community_create(creator=admin, **fields)


def joined(member: Member, community: Community) -> Membership:
    """`member` becomes an active member (asking, and the admin approving, where approval is needed)."""
    row = community_join(member=member, community_id=community.pk)
    if row.state == MembershipState.PENDING:
        row = join_request_approve(moderator=admin_of(community), community_id=community.pk, member_id=member.pk)
    return row


def sub_admin(member: Member, community: Community) -> Membership:
    """`member` joins and becomes a sub-admin (offered by the admin, accepted)."""
    joined(member, community)
    role_offer_make(admin=admin_of(community), community_id=community.pk, member_id=member.pk, role=Role.SUB_ADMIN)
    return role_offer_accept(member=member, community_id=community.pk)


def admin_of(community: Community) -> Member:
    return Membership.objects.select_related("member").get(community=community, role=Role.ADMIN).member


def active_count(community: Community) -> int:
    return Membership.objects.filter(community=community, state=MembershipState.ACTIVE).count()


def assert_counted(community: Community) -> None:
    """The stored member count is the number of active members (pending requests do not count)."""
    community.refresh_from_db()
    assert community.member_count == active_count(community)


def jpeg_with_gps(size: tuple[int, int] = (800, 600)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TsunaguCam"
    location = exif.get_ifd(ExifTags.IFD.GPSInfo)
    location[ExifTags.GPS.GPSLatitudeRef] = "N"
    location[ExifTags.GPS.GPSLatitude] = (35.0, 39.0, 31.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def media_files() -> list[str]:
    """Every file under MEDIA_ROOT (the test's own temporary folder), relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []
