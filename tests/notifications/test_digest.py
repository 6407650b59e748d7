"""The daily e-mail digest: only members who turned it on, only unread notifications they may see that came
since the last digest, in the member's language, nothing when there is nothing new, and once a day."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from tests.notifications.helpers import World
from tsunagu.accounts.models import Member
from tsunagu.friends.services import block_create, friend_request_send
from tsunagu.notifications.models import NotificationDigest
from tsunagu.notifications.services import digests_send, notification_settings_update, notifications_read

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]
DAY = datetime.date(2026, 5, 1)


@pytest.fixture
def send(django_capture_on_commit_callbacks: Any) -> Callable[..., int]:
    """Run the digest job for a day, sending the mail it queues."""

    def run(day: datetime.date = DAY) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return digests_send(day=day)

    return run


def digest_on(member: Member) -> None:
    notification_settings_update(member=member, digest=True)


def test_off_by_default_and_only_for_members_who_turn_it_on(
    member: Member, other: Member, make_member: MakeMember, world: World, send: Callable[..., int]
) -> None:
    entry = world.entry(member, "members")
    world.comment(other, entry)
    friend_request_send(sender=make_member(), recipient_id=other.pk)
    assert send() == 0 and mail.outbox == []
    digest_on(member)
    world.comment(other, entry, "二回目")
    assert send() == 1
    [message] = mail.outbox
    assert message.to == [member.email]


def test_the_digest_lists_what_is_new_in_the_members_language(
    make_member: MakeMember, other: Member, world: World, send: Callable[..., int]
) -> None:
    english = make_member("Alice", language="en")
    digest_on(english)
    entry = world.entry(english, "members", title="Cherry blossoms")
    comment = world.comment(other, entry, "Lovely!")
    world.iine(other, "diary_entry", entry.pk)
    assert send() == 1
    [message] = mail.outbox
    assert "2 new notifications" in message.subject
    assert f"{other.nickname} commented on the diary entry “Cherry blossoms”." in message.body
    assert f"{other.nickname} liked your diary entry “Cherry blossoms”." in message.body
    assert "「Lovely!」" in message.body
    assert f"http://127.0.0.1:8000/diary/{entry.pk}/#comment-{comment.number}" in message.body
    assert "/notifications/settings/" in message.body


def test_japanese_members_get_it_in_japanese(
    member: Member, other: Member, world: World, send: Callable[..., int]
) -> None:
    digest_on(member)
    entry = world.entry(member, "members", title="花見")
    world.comment(other, entry)
    send()
    [message] = mail.outbox
    assert "新しいお知らせが1件あります" in message.subject
    assert f"{other.nickname}さんが日記「花見」にコメントしました" in message.body


def test_nothing_twice_a_day_and_the_next_digest_starts_where_the_last_ended(
    member: Member, other: Member, world: World, send: Callable[..., int]
) -> None:
    digest_on(member)
    entry = world.entry(member, "members", title="一日目")
    world.comment(other, entry)
    assert send() == 1
    world.comment(other, entry, "もう一つ")
    assert send() == 0, "the same day: nothing more"
    assert NotificationDigest.objects.get(member=member).last_sent_on == DAY
    assert send(DAY + datetime.timedelta(days=1)) == 1
    first, second = mail.outbox
    assert "もう一つ" not in first.body and "もう一つ" in second.body
    assert "コメント」" not in second.body.replace("「もう一つ」", ""), "the first comment was in yesterday's"
    assert send(DAY + datetime.timedelta(days=2)) == 0, "nothing new: no mail"
    assert len(mail.outbox) == 2


def test_read_and_hidden_notifications_are_left_out(
    member: Member, other: Member, make_member: MakeMember, world: World, send: Callable[..., int]
) -> None:
    digest_on(member)
    blocked, reader = make_member("遮断"), make_member("既読")
    entry = world.entry(member, "members", title="日記")
    world.comment(blocked, entry, "見えなくなるコメント")
    world.comment(reader, entry, "既読のコメント")
    notifications_read(member=member, ids=[n.pk for n in member.notifications.filter(actor=reader)])
    block_create(blocker=member, blocked_id=blocked.pk)
    assert send() == 0, "only hidden or read ones: no mail"
    world.comment(other, entry, "新しいコメント")
    assert send() == 1
    [message] = mail.outbox
    assert "新しいコメント" in message.body
    assert "見えなくなるコメント" not in message.body and "遮断" not in message.body
    assert "既読のコメント" not in message.body
    assert "1件" in message.subject


def test_turning_it_off_stops_it_and_closed_accounts_get_nothing(
    member: Member, other: Member, world: World, send: Callable[..., int]
) -> None:
    digest_on(member)
    entry = world.entry(member, "members")
    world.comment(other, entry)
    notification_settings_update(member=member, digest=False)
    assert send() == 0
    digest_on(member)
    world.comment(other, entry, "後")
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert send() == 0 and mail.outbox == []


def test_the_command_sends_the_days_digests(
    member: Member, other: Member, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    digest_on(member)
    entry = world.entry(member, "members")
    world.comment(other, entry)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notification_digests", stdout=out)
        call_command("send_notification_digests", stdout=out)
    assert out.getvalue().splitlines() == ["Sent 1 notification digests.", "Sent 0 notification digests."]
    assert len(mail.outbox) == 1
