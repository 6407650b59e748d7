"""The privacy policy (DESIGN.md §2): the one place that decides who may see what.

Every read of member content asks here. The friend-based audiences (friends, friends of
friends, friend groups) and blocks are decided by the friendship graph, which arrives with
the friends issue; until then no member is anyone's friend, so those audiences reach the
owner alone, exactly as `only_me` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tsunagu.core.audience import Audience
from tsunagu.core.models import SiteSettings

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tsunagu.accounts.models import Member

    Viewer = Member | AnonymousUser


def is_member(viewer: Viewer) -> bool:
    """A signed-in, active member (anonymous visitors and closed accounts are not)."""
    return bool(viewer.is_authenticated and viewer.is_active)


def effective_audience(audience: str) -> str:
    """`public` behaves as `members` unless the operator allows web-public content."""
    if audience == Audience.PUBLIC and not SiteSettings.load().web_public_allowed:
        return Audience.MEMBERS
    return audience


def can_see_member(viewer: Viewer, member: Member) -> bool:
    """Whether the viewer may know this member exists (see their profile page at all)."""
    if not member.is_active:
        return False
    if is_member(viewer):
        return True
    return SiteSettings.load().web_public_allowed


def audience_allows(viewer: Viewer, *, owner: Member, audience: str) -> bool:
    """Whether an item of `owner`'s with this audience may be shown to `viewer`."""
    if not can_see_member(viewer, owner):
        return False
    if is_member(viewer) and viewer.pk == owner.pk:
        return True
    audience = effective_audience(audience)
    if audience == Audience.PUBLIC:
        return True
    if audience == Audience.MEMBERS:
        return is_member(viewer)
    return False
