"""Friend groups in the API: create, read, rename, change members, delete; seen by their owner alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.api.helpers import assert_error
from tests.friends.api.helpers import api, befriend, summary
from tsunagu.accounts.models import Member
from tsunagu.friends import services
from tsunagu.friends.models import FriendGroup, FriendGroupMembership


@pytest.fixture
def friends(make_member: Callable[..., Member], member: Member) -> list[Member]:
    """Three friends of `member`, in nickname order."""
    people = [make_member(name) for name in ["あきこ", "いちろう", "うめこ"]]
    for person in people:
        befriend(member, person)
    return people


def state() -> list[tuple[str, list[int]]]:
    """Every group and its member ids, as stored."""
    return [
        (group.name, sorted(group.memberships.values_list("member_id", flat=True)))
        for group in FriendGroup.objects.order_by("pk")
    ]


def test_create_answers_201_group(client: Client, member: Member, friends: list[Member]) -> None:
    """POST /friend-groups {name, members} answers 201 {id, name, members: summaries by nickname}."""
    response = api(
        client, "post", "/friend-groups", member, {"name": "仲良し", "members": [friends[1].pk, friends[0].pk]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    group = FriendGroup.objects.get()
    assert body == {"id": group.pk, "name": "仲良し", "members": [summary(friends[0]), summary(friends[1])]}
    assert group.owner_id == member.pk


def test_create_without_members(client: Client, member: Member) -> None:
    """A group may start empty; members can be left out."""
    response = api(client, "post", "/friend-groups", member, {"name": "家族"})
    assert response.status_code == 201
    assert response.json()["members"] == []


def test_list_and_read(client: Client, member: Member, friends: list[Member]) -> None:
    """GET /friend-groups lists the owner's groups by name; GET /friend-groups/{id} answers one."""
    b = api(client, "post", "/friend-groups", member, {"name": "同僚", "members": [friends[2].pk]}).json()
    a = api(client, "post", "/friend-groups", member, {"name": "仲良し", "members": [f.pk for f in friends]}).json()
    listed = api(client, "get", "/friend-groups", member).json()
    assert listed == {"items": sorted([a, b], key=lambda g: g["name"])}
    assert api(client, "get", f"/friend-groups/{a['id']}", member).json() == a


def test_rename(client: Client, member: Member, friends: list[Member]) -> None:
    """PATCH {name} renames and keeps the members."""
    group = services.friend_group_create(owner=member, name="同僚", members=[friends[0].pk])
    response = api(client, "patch", f"/friend-groups/{group.pk}", member, {"name": "元同僚"})
    assert response.status_code == 200
    assert response.json() == {"id": group.pk, "name": "元同僚", "members": [summary(friends[0])]}


def test_replace_members(client: Client, member: Member, friends: list[Member]) -> None:
    """PATCH {members} replaces the members and keeps the name; an empty list empties the group."""
    group = services.friend_group_create(owner=member, name="同僚", members=[friends[0].pk, friends[1].pk])
    body = api(
        client, "patch", f"/friend-groups/{group.pk}", member, {"members": [friends[1].pk, friends[2].pk]}
    ).json()
    assert body == {"id": group.pk, "name": "同僚", "members": [summary(friends[1]), summary(friends[2])]}
    assert api(client, "patch", f"/friend-groups/{group.pk}", member, {"members": []}).json()["members"] == []
    assert api(client, "patch", f"/friend-groups/{group.pk}", member, {}).json()["name"] == "同僚"


def test_delete(client: Client, member: Member, friends: list[Member]) -> None:
    """DELETE /friend-groups/{id} answers 204; the group and its memberships are gone."""
    group = services.friend_group_create(owner=member, name="同僚", members=[friends[0].pk])
    assert api(client, "delete", f"/friend-groups/{group.pk}", member).status_code == 204
    assert not FriendGroup.objects.exists()
    assert not FriendGroupMembership.objects.exists()
    assert_error(api(client, "delete", f"/friend-groups/{group.pk}", member), 404, "not_found")


