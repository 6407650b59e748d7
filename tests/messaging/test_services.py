"""Message services and selectors: who may write to whom, replies within one's own mailbox, each side's trash,
the sending limit, what a reader sees of a member who later blocked them or left, and nothing half-written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.messaging.helpers import befriend, block, close, ja, ja_plural, send
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_delete
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests
from tsunagu.friends.services import block_remove, friend_remove
from tsunagu.messaging import selectors, services
from tsunagu.messaging.models import (
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Box,
    Message,
    MessagePolicy,
    MessageSending,
    MessageSettings,
    SideState,
)
from tsunagu.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

TOO_LONG = "Please use at most %(max)d characters (you used %(count)d)."
NO_MEMBER = "There is no such member."


@pytest.fixture
def third(make_member: Callable[..., Member]) -> Member:
    return make_member("田中三郎")


def box_ids(member: Member, box: str) -> list[int]:
    return [item.message.pk for item in selectors.box_page(member=member, box=box).items]


def nothing_written() -> None:
    assert not Message.objects.exists()
    assert not MessageSending.objects.exists()
    assert not Notification.objects.exists()


# --- sending -----------------------------------------------------------------------------------------------


def test_a_message_reaches_the_recipient_and_the_sender_keeps_a_copy(member: Member, other: Member) -> None:
    """Any member may write to any other by default; the message is in the recipient's inbox, unread, and in the
    sender's sent box; the body is rendered as safe HTML with its line breaks and links."""
    message = send(member, other, subject=" 週末の予定 ", body="土曜は空いてる？\nhttps://example.jp/<b>")
    assert (message.sender_id, message.recipient_id, message.subject) == (member.pk, other.pk, "週末の予定")
    plain = message.body_html
    assert "<br>" in plain and '<a href="https://example.jp/"' in plain
    assert "<b>" not in plain and "&lt;b&gt;" in plain
    assert box_ids(other, Box.INBOX) == [message.pk]
    assert box_ids(member, Box.SENT) == [message.pk]
    assert box_ids(member, Box.INBOX) == box_ids(other, Box.SENT) == []
    item = selectors.message_for_member(member=other, message_id=message.pk)
    assert item.unread and item.box == Box.INBOX and item.sender == member and item.recipient == other
    assert not selectors.message_for_member(member=member, message_id=message.pk).unread


def test_the_subject_is_optional_and_shown_as_no_subject(member: Member, other: Member) -> None:
    message = send(member, other, subject=None)
    assert message.subject == ""
    assert selectors.message_for_member(member=other, message_id=message.pk).subject == ja("(no subject)")


def test_the_recipient_is_notified_after_commit(
    member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = send(member, other)
        assert not Notification.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    callbacks[0]()  # a task may run twice
    notification = Notification.objects.get()
    assert (notification.recipient_id, notification.actor_id, notification.kind) == (
        other.pk,
        member.pk,
        NotificationKind.MESSAGE,
    )
    assert (notification.target_kind, notification.target_id) == ("message", message.pk)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": ""}, "body", ("This field is required.", {})),
        ({"body": " \n\t "}, "body", ("This field is required.", {})),
        ({"body": None}, "body", ("This field is required.", {})),
        ({"body": 42}, "body", ("Enter text.", {})),
        ({"body": "あ" * (BODY_MAX_LENGTH + 1)}, "body", (TOO_LONG, {"max": BODY_MAX_LENGTH, "count": 10_001})),
        ({"subject": "件" * (SUBJECT_MAX_LENGTH + 1)}, "subject", (TOO_LONG, {"max": 100, "count": 101})),
        ({"subject": ["a"]}, "subject", ("Enter text.", {})),
    ],
)
def test_bad_fields_are_refused_per_field_and_nothing_is_written(
    member: Member, other: Member, fields: dict[str, Any], field: str, message: tuple[str, dict[str, int]]
) -> None:
    with pytest.raises(Invalid) as refused:
        send(member, other, **fields)
    msgid, params = message
    assert refused.value.fields == {field: [ja(msgid) % params if params else ja(msgid)]}
    nothing_written()


