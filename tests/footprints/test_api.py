"""The footprints API: its shape, its privacy, and the API views that leave footprints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.footprints import services
from tsunagu.footprints.models import Footprint, FootprintPage
from tsunagu.friends.services import block_create
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db


def auth(member: Member) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(member=member)}"}


def test_shape(client: Client, member: Member, other: Member) -> None:
    """GET /api/v1/footprints answers items per visitor per day and the total."""
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    services.footprint_record(
        owner=member, visitor=other, page=FootprintPage.FRIEND_LIST, now=now - timedelta(minutes=9)
    )
    services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE, now=now)
    body = client.get("/api/v1/footprints", headers=auth(member)).json()
    assert body["total"] == 2
    assert len(body["items"]) == 1
    item = body["items"][0]
    assert item["visitor"] == {"id": other.pk, "handle": other.handle, "nickname": other.nickname, "avatar_url": None}
    assert item["date"] == timezone.localdate(now).isoformat()
    assert item["last_visited_at"] == now.astimezone(UTC).isoformat()
    assert item["pages"] == ["profile", "friend_list"]


def test_only_own_footprints(client: Client, member: Member, other: Member, make_member: Callable[..., Member]) -> None:
    """Each member gets only the visitors to themselves; anonymous callers get 401."""
    services.footprint_record(owner=member, visitor=make_member(), page=FootprintPage.PROFILE)
    assert client.get("/api/v1/footprints", headers=auth(other)).json() == {"items": [], "total": 0}
    assert client.get("/api/v1/footprints").status_code == 401


def test_member_detail_leaves_a_footprint(client: Client, member: Member, other: Member) -> None:
    """GET /api/v1/members/{id} leaves a profile footprint, exactly like the web page."""
    assert client.get(f"/api/v1/members/{member.pk}", headers=auth(other)).status_code == 200
    assert list(Footprint.objects.values_list("owner_id", "visitor_id", "page")) == [(member.pk, other.pk, "profile")]


def test_friend_list_leaves_a_footprint(client: Client, member: Member, other: Member) -> None:
    """GET /api/v1/members/{id}/friends leaves a friend-list footprint."""
    profile_update(member=member, friend_list={"audience": "members"})
    assert client.get(f"/api/v1/members/{member.pk}/friends", headers=auth(other)).status_code == 200
    assert list(Footprint.objects.values_list("page", flat=True)) == ["friend_list"]


def test_api_404_and_blocked_leave_nothing(client: Client, member: Member, other: Member) -> None:
    """A 404 through the API (missing, blocked, hidden friend list) leaves no footprint."""
    headers = auth(other)
    assert client.get("/api/v1/members/999999", headers=headers).status_code == 404
    assert client.get(f"/api/v1/members/{member.pk}/friends", headers=headers).status_code == 404
    block_create(blocker=member, blocked_id=other.pk)
    assert client.get(f"/api/v1/members/{member.pk}", headers=headers).status_code == 404
    assert Footprint.objects.count() == 0
