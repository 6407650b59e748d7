"""Footprints cost a fixed, small number of queries: recording one, and the owner's list with 2 or 20 visitors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.friends.test_pages import as_member
from tests.queries import NAV_BADGES
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.core.models import SiteSettings
from tsunagu.footprints import services
from tsunagu.footprints.models import FootprintPage

pytestmark = pytest.mark.django_db


def test_recording_costs_at_most_two_queries(member: Member, other: Member) -> None:
    """Recording is one EXISTS check and one INSERT; a repeat visit is answered from the cache with no query,
    and without the cache (another process, or an evicted key) by the check alone."""
    SiteSettings.load()
    with CaptureQueriesContext(connection) as first:
        assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE) is not None
    with CaptureQueriesContext(connection) as repeat:
        assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE) is None
    assert len(first) == 2
    assert len(repeat) == 0
    cache.clear()
    with CaptureQueriesContext(connection) as uncached:
        assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE) is None
    assert len(uncached) == 2  # the site settings (cache cleared too) and the check


def test_profile_page_extra_queries(member: Member, other: Member, make_member: Callable[..., Member]) -> None:
    """A profile view costs at most 3 more queries than the owner's own view of it, which leaves no footprint."""
    SiteSettings.load()
    owner_client, visitor_client = as_member(member), as_member(other)
    owner_client.get(f"/members/{member.pk}/")
    with CaptureQueriesContext(connection) as mine:
        owner_client.get(f"/members/{member.pk}/")
    with CaptureQueriesContext(connection) as visit:
        assert visitor_client.get(f"/members/{member.pk}/").status_code == 200
    recording = [q for q in visit.captured_queries if "footprint" in q["sql"]]
    assert len(recording) <= 3, recording
    assert len(recording) == 2
    assert len(mine) > 0


def crowd(owner: Member, make_member: Callable[..., Member], n: int) -> None:
    """`owner` visited by n members, each on two days and two pages."""
    now = timezone.now()
    for _ in range(n):
        visitor = make_member()
        for ago in (timedelta(days=1), timedelta(minutes=10)):
            services.footprint_record(owner=owner, visitor=visitor, page=FootprintPage.PROFILE, now=now - ago)
            services.footprint_record(
                owner=owner, visitor=visitor, page=FootprintPage.FRIEND_LIST, now=now - ago + timedelta(minutes=6)
            )


@pytest.mark.parametrize("n", [2, 20])
def test_footprints_page_queries(
    n: int, member: Member, make_member: Callable[..., Member], django_assert_max_num_queries: Any
) -> None:
    """/footprints/: session, viewer, the footprints with visitors and profiles, the total, the nav's pending count."""
    crowd(member, make_member, n)
    SiteSettings.load()
    client = as_member(member)
    with django_assert_max_num_queries(5 + NAV_BADGES):
        response = client.get("/footprints/")
    assert response.content.decode().count('data-date="') == 2 * n


@pytest.mark.parametrize("n", [2, 20])
def test_footprints_api_queries(
    n: int, client: Client, member: Member, make_member: Callable[..., Member], django_assert_max_num_queries: Any
) -> None:
    """GET /api/v1/footprints: token, token touch, the footprints with visitors and profiles, the total."""
    crowd(member, make_member, n)
    SiteSettings.load()
    headers = {"Authorization": f"Bearer {api_token_create(member=member)}"}
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/footprints", headers=headers).json()
    assert len(body["items"]) == 2 * n
    assert body["total"] == 4 * n


def test_footprints_left_page_queries(
    member: Member, make_member: Callable[..., Member], django_assert_max_num_queries: Any
) -> None:
    """/footprints/left/: session, viewer, the footprints with owners, the allowance, the nav's pending count."""
    for _ in range(10):
        services.footprint_record(owner=make_member(), visitor=member, page=FootprintPage.PROFILE)
    SiteSettings.load()
    client = as_member(member)
    with django_assert_max_num_queries(5 + NAV_BADGES):
        response = client.get("/footprints/left/")
    assert response.content.decode().count('data-footprint="') == 10
