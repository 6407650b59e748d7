"""Friend requests in the API: send, list, accept, decline (silently), cancel, and every refusal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from tests.api.helpers import assert_error
from tests.friends.api.helpers import api, befriend, block, ids, summary
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.friends import services
from tsunagu.friends.models import FriendRequest, Friendship


def send(client: Client, sender: Member, recipient: Member, message: str | None = None) -> dict:
    data: dict = {"to": recipient.pk}
    if message is not None:
        data["message"] = message
    response = api(client, "post", "/friend-requests", sender, data)
    assert response.status_code == 201, response.content
    return response.json()


def listing(client: Client, member: Member, direction: str) -> dict:
    response = api(client, "get", f"/friend-requests?direction={direction}", member)
    assert response.status_code == 200, response.content
    return response.json()


def test_send_answers_201_in_the_contract_shape(client: Client, member: Member, other: Member) -> None:
    """POST /friend-requests answers 201 {id, from, to, message, created_at} with member summaries."""
    body = send(client, member, other, "大学で同じゼミでした。")
    assert set(body) == {"id", "from", "to", "message", "created_at"}
    assert body["from"] == summary(member)
    assert body["to"] == summary(other)
    assert body["message"] == "大学で同じゼミでした。"
    request = FriendRequest.objects.get(pk=body["id"])
    assert (request.sender_id, request.recipient_id) == (member.pk, other.pk)
    assert body["created_at"] == request.created_at.isoformat()


def test_message_is_optional(client: Client, member: Member, other: Member) -> None:
    """A request without a message (or with null) has an empty message."""
    assert send(client, member, other)["message"] == ""
    response = api(client, "post", "/friend-requests", other, {"to": member.pk, "message": None})
    assert response.status_code == 201
    assert response.json()["message"] == ""


def test_message_is_cleaned_and_limited(client: Client, member: Member, other: Member) -> None:
    """The message is trimmed; one longer than 500 characters is refused with 422 on `message`."""
    error = assert_error(api(client, "post", "/friend-requests", member, {"to": other.pk, "message": "あ" * 501}), 422)
    assert "message" in error["fields"]
    assert not FriendRequest.objects.exists()
    assert send(client, member, other, "  よろしく  ")["message"] == "よろしく"


def test_incoming_and_outgoing_lists(client: Client, member: Member, other: Member) -> None:
    """The recipient sees the request as incoming, the sender as outgoing, each in the same shape."""
    sent = send(client, member, other, "こんにちは")
    assert listing(client, other, "incoming")["items"] == [sent]
    assert listing(client, member, "outgoing")["items"] == [sent]
    assert listing(client, member, "incoming")["items"] == []
    assert listing(client, other, "outgoing")["items"] == []


def test_direction_defaults_to_incoming(client: Client, member: Member, other: Member) -> None:
    """Without ?direction the list is the incoming one."""
    sent = send(client, member, other)
    response = api(client, "get", "/friend-requests", other)
    assert response.status_code == 200
    assert response.json()["items"] == [sent]


def test_unknown_direction_is_422(client: Client, member: Member) -> None:
    """?direction=sideways is refused with the error format."""
    error = assert_error(api(client, "get", "/friend-requests?direction=sideways", member), 422, "invalid")
    assert "direction" in error["fields"]


def test_lists_are_newest_first(client: Client, make_member: Callable[..., Member], member: Member) -> None:
    """Both lists put the newest request first."""
    a, b = make_member("A"), make_member("B")
    send(client, a, member)
    send(client, b, member)
    assert [i["from"]["id"] for i in listing(client, member, "incoming")["items"]] == [b.pk, a.pk]
    send(client, member, make_member("C"))
    c = Member.objects.get(nickname="C")
    send(client, member, make_member("D"))
    d = Member.objects.get(nickname="D")
    assert [i["to"]["id"] for i in listing(client, member, "outgoing")["items"]] == [d.pk, c.pk]


def test_accept_makes_both_friends(client: Client, member: Member, other: Member) -> None:
    """Accepting answers 200 {friend: summary}; both appear in each other's friend list and the request is gone."""
    sent = send(client, member, other)
    response = api(client, "post", f"/friend-requests/{sent['id']}/accept", other)
    assert response.status_code == 200, response.content
    assert response.json() == {"friend": summary(member)}
    assert not FriendRequest.objects.exists()
    assert ids(api(client, "get", f"/members/{member.pk}/friends", member).json()) == [other.pk]
    assert ids(api(client, "get", f"/members/{other.pk}/friends", other).json()) == [member.pk]
    assert listing(client, member, "outgoing")["items"] == []


