"""The footprints pages: per visitor per day, only one's own, totals, and deleting footprints one left."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.friends.test_pages import as_member
from tsunagu.accounts.models import Member
from tsunagu.core.errors import TooManyRequests
from tsunagu.core.services import site_settings_update
from tsunagu.footprints import selectors, services
from tsunagu.footprints.models import Footprint, FootprintPage
from tsunagu.footprints.tasks import footprints_prune
from tsunagu.friends.services import block_create

pytestmark = pytest.mark.django_db


def visit(owner: Member, visitor: Member, page: str = FootprintPage.PROFILE, *, ago: timedelta) -> None:
    assert services.footprint_record(owner=owner, visitor=visitor, page=page, now=timezone.now() - ago) is not None


def test_one_line_per_visitor_per_day_newest_first(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """Visits group per visitor per (local) day, newest first, with the latest time and every page visited that day."""
    third = make_member()
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    for visitor, page, at in [
        (other, FootprintPage.PROFILE, noon - timedelta(days=1)),
        (other, FootprintPage.FRIEND_LIST, noon - timedelta(hours=2)),
        (other, FootprintPage.PROFILE, noon - timedelta(hours=1)),
        (third, FootprintPage.PROFILE, noon),
    ]:
        assert services.footprint_record(owner=member, visitor=visitor, page=page, now=at) is not None
    days = selectors.footprint_days(owner=member)
    assert [(d.visitor.pk, d.date, d.pages) for d in days] == [
        (third.pk, noon.date(), ["profile"]),
        (other.pk, noon.date(), ["profile", "friend_list"]),
        (other.pk, noon.date() - timedelta(days=1), ["profile"]),
    ]
    assert days[1].last_visited_at == noon - timedelta(hours=1)


def test_page_shows_visitors_and_total(member: Member, other: Member) -> None:
    """/footprints/ lists the visitor with what they visited, and the total visit count."""
    visit(member, other, ago=timedelta(minutes=1))
    page = as_member(member).get("/footprints/").content.decode()
    assert f'data-member="{other.pk}"' in page
    assert 'data-pages="profile"' in page
    assert 'data-footprint-total="1"' in page


def test_only_the_owner_sees_their_footprints(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """Another member's /footprints/ shows their own visitors, never someone else's."""
    third = make_member()
    visit(member, third, ago=timedelta(minutes=1))
    page = as_member(other).get("/footprints/").content.decode()
    assert f'data-member="{third.pk}"' not in page
    assert 'data-footprint-total="0"' in page


def test_anonymous_is_sent_to_log_in(client: object) -> None:
    """Anonymous visitors are redirected to the login page."""
    response = client.get("/footprints/")  # type: ignore[attr-defined]
    assert response.status_code == 302


def test_closed_and_blocking_visitors_left_out(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """Visitors the owner may not see (closed accounts, members who blocked the owner) are left out."""
    closed, blocker = make_member(), make_member()
    visit(member, closed, ago=timedelta(minutes=2))
    visit(member, blocker, ago=timedelta(minutes=1))
    visit(member, other, ago=timedelta(minutes=1))
    Member.objects.filter(pk=closed.pk).update(is_active=False)
    block_create(blocker=blocker, blocked_id=member.pk)
    assert [d.visitor.pk for d in selectors.footprint_days(owner=member)] == [other.pk]


def test_totals_survive_pruning(member: Member, other: Member) -> None:
    """Pruning removes footprints past the retention period but the total visit count stays."""
    visit(member, other, ago=timedelta(days=100))
    visit(member, other, ago=timedelta(days=50))
    visit(member, other, ago=timedelta(days=1))
    assert selectors.footprint_total(owner=member) == 3
    assert footprints_prune.call() == 1
    assert Footprint.objects.count() == 2
    assert selectors.footprint_total(owner=member) == 3
    site_settings_update(footprint_retention_days=30)
    assert footprints_prune.call() == 1
    assert footprints_prune.call() == 0  # idempotent
    assert selectors.footprint_total(owner=member) == 3
    visit(member, other, ago=timedelta(0))
    assert selectors.footprint_total(owner=member) == 4


def test_prune_command(member: Member, other: Member) -> None:
    """`tsunagu prune_footprints` runs the pruning task."""
    from django.core.management import call_command

    visit(member, other, ago=timedelta(days=91))
    call_command("prune_footprints")
    assert Footprint.objects.count() == 0
    assert selectors.footprint_total(owner=member) == 1


def test_delete_footprint_i_left(member: Member, other: Member) -> None:
    """A member deletes a footprint they left from /footprints/left/; the owner's total stays."""
    visit(member, other, ago=timedelta(minutes=1))
    footprint = Footprint.objects.get()
    client = as_member(other)
    assert f'data-footprint="{footprint.pk}"' in client.get("/footprints/left/").content.decode()
    assert client.post(f"/footprints/left/{footprint.pk}/delete/").status_code == 302
    assert Footprint.objects.count() == 0
    assert selectors.footprint_total(owner=member) == 1


def test_cannot_delete_others_footprints(member: Member, other: Member) -> None:
    """The owner cannot delete a footprint someone else left (404), and it stays."""
    visit(member, other, ago=timedelta(minutes=1))
    footprint = Footprint.objects.get()
    assert as_member(member).post(f"/footprints/left/{footprint.pk}/delete/").status_code == 404
    assert Footprint.objects.count() == 1


def test_deletion_allowance(member: Member, other: Member, make_member: Callable[..., Member]) -> None:
    """Past the monthly allowance deleting is refused with a clear message; next month it works again."""
    site_settings_update(footprint_deletions_per_month=2)
    owners = [make_member() for _ in range(3)]
    for owner in owners:
        visit(owner, other, ago=timedelta(minutes=1))
    ids = list(Footprint.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    services.footprint_delete(visitor=other, footprint_id=ids[0], now=now)
    services.footprint_delete(visitor=other, footprint_id=ids[1], now=now)
    with pytest.raises(TooManyRequests):
        services.footprint_delete(visitor=other, footprint_id=ids[2], now=now)
    client = as_member(other)
    response = client.post(f"/footprints/left/{ids[2]}/delete/", follow=True)
    assert 'data-deletions-left="0"' in response.content.decode()
    assert 'class="message error"' in response.content.decode()
    assert Footprint.objects.filter(pk=ids[2]).exists()
    services.footprint_delete(visitor=other, footprint_id=ids[2], now=now + timedelta(days=32))
    assert not Footprint.objects.exists()


def test_nav_link(member: Member) -> None:
    """Signed-in members see the あしあと link in the navigation."""
    assert 'data-nav="footprints"' in as_member(member).get("/footprints/").content.decode()