def test_the_limits_are_inclusive(member: Member, other: Member) -> None:
    message = send(member, other, subject="件" * SUBJECT_MAX_LENGTH, body="あ" * BODY_MAX_LENGTH)
    assert len(message.subject) == SUBJECT_MAX_LENGTH and len(message.body) == BODY_MAX_LENGTH


def test_a_message_needs_a_recipient(member: Member) -> None:
    with pytest.raises(Invalid) as refused:
        services.message_send(sender=member, to=None, subject="件名", body="本文")
    assert refused.value.fields == {"to": [ja("Choose who to send the message to.")]}
    nothing_written()


@pytest.mark.parametrize("to", [999_999, "abc", True, 10**30, -1])
def test_a_member_who_does_not_exist_is_not_found(member: Member, to: Any) -> None:
    with pytest.raises(NotFound) as refused:
        services.message_send(sender=member, to=to, body="本文")
    assert refused.value.message == ja(NO_MEMBER)
    assert refused.value.fields == {"to": [ja(NO_MEMBER)]}
    nothing_written()


def test_one_cannot_write_to_oneself(member: Member) -> None:
    with pytest.raises(Invalid) as refused:
        send(member, member)
    assert refused.value.code == "self"
    nothing_written()


def _refusal(sender: Member, to: Any) -> NotFound:
    with pytest.raises(NotFound) as refused:
        services.message_send(sender=sender, to=to, body="本文")
    return refused.value


def test_a_recipient_who_blocked_the_sender_does_not_exist_for_them(member: Member, other: Member) -> None:
    """Exactly the refusal for a missing member: the sender cannot tell a block from nobody."""
    block(other, member)
    blocked = _refusal(member, other.pk)
    missing = _refusal(member, 999_999)
    assert (blocked.status, blocked.code, blocked.message, blocked.fields) == (
        missing.status,
        missing.code,
        missing.message,
        missing.fields,
    )
    assert not selectors.may_message(member, other)
    nothing_written()
    # The blocker cannot write to them either: blocks stop messages both ways.
    with pytest.raises(Conflict) as refused:
        send(other, member)
    assert refused.value.code == "blocked"
    assert refused.value.message == ja("You have blocked this member. Unblock them first.")
    assert not selectors.may_message(other, member)
    nothing_written()
    block_remove(blocker=other, blocked_id=member.pk)
    assert send(member, other) and send(other, member)


def test_a_closed_account_cannot_be_written_to(member: Member, other: Member) -> None:
    close(other)
    assert _refusal(member, other.pk).message == ja(NO_MEMBER)
    assert not selectors.may_message(member, other)
    nothing_written()


def test_friends_only_refuses_others_and_lets_friends_write(member: Member, other: Member, third: Member) -> None:
    assert selectors.message_settings_of(other).accept_from == MessagePolicy.MEMBERS  # mixi's default
    assert not MessageSettings.objects.exists()  # made lazily
    services.message_settings_update(member=other, accept_from=MessagePolicy.FRIENDS)
    befriend(member, other)
    assert send(member, other)
    with pytest.raises(Forbidden) as refused:
        send(third, other)
    assert refused.value.code == "friends_only"
    assert refused.value.message == ja("%(name)s accepts messages from friends only.") % {"name": other.nickname}
    assert not selectors.may_message(third, other) and selectors.may_message(member, other)
    assert Message.objects.count() == 1
    friend_remove(member=member, friend_id=other.pk)
    with pytest.raises(Forbidden):
        send(member, other)
    # The setting limits who may write to `other`, not whom `other` may write to.
    assert send(other, third)
    services.message_settings_update(member=other, accept_from=MessagePolicy.MEMBERS)
    assert send(third, other)


@pytest.mark.parametrize("choice", ["everyone", "", None, 1])
def test_settings_take_only_the_offered_choices(member: Member, choice: Any) -> None:
    with pytest.raises(Invalid) as refused:
        services.message_settings_update(member=member, accept_from=choice)
    assert refused.value.fields == {"accept_from": [ja("Choose one of the offered values.")]}
    assert not MessageSettings.objects.exists()


