"""When a footprint (あしあと) is recorded, and when it is not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from tests.friends.test_pages import as_member
from tsunagu.accounts.models import Member
from tsunagu.core.errors import Forbidden
from tsunagu.core.services import site_settings_update
from tsunagu.footprints import services
from tsunagu.footprints.models import Footprint, FootprintPage
from tsunagu.friends.services import block_create

pytestmark = pytest.mark.django_db


def prints(owner: Member) -> list[tuple[int, str]]:
    return list(Footprint.objects.filter(owner=owner).order_by("visited_at").values_list("visitor_id", "page"))


def test_profile_visit_leaves_a_footprint(member: Member, other: Member) -> None:
    """A signed-in member viewing another's profile leaves one footprint on it."""
    assert as_member(other).get(f"/members/{member.pk}/").status_code == 200
    assert prints(member) == [(other.pk, "profile")]


def test_friend_list_visit_leaves_a_footprint(member: Member, other: Member) -> None:
    """Viewing another member's friend list leaves a friend-list footprint."""
    from tsunagu.profiles.services import profile_update

    profile_update(member=member, friend_list={"audience": "members"})
    assert as_member(other).get(f"/members/{member.pk}/friends/").status_code == 200
    assert prints(member) == [(other.pk, "friend_list")]


def test_own_page_never(member: Member) -> None:
    """A member viewing their own profile and friend list leaves no footprint."""
    client = as_member(member)
    assert client.get(f"/members/{member.pk}/").status_code == 200
    assert client.get(f"/members/{member.pk}/friends/").status_code == 200
    assert prints(member) == []


def test_anonymous_never(client: Client, member: Member) -> None:
    """An anonymous visitor never leaves a footprint, even where profiles are web-public."""
    site_settings_update(web_public_allowed=True)
    assert client.get(f"/members/{member.pk}/").status_code == 200
    assert services.footprint_record(owner=member, visitor=AnonymousUser(), page=FootprintPage.PROFILE) is None
    assert Footprint.objects.count() == 0


def test_blocked_visitor_never(member: Member, other: Member) -> None:
    """A visitor the owner blocked gets a 404 and leaves nothing, by page or by calling the service directly."""
    block_create(blocker=member, blocked_id=other.pk)
    client = as_member(other)
    assert client.get(f"/members/{member.pk}/").status_code == 404
    assert client.get(f"/members/{member.pk}/friends/").status_code == 404
    assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE) is None
    assert Footprint.objects.count() == 0


def test_404_never(member: Member, other: Member) -> None:
    """A missing member or a friend list the visitor may not see (404) leaves nothing."""
    client = as_member(other)
    assert client.get("/members/999999/").status_code == 404
    assert client.get(f"/members/{member.pk}/friends/").status_code == 404  # friend list is friends-only by default
    assert Footprint.objects.count() == 0


def test_closed_visitor_never(member: Member, other: Member) -> None:
    """An inactive (closed) account leaves no footprint."""
    other.is_active = False
    assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE) is None


def test_repeat_within_five_minutes_is_not_new(member: Member, other: Member) -> None:
    """A second visit within 5 minutes changes nothing; one after 5 minutes is a new footprint."""
    start = timezone.now()
    first = services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE, now=start)
    assert first is not None
    later = start + timedelta(minutes=4, seconds=59)
    assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.FRIEND_LIST, now=later) is None
    assert Footprint.objects.get().visited_at == start
    after = start + timedelta(minutes=5, seconds=1)
    assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE, now=after) is not None
    assert Footprint.objects.count() == 2


def test_repeat_window_through_pages(member: Member, other: Member) -> None:
    """The window holds for real page views too, with the clock patched."""
    client = as_member(other)
    start = timezone.now()
    with mock.patch("tsunagu.footprints.services.timezone.now", return_value=start):
        client.get(f"/members/{member.pk}/")
        client.get(f"/members/{member.pk}/")
    with mock.patch("tsunagu.footprints.services.timezone.now", return_value=start + timedelta(minutes=6)):
        client.get(f"/members/{member.pk}/")
    assert Footprint.objects.count() == 2


def test_window_is_per_owner(member: Member, other: Member, make_member: Callable[..., Member]) -> None:
    """Visiting two different members in a row leaves a footprint on each."""
    third = make_member()
    client = as_member(other)
    client.get(f"/members/{member.pk}/")
    client.get(f"/members/{third.pk}/")
    assert len(prints(member)) == 1 and len(prints(third)) == 1


def test_opt_out_only_when_operator_allows(member: Member, other: Member) -> None:
    """Opting out is refused while the operator forbids it, and honoured while it is allowed."""
    with pytest.raises(Forbidden):
        services.footprint_preference_set(member=other, leave_footprints=False)
    site_settings_update(footprint_opt_out_allowed=True)
    services.footprint_preference_set(member=other, leave_footprints=False)
    assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE) is None
    # The operator switches opting out off again: the stored choice no longer counts.
    site_settings_update(footprint_opt_out_allowed=False)
    assert services.footprint_record(owner=member, visitor=other, page=FootprintPage.PROFILE) is not None


def test_opt_out_form(member: Member, other: Member) -> None:
    """The settings form on /footprints/ appears only when allowed and stops footprints."""
    client = as_member(other)
    assert 'data-form="footprint-preference"' not in client.get("/footprints/").content.decode()
    site_settings_update(footprint_opt_out_allowed=True)
    assert 'data-form="footprint-preference"' in client.get("/footprints/").content.decode()
    assert client.post("/footprints/settings/", {}).status_code == 302
    client.get(f"/members/{member.pk}/")
    assert Footprint.objects.count() == 0
