"""Building communities, members and topics for the topic and event tests, through the services."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from itertools import count
from typing import Any

from django.utils import timezone
from PIL import Image

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Topic
from tsunagu.communities.services import (
    community_create,
    community_join,
    join_request_approve,
    role_offer_accept,
    role_offer_make,
)
from tsunagu.communities.topic_services import event_create, topic_create

_names = count(1)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 10)).save(out, "JPEG")
    return out.getvalue()


def community_of(admin: Member, **settings: Any) -> Community:
    """A community `admin` created (open, topics public, all members start topics unless told otherwise)."""
    return community_create(
        creator=admin, name=settings.pop("name", f"テストコミュ{next(_names)}"), description="説明", **settings
    )


def closed_community(admin: Member, **settings: Any) -> Community:
    """Approval needed, topics for members only."""
    return community_of(admin, join_policy="approval", topics_public=False, **settings)


def join(member: Member, community: Community) -> None:
    """`member` becomes an active member (asking and being approved where the community needs approval)."""
    community_join(member=member, community_id=community.pk)
    if community.join_policy == "approval":
        admin = community.memberships.get(role="admin").member
        join_request_approve(moderator=admin, community_id=community.pk, member_id=member.pk)


def ask_to_join(member: Member, community: Community) -> None:
    """`member` asks to join a community that needs approval, and stays pending."""
    community_join(member=member, community_id=community.pk)


def make_sub_admin(admin: Member, member: Member, community: Community) -> None:
    role_offer_make(admin=admin, community_id=community.pk, member_id=member.pk, role="sub_admin")
    role_offer_accept(member=member, community_id=community.pk)


def members_of(
    community: Community, make_member: Callable[..., Member], n: int, prefix: str = "メンバー"
) -> list[Member]:
    joined = []
    for i in range(n):
        member = make_member(f"{prefix}{i}")
        join(member, community)
        joined.append(member)
    return joined


def a_topic(author: Member, community: Community, **fields: Any) -> Topic:
    return topic_create(
        author=author,
        community_id=community.pk,
        title=fields.pop("title", "トピック"),
        body=fields.pop("body", "本文です"),
        **fields,
    )


def an_event(author: Member, community: Community, **fields: Any) -> Topic:
    """An event a week ahead unless told otherwise."""
    return event_create(
        author=author,
        community_id=community.pk,
        title=fields.pop("title", "オフ会"),
        body=fields.pop("body", "みんなで集まりましょう"),
        place=fields.pop("place", "下北沢の居酒屋"),
        starts_at=fields.pop("starts_at", timezone.now() + timedelta(days=7)),
        **fields,
    )