# --- replies -----------------------------------------------------------------------------------------------


def test_a_reply_goes_to_the_other_member_in_the_same_conversation(member: Member, other: Member) -> None:
    first = send(member, other, subject="旅行の件")
    reply = services.message_send(sender=other, in_reply_to=first.pk, subject="Re: 旅行の件", body="行きます！")
    assert (reply.sender_id, reply.recipient_id, reply.in_reply_to_id) == (other.pk, member.pk, first.pk)
    assert reply.conversation == first.conversation
    # Replying to one's own sent message goes to its recipient, and `to` may name them.
    again = services.message_send(sender=member, to=other.pk, in_reply_to=first.pk, body="追伸です")
    assert (again.recipient_id, again.conversation) == (other.pk, first.conversation)
    thread = selectors.thread_for_member(member=member, message=first)
    assert [item.message.pk for item in thread] == [first.pk, reply.pk, again.pk]  # oldest first
    unrelated = send(member, other, subject="別件")
    assert unrelated.conversation != first.conversation


def test_a_reply_must_answer_a_message_in_the_senders_own_mailbox(member: Member, other: Member, third: Member) -> None:
    between_others = send(other, third)
    for in_reply_to in (between_others.pk, 999_999, "abc"):
        with pytest.raises(NotFound) as refused:
            services.message_send(sender=member, in_reply_to=in_reply_to, body="横から失礼")
        assert refused.value.fields == {"in_reply_to": [ja("That message does not exist.")]}
    assert Message.objects.count() == 1


def test_a_reply_to_a_message_in_the_trash_is_allowed_but_not_to_one_deleted_for_good(
    member: Member, other: Member
) -> None:
    first = send(member, other)
    services.message_trash(member=other, message_id=first.pk)
    assert services.message_send(sender=other, in_reply_to=first.pk, body="ゴミ箱から返信")
    services.message_delete_for_good(member=other, message_id=first.pk)
    with pytest.raises(NotFound):
        services.message_send(sender=other, in_reply_to=first.pk, body="もう一度")
    # The sender still has it and may follow it up.
    assert services.message_send(sender=member, in_reply_to=first.pk, body="追伸")


def test_a_reply_cannot_be_redirected_to_someone_else(member: Member, other: Member, third: Member) -> None:
    first = send(member, other)
    with pytest.raises(Invalid) as refused:
        services.message_send(sender=other, to=third.pk, in_reply_to=first.pk, body="転送したい")
    assert refused.value.fields == {"to": [ja("A reply goes to the other member of the message it answers.")]}
    assert Message.objects.count() == 1


def test_a_reply_follows_the_rules_of_a_new_message(member: Member, other: Member) -> None:
    """The other member blocked the replier, or left: nobody to answer (not found); friends only applies too."""
    first = send(member, other)
    block(member, other)
    with pytest.raises(NotFound) as refused:
        services.message_send(sender=other, in_reply_to=first.pk, body="返信")
    assert refused.value.fields == {"to": [ja(NO_MEMBER)]}
    block_remove(blocker=member, blocked_id=other.pk)
    services.message_settings_update(member=member, accept_from=MessagePolicy.FRIENDS)
    with pytest.raises(Forbidden):
        services.message_send(sender=other, in_reply_to=first.pk, body="返信")
    member_delete(member=member, password=PASSWORD)
    assert not Message.objects.exists()  # the sender's messages went with their account


# --- the sending limit -------------------------------------------------------------------------------------


def test_sending_is_limited_per_hour(
    member: Member, other: Member, third: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "SEND_LIMIT", 3)
    sent = [send(member, other), send(member, third), send(member, other)]
    with pytest.raises(TooManyRequests) as refused:
        send(member, third)
    assert refused.value.status == 429
    assert refused.value.message == ja_plural(
        "You can send at most %(count)d message an hour. Please wait a while and try again.",
        "You can send at most %(count)d messages an hour. Please wait a while and try again.",
        3,
    ) % {"count": 3}
    assert Message.objects.count() == 3
    # Others are not held back by it.
    assert send(other, member)
    # Deleting one's messages does not give the allowance back, even when the rows go.
    for message in sent:
        services.message_remove(member=member, message_id=message.pk)
        services.message_remove(member=member, message_id=message.pk)
    with pytest.raises(TooManyRequests):
        send(member, third)
    # An hour later, the allowance is back (and the old records are pruned).
    MessageSending.objects.filter(sender=member).update(sent_at=timezone.now() - timedelta(hours=1, seconds=1))
    assert send(member, third)
    assert MessageSending.objects.filter(sender=member).count() == 1