def test_only_friends_can_be_members(client: Client, member: Member, other: Member, friends: list[Member]) -> None:
    """A member id that is not a friend (or does not exist) is refused with 422 on `members`; nothing is saved."""
    for members in ([other.pk], [friends[0].pk, 999999], [member.pk]):
        error = assert_error(api(client, "post", "/friend-groups", member, {"name": "仲良し", "members": members}), 422)
        assert "members" in error["fields"]
    group = services.friend_group_create(owner=member, name="同僚", members=[friends[0].pk])
    assert_error(api(client, "patch", f"/friend-groups/{group.pk}", member, {"name": "X", "members": [other.pk]}), 422)
    assert state() == [("同僚", [friends[0].pk])]


def test_duplicate_name_is_409(client: Client, member: Member) -> None:
    """A second group with the same name (ignoring case) answers 409 `duplicate`, on create and on rename."""
    services.friend_group_create(owner=member, name="Family")
    assert_error(api(client, "post", "/friend-groups", member, {"name": "family"}), 409, "duplicate")
    other_group = services.friend_group_create(owner=member, name="同僚")
    assert_error(api(client, "patch", f"/friend-groups/{other_group.pk}", member, {"name": "FAMILY"}), 409, "duplicate")
    assert state() == [("Family", []), ("同僚", [])]


def test_same_name_for_different_owners(client: Client, member: Member, other: Member) -> None:
    """Two members may each have a group called 家族."""
    services.friend_group_create(owner=other, name="家族")
    assert api(client, "post", "/friend-groups", member, {"name": "家族"}).status_code == 201


@pytest.mark.parametrize("name", ["", "   ", "あ" * 31, "一行目\n二行目"])
def test_bad_name_is_422(client: Client, member: Member, name: str) -> None:
    """An empty, blank, too long (over 30) or multi-line name answers 422 on `name`."""
    error = assert_error(api(client, "post", "/friend-groups", member, {"name": name}), 422)
    assert "name" in error["fields"]
    assert not FriendGroup.objects.exists()


def test_another_member_cannot_see_or_touch_my_group(
    client: Client, member: Member, other: Member, friends: list[Member]
) -> None:
    """Another member's GET, PATCH and DELETE of my group's id answer the 404 of a missing group; nothing changes."""
    group = services.friend_group_create(owner=member, name="仲良し", members=[friends[0].pk])
    befriend(other, friends[0])
    for method, data in [("get", None), ("patch", {"name": "乗っ取り"}), ("patch", {"members": []}), ("delete", None)]:
        mine = api(client, method, f"/friend-groups/{group.pk}", other, data)
        missing = api(client, method, "/friend-groups/999999", other, data)
        assert_error(mine, 404, "not_found")
        assert mine.content == missing.content
    assert api(client, "get", "/friend-groups", other).json() == {"items": []}
    assert state() == [("仲良し", [friends[0].pk])]


def test_group_members_do_not_see_the_group(client: Client, member: Member, friends: list[Member]) -> None:
    """Being in someone's group does not show it to you."""
    group = services.friend_group_create(owner=member, name="仲良し", members=[friends[0].pk])
    assert api(client, "get", "/friend-groups", friends[0]).json() == {"items": []}
    assert_error(api(client, "get", f"/friend-groups/{group.pk}", friends[0]), 404)


def test_removing_a_friend_takes_them_out_of_groups(client: Client, member: Member, friends: list[Member]) -> None:
    """Removing a friend removes them from the owner's groups."""
    group = services.friend_group_create(owner=member, name="仲良し", members=[f.pk for f in friends])
    api(client, "delete", f"/friends/{friends[1].pk}", member)
    members = api(client, "get", f"/friend-groups/{group.pk}", member).json()["members"]
    assert members == [summary(friends[0]), summary(friends[2])]


@pytest.mark.parametrize(
    "members",
    [["x"], [True], [1.5], "1,2", 5, {"1": 1}, [[1]], [None], [0], [-3], [99999999999999999999999], ["1"]],
)
def test_bad_member_ids_are_422(client: Client, member: Member, friends: list[Member], members: object) -> None:
    """`members` must be a list of whole positive numbers (not strings, booleans, floats or out-of-range ids): 422."""
    error = assert_error(api(client, "post", "/friend-groups", member, {"name": "仲良し", "members": members}), 422)
    assert any(key.startswith("members") for key in error["fields"])
    assert not FriendGroup.objects.exists()
