"""Notifications of new diary comments: who is told, who is not, and that the task can run twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.diary.test_services import entry
from tsunagu.accounts.models import Member
from tsunagu.diary import services, tasks
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.friends.services import block_create, friend_remove, friendship_create
from tsunagu.notifications.models import Notification

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


@pytest.fixture
def comment(django_capture_on_commit_callbacks: Any) -> Callable[[Member, DiaryEntry], DiaryComment]:
    """Comment as a member would: the notification task runs when the comment has committed."""

    def write(author: Member, on: DiaryEntry, body: str = "コメント") -> DiaryComment:
        with django_capture_on_commit_callbacks(execute=True):
            return services.diary_comment_create(author=author, entry_id=on.pk, body=body)

    return write


def told(item: DiaryComment) -> set[int]:
    return set(
        Notification.objects.filter(target_kind="diary_comment", target_id=item.pk).values_list(
            "recipient_id", flat=True
        )
    )


def test_entry_author_and_earlier_commenters_are_told_but_not_the_commenter(
    member: Member, make_member: MakeMember, comment: Any
) -> None:
    """Comment n tells the entry's author and the authors of comments 1…n-1, once each, never the commenter."""
    a, b, c = make_member(), make_member(), make_member()
    written = entry(member, "members")
    first = comment(a, written)
    assert told(first) == {member.pk}
    comment(a, written)  # a again: still one notification per recipient per comment
    second = comment(b, written)
    assert told(second) == {member.pk, a.pk}
    by_author = comment(member, written)
    assert told(by_author) == {a.pk, b.pk}
    last = comment(c, written)
    assert told(last) == {member.pk, a.pk, b.pk}
    row = Notification.objects.get(target_id=last.pk, recipient=a)
    assert (row.kind, row.actor_id, row.read_at) == ("diary_comment", c.pk, None)


def test_later_commenters_and_deleted_comments_are_not_told(member: Member, make_member: MakeMember) -> None:
    """Running the notification for comment 1 after comment 2 exists does not tell comment 2's author;
    an erased earlier comment tells nobody about its (gone) author, and a deleted comment notifies no one."""
    a, b = make_member(), make_member()
    written = entry(member, "members")
    first = services.diary_comment_create(author=a, entry_id=written.pk, body="一")
    second = services.diary_comment_create(author=b, entry_id=written.pk, body="二")
    assert services.diary_comment_notify(comment_id=first.pk) == 1
    assert told(first) == {member.pk}
    services.diary_comment_delete(member=a, entry_id=written.pk, comment_id=first.pk)
    assert services.diary_comment_notify(comment_id=second.pk) == 1
    assert told(second) == {member.pk}
    assert services.diary_comment_notify(comment_id=first.pk) == 0
    assert services.diary_comment_notify(comment_id=10**9) == 0


def test_members_who_can_no_longer_see_the_entry_are_not_told(
    member: Member, make_member: MakeMember, comment: Any
) -> None:
    """An earlier commenter who is no longer the author's friend (friends-only entry) is left out."""
    friend, former = make_member(), make_member()
    friendship_create(member, friend)
    friendship_create(member, former)
    written = entry(member, "friends")
    comment(former, written)
    friend_remove(member=member, friend_id=former.pk)
    latest = comment(friend, written)
    assert told(latest) == {member.pk}


def test_audience_narrowed_to_a_group_tells_only_the_group(
    member: Member, make_member: MakeMember, comment: Any
) -> None:
    from tsunagu.diary.services import diary_entry_update
    from tsunagu.friends.services import friend_group_create

    inside, outside = make_member(), make_member()
    for friend in (inside, outside):
        friendship_create(member, friend)
    written = entry(member, "friends")
    comment(outside, written)
    group = friend_group_create(owner=member, name="仲良し", members=[inside.pk])
    diary_entry_update(author=member, entry_id=written.pk, audience="friend_group", friend_group=group.pk)
    by_author = comment(member, written)
    assert told(by_author) == set()
    comment(inside, written)
    assert told(comment(member, written)) == {inside.pk}


@pytest.mark.parametrize("direction", ["commenter blocked them", "they blocked the commenter"])
def test_no_notification_across_a_block(member: Member, make_member: MakeMember, comment: Any, direction: str) -> None:
    """Neither side of a block hears of the other's comments, whoever blocked whom."""
    earlier, commenter = make_member(), make_member()
    written = entry(member, "members")
    comment(earlier, written)
    if direction == "commenter blocked them":
        block_create(blocker=commenter, blocked_id=earlier.pk)
    else:
        block_create(blocker=earlier, blocked_id=commenter.pk)
    assert told(comment(commenter, written)) == {member.pk}


def test_entry_author_blocked_by_the_commenter_is_not_told(member: Member, other: Member, comment: Any) -> None:
    """The commenter may still read the author's entry after blocking them, but the author hears nothing."""
    written = entry(member, "members")
    block_create(blocker=other, blocked_id=member.pk)
    assert told(comment(other, written)) == set()


def test_closed_accounts_are_not_told(member: Member, make_member: MakeMember, comment: Any) -> None:
    earlier, later = make_member(), make_member()
    written = entry(member, "members")
    comment(earlier, written)
    earlier.is_active = False
    earlier.save(update_fields=["is_active"])
    assert told(comment(later, written)) == {member.pk}


def test_notification_task_is_idempotent(member: Member, other: Member, make_member: MakeMember) -> None:
    """The task can run twice (retries, duplicates): the second run stores nothing."""
    third = make_member()
    written = entry(member, "members")
    services.diary_comment_create(author=third, entry_id=written.pk, body="一")
    new = services.diary_comment_create(author=other, entry_id=written.pk, body="二")
    assert not Notification.objects.exists(), "nothing is sent before the comment has committed"
    first = tasks.diary_comment_notify.enqueue(comment_id=new.pk)
    second = tasks.diary_comment_notify.enqueue(comment_id=new.pk)
    assert (first.return_value, second.return_value) == (2, 0)
    assert services.diary_comment_notify(comment_id=new.pk) == 0
    assert Notification.objects.filter(target_id=new.pk).count() == 2
    assert told(new) == {member.pk, third.pk}


def test_notifications_go_with_the_comment_and_the_entry(member: Member, other: Member, comment: Any) -> None:
    written = entry(member, "members")
    first = comment(other, written)
    second = comment(other, written)
    assert Notification.objects.count() == 2
    services.diary_comment_delete(member=other, entry_id=written.pk, comment_id=first.pk)
    assert told(first) == set() and told(second) == {member.pk}
    services.diary_entry_delete(author=member, entry_id=written.pk)
    assert not Notification.objects.exists()