# --- each side's boxes -------------------------------------------------------------------------------------


def test_trash_restore_and_delete_are_each_sides_own(member: Member, other: Member) -> None:
    message = send(member, other)
    services.message_trash(member=other, message_id=message.pk)
    assert box_ids(other, Box.INBOX) == [] and box_ids(other, Box.TRASH) == [message.pk]
    assert box_ids(member, Box.SENT) == [message.pk] and box_ids(member, Box.TRASH) == []
    services.message_trash(member=other, message_id=message.pk)  # again: stays in the trash
    services.message_restore(member=other, message_id=message.pk)
    assert box_ids(other, Box.INBOX) == [message.pk] and box_ids(other, Box.TRASH) == []
    services.message_restore(member=other, message_id=message.pk)  # not in the trash: nothing happens
    assert box_ids(other, Box.INBOX) == [message.pk]

    with pytest.raises(Conflict) as refused:
        services.message_delete_for_good(member=other, message_id=message.pk)
    assert refused.value.code == "not_in_trash"

    services.message_trash(member=member, message_id=message.pk)
    services.message_delete_for_good(member=member, message_id=message.pk)
    with pytest.raises(Http404):
        selectors.message_for_member(member=member, message_id=message.pk)
    assert box_ids(member, Box.TRASH) == [] and box_ids(member, Box.SENT) == []
    # The recipient's copy is untouched.
    assert box_ids(other, Box.INBOX) == [message.pk]
    Message.objects.get(pk=message.pk)
    # The row goes when the second side deletes it too.
    services.message_trash(member=other, message_id=message.pk)
    services.message_delete_for_good(member=other, message_id=message.pk)
    assert not Message.objects.filter(pk=message.pk).exists()


def test_remove_moves_to_the_trash_then_deletes_for_good(member: Member, other: Member) -> None:
    message = send(member, other)
    assert services.message_remove(member=other, message_id=message.pk) == SideState.TRASHED
    assert services.message_remove(member=other, message_id=message.pk) == SideState.DELETED
    with pytest.raises(NotFound):
        services.message_remove(member=other, message_id=message.pk)
    message.refresh_from_db()
    assert (message.sender_state, message.recipient_state) == (SideState.KEPT, SideState.DELETED)
    assert services.message_remove(member=member, message_id=message.pk) == SideState.TRASHED
    assert services.message_remove(member=member, message_id=message.pk) == SideState.DELETED
    assert not Message.objects.exists()


def test_nobody_else_can_touch_a_message(member: Member, other: Member, third: Member) -> None:
    message = send(member, other)
    for change in (
        services.message_trash,
        services.message_restore,
        services.message_delete_for_good,
        services.message_remove,
    ):
        with pytest.raises(NotFound):
            change(member=third, message_id=message.pk)
    with pytest.raises(Http404):
        selectors.message_for_member(member=third, message_id=message.pk)
    message.refresh_from_db()
    assert (message.sender_state, message.recipient_state) == (SideState.KEPT, SideState.KEPT)


def test_reading_marks_read_for_the_recipient_only(member: Member, other: Member) -> None:
    message = send(member, other)
    send(member, other, subject="二通目")
    assert selectors.unread_count(other) == 2 and selectors.unread_count(member) == 0
    services.message_read(member=member, message=message)  # the sender opening their own copy
    assert selectors.unread_count(other) == 2
    services.message_read(member=other, message=message)
    assert selectors.unread_count(other) == 1
    message.refresh_from_db()
    read_at = message.read_at
    assert read_at is not None
    services.message_read(member=other, message=message)  # a second read keeps the first time
    message.refresh_from_db()
    assert message.read_at == read_at
    # An unread message in the trash is not counted in the nav.
    latest = Message.objects.exclude(pk=message.pk).get()
    services.message_trash(member=other, message_id=latest.pk)
    assert selectors.unread_count(other) == 0


