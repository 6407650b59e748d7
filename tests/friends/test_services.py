"""The friendship services: requests, the friend limit, removal, blocks, friend groups, intros, invitations
and the birthday hook. Every refusal is checked to carry a message."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core import mail

from tsunagu.accounts.models import Invitation, Member
from tsunagu.accounts.services import invitation_create
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.errors import Conflict, Invalid, NotFound, ServiceError
from tsunagu.core.services import site_settings_update
from tsunagu.friends import selectors
from tsunagu.friends.models import (
    INTRO_MAX_LENGTH,
    REQUEST_MESSAGE_MAX_LENGTH,
    Block,
    FriendGroup,
    FriendGroupMembership,
    FriendIntro,
    FriendRequest,
    Friendship,
)
from tsunagu.friends.services import (
    block_create,
    block_remove,
    friend_group_create,
    friend_group_delete,
    friend_group_update,
    friend_remove,
    friend_request_accept,
    friend_request_cancel,
    friend_request_decline,
    friend_request_send,
    friendship_create,
    intro_delete,
    intro_set_hidden,
    intro_write,
)
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


@contextmanager
def refused(kind: type[ServiceError], code: str | None = None) -> Iterator[Any]:
    """Expect the service to refuse with `kind` (and `code`), and with a message for the member."""
    with pytest.raises(kind) as caught:
        yield caught
    assert caught.value.message.strip(), "every refusal says why"
    if code is not None:
        assert caught.value.code == code


def friends_of(member: Member) -> set[int]:
    return set(Friendship.objects.filter(member=member).values_list("friend_id", flat=True))


@pytest.fixture
def third(make_member: MakeMember) -> Member:
    return make_member("高橋結衣")


# --- friend requests ---------------------------------------------------------------------------------


def test_request_carries_its_message(member: Member, other: Member) -> None:
    """A request keeps the sender's message, cleaned, and waits in the recipient's list."""
    request = friend_request_send(sender=member, recipient_id=other.pk, message="  同じ大学でしたね！\r\nよろしく  ")
    assert request.message == "同じ大学でしたね！\nよろしく"
    assert list(selectors.incoming_requests(other)) == [request]
    assert list(selectors.outgoing_requests(member)) == [request]


def test_request_without_message(member: Member, other: Member) -> None:
    """The message is optional."""
    assert friend_request_send(sender=member, recipient_id=other.pk).message == ""


def test_request_message_too_long(member: Member, other: Member) -> None:
    """A message over the limit is refused, naming the field."""
    with refused(Invalid) as caught:
        friend_request_send(sender=member, recipient_id=other.pk, message="あ" * (REQUEST_MESSAGE_MAX_LENGTH + 1))
    assert "message" in caught.value.fields
    assert not FriendRequest.objects.exists()


def test_request_to_self_refused(member: Member) -> None:
    """Nobody can ask themself to be friends."""
    with refused(Invalid, "self"):
        friend_request_send(sender=member, recipient_id=member.pk)


def test_request_to_unknown_member(member: Member) -> None:
    """An id that does not exist (or is not an id) is 'no such member'."""
    for bad in (999999, "abc", None):
        with refused(NotFound):
            friend_request_send(sender=member, recipient_id=bad)


def test_duplicate_request_refused(member: Member, other: Member) -> None:
    """Asking the same member twice is refused as a duplicate; one request remains."""
    friend_request_send(sender=member, recipient_id=other.pk)
    with refused(Conflict, "duplicate"):
        friend_request_send(sender=member, recipient_id=other.pk)
    assert FriendRequest.objects.count() == 1


def test_request_to_a_friend_refused(member: Member, other: Member) -> None:
    """Asking a friend is refused: they are already friends."""
    friendship_create(member, other)
    with refused(Conflict, "already_friends"):
        friend_request_send(sender=member, recipient_id=other.pk)


def test_declined_request_stays_with_the_sender_silently(member: Member, other: Member) -> None:
    """Declining removes the request from the recipient's list only; the sender's view and mail are unchanged."""
    request = friend_request_send(sender=member, recipient_id=other.pk, message="よろしく")
    sent_before = list(selectors.outgoing_requests(member).values("pk", "message", "created_at"))
    friend_request_decline(recipient=other, request_id=request.pk)
    assert list(selectors.incoming_requests(other)) == []
    assert selectors.pending_count(other) == 0
    assert list(selectors.outgoing_requests(member).values("pk", "message", "created_at")) == sent_before
    assert selectors.friend_status(viewer=member, member=other).request_sent == request
    assert mail.outbox == []
    assert not Friendship.objects.exists()


def test_resending_after_decline_is_refused_as_duplicate(member: Member, other: Member) -> None:
    """After a silent decline, asking again looks exactly like asking twice."""
    request = friend_request_send(sender=member, recipient_id=other.pk)
    friend_request_decline(recipient=other, request_id=request.pk)
    with refused(Conflict, "duplicate"):
        friend_request_send(sender=member, recipient_id=other.pk)


def test_declined_request_cannot_be_accepted_or_declined_again(member: Member, other: Member) -> None:
    """Once declined, the request is gone for the recipient."""
    request = friend_request_send(sender=member, recipient_id=other.pk)
    friend_request_decline(recipient=other, request_id=request.pk)
    with refused(NotFound):
        friend_request_accept(recipient=other, request_id=request.pk)
    with refused(NotFound):
        friend_request_decline(recipient=other, request_id=request.pk)


def test_only_the_recipient_answers(member: Member, other: Member, third: Member) -> None:
    """The sender or a third member cannot accept or decline someone else's request."""
    request = friend_request_send(sender=member, recipient_id=other.pk)
    for someone in (member, third):
        with refused(NotFound):
            friend_request_accept(recipient=someone, request_id=request.pk)
        with refused(NotFound):
            friend_request_decline(recipient=someone, request_id=request.pk)
    assert FriendRequest.objects.get().declined_at is None