def test_accepting_one_of_two_crossed_requests_removes_both(client: Client, member: Member, other: Member) -> None:
    """When both sent a request, accepting either makes them friends and clears both."""
    mine = send(client, member, other)
    send(client, other, member)
    assert api(client, "post", f"/friend-requests/{mine['id']}/accept", other).status_code == 200
    assert not FriendRequest.objects.exists()
    assert Friendship.objects.count() == 2


def test_new_friendship_sends_no_mail(client: Client, member: Member, other: Member) -> None:
    """Requests and friendships are not broadcast: no mail goes out for either."""
    sent = send(client, member, other)
    api(client, "post", f"/friend-requests/{sent['id']}/accept", other)
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["sender", "stranger"])
def test_only_the_recipient_can_accept(
    client: Client, make_member: Callable[..., Member], member: Member, other: Member, who: str
) -> None:
    """The sender or a third member accepting answers 404 and nobody becomes friends."""
    sent = send(client, member, other)
    actor = member if who == "sender" else make_member()
    assert_error(api(client, "post", f"/friend-requests/{sent['id']}/accept", actor), 404, "not_found")
    assert_error(api(client, "post", f"/friend-requests/{sent['id']}/decline", actor), 404, "not_found")
    assert not Friendship.objects.exists()
    assert FriendRequest.objects.get(pk=sent["id"]).declined_at is None


def test_unknown_request_is_404(client: Client, member: Member) -> None:
    """Accepting, declining or cancelling a request that does not exist answers 404."""
    for method, path in [
        ("post", "/friend-requests/999999/accept"),
        ("post", "/friend-requests/999999/decline"),
        ("delete", "/friend-requests/999999"),
        ("post", "/friend-requests/99999999999999999999999/accept"),
        ("delete", "/friend-requests/99999999999999999999999"),
    ]:
        assert_error(api(client, method, path, member), 404, "not_found")


def test_decline_is_204_and_leaves_the_incoming_list(client: Client, member: Member, other: Member) -> None:
    """Declining answers 204; the request leaves the recipient's list and cannot be accepted afterwards."""
    sent = send(client, member, other)
    response = api(client, "post", f"/friend-requests/{sent['id']}/decline", other)
    assert response.status_code == 204
    assert response.content == b""
    assert listing(client, other, "incoming")["items"] == []
    assert_error(api(client, "post", f"/friend-requests/{sent['id']}/accept", other), 404)
    assert_error(api(client, "post", f"/friend-requests/{sent['id']}/decline", other), 404)


def test_decline_is_silent_to_the_sender(client: Client, member: Member, other: Member) -> None:
    """Everything the sender can ask about the request answers byte for byte the same before and after a decline."""

    def what_the_sender_sees() -> list[tuple[int, bytes]]:
        answers = [
            api(client, "get", "/friend-requests?direction=outgoing", member),
            api(client, "get", "/friend-requests?direction=incoming", member),
            api(client, "get", f"/members/{other.pk}/friend-status", member),
            api(client, "get", f"/members/{other.pk}", member),
            api(client, "post", "/friend-requests", member, {"to": other.pk}),  # the duplicate refusal
        ]
        return [(r.status_code, r.content) for r in answers]

    sent = send(client, member, other, "覚えてる?")
    before = what_the_sender_sees()
    assert api(client, "post", f"/friend-requests/{sent['id']}/decline", other).status_code == 204
    assert FriendRequest.objects.get(pk=sent["id"]).declined_at is not None
    assert what_the_sender_sees() == before
    assert listing(client, member, "outgoing")["items"] == [sent]
    assert mail.outbox == []


def test_sender_can_cancel_a_declined_request(client: Client, member: Member, other: Member) -> None:
    """A declined request stays the sender's to cancel, like a waiting one."""
    sent = send(client, member, other)
    api(client, "post", f"/friend-requests/{sent['id']}/decline", other)
    assert api(client, "delete", f"/friend-requests/{sent['id']}", member).status_code == 204
    assert not FriendRequest.objects.exists()


def test_cancel_own_request(client: Client, member: Member, other: Member) -> None:
    """DELETE /friend-requests/{id} by the sender answers 204 and the recipient no longer sees it."""
    sent = send(client, member, other)
    response = api(client, "delete", f"/friend-requests/{sent['id']}", member)
    assert response.status_code == 204
    assert listing(client, other, "incoming")["items"] == []
    assert listing(client, member, "outgoing")["items"] == []


@pytest.mark.parametrize("who", ["recipient", "stranger"])
def test_only_the_sender_can_cancel(
    client: Client, make_member: Callable[..., Member], member: Member, other: Member, who: str
) -> None:
    """The recipient or a third member cancelling answers 404 and the request stays."""
    sent = send(client, member, other)
    actor = other if who == "recipient" else make_member()
    assert_error(api(client, "delete", f"/friend-requests/{sent['id']}", actor), 404, "not_found")
    assert FriendRequest.objects.filter(pk=sent["id"]).exists()


