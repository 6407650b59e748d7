"""Reading a profile costs a small, fixed number of queries, however full the profile is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import png
from tests.queries import NAV_BADGES
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.core.models import SiteSettings
from tsunagu.profiles.services import avatar_set, profile_update

FULL = {
    "gender": {"value": "male", "audience": "members"},
    "birthday": {"value": "1985-12-01", "audience": "members", "year_audience": "members"},
    "current_prefecture": {"value": "JP-13", "audience": "members"},
    "home_prefecture": {"value": "JP-14", "audience": "members"},
    "school": {"value": "学校", "audience": "members"},
    "workplace": {"value": "会社", "audience": "members"},
    "interests": {"value": "釣り", "audience": "members"},
}


@pytest.fixture
def full_owner(make_member: Callable[..., Member]) -> Member:
    owner = make_member("佐々木")
    profile_update(member=owner, introduction="こんにちは", fields=FULL)
    avatar_set(member=owner, data=png())
    SiteSettings.load()  # the site settings are cached after the first request of a process
    return owner


def test_api_member_detail_queries(
    client: Client, full_owner: Member, other: Member, django_assert_max_num_queries: Any
) -> None:
    """GET /api/v1/members/{id} with a bearer token uses at most 6 queries (token, token touch, member with profile,
    relationship, footprint check and insert)."""
    headers = {"Authorization": f"Bearer {api_token_create(member=other)}"}
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/members/{full_owner.pk}", headers=headers)
    assert response.status_code == 200
    assert len(response.json()["fields"]) == len(FULL)


def test_api_member_detail_queries_with_session(
    client: Client, full_owner: Member, other: Member, django_assert_max_num_queries: Any
) -> None:
    """The same read from a browser session uses at most 6 queries (session, member, member with profile, relationship,
    footprint check and insert)."""
    client.force_login(other)
    with django_assert_max_num_queries(6):
        assert client.get(f"/api/v1/members/{full_owner.pk}").status_code == 200


def test_profile_page_queries(
    client: Client, full_owner: Member, other: Member, django_assert_max_num_queries: Any
) -> None:
    """The HTML profile page for a member who is not a friend uses at most 11 queries and the nav's badges, whatever
    the number of fields: session, viewer, member with profile, relationship, friend requests between the two, the
    viewer's block, the intros, whether the viewer may send a message, the nav's pending count and the footprint
    (check, insert); the friend list, so its count and mutual friends, is not theirs to see."""
    client.force_login(other)
    with django_assert_max_num_queries(11 + NAV_BADGES):
        response = client.get(f"/members/{full_owner.pk}/")
    assert response.status_code == 200
    assert "釣り" in response.content.decode()


def test_own_profile_page_queries(client: Client, full_owner: Member, django_assert_max_num_queries: Any) -> None:
    """The owner's own page costs no more than anyone else's: session, viewer, member with profile, friend count,
    intros and the nav's pending count."""
    client.force_login(full_owner)
    with django_assert_max_num_queries(6 + NAV_BADGES):
        assert client.get(f"/members/{full_owner.pk}/").status_code == 200
