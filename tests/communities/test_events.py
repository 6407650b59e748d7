"""Event rules: the fields (times with their offset), the organiser going, joining and leaving at the boundaries
(a day after the deadline, or after the event's date and time, to the second), full capacity, and reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from tests.communities.topic_helpers import an_event, ask_to_join, community_of, join, members_of
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Participation, Topic
from tsunagu.communities.topic_selectors import sign_up_closes_at
from tsunagu.communities.topic_services import (
    event_create,
    event_join,
    event_leave,
    event_reminders_send,
    topic_update,
)
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound
from tsunagu.friends.services import block_create
from tsunagu.notifications.models import Notification, NotificationKind
from tsunagu.notifications.selectors import notifications_page
from tsunagu.notifications.services import notification_settings_update

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
# A fixed "now" for the boundary tests: 2011-04-01 10:00 in Tokyo.
NOW = datetime(2011, 4, 1, 1, 0, tzinfo=UTC)


@pytest.fixture
def admin(make_member: Callable[..., Member]) -> Member:
    return make_member("幹事")


@pytest.fixture
def community(admin: Member) -> Community:
    return community_of(admin)


def going(event: Topic) -> set[int]:
    return set(Participation.objects.filter(topic=event).values_list("member_id", flat=True))


# --- the fields ---------------------------------------------------------------------------------------


def test_an_event_has_its_date_place_deadline_and_capacity_and_the_organiser_goes(
    community: Community, admin: Member
) -> None:
    event = event_create(
        author=admin,
        community_id=community.pk,
        title="花見オフ",
        body="上野公園で",
        place="上野公園",
        starts_at="2031-04-02T19:00:00+09:00",
        deadline="2031-03-30T23:59:00+09:00",
        capacity=10,
    )
    assert event.is_event
    assert event.starts_at == datetime(2031, 4, 2, 10, 0, tzinfo=UTC)
    assert event.deadline == datetime(2031, 3, 30, 14, 59, tzinfo=UTC)
    assert (event.place, event.capacity, event.participant_count) == ("上野公園", 10, 1)
    assert going(event) == {admin.pk}


def test_a_time_without_its_offset_is_refused_clearly(community: Community, admin: Member) -> None:
    with pytest.raises(Invalid) as refused:
        an_event(admin, community, starts_at="2031-04-02T19:00:00", deadline="2031-04-01 12:00")
    assert set(refused.value.fields) == {"starts_at", "deadline"}
    assert "UTC" in refused.value.fields["starts_at"][0]
    with pytest.raises(Invalid) as refused:
        an_event(admin, community, starts_at=datetime(2031, 4, 2, 19, 0))  # naive
    assert "UTC" in refused.value.fields["starts_at"][0]
    for nonsense in ("来週", "2031-13-01T00:00:00+09:00", 20310402, "2031-W14-3T10:00+09:00"):
        with pytest.raises(Invalid) as refused:
            an_event(admin, community, starts_at=nonsense)
        assert "ISO 8601" in refused.value.fields["starts_at"][0]
    assert not Topic.objects.exists()


def test_event_dates_must_make_sense(community: Community, admin: Member) -> None:
    now = timezone.now()
    cases = [
        ({"starts_at": now - timedelta(minutes=1)}, "starts_at"),
        ({"deadline": now - timedelta(minutes=1)}, "deadline"),
        ({"starts_at": now + timedelta(days=2), "deadline": now + timedelta(days=3)}, "deadline"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": True}, "capacity"),
        ({"capacity": "十"}, "capacity"),
        ({"place": ""}, "place"),
    ]
    for fields, field in cases:
        with pytest.raises(Invalid) as refused:
            an_event(admin, community, **fields)
        assert field in refused.value.fields
    assert not Topic.objects.exists()
    assert an_event(admin, community, capacity="12").capacity == 12


def test_changing_an_event(community: Community, admin: Member, make_member: Callable[..., Member]) -> None:
    event = an_event(admin, community, capacity=5)
    for member in members_of(community, make_member, 2):
        event_join(member=member, topic_id=event.pk)
    with pytest.raises(Invalid) as refused:
        topic_update(author=admin, topic_id=event.pk, capacity=2)  # three are going
    assert "capacity" in refused.value.fields
    changed = topic_update(author=admin, topic_id=event.pk, capacity=None, place="渋谷", deadline=None)
    assert (changed.capacity, changed.place, changed.deadline) == (None, "渋谷", None)
    with pytest.raises(Invalid):
        topic_update(author=admin, topic_id=event.pk, starts_at="2031-04-02T19:00")


# --- joining and leaving ------------------------------------------------------------------------------


def test_members_join_and_leave_and_may_join_again(community: Community, admin: Member, member: Member) -> None:
    join(member, community)
    event = an_event(admin, community)
    assert event_join(member=member, topic_id=event.pk).participant_count == 2
    assert event_join(member=member, topic_id=event.pk).participant_count == 2  # again: nothing changes
    assert event_leave(member=member, topic_id=event.pk).participant_count == 1
    assert event_leave(member=member, topic_id=event.pk).participant_count == 1
    assert event_join(member=member, topic_id=event.pk).participant_count == 2
    assert going(event) == {admin.pk, member.pk}


def test_only_active_members_join(admin: Member, member: Member, other: Member) -> None:
    community = community_of(admin, join_policy="approval")  # topics public: everyone signed in reads them
    event = an_event(admin, community)
    ask_to_join(member, community)
    for outsider in (member, other):
        with pytest.raises(Forbidden):
            event_join(member=outsider, topic_id=event.pk)
    assert going(event) == {admin.pk}


def test_a_plain_topic_cannot_be_joined(community: Community, admin: Member) -> None:
    from tests.communities.topic_helpers import a_topic

    topic = a_topic(admin, community)
    with pytest.raises(NotFound):
        event_join(member=admin, topic_id=topic.pk)


def test_a_full_event_refuses_the_next_and_a_place_freed_can_be_taken(
    community: Community, admin: Member, make_member: Callable[..., Member]
) -> None:
    event = an_event(admin, community, capacity=3)
    first, second, third = members_of(community, make_member, 3)
    event_join(member=first, topic_id=event.pk)
    event_join(member=second, topic_id=event.pk)
    with pytest.raises(Conflict) as refused:
        event_join(member=third, topic_id=event.pk)
    assert refused.value.code == "full"
    event_leave(member=first, topic_id=event.pk)
    assert event_join(member=third, topic_id=event.pk).participant_count == 3
    with pytest.raises(Conflict):
        event_join(member=first, topic_id=event.pk)
    assert going(event) == {admin.pk, second.pk, third.pk}


@pytest.mark.parametrize("with_deadline", [True, False])
def test_joining_closes_exactly_a_day_after_the_deadline_or_the_event(
    community: Community, admin: Member, make_member: Callable[..., Member], with_deadline: bool
) -> None:
    """Open up to the second before `anchor + 1 day`; refused at that instant and after."""
    starts_at = NOW + timedelta(days=10)
    deadline = NOW + timedelta(days=5) if with_deadline else None
    with freeze_time(NOW):
        event = an_event(admin, community, starts_at=starts_at, deadline=deadline)
    anchor = deadline or starts_at
    closes = anchor + timedelta(days=1)
    assert sign_up_closes_at(event) == closes
    early, on_time, late, later = members_of(community, make_member, 4)
    with freeze_time(closes - SECOND):
        event_join(member=early, topic_id=event.pk)
        event_join(member=on_time, topic_id=event.pk)
        event_leave(member=on_time, topic_id=event.pk)  # leaving is open as long as joining
    with freeze_time(closes):
        with pytest.raises(Conflict) as refused:
            event_join(member=late, topic_id=event.pk)
        assert refused.value.code == "closed"
        with pytest.raises(Conflict):
            event_leave(member=early, topic_id=event.pk)
    with freeze_time(closes + SECOND), pytest.raises(Conflict):
        event_join(member=later, topic_id=event.pk)
    assert going(event) == {admin.pk, early.pk}


# --- reminders ----------------------------------------------------------------------------------------


def test_reminders_go_to_participants_once_the_day_before(
    community: Community, admin: Member, make_member: Callable[..., Member]
) -> None:
    with freeze_time(NOW):
        soon = an_event(admin, community, title="明日のオフ会", starts_at=NOW + timedelta(days=3))
        later = an_event(admin, community, title="来月", starts_at=NOW + timedelta(days=30))
    going_members = members_of(community, make_member, 3)
    muted, blocked_by_organiser = make_member("通知オフ"), make_member("ブロックされた")
    for member in (muted, blocked_by_organiser):
        join(member, community)
    with freeze_time(NOW):
        for member in [*going_members, muted, blocked_by_organiser]:
            event_join(member=member, topic_id=soon.pk)
        event_join(member=going_members[0], topic_id=later.pk)
    notification_settings_update(member=muted, kinds={NotificationKind.EVENT_REMINDER: False})
    block_create(blocker=admin, blocked_id=blocked_by_organiser.pk)

    # More than a day ahead: nothing yet.
    assert event_reminders_send(now=NOW + timedelta(days=2) - SECOND) == 0
    day_before = NOW + timedelta(days=2, hours=1)
    assert event_reminders_send(now=day_before) == 3
    assert event_reminders_send(now=day_before) == 0  # idempotent
    assert event_reminders_send(now=day_before + timedelta(hours=1)) == 0
    reminded = set(
        Notification.objects.filter(kind=NotificationKind.EVENT_REMINDER).values_list("recipient_id", flat=True)
    )
    # Not the organiser (the reminder's actor), not those who turned reminders off, not across a block.
    assert reminded == {m.pk for m in going_members}
    soon.refresh_from_db()
    assert soon.reminded_at == day_before
    later.refresh_from_db()
    assert later.reminded_at is None
    item = notifications_page(recipient=going_members[0]).items[0]
    assert "明日のオフ会" in item.text
    assert item.shown.url == f"/topics/{soon.pk}/"


def test_a_moved_event_is_reminded_of_again(community: Community, admin: Member, member: Member) -> None:
    join(member, community)
    with freeze_time(NOW):
        event = an_event(admin, community, starts_at=NOW + timedelta(hours=12))
        event_join(member=member, topic_id=event.pk)
    assert event_reminders_send(now=NOW) == 1
    Notification.objects.filter(recipient=member).update(read_at=NOW)
    with freeze_time(NOW + timedelta(hours=1)):
        topic_update(author=admin, topic_id=event.pk, starts_at=NOW + timedelta(days=3))
    assert event_reminders_send(now=NOW + timedelta(hours=2)) == 0
    assert event_reminders_send(now=NOW + timedelta(days=2, hours=1)) == 1
    notification = Notification.objects.get(recipient=member, kind=NotificationKind.EVENT_REMINDER)
    assert notification.read_at is None  # back as new


def test_the_reminder_command_runs_the_job(
    community: Community, admin: Member, member: Member, capsys: pytest.CaptureFixture[str]
) -> None:
    join(member, community)
    event = an_event(admin, community, starts_at=timezone.now() + timedelta(hours=3))
    event_join(member=member, topic_id=event.pk)
    call_command("remind_events")
    call_command("remind_events")
    assert capsys.readouterr().out.splitlines() == ["Stored 1 event reminders.", "Stored 0 event reminders."]
    assert Notification.objects.filter(recipient=member, kind=NotificationKind.EVENT_REMINDER).count() == 1