def test_request_to_oneself_is_refused(client: Client, member: Member) -> None:
    """A request to oneself answers 422 with code `self` and creates nothing."""
    assert_error(api(client, "post", "/friend-requests", member, {"to": member.pk}), 422, "self")
    assert not FriendRequest.objects.exists()


def test_duplicate_request_is_refused(client: Client, member: Member, other: Member) -> None:
    """A second request to the same member answers 409 `duplicate`."""
    send(client, member, other)
    assert_error(api(client, "post", "/friend-requests", member, {"to": other.pk}), 409, "duplicate")
    assert FriendRequest.objects.count() == 1


def test_request_to_a_friend_is_refused(client: Client, member: Member, other: Member) -> None:
    """A request to someone who is already a friend answers 409 `already_friends`."""
    befriend(member, other)
    assert_error(api(client, "post", "/friend-requests", member, {"to": other.pk}), 409, "already_friends")
    assert not FriendRequest.objects.exists()


def test_friend_limit_of_the_sender(client: Client, make_member: Callable[..., Member], member: Member) -> None:
    """A sender at the friend limit is refused with 409 `friend_limit`, saying it is their own limit."""
    site_settings_update(friend_limit=1)
    befriend(member, make_member())
    target = make_member()
    error = assert_error(api(client, "post", "/friend-requests", member, {"to": target.pk}), 409, "friend_limit")
    assert "1" in error["message"]
    assert not FriendRequest.objects.exists()


def test_friend_limit_of_the_recipient(client: Client, make_member: Callable[..., Member], member: Member) -> None:
    """A request to a member at the friend limit is refused with 409 `friend_limit`."""
    site_settings_update(friend_limit=1)
    target = make_member("人気者")
    befriend(target, make_member())
    error = assert_error(api(client, "post", "/friend-requests", member, {"to": target.pk}), 409, "friend_limit")
    assert "人気者" in error["message"]
    assert not FriendRequest.objects.exists()


@pytest.mark.parametrize("side", ["recipient", "sender"])
def test_friend_limit_checked_again_on_accept(
    client: Client, make_member: Callable[..., Member], member: Member, other: Member, side: str
) -> None:
    """If either side reached the limit after the request was sent, accepting answers 409 and changes nothing."""
    sent = send(client, member, other)
    site_settings_update(friend_limit=1)
    befriend(other if side == "recipient" else member, make_member())
    assert_error(api(client, "post", f"/friend-requests/{sent['id']}/accept", other), 409, "friend_limit")
    assert not Friendship.objects.filter(member=member, friend=other).exists()
    assert FriendRequest.objects.filter(pk=sent["id"]).exists()


def test_blocked_member_requesting_the_blocker_looks_like_no_such_member(
    client: Client, member: Member, other: Member
) -> None:
    """A member who was blocked gets exactly the 404 of a member id that does not exist."""
    block(other, member)
    blocked = api(client, "post", "/friend-requests", member, {"to": other.pk})
    missing = api(client, "post", "/friend-requests", member, {"to": 999999})
    assert_error(blocked, 404, "not_found")
    assert blocked.content == missing.content
    assert not FriendRequest.objects.exists()


def test_blocker_requesting_the_blocked_member_is_409(client: Client, member: Member, other: Member) -> None:
    """A member who blocked someone is told to unblock first (409 `blocked`)."""
    block(member, other)
    assert_error(api(client, "post", "/friend-requests", member, {"to": other.pk}), 409, "blocked")
    assert not FriendRequest.objects.exists()


@pytest.mark.parametrize("to", [999999, 0, -1, 99999999999999999999999])
def test_request_to_unknown_member_is_404(client: Client, member: Member, to: int) -> None:
    """A member id that does not exist (including out-of-range ones) answers 404."""
    assert_error(api(client, "post", "/friend-requests", member, {"to": to}), 404, "not_found")


def test_request_to_a_closed_account_is_404(client: Client, member: Member, other: Member) -> None:
    """A deactivated member cannot be sent a request: 404 like a missing member."""
    Member.objects.filter(pk=other.pk).update(is_active=False)
    assert_error(api(client, "post", "/friend-requests", member, {"to": other.pk}), 404, "not_found")


def test_requests_from_closed_accounts_leave_the_inbox(client: Client, member: Member, other: Member) -> None:
    """A request from a member who has since been deactivated is neither listed nor acceptable."""
    request = services.friend_request_send(sender=other, recipient_id=member.pk)
    Member.objects.filter(pk=other.pk).update(is_active=False)
    assert listing(client, member, "incoming")["items"] == []
    assert_error(api(client, "post", f"/friend-requests/{request.pk}/accept", member), 404)
    assert not Friendship.objects.exists()