def test_cancel_request(member: Member, other: Member) -> None:
    """The sender cancels their own request; the recipient cannot, and cancelling twice is 'no such request'."""
    request = friend_request_send(sender=member, recipient_id=other.pk)
    with refused(NotFound):
        friend_request_cancel(sender=other, request_id=request.pk)
    friend_request_cancel(sender=member, request_id=request.pk)
    assert not FriendRequest.objects.exists()
    with refused(NotFound):
        friend_request_cancel(sender=member, request_id=request.pk)
    friend_request_send(sender=member, recipient_id=other.pk)  # and may ask again


def test_cancel_a_declined_request(member: Member, other: Member) -> None:
    """A declined request is still the sender's to cancel, after which they may ask again."""
    request = friend_request_send(sender=member, recipient_id=other.pk)
    friend_request_decline(recipient=other, request_id=request.pk)
    friend_request_cancel(sender=member, request_id=request.pk)
    assert friend_request_send(sender=member, recipient_id=other.pk).declined_at is None


def test_accept_creates_both_directions(member: Member, other: Member) -> None:
    """Accepting makes the two friends on both sides and removes the request."""
    request = friend_request_send(sender=member, recipient_id=other.pk)
    assert friend_request_accept(recipient=other, request_id=request.pk) == member
    assert set(Friendship.objects.values_list("member_id", "friend_id")) == {
        (member.pk, other.pk),
        (other.pk, member.pk),
    }
    assert not FriendRequest.objects.exists()


def test_requests_both_ways_one_acceptance(member: Member, other: Member) -> None:
    """When both asked, accepting either request makes them friends and removes both requests."""
    mine = friend_request_send(sender=member, recipient_id=other.pk)
    friend_request_send(sender=other, recipient_id=member.pk)
    friend_request_accept(recipient=other, request_id=mine.pk)
    assert friends_of(member) == {other.pk}
    assert not FriendRequest.objects.exists()


# --- the friend limit --------------------------------------------------------------------------------


@pytest.fixture
def limit_two(make_member: MakeMember) -> Callable[[Member], None]:
    """The operator limits friends to two; the returned function fills a member up to it."""
    site_settings_update(friend_limit=2)

    def fill(someone: Member) -> None:
        for _ in range(2):
            friendship_create(someone, make_member())

    return fill


