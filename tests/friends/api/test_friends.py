"""Friends in the API: the friend list under its audience, pagination, removal, mutual friends, friend status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.test import Client

from tests.api.helpers import assert_error
from tests.friends.api.helpers import api, befriend, block, friend_list_audience, ids, summary
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.friends import services
from tsunagu.friends.models import FriendGroupMembership, FriendIntro, Friendship


@dataclass
class Graph:
    """`owner` has friends `friend` and `grouped` (the latter in the owner's group `group_id`);
    `fof` is a friend of `friend` only; `stranger` knows nobody."""

    owner: Member
    friend: Member
    grouped: Member
    fof: Member
    stranger: Member
    group_id: int


@pytest.fixture
def graph(make_member: Callable[..., Member]) -> Graph:
    owner, friend, grouped, fof, stranger = (
        make_member(name) for name in ["持ち主", "友達", "仲良し", "友達の友達", "他人"]
    )
    befriend(owner, friend)
    befriend(owner, grouped)
    befriend(friend, fof)
    group = services.friend_group_create(owner=owner, name="仲良し", members=[grouped.pk])
    return Graph(owner, friend, grouped, fof, stranger, group.pk)


# audience (with the web-public switch) → the viewers who may see the owner's friend list
AUDIENCES = {
    ("friends", False): {"owner", "friend", "grouped"},
    ("friends", True): {"owner", "friend", "grouped"},
    ("friends_of_friends", False): {"owner", "friend", "grouped", "fof"},
    ("members", False): {"owner", "friend", "grouped", "fof", "stranger"},
    ("members", True): {"owner", "friend", "grouped", "fof", "stranger"},
    ("public", False): {"owner", "friend", "grouped", "fof", "stranger"},
    ("public", True): {"owner", "friend", "grouped", "fof", "stranger", "anonymous"},
    ("friend_group", False): {"owner", "grouped"},
    ("only_me", False): {"owner"},
    ("only_me", True): {"owner"},
}
VIEWERS = ["owner", "friend", "grouped", "fof", "stranger", "anonymous"]


@pytest.mark.parametrize(("audience", "web_public"), list(AUDIENCES))
def test_friend_list_follows_its_audience(client: Client, graph: Graph, audience: str, web_public: bool) -> None:
    """Each viewer gets the list exactly when the friend-list audience reaches them, otherwise the 404 of a missing member."""
    site_settings_update(web_public_allowed=web_public)
    friend_list_audience(graph.owner, audience, graph.group_id if audience == "friend_group" else None)
    missing = api(client, "get", "/members/999999/friends", graph.stranger)
    for viewer in VIEWERS:
        as_ = None if viewer == "anonymous" else getattr(graph, viewer)
        response = api(client, "get", f"/members/{graph.owner.pk}/friends", as_)
        if viewer in AUDIENCES[(audience, web_public)]:
            assert response.status_code == 200, (viewer, response.content)
            body = response.json()
            assert body == {
                "items": [summary(m) for m in sorted([graph.friend, graph.grouped], key=lambda m: m.nickname)],
                "count": 2,
                "next_page": None,
            }
        else:
            assert_error(response, 404, "not_found")
            assert response.content == missing.content, viewer


def test_default_audience_is_friends(client: Client, graph: Graph) -> None:
    """A new member's friend list is for friends only."""
    assert api(client, "get", f"/members/{graph.owner.pk}/friends", graph.friend).status_code == 200
    assert_error(api(client, "get", f"/members/{graph.owner.pk}/friends", graph.stranger), 404)


def test_friend_list_never_lists_a_member_who_blocked_the_viewer(client: Client, graph: Graph) -> None:
    """When one of X's friends blocked the viewer, X's list (and its count) leaves them out for that viewer only."""
    friend_list_audience(graph.owner, "members")
    block(graph.friend, graph.stranger)
    body = api(client, "get", f"/members/{graph.owner.pk}/friends", graph.stranger).json()
    assert ids(body) == [graph.grouped.pk]
    assert body["count"] == 1
    assert set(ids(api(client, "get", f"/members/{graph.owner.pk}/friends", graph.fof).json())) == {
        graph.friend.pk,
        graph.grouped.pk,
    }


def test_friend_list_of_a_blocker_is_404(client: Client, graph: Graph) -> None:
    """A member who blocked the viewer has no friend list for them, even a public one."""
    site_settings_update(web_public_allowed=True)
    friend_list_audience(graph.owner, "public")
    block(graph.owner, graph.stranger)
    assert_error(api(client, "get", f"/members/{graph.owner.pk}/friends", graph.stranger), 404, "not_found")


def test_friend_list_leaves_out_closed_accounts(client: Client, graph: Graph) -> None:
    """A deactivated friend is not listed, and a deactivated member's list is 404."""
    Member.objects.filter(pk=graph.friend.pk).update(is_active=False)
    assert ids(api(client, "get", f"/members/{graph.owner.pk}/friends", graph.grouped).json()) == [graph.grouped.pk]
    Member.objects.filter(pk=graph.owner.pk).update(is_active=False)
    assert_error(api(client, "get", f"/members/{graph.owner.pk}/friends", graph.grouped), 404)


@pytest.mark.parametrize("member_id", ["999999", "99999999999999999999999"])
def test_friend_list_of_unknown_member_is_404(client: Client, member: Member, member_id: str) -> None:
    """An id that does not exist answers 404."""
    assert_error(api(client, "get", f"/members/{member_id}/friends", member), 404, "not_found")


def test_friend_list_pages(client: Client, make_member: Callable[..., Member], member: Member) -> None:
    """50 friends a page, sorted by nickname, with `count` and `next_page` (null on the last page)."""
    friends = [make_member(f"友達{i:02d}") for i in range(51)]
    for friend in friends:
        befriend(member, friend)
    first = api(client, "get", f"/members/{member.pk}/friends", member).json()
    assert first["count"] == 51
    assert first["next_page"] == 2
    assert ids(first) == [f.pk for f in friends[:50]]
    second = api(client, "get", f"/members/{member.pk}/friends?page=2", member).json()
    assert second == {"items": [summary(friends[50])], "count": 51, "next_page": None}
    for page in ["3", "99999999999999999999999"]:
        beyond = api(client, "get", f"/members/{member.pk}/friends?page={page}", member)
        assert beyond.status_code == 200
        assert beyond.json() == {"items": [], "count": 51, "next_page": None}


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5"])
def test_bad_page_is_422(client: Client, member: Member, page: str) -> None:
    """A page that is not a positive whole number answers 422 on `page`."""
    error = assert_error(api(client, "get", f"/members/{member.pk}/friends?page={page}", member), 422, "invalid")
    assert "page" in error["fields"]


def test_remove_friend_on_both_sides(client: Client, member: Member, other: Member) -> None:
    """DELETE /friends/{id} answers 204 and neither lists the other any more; no mail goes out."""
    befriend(member, other)
    response = api(client, "delete", f"/friends/{other.pk}", member)
    assert response.status_code == 204
    assert not Friendship.objects.exists()
    assert api(client, "get", f"/members/{member.pk}/friends", member).json()["items"] == []
    assert api(client, "get", f"/members/{other.pk}/friends", other).json()["items"] == []
    assert mail.outbox == []


def test_removal_ends_intros_and_group_membership_both_ways(client: Client, member: Member, other: Member) -> None:
    """Removing a friend deletes the intros each wrote for the other and takes each out of the other's groups."""
    befriend(member, other)
    services.intro_write(author=member, subject_id=other.pk, body="いい人です")
    services.intro_write(author=other, subject_id=member.pk, body="頼れる人")
    services.friend_group_create(owner=member, name="同僚", members=[other.pk])
    services.friend_group_create(owner=other, name="家族", members=[member.pk])
    assert api(client, "delete", f"/friends/{member.pk}", other).status_code == 204
    assert not FriendIntro.objects.exists()
    assert not FriendGroupMembership.objects.exists()
    groups = api(client, "get", "/friend-groups", member).json()["items"]
    assert [(g["name"], g["members"]) for g in groups] == [("同僚", [])]


@pytest.mark.parametrize("member_id", ["999999", "99999999999999999999999"])
def test_remove_unknown_member_is_404(client: Client, member: Member, member_id: str) -> None:
    """Removing an id that does not exist answers 404."""
    assert_error(api(client, "delete", f"/friends/{member_id}", member), 404, "not_found")


def test_remove_non_friend_is_404(client: Client, member: Member, other: Member) -> None:
    """Removing someone who is not a friend (or no longer one) answers 404."""
    assert_error(api(client, "delete", f"/friends/{other.pk}", member), 404, "not_found")
    befriend(member, other)
    assert api(client, "delete", f"/friends/{other.pk}", member).status_code == 204
    assert_error(api(client, "delete", f"/friends/{other.pk}", member), 404, "not_found")


@pytest.fixture
def mutual(make_member: Callable[..., Member], member: Member, other: Member) -> tuple[Member, Member]:
    """`member` and `other` share the friends あ and い; each also has a friend of their own; `other`'s
    friend list is open to members (mutual friends are part of it)."""
    shared_a, shared_b = make_member("い共通"), make_member("あ共通")
    for common in (shared_a, shared_b):
        befriend(member, common)
        befriend(other, common)
    befriend(member, make_member("自分だけ"))
    befriend(other, make_member("相手だけ"))
    friend_list_audience(other, "members")
    return shared_b, shared_a


def test_mutual_friends(client: Client, member: Member, other: Member, mutual: tuple[Member, Member]) -> None:
    """GET /members/{id}/mutual-friends lists the friends the viewer and the member share, by nickname."""
    response = api(client, "get", f"/members/{other.pk}/mutual-friends", member)
    assert response.status_code == 200
    assert response.json() == {"items": [summary(m) for m in mutual]}
    assert api(client, "get", f"/members/{member.pk}/mutual-friends", member).json() == {"items": []}


def test_mutual_friends_follow_the_friend_list_audience(
    client: Client, member: Member, other: Member, mutual: tuple[Member, Member]
) -> None:
    """When the member's friend list is hidden from the viewer, there are no mutual friends to show."""
    friend_list_audience(other, "only_me")
    assert api(client, "get", f"/members/{other.pk}/mutual-friends", member).json() == {"items": []}


def test_mutual_friends_leave_out_blockers(
    client: Client, member: Member, other: Member, mutual: tuple[Member, Member]
) -> None:
    """A shared friend who blocked the viewer is not shown (the block also ended their friendship)."""
    block(mutual[0], member)
    assert api(client, "get", f"/members/{other.pk}/mutual-friends", member).json() == {"items": [summary(mutual[1])]}


def test_mutual_friends_of_a_blocker_or_unknown_member_is_404(
    client: Client, member: Member, other: Member, mutual: tuple[Member, Member]
) -> None:
    """A member who blocked the viewer, or who does not exist, answers 404."""
    block(other, member)
    assert_error(api(client, "get", f"/members/{other.pk}/mutual-friends", member), 404, "not_found")
    assert_error(api(client, "get", "/members/999999/mutual-friends", member), 404, "not_found")


def test_mutual_friends_for_anonymous_visitors(client: Client, other: Member, mutual: tuple[Member, Member]) -> None:
    """Anonymous visitors share no friends: 404 on a closed site, an empty list on a web-public one."""
    assert_error(api(client, "get", f"/members/{other.pk}/mutual-friends"), 404)
    site_settings_update(web_public_allowed=True)
    friend_list_audience(other, "public")
    assert api(client, "get", f"/members/{other.pk}/mutual-friends").json() == {"items": []}


def test_friend_status(client: Client, member: Member, other: Member) -> None:
    """GET /members/{id}/friend-status tells how the viewer stands with the member at each step."""

    def status(viewer: Member, of: Member) -> dict:
        response = api(client, "get", f"/members/{of.pk}/friend-status", viewer)
        assert response.status_code == 200, response.content
        return response.json()

    nothing = {"is_friend": False, "request_sent": None, "request_received": None, "blocked": False}
    assert status(member, other) == nothing
    assert status(member, member) == nothing
    request = services.friend_request_send(sender=member, recipient_id=other.pk)
    assert status(member, other) == {**nothing, "request_sent": request.pk}
    assert status(other, member) == {**nothing, "request_received": request.pk}
    services.friend_request_decline(recipient=other, request_id=request.pk)
    assert status(member, other) == {**nothing, "request_sent": request.pk}
    assert status(other, member) == nothing
    befriend(member, other)
    assert status(member, other) == {**nothing, "is_friend": True}
    block(member, other)
    assert status(member, other) == {**nothing, "blocked": True}
    assert_error(api(client, "get", f"/members/{member.pk}/friend-status", other), 404, "not_found")


def test_friend_status_needs_a_member(client: Client, other: Member) -> None:
    """Anonymous visitors have no friend status: 401."""
    assert_error(api(client, "get", f"/members/{other.pk}/friend-status"), 401)
