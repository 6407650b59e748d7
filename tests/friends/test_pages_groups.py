"""Friend group pages at /friends/groups/: list, create, edit, delete; names and members for the owner's eyes only."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from tests.friends.test_pages import as_member, befriend, html
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.friends import services
from tsunagu.friends.models import FriendGroup
from tsunagu.profiles.services import profile_update

SECRET = "ひみつの仲良し"


def ja(message: str) -> str:
    """The Japanese text of a message, as a Japanese member sees it."""
    with translation.override("ja"):
        return translation.gettext(message)


@pytest.fixture
def friend(member: Member, other: Member) -> Member:
    befriend(member, other)
    return other


def test_create_a_group_choosing_friends_with_checkboxes(
    member: Member, friend: Member, make_member: Callable[..., Member]
) -> None:
    stranger = make_member("他人")
    client = as_member(member)
    page = html(client.get("/friends/groups/new/"))
    assert f'type="checkbox" name="members" value="{friend.pk}"' in page
    assert f'value="{stranger.pk}"' not in page  # only friends are offered
    response = client.post("/friends/groups/new/", {"name": "同僚", "members": [friend.pk]})
    assert response["Location"] == "/friends/groups/"
    group = FriendGroup.objects.get(owner=member)
    assert group.name == "同僚"
    assert list(group.members.all()) == [friend]
    page = html(client.get("/friends/groups/"))
    assert "同僚" in page
    assert friend.nickname in page


def test_create_refuses_strangers_and_duplicate_names(
    member: Member, friend: Member, make_member: Callable[..., Member]
) -> None:
    stranger = make_member("他人")
    client = as_member(member)
    assert client.post("/friends/groups/new/", {"name": "家族", "members": [stranger.pk]}).status_code == 400
    assert client.post("/friends/groups/new/", {"name": "家族"}).status_code == 302
    response = client.post("/friends/groups/new/", {"name": "家族"})
    assert response.status_code == 400
    assert ja("You already have a group with this name.") in html(response)
    assert client.post("/friends/groups/new/", {"name": ""}).status_code == 400
    assert FriendGroup.objects.count() == 1


def test_edit_renames_and_changes_members(member: Member, friend: Member, make_member: Callable[..., Member]) -> None:
    second = make_member("二人目")
    befriend(second, member)
    group = services.friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    client = as_member(member)
    page = html(client.get(f"/friends/groups/{group.pk}/"))
    assert 'value="仲良し"' in page
    assert re.search(rf'value="{friend.pk}" id="id_members_\d+" checked>', page)
    assert not re.search(rf'value="{second.pk}" id="id_members_\d+" checked>', page)
    response = client.post(f"/friends/groups/{group.pk}/", {"name": "親友", "members": [second.pk]})
    assert response["Location"] == "/friends/groups/"
    group.refresh_from_db()
    assert group.name == "親友"
    assert list(group.members.all()) == [second]


def test_delete_asks_first(member: Member, friend: Member) -> None:
    group = services.friend_group_create(owner=member, name="家族", members=[friend.pk])
    client = as_member(member)
    assert 'data-form="delete-group"' in html(client.get(f"/friends/groups/{group.pk}/delete/"))
    assert FriendGroup.objects.exists()
    assert client.post(f"/friends/groups/{group.pk}/delete/")["Location"] == "/friends/groups/"
    assert not FriendGroup.objects.exists()


def test_someone_elses_group_is_404(member: Member, friend: Member) -> None:
    group = services.friend_group_create(owner=member, name=SECRET, members=[friend.pk])
    client = as_member(friend)
    for path in (f"/friends/groups/{group.pk}/", f"/friends/groups/{group.pk}/delete/"):
        assert client.get(path).status_code == 404
        assert client.post(path, {"name": "乗っ取り"}).status_code == 404
    assert SECRET not in html(client.get("/friends/groups/"))
    group.refresh_from_db()
    assert group.name == SECRET


def test_group_names_never_reach_anyone_but_the_owner(
    member: Member, friend: Member, make_member: Callable[..., Member], client: Client
) -> None:
    """A group used for a profile field and for the friend list: its name is in no page but the owner's."""
    site_settings_update(web_public_allowed=True)
    stranger = make_member("他人")
    group = services.friend_group_create(owner=member, name=SECRET, members=[friend.pk])
    profile_update(
        member=member,
        fields={"interests": {"value": "グループ限定の趣味", "audience": "friend_group", "friend_group": group.pk}},
        friend_list={"audience": "friend_group", "friend_group": group.pk},
    )
    services.intro_write(author=friend, subject_id=member.pk, body="紹介します")

    paths = [
        f"/members/{member.pk}/",
        f"/members/{member.pk}/friends/",
        f"/members/{friend.pk}/",
        "/friends/",
        "/friends/groups/",
        "/confirm/",
        "/",
    ]
    viewers: list[Client] = [as_member(friend), as_member(stranger), client]
    for viewer in viewers:
        for path in paths:
            response = viewer.get(path)
            assert SECRET not in html(response), path
    # The member of the group sees what was shared with it, without learning the group's name.
    page = html(as_member(friend).get(f"/members/{member.pk}/"))
    assert "グループ限定の趣味" in page
    assert as_member(friend).get(f"/members/{member.pk}/friends/").status_code == 200
    assert as_member(stranger).get(f"/members/{member.pk}/friends/").status_code == 404
    # The owner sees the name on their own group pages.
    assert SECRET in html(as_member(member).get("/friends/groups/"))