def test_limit_on_the_senders_side(member: Member, other: Member, limit_two: Callable[[Member], None]) -> None:
    """A member with as many friends as the limit cannot ask for more."""
    limit_two(member)
    with refused(Conflict, "friend_limit") as caught:
        friend_request_send(sender=member, recipient_id=other.pk)
    assert "2" in caught.value.message
    assert not FriendRequest.objects.exists()


def test_limit_on_the_recipients_side(member: Member, other: Member, limit_two: Callable[[Member], None]) -> None:
    """Nobody can ask a member who has reached the limit; the message names them."""
    limit_two(other)
    with refused(Conflict, "friend_limit") as caught:
        friend_request_send(sender=member, recipient_id=other.pk)
    assert other.nickname in caught.value.message


def test_limit_checked_again_on_accept(
    member: Member, other: Member, third: Member, limit_two: Callable[[Member], None]
) -> None:
    """A request sent before either side filled up is refused at acceptance, on either side."""
    to_other = friend_request_send(sender=member, recipient_id=other.pk)
    to_third = friend_request_send(sender=third, recipient_id=member.pk)
    limit_two(other)
    with refused(Conflict, "friend_limit"):
        friend_request_accept(recipient=other, request_id=to_other.pk)
    limit_two(third)
    with refused(Conflict, "friend_limit"):
        friend_request_accept(recipient=member, request_id=to_third.pk)
    assert friends_of(member) == set()


# --- removing a friend --------------------------------------------------------------------------------


def test_remove_is_immediate_on_both_sides(member: Member, other: Member, third: Member) -> None:
    """Removing ends both directions, takes each out of the other's groups and deletes the intros both ways."""
    friendship_create(member, other)
    friendship_create(member, third)
    friendship_create(other, third)
    mine = friend_group_create(owner=member, name="仲良し", members=[other.pk, third.pk])
    theirs = friend_group_create(owner=other, name="大学", members=[member.pk, third.pk])
    intro_write(author=member, subject_id=other.pk, body="頼れる友人です。")
    intro_write(author=other, subject_id=member.pk, body="いつも明るい人です。")
    intro_write(author=third, subject_id=member.pk, body="幼なじみです。")
    friend_remove(member=other, friend_id=member.pk)
    assert friends_of(member) == {third.pk}
    assert friends_of(other) == {third.pk}
    assert set(mine.memberships.values_list("member_id", flat=True)) == {third.pk}
    assert set(theirs.memberships.values_list("member_id", flat=True)) == {third.pk}
    assert list(FriendIntro.objects.values_list("author_id", "subject_id")) == [(third.pk, member.pk)]


def test_remove_someone_who_is_not_a_friend(member: Member, other: Member) -> None:
    """Removing a non-friend or an unknown id is 'not your friend'."""
    for bad in (other.pk, 999999, "x"):
        with refused(NotFound):
            friend_remove(member=member, friend_id=bad)


# --- blocks ------------------------------------------------------------------------------------------------


def test_block_ends_everything_between_the_two(member: Member, other: Member, third: Member) -> None:
    """A block ends the friendship, requests both ways, intros both ways and group memberships both ways."""
    friendship_create(member, other)
    friendship_create(member, third)
    friendship_create(other, third)
    friend_group_create(owner=member, name="仲良し", members=[other.pk, third.pk])
    friend_group_create(owner=other, name="同僚", members=[member.pk])
    intro_write(author=member, subject_id=other.pk, body="頼れる友人です。")
    intro_write(author=other, subject_id=member.pk, body="明るい人です。")
    block_create(blocker=member, blocked_id=other.pk)
    assert friends_of(member) == {third.pk}
    assert friends_of(other) == {third.pk}
    assert set(FriendGroupMembership.objects.values_list("member_id", flat=True)) == {third.pk}
    assert not FriendIntro.objects.exists()
    assert mail.outbox == []


def test_block_removes_pending_requests_both_ways(member: Member, other: Member) -> None:
    """Requests in either direction disappear with the block."""
    friend_request_send(sender=member, recipient_id=other.pk)
    friend_request_send(sender=other, recipient_id=member.pk)
    block_create(blocker=other, blocked_id=member.pk)
    assert not FriendRequest.objects.exists()