def test_the_thread_shows_what_the_reader_still_has(member: Member, other: Member) -> None:
    first = send(member, other)
    second = services.message_send(sender=other, in_reply_to=first.pk, body="返信")
    third_message = services.message_send(sender=member, in_reply_to=second.pk, body="再返信")
    services.message_remove(member=other, message_id=first.pk)
    services.message_remove(member=other, message_id=first.pk)  # deleted for good by `other`
    services.message_trash(member=other, message_id=third_message.pk)  # in the trash: still theirs
    assert [i.message.pk for i in selectors.thread_for_member(member=other, message=second)] == [
        second.pk,
        third_message.pk,
    ]
    assert len(selectors.thread_for_member(member=member, message=second)) == 3


def test_box_pages_are_newest_first_with_a_cursor(member: Member, other: Member) -> None:
    sent = [send(member, other, subject=f"{n}通目") for n in range(5)]
    first = selectors.box_page(member=other, box=Box.INBOX, limit=2)
    assert [i.message.pk for i in first.items] == [sent[4].pk, sent[3].pk]
    assert first.next_cursor
    rest = selectors.box_page(member=other, box=Box.INBOX, cursor=first.next_cursor, limit=10)
    assert [i.message.pk for i in rest.items] == [sent[2].pk, sent[1].pk, sent[0].pk]
    assert rest.next_cursor is None


def test_the_trash_holds_both_sent_and_received_messages(member: Member, other: Member) -> None:
    received = send(other, member)
    mine = send(member, other)
    services.message_trash(member=member, message_id=received.pk)
    services.message_trash(member=member, message_id=mine.pk)
    items = selectors.box_page(member=member, box=Box.TRASH).items
    assert [(i.message.pk, i.is_sender, i.box) for i in items] == [
        (mine.pk, True, Box.TRASH),
        (received.pk, False, Box.TRASH),
    ]


# --- members who later blocked the reader, or left ---------------------------------------------------------


def test_a_sender_who_later_blocks_the_reader_stays_as_an_unnamed_member(member: Member, other: Member) -> None:
    """The message stays in the inbox; the sender is not shown (the policy says the reader may not know them)."""
    message = send(member, other)
    block(member, other)
    item = selectors.message_for_member(member=other, message_id=message.pk)
    assert item.sender is None and item.other is None and item.recipient == other
    assert [i.sender for i in selectors.box_page(member=other, box=Box.INBOX).items] == [None]
    # The blocker still sees whom they wrote to.
    assert selectors.message_for_member(member=member, message_id=message.pk).recipient == other


def test_a_sender_who_closed_their_account_stays_as_an_unnamed_member(member: Member, other: Member) -> None:
    message = send(member, other)
    close(member)
    item = selectors.message_for_member(member=other, message_id=message.pk)
    assert item.sender is None and item.message.body


def test_a_recipient_who_deletes_their_account_leaves_the_senders_copy(member: Member, other: Member) -> None:
    """The sender's own message stays in their sent box, addressed to nobody; it goes when they delete it."""
    message = send(member, other)
    member_delete(member=other, password=PASSWORD)
    item = selectors.message_for_member(member=member, message_id=message.pk)
    assert item.recipient is None and item.box == Box.SENT
    services.message_remove(member=member, message_id=message.pk)
    services.message_remove(member=member, message_id=message.pk)
    assert not Message.objects.exists()


def test_deleting_for_good_removes_the_recipients_notification(
    member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send(member, other)
    assert Notification.objects.filter(recipient=other).count() == 1
    services.message_remove(member=member, message_id=message.pk)
    services.message_remove(member=member, message_id=message.pk)
    assert Notification.objects.filter(recipient=other).count() == 1  # the sender's deletion changes nothing for them
    services.message_remove(member=other, message_id=message.pk)
    services.message_remove(member=other, message_id=message.pk)
    assert not Notification.objects.exists()
