"""Blocks (アクセスブロック) in the API: block, list, unblock, and everything a block ends and hides."""

from __future__ import annotations

from collections.abc import Callable

from django.core import mail
from django.test import Client

from tests.api.helpers import assert_error
from tests.friends.api.helpers import api, befriend, block, friend_list_audience, summary
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.friends import services
from tsunagu.friends.models import Block, FriendGroupMembership, FriendIntro, FriendRequest, Friendship


def test_block_answers_201_and_lists(client: Client, member: Member, other: Member) -> None:
    """POST /blocks answers 201 {member: summary, created_at}; GET /blocks lists it."""
    response = api(client, "post", "/blocks", member, {"member": other.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    stored = Block.objects.get(blocker=member, blocked=other)
    assert body == {"member": summary(other), "created_at": stored.created_at.isoformat()}
    assert api(client, "get", "/blocks", member).json() == {"items": [body]}
    assert api(client, "get", "/blocks", other).json() == {"items": []}


def test_blocking_twice_is_harmless(client: Client, member: Member, other: Member) -> None:
    """Blocking a member already blocked answers the same block again and keeps one row."""
    first = api(client, "post", "/blocks", member, {"member": other.pk}).json()
    again = api(client, "post", "/blocks", member, {"member": other.pk})
    assert again.status_code == 201
    assert again.json() == first
    assert Block.objects.count() == 1


def test_blocks_newest_first(client: Client, make_member: Callable[..., Member], member: Member) -> None:
    """The block list puts the newest block first."""
    a, b = make_member(), make_member()
    block(member, a)
    block(member, b)
    assert [i["member"]["id"] for i in api(client, "get", "/blocks", member).json()["items"]] == [b.pk, a.pk]


def test_unblock(client: Client, member: Member, other: Member) -> None:
    """DELETE /blocks/{id} answers 204; the profile is visible again but the friendship does not come back."""
    befriend(member, other)
    block(member, other)
    assert api(client, "delete", f"/blocks/{other.pk}", member).status_code == 204
    assert not Block.objects.exists()
    assert api(client, "get", f"/members/{member.pk}", other).status_code == 200
    assert not Friendship.objects.exists()
    assert_error(api(client, "delete", f"/blocks/{other.pk}", member), 404, "not_found")


def test_only_the_blocker_can_unblock(client: Client, member: Member, other: Member) -> None:
    """The blocked member cannot lift the block: 404, and the block stays."""
    block(member, other)
    assert_error(api(client, "delete", f"/blocks/{member.pk}", other), 404, "not_found")
    assert Block.objects.count() == 1


def test_block_oneself_is_422(client: Client, member: Member) -> None:
    """Blocking oneself answers 422 `self`."""
    assert_error(api(client, "post", "/blocks", member, {"member": member.pk}), 422, "self")
    assert not Block.objects.exists()


def test_block_unknown_member_is_404(client: Client, member: Member) -> None:
    """Blocking a member id that does not exist answers 404; so does unblocking one."""
    assert_error(api(client, "post", "/blocks", member, {"member": 999999}), 404, "not_found")
    assert_error(api(client, "post", "/blocks", member, {"member": 99999999999999999999999}), 404, "not_found")
    assert_error(api(client, "delete", "/blocks/99999999999999999999999", member), 404, "not_found")


def test_block_ends_friendship_requests_intros_and_groups(
    client: Client, make_member: Callable[..., Member], member: Member, other: Member
) -> None:
    """A block ends the friendship, requests both ways, intros both ways and group membership both ways."""
    befriend(member, other)
    services.intro_write(author=member, subject_id=other.pk, body="友達です")
    services.intro_write(author=other, subject_id=member.pk, body="友達です")
    services.friend_group_create(owner=member, name="同僚", members=[other.pk])
    services.friend_group_create(owner=other, name="家族", members=[member.pk])
    third = make_member()
    befriend(member, third)
    services.friend_group_create(owner=member, name="仲良し", members=[third.pk])
    api(client, "post", "/blocks", member, {"member": other.pk})
    assert not Friendship.objects.filter(member__in=[member, other], friend__in=[member, other]).exists()
    assert not FriendIntro.objects.exists()
    assert list(FriendGroupMembership.objects.values_list("member_id", flat=True)) == [third.pk]
    groups = {g["name"]: g["members"] for g in api(client, "get", "/friend-groups", member).json()["items"]}
    assert groups == {"同僚": [], "仲良し": [summary(third)]}
    assert api(client, "get", "/friend-groups", other).json()["items"][0]["members"] == []


def test_block_ends_requests_either_way(client: Client, member: Member, other: Member) -> None:
    """A waiting request in either direction is removed by the block."""
    services.friend_request_send(sender=member, recipient_id=other.pk)
    services.friend_request_send(sender=other, recipient_id=member.pk)
    api(client, "post", "/blocks", member, {"member": other.pk})
    assert not FriendRequest.objects.exists()
    assert api(client, "get", "/friend-requests?direction=incoming", member).json()["items"] == []
    assert api(client, "get", "/friend-requests?direction=outgoing", other).json()["items"] == []


def test_blocked_member_sees_nothing_of_the_blocker(client: Client, member: Member, other: Member) -> None:
    """Profile, friend list, intros, mutual friends and friend status of the blocker all answer 404 to the blocked member."""
    site_settings_update(web_public_allowed=True)
    friend_list_audience(member, "public")
    block(member, other)
    missing = api(client, "get", "/members/999999/friends", other).content
    for path in ["", "/friends", "/intros", "/mutual-friends", "/friend-status"]:
        response = api(client, "get", f"/members/{member.pk}{path}", other)
        assert_error(response, 404, "not_found")
        assert response.content == missing
    assert_error(api(client, "put", f"/members/{member.pk}/intro", other, {"body": "こんにちは"}), 404)


def test_blocked_member_can_block_back(client: Client, member: Member, other: Member) -> None:
    """A member who was blocked can still block the blocker (a block may not be prevented by another)."""
    block(member, other)
    assert api(client, "post", "/blocks", other, {"member": member.pk}).status_code == 201
    assert Block.objects.count() == 2
    assert api(client, "delete", f"/blocks/{other.pk}", member).status_code == 204
    assert_error(api(client, "get", f"/members/{other.pk}", member), 404)


def test_blocked_member_is_not_told(client: Client, member: Member, other: Member) -> None:
    """Blocking sends no mail and the blocked member's own lists do not mention it."""
    api(client, "post", "/blocks", member, {"member": other.pk})
    assert mail.outbox == []
    assert api(client, "get", "/blocks", other).json() == {"items": []}
    assert api(client, "get", f"/members/{other.pk}/friend-status", member).json()["blocked"] is True


def test_blocker_still_sees_the_blocked_member(client: Client, member: Member, other: Member) -> None:
    """The block hides the blocker from the blocked member, not the other way round."""
    block(member, other)
    assert api(client, "get", f"/members/{other.pk}", member).status_code == 200
