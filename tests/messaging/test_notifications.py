"""Messages as notification targets: a notification of a message shows only while its recipient still has the
message and may still see its sender, linking to the message with its subject."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.messaging.helpers import block, close, ja, send
from tsunagu.accounts.models import Member
from tsunagu.messaging import services
from tsunagu.notifications.registry import TARGETS, Shown, targets_visible

pytestmark = pytest.mark.django_db


def shown(recipient: Member, *ids: int) -> dict[Any, Shown]:
    return {
        target_id: item
        for (_kind, target_id), item in targets_visible(recipient, [("message", i) for i in ids]).items()
    }


def test_the_message_target_is_registered() -> None:
    assert "message" in TARGETS


def test_a_message_shows_with_its_subject_while_the_recipient_has_it(member: Member, other: Member) -> None:
    titled = send(member, other, subject="お誘い")
    untitled = send(member, other, subject="")
    assert shown(other, titled.pk, untitled.pk) == {
        titled.pk: Shown(url=f"/messages/{titled.pk}/", excerpt="お誘い"),
        untitled.pk: Shown(url=f"/messages/{untitled.pk}/", excerpt=ja("(no subject)")),
    }
    services.message_trash(member=other, message_id=titled.pk)
    assert set(shown(other, titled.pk)) == {titled.pk}  # in the trash: still theirs
    services.message_delete_for_good(member=other, message_id=titled.pk)
    assert shown(other, titled.pk) == {}
    # The sender's deletion changes nothing for the recipient.
    services.message_remove(member=member, message_id=untitled.pk)
    services.message_remove(member=member, message_id=untitled.pk)
    assert set(shown(other, untitled.pk)) == {untitled.pk}


def test_only_the_recipient_is_shown_a_message(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    message = send(member, other)
    assert shown(member, message.pk) == {}
    assert shown(make_member("第三者"), message.pk) == {}
    assert shown(other, 999_999) == {}


def test_not_shown_once_the_sender_blocked_the_recipient_or_left(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    blocked_by = send(member, other)
    leaver = make_member("退会する人")
    left = send(leaver, other)
    block(member, other)
    close(leaver)
    assert shown(other, blocked_by.pk, left.pk) == {}
    # The recipient blocking the sender does not hide it from the recipient.
    kept = send(make_member("ブロックされる人"), other)
    block(other, kept.sender)
    assert set(shown(other, kept.pk)) == {kept.pk}


def test_a_page_of_notifications_costs_one_query(member: Member, other: Member, django_assert_num_queries: Any) -> None:
    ids = [send(member, other, subject=f"{n}").pk for n in range(5)]
    with django_assert_num_queries(1):
        assert len(shown(other, *ids)) == 5


def test_the_notifications_page_shows_a_new_message_until_its_sender_blocks_the_recipient(
    member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """On the recipient's お知らせ page: who sent it and its subject, opening the message; gone once it would name a
    member the recipient may no longer see."""
    from tests.friends.test_pages import as_member, html

    with django_capture_on_commit_callbacks(execute=True):
        message = send(member, other, subject="来週の相談")
    reader = as_member(other)
    page = html(reader.get("/notifications/"))
    assert "来週の相談" in page and member.nickname in page
    opened = reader.get(page.split('class="entry-title" href="')[1].split('"')[0])
    assert opened.status_code == 302 and opened["Location"] == f"/messages/{message.pk}/"
    block(member, other)
    page = html(reader.get("/notifications/"))
    assert "来週の相談" not in page and member.nickname not in page