def test_blocked_member_requesting_gets_not_found_like_an_unknown_id(member: Member, other: Member) -> None:
    """The blocked member cannot ask the blocker, and the answer is exactly the one for an id that does not exist."""
    block_create(blocker=member, blocked_id=other.pk)
    with refused(NotFound) as unknown:
        friend_request_send(sender=other, recipient_id=999999)
    with refused(NotFound) as blocked:
        friend_request_send(sender=other, recipient_id=member.pk)
    assert (blocked.value.message, blocked.value.code, blocked.value.fields) == (
        unknown.value.message,
        unknown.value.code,
        unknown.value.fields,
    )


def test_blocker_requesting_gets_conflict(member: Member, other: Member) -> None:
    """The blocker is told to unblock first."""
    block_create(blocker=member, blocked_id=other.pk)
    with refused(Conflict, "blocked"):
        friend_request_send(sender=member, recipient_id=other.pk)


def test_no_friendship_across_a_block(member: Member, other: Member) -> None:
    """Even made directly, a friendship is refused while either has blocked the other."""
    block_create(blocker=member, blocked_id=other.pk)
    for a, b in ((member, other), (other, member)):
        with refused(Conflict, "blocked"):
            friendship_create(a, b)
    assert not Friendship.objects.exists()


def test_block_twice_is_idempotent(member: Member, other: Member) -> None:
    """Blocking again keeps the one block."""
    first = block_create(blocker=member, blocked_id=other.pk)
    assert block_create(blocker=member, blocked_id=other.pk) == first
    assert Block.objects.count() == 1


def test_block_oneself_or_nobody(member: Member) -> None:
    """Blocking oneself is refused; blocking an unknown id is 'no such member'."""
    with refused(Invalid, "self"):
        block_create(blocker=member, blocked_id=member.pk)
    for bad in (999999, "x", None):
        with refused(NotFound):
            block_create(blocker=member, blocked_id=bad)


def test_blocked_member_can_block_back(member: Member, other: Member) -> None:
    """A block cannot be pre-empted: the blocked member may still block the blocker."""
    block_create(blocker=member, blocked_id=other.pk)
    block_create(blocker=other, blocked_id=member.pk)
    assert set(Block.objects.values_list("blocker_id", "blocked_id")) == {(member.pk, other.pk), (other.pk, member.pk)}


def test_unblock(member: Member, other: Member) -> None:
    """Unblocking lifts the block (the friendship does not come back); only the blocker can, and only once."""
    friendship_create(member, other)
    block_create(blocker=member, blocked_id=other.pk)
    with refused(NotFound):
        block_remove(blocker=other, blocked_id=member.pk)
    block_remove(blocker=member, blocked_id=other.pk)
    assert not Block.objects.exists()
    assert not Friendship.objects.exists()
    assert policy.can_see_member(other, member)
    with refused(NotFound):
        block_remove(blocker=member, blocked_id=other.pk)
    friend_request_send(sender=other, recipient_id=member.pk)


# --- friend groups --------------------------------------------------------------------------------------


def test_group_holds_only_friends(member: Member, other: Member, third: Member) -> None:
    """Only the owner's friends can be in their groups; the refusal names the others."""
    friendship_create(member, other)
    group = friend_group_create(owner=member, name="仲良し", members=[other.pk, str(other.pk)])
    assert list(group.memberships.values_list("member_id", flat=True)) == [other.pk]
    for strangers in ([third.pk], [member.pk]):
        with refused(Invalid) as caught:
            friend_group_create(owner=member, name="同僚", members=[other.pk, *strangers])
        assert str(strangers[0]) in caught.value.message
        assert "members" in caught.value.fields
    with refused(Invalid):
        friend_group_update(owner=member, group_id=group.pk, members=[third.pk])
    with refused(Invalid):
        friend_group_create(owner=member, name="家族", members="1,2")
    assert FriendGroup.objects.count() == 1


def test_group_names_unique_per_owner_case_insensitively(member: Member, other: Member) -> None:
    """One owner cannot have two groups named alike (ignoring case); another owner can use the same name."""
    friend_group_create(owner=member, name="Family")
    with refused(Conflict, "duplicate") as caught:
        friend_group_create(owner=member, name="family")
    assert "name" in caught.value.fields
    friend_group_create(owner=other, name="family")


