"""Deleting an account removes the member from the friendship graph on every side."""

from tests.conftest import PASSWORD
from tsunagu.accounts.services import member_delete
from tsunagu.friends.models import Block, FriendGroupMembership, FriendIntro, FriendRequest, Friendship
from tsunagu.friends.services import (
    block_create,
    friend_group_create,
    friend_request_send,
    friendship_create,
    intro_write,
)


def test_deleting_an_account_removes_friendships_requests_groups_blocks_and_intros(make_member):
    """After deletion no row anywhere still names the member; friends keep their other friends."""
    leaving, friend, other, stranger = (make_member(n) for n in ("退会者", "友人", "他人", "見知らぬ人"))
    friendship_create(leaving, friend)
    friendship_create(friend, other)
    intro_write(author=friend, subject_id=leaving.pk, body="いい人です")
    intro_write(author=leaving, subject_id=friend.pk, body="頼れる友人")
    friend_group_create(owner=friend, name="仲良し", members=[leaving.pk, other.pk])
    friend_request_send(sender=leaving, recipient_id=other.pk)
    block_create(blocker=leaving, blocked_id=stranger.pk)
    block_create(blocker=other, blocked_id=leaving.pk)

    member_delete(member=leaving, password=PASSWORD)

    gone = leaving.pk
    assert not Friendship.objects.filter(member_id=gone).exists()
    assert not Friendship.objects.filter(friend_id=gone).exists()
    assert not FriendRequest.objects.filter(sender_id=gone).exists()
    assert not Block.objects.filter(blocker_id=gone).exists() and not Block.objects.filter(blocked_id=gone).exists()
    assert (
        not FriendIntro.objects.filter(author_id=gone).exists()
        and not FriendIntro.objects.filter(subject_id=gone).exists()
    )
    assert list(FriendGroupMembership.objects.filter(group__owner=friend).values_list("member_id", flat=True)) == [
        other.pk
    ]
    assert Friendship.objects.filter(member=friend, friend=other).exists()
