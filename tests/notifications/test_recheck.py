"""Notifications are checked again when shown: a target the recipient can no longer see, or a block made
afterwards, hides the notification from the page, the badge and the API alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.notifications.helpers import World, kinds, shown, stored, unread
from tsunagu.accounts.models import Member
from tsunagu.diary.services import diary_comment_delete, diary_entry_delete, diary_entry_update
from tsunagu.friends.services import (
    block_create,
    block_remove,
    friend_group_create,
    friend_remove,
    friend_request_send,
)
from tsunagu.notifications.models import Notification
from tsunagu.notifications.selectors import notification_for_recipient
from tsunagu.voice.services import voice_post_delete

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def agree(member: Member) -> int:
    """The badge's one-query count and the pages' batch check agree; returns the count."""
    items = [item for item in shown(member) if not item.is_read]
    assert unread(member) == len(items)
    return len(items)


def test_narrowing_the_entry_hides_comment_notifications(
    member: Member, other: Member, make_member: MakeMember, world: World
) -> None:
    """An earlier commenter loses sight of the entry once its audience is narrowed to a group without them."""
    commenter, later = make_member(), make_member()
    for friend in (commenter, later):
        world.befriend(member, friend)
    entry = world.entry(member, "friends")
    world.comment(commenter, entry)
    world.comment(later, entry)
    assert ("diary_comment", later.pk) in kinds(commenter)
    before = agree(commenter)
    group = friend_group_create(owner=member, name="仲良し", members=[later.pk])
    diary_entry_update(author=member, entry_id=entry.pk, audience="friend_group", friend_group=group.pk)
    assert ("diary_comment", later.pk) not in kinds(commenter)
    assert agree(commenter) == before - 1
    assert Notification.objects.filter(recipient=commenter, kind="diary_comment").exists(), "stored, not shown"
    diary_entry_update(author=member, entry_id=entry.pk, audience="members")
    assert ("diary_comment", later.pk) in kinds(commenter), "shown again when the audience widens again"


def test_unfriending_hides_a_friends_only_entry_from_the_former_friend(
    member: Member, other: Member, make_member: MakeMember, world: World
) -> None:
    """The former friend no longer sees the entry, so not the notifications of comments on it either;
    the notification that the friendship began stays (the member is still someone they may see)."""
    later = make_member()
    world.befriend(other, member)
    world.befriend(member, later)
    entry = world.entry(member, "friends")
    world.comment(other, entry)
    world.comment(later, entry)
    assert sorted(kinds(other)) == [("diary_comment", later.pk), ("friend_accepted", member.pk)]
    friend_remove(member=member, friend_id=other.pk)
    assert kinds(other) == [("friend_accepted", member.pk)]
    assert agree(other) == 1


@pytest.mark.parametrize("who_blocks", ["recipient", "actor"])
def test_a_block_made_afterwards_hides_the_notifications_between_them(
    member: Member, other: Member, world: World, who_blocks: str
) -> None:
    entry = world.entry(member, "members")
    world.comment(other, entry)
    world.iine(other, "diary_entry", entry.pk)
    post = world.voice(member, "晴れ", audience="members")
    world.voice(other, "いいね", in_reply_to=post.pk)
    assert agree(member) == 3
    if who_blocks == "recipient":
        block_create(blocker=member, blocked_id=other.pk)
    else:
        block_create(blocker=other, blocked_id=member.pk)
    assert kinds(member) == []
    assert agree(member) == 0
    block_remove(
        blocker=member if who_blocks == "recipient" else other,
        blocked_id=(other if who_blocks == "recipient" else member).pk,
    )
    assert agree(member) == 3, "nothing was deleted: lifting the block shows them again"


def test_a_deleted_comment_or_entry_or_post_is_not_shown(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    first = world.comment(other, entry)
    world.comment(other, entry)
    post = world.voice(member, "晴れ", audience="members")
    world.voice(other, "いいね", in_reply_to=post.pk)
    assert agree(member) == 3
    diary_comment_delete(member=other, entry_id=entry.pk, comment_id=first.pk)
    assert agree(member) == 2
    voice_post_delete(member=member, post_id=post.pk)
    assert agree(member) == 1
    diary_entry_delete(author=member, entry_id=entry.pk)
    assert agree(member) == 0 and kinds(member) == []


def test_a_comment_erased_by_its_author_leaving_is_not_shown(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    world.comment(other, entry)
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert kinds(member) == [] and agree(member) == 0


def test_a_withdrawn_friend_request_is_not_shown_even_if_its_notification_stayed(member: Member, other: Member) -> None:
    """The request going is enough, whatever happened to the stored notification."""
    from tsunagu.friends.models import FriendRequest

    request = friend_request_send(sender=member, recipient_id=other.pk)
    assert agree(other) == 1
    FriendRequest.objects.filter(pk=request.pk).delete()
    assert stored(other) and kinds(other) == [] and agree(other) == 0


def test_a_notification_not_shown_cannot_be_opened(member: Member, other: Member, world: World) -> None:
    from django.http import Http404

    entry = world.entry(member, "members")
    world.comment(other, entry)
    row = stored(member)[0]
    assert notification_for_recipient(recipient=member, notification_id=row.pk).pk == row.pk
    with pytest.raises(Http404):
        notification_for_recipient(recipient=other, notification_id=row.pk)
    with pytest.raises(Http404):
        notification_for_recipient(recipient=member, notification_id="99999999999999999999")
    block_create(blocker=member, blocked_id=other.pk)
    with pytest.raises(Http404):
        notification_for_recipient(recipient=member, notification_id=row.pk)


def test_deleting_an_item_deletes_the_iine_notifications_about_it(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    post = world.voice(member, "晴れ", audience="members")
    world.iine(other, "diary_entry", entry.pk)
    world.iine(other, "voice", post.pk)
    assert len(stored(member, "iine")) == 2
    diary_entry_delete(author=member, entry_id=entry.pk)
    voice_post_delete(member=member, post_id=post.pk)
    assert stored(member) == []