def test_group_name_must_be_given_and_short(member: Member) -> None:
    """An empty, multi-line or over-long name is refused."""
    for bad in ("", "   ", None, "一行目\n二行目", "あ" * 31):
        with refused(Invalid):
            friend_group_create(owner=member, name=bad)


def test_rename_group(member: Member) -> None:
    """A group can be renamed (also in another case of its own name), but not to another group's name."""
    group = friend_group_create(owner=member, name="Family")
    friend_group_create(owner=member, name="同僚")
    assert friend_group_update(owner=member, group_id=group.pk, name="FAMILY").name == "FAMILY"
    with refused(Conflict, "duplicate"):
        friend_group_update(owner=member, group_id=group.pk, name="同僚")
    assert friend_group_update(owner=member, group_id=group.pk, name="家族").name == "家族"
    assert FriendGroup.objects.get(pk=group.pk).name == "家族"


def test_replace_group_members(member: Member, other: Member, third: Member) -> None:
    """Giving members replaces them; giving only a name leaves them."""
    friendship_create(member, other)
    friendship_create(member, third)
    group = friend_group_create(owner=member, name="仲良し", members=[other.pk])
    friend_group_update(owner=member, group_id=group.pk, members=[third.pk])
    assert list(group.memberships.values_list("member_id", flat=True)) == [third.pk]
    friend_group_update(owner=member, group_id=group.pk, name="親友")
    assert list(group.memberships.values_list("member_id", flat=True)) == [third.pk]
    friend_group_update(owner=member, group_id=group.pk, members=[])
    assert not group.memberships.exists()


def test_groups_are_their_owners_alone(member: Member, other: Member) -> None:
    """Nobody else can edit or delete a member's group."""
    group = friend_group_create(owner=member, name="仲良し")
    for bad in (group.pk, 999999, "x"):
        with refused(NotFound):
            friend_group_update(owner=other, group_id=bad, name="乗っ取り")
        with refused(NotFound):
            friend_group_delete(owner=other, group_id=bad)
    assert FriendGroup.objects.get().name == "仲良し"


def test_deleting_a_group_leaves_what_was_shared_with_it_to_the_owner_alone(member: Member, other: Member) -> None:
    """A field shared with a deleted group is visible to its owner only, never wider."""
    friendship_create(member, other)
    group = friend_group_create(owner=member, name="同僚", members=[other.pk])
    profile_update(
        member=member, fields={"school": {"value": "大学", "audience": "friend_group", "friend_group": group.pk}}
    )
    shared = policy.Shared(owner="member", audience="school_audience", friend_group="school_friend_group")
    profile = Profile.objects.get(member=member)
    assert policy.can_view(other, profile, shared)
    friend_group_delete(owner=member, group_id=group.pk)
    profile.refresh_from_db()
    assert (profile.school_audience, profile.school_friend_group_id) == (Audience.FRIEND_GROUP, None)
    assert not policy.can_view(other, profile, shared)
    assert policy.can_view(member, profile, shared)
    assert not FriendGroupMembership.objects.exists()


# --- intros (紹介文) -----------------------------------------------------------------------------------


def test_only_friends_write_intros(member: Member, other: Member) -> None:
    """Writing an intro for a non-friend, oneself, or nobody is refused."""
    with refused(Conflict, "not_friends"):
        intro_write(author=member, subject_id=other.pk, body="素敵な人です。")
    with refused(Conflict):
        intro_write(author=member, subject_id=member.pk, body="私です。")
    with refused(NotFound):
        intro_write(author=member, subject_id=999999, body="誰？")
    assert not FriendIntro.objects.exists()


def test_intro_needs_a_body_within_the_limit(member: Member, other: Member) -> None:
    """An empty or over-long intro is refused, naming the field."""
    friendship_create(member, other)
    for bad in ("", "  ", None, "あ" * (INTRO_MAX_LENGTH + 1)):
        with refused(Invalid) as caught:
            intro_write(author=member, subject_id=other.pk, body=bad)
        assert "body" in caught.value.fields


def test_one_intro_per_pair_rewrite_updates(member: Member, other: Member) -> None:
    """Writing again replaces the author's intro for that friend (same intro, new text)."""
    friendship_create(member, other)
    first = intro_write(author=member, subject_id=other.pk, body="大学の同級生です。")
    again = intro_write(author=member, subject_id=other.pk, body="大学の同級生で、今は同僚です。")
    assert again.pk == first.pk
    assert FriendIntro.objects.get().body == "大学の同級生で、今は同僚です。"
    assert again.updated_at >= first.updated_at


