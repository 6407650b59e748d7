"""The daily birthday job: each member is told of friends whose birthday is today, where the birthday's own
audience lets them see it; one notification per friend, renewed each year, and nothing more when run twice."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tests.notifications.helpers import World, kinds, shown, stored
from tsunagu.accounts.models import Member
from tsunagu.friends.services import friend_group_create
from tsunagu.notifications import services
from tsunagu.notifications.models import Notification
from tsunagu.notifications.services import birthdays_notify, site_today
from tsunagu.notifications.tasks import birthdays_notify as birthdays_task
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def born(member: Member, day: datetime.date, audience: str = "friends", **extra: Any) -> None:
    profile_update(member=member, fields={"birthday": {"value": day.isoformat(), "audience": audience, **extra}})


def today_in(year: int) -> datetime.date:
    """Today's month and day in a leap year (so that 29 February exists)."""
    return site_today().replace(year=year)


@pytest.fixture
def circle(member: Member, make_member: MakeMember, world: World) -> dict[str, Member]:
    """`member` with friends `close` (in the group 仲良し) and `plain`, a friend of a friend, and a stranger."""
    close, plain, fof, stranger = (make_member(name) for name in ("親友", "友人", "友達の友達", "他人"))
    world.befriend(member, close)
    world.befriend(member, plain)
    world.befriend(close, fof)
    friend_group_create(owner=member, name="仲良し", members=[close.pk])
    Notification.objects.all().delete()
    return {"close": close, "plain": plain, "fof": fof, "stranger": stranger}


@pytest.mark.parametrize(
    ("audience", "told"),
    [
        ("members", {"close", "plain"}),
        ("friends", {"close", "plain"}),
        ("friends_of_friends", {"close", "plain"}),
        ("friend_group", {"close"}),
        ("only_me", set()),
    ],
)
def test_friends_who_may_see_the_birthday_are_told(
    member: Member, circle: dict[str, Member], audience: str, told: set[str]
) -> None:
    """Only friends are told (never a friend of a friend or a stranger, whatever the audience)."""
    extra = {"friend_group": member.friend_groups.get().pk} if audience == "friend_group" else {}
    born(member, today_in(1992), audience, **extra)
    assert birthdays_notify() == len(told)
    for name, someone in circle.items():
        assert kinds(someone) == ([("birthday", member.pk)] if name in told else []), name


def test_the_reminder_names_the_friend_and_links_to_their_profile(member: Member, circle: dict[str, Member]) -> None:
    born(member, today_in(1992))
    birthdays_notify()
    [item] = shown(circle["plain"])
    assert item.shown.url == f"/members/{member.pk}/"
    with translation.override("en"):
        assert item.text == f"Today is {member.nickname}’s birthday."
    with translation.override("ja"):
        assert item.text == f"今日は{member.nickname}さんの誕生日です"


def test_running_twice_adds_nothing_and_next_year_renews(member: Member, circle: dict[str, Member]) -> None:
    born(member, today_in(1992))
    assert birthdays_task.enqueue().return_value == 2
    assert birthdays_task.enqueue().return_value == 0
    plain = circle["plain"]
    services.notifications_read(member=plain, everything=True)
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    Notification.objects.update(created_at=a_year_ago)
    assert birthdays_notify() == 2
    [row] = stored(plain)
    assert row.read_at is None and row.created_at > a_year_ago
    assert Notification.objects.count() == 2, "one row per friend, renewed"
    assert birthdays_notify() == 0


def test_the_command_runs_the_job(member: Member, circle: dict[str, Member]) -> None:
    born(member, today_in(1992))
    out = io.StringIO()
    call_command("notify_birthdays", stdout=out)
    assert out.getvalue().strip() == "Stored 2 birthday notifications."
    call_command("notify_birthdays", stdout=out)
    assert "Stored 0 birthday notifications." in out.getvalue()


def test_other_days_tell_no_one(member: Member, circle: dict[str, Member]) -> None:
    born(member, datetime.date(1990, 4, 1))
    assert birthdays_notify(day=datetime.date(2025, 4, 2)) == 0
    assert birthdays_notify(day=datetime.date(2025, 4, 1)) == 2


def test_29_february_is_celebrated_on_the_28th_in_other_years(member: Member, circle: dict[str, Member]) -> None:
    born(member, datetime.date(2000, 2, 29))
    assert birthdays_notify(day=datetime.date(2024, 2, 28)) == 0, "a leap year has its own 29th"
    assert birthdays_notify(day=datetime.date(2024, 2, 29)) == 2
    Notification.objects.all().delete()
    assert birthdays_notify(day=datetime.date(2025, 2, 28)) == 2


def test_narrowing_the_birthday_afterwards_hides_the_reminder(member: Member, circle: dict[str, Member]) -> None:
    born(member, today_in(1992))
    birthdays_notify()
    profile_update(member=member, fields={"birthday": {"audience": "only_me"}})
    assert kinds(circle["plain"]) == [] and kinds(circle["close"]) == []
    assert stored(circle["plain"]), "kept, not shown"


def test_closed_accounts_and_members_who_turned_birthdays_off_are_not_told(
    member: Member, circle: dict[str, Member]
) -> None:
    born(member, today_in(1992))
    services.notification_settings_update(member=circle["close"], kinds={"birthday": False})
    circle["plain"].is_active = False
    circle["plain"].save(update_fields=["is_active"])
    assert birthdays_notify() == 0
    close = circle["close"]
    born(close, today_in(1992))
    assert birthdays_notify() == 2, "close's friends: member and fof"
    assert kinds(member) == kinds(circle["fof"]) == [("birthday", close.pk)]