def test_subject_hides_and_shows_an_intro(member: Member, other: Member, third: Member) -> None:
    """The member an intro is about may hide it (then only they see it) and show it again; nobody else may."""
    friendship_create(member, other)
    intro = intro_write(author=other, subject_id=member.pk, body="優しい人です。")
    for someone in (other, third):
        with refused(NotFound):
            intro_set_hidden(subject=someone, intro_id=intro.pk, hidden=True)
    intro_set_hidden(subject=member, intro_id=intro.pk, hidden=True)
    assert list(selectors.intros_for_viewer(viewer=third, member=member)) == []
    assert list(selectors.intros_for_viewer(viewer=member, member=member)) == [intro]
    intro_set_hidden(subject=member, intro_id=intro.pk, hidden=False)
    assert list(selectors.intros_for_viewer(viewer=third, member=member)) == [intro]


def test_author_or_subject_deletes_an_intro(member: Member, other: Member, third: Member) -> None:
    """The author and the subject may delete an intro; anyone else gets 'no such introduction'."""
    friendship_create(member, other)
    by_other = intro_write(author=other, subject_id=member.pk, body="頼れる先輩です。")
    by_member = intro_write(author=member, subject_id=other.pk, body="面白い後輩です。")
    with refused(NotFound):
        intro_delete(member=third, intro_id=by_other.pk)
    intro_delete(member=member, intro_id=by_other.pk)  # the subject
    intro_delete(member=member, intro_id=by_member.pk)  # the author
    assert not FriendIntro.objects.exists()
    with refused(NotFound):
        intro_delete(member=member, intro_id=by_member.pk)


# --- invitations --------------------------------------------------------------------------------------


def test_invitation_creates_the_friendship(member: Member, make_member: MakeMember) -> None:
    """Signing up with an invitation makes the inviter and the new member friends on both sides."""
    invitation = invitation_create(inviter=member)
    newcomer = make_member("新人", invitation_code=invitation.code)
    assert friends_of(member) == {newcomer.pk}
    assert friends_of(newcomer) == {member.pk}


def test_invitation_past_the_friend_limit_still_signs_up(
    member: Member, make_member: MakeMember, limit_two: Callable[[Member], None]
) -> None:
    """An inviter at the friend limit gains no friend, but the invitee still joins and the invitation is used."""
    limit_two(member)
    invitation = invitation_create(inviter=member)
    newcomer = make_member("新人", invitation_code=invitation.code)
    assert friends_of(newcomer) == set()
    assert newcomer.pk not in friends_of(member)
    assert Invitation.objects.get(pk=invitation.pk).used_by == newcomer


# --- the birthday hook --------------------------------------------------------------------------------


def test_friends_with_birthday_respects_the_birthday_audience(make_member: MakeMember, member: Member) -> None:
    """Only friends born that day whose birthday the viewer may see: not only-me, yes for a group the viewer is in."""
    day = datetime.date(2024, 7, 15)

    def born(
        nickname: str, audience: str, *, friend: bool = True, group: bool | None = None, on: str = "1990-07-15"
    ) -> Member:
        someone = make_member(nickname)
        if friend:
            friendship_create(someone, member)
        group_id = None
        if group is not None:
            group_id = friend_group_create(owner=someone, name="仲良し", members=[member.pk] if group else []).pk
        profile_update(
            member=someone, fields={"birthday": {"value": on, "audience": audience, "friend_group": group_id}}
        )
        return someone

    shared = born("友達", Audience.FRIENDS)
    born("秘密", Audience.ONLY_ME)
    in_group = born("仲良し", Audience.FRIEND_GROUP, group=True)
    born("別グループ", Audience.FRIEND_GROUP, group=False)
    born("他人", Audience.MEMBERS, friend=False)
    born("別の日", Audience.FRIENDS, on="1990-07-16")
    assert {m.pk for m in selectors.friends_with_birthday(viewer=member, day=day)} == {shared.pk, in_group.pk}
