"""The notifications API: shapes, cursor pages, what is hidden, marking read, settings, and errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import assert_error, call
from tests.friends.api.helpers import auth
from tests.notifications.helpers import World, stored
from tsunagu.accounts.models import Member
from tsunagu.friends.services import block_create
from tsunagu.notifications.models import Notification
from tsunagu.profiles.api import member_summary

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]
LIST = "/api/v1/notifications"
READ = "/api/v1/notifications/read"
SETTINGS = "/api/v1/notifications/settings"


def get(client: Client, path: str, member: Member | None) -> Any:
    return client.get(path, headers=auth(member) if member else {})


def post(client: Client, member: Member, data: Any, path: str = READ, **kwargs: Any) -> Any:
    return call(client, "post", path, data, **auth(member), **kwargs)


def test_the_list_has_the_contract_shape(client: Client, member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members", title="花見", body="桜がきれい")
    comment = world.comment(other, entry, "行きたい")
    world.iine(other, "diary_entry", entry.pk)
    response = get(client, LIST, member)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "next_cursor", "unread"}
    assert (body["next_cursor"], body["unread"]) == (None, 2)
    iine, said = body["items"]
    rows = {row.kind: row for row in stored(member)}
    assert iine == {
        "id": rows["iine"].pk,
        "kind": "iine",
        "actor": member_summary(other),
        "others": 0,
        "target": {"type": "diary_entry", "id": entry.pk, "url": f"/diary/{entry.pk}/", "excerpt": "桜がきれい"},
        "text": f"{other.nickname}さんがあなたの日記「花見」にイイネ!しました",
        "created": rows["iine"].created_at.isoformat(),
        "read": False,
    }
    assert said["kind"] == "diary_comment" and said["target"] == {
        "type": "diary_comment",
        "id": comment.pk,
        "url": f"/diary/{entry.pk}/#comment-1",
        "excerpt": "行きたい",
    }


def test_texts_follow_the_callers_language(
    client: Client, make_member: MakeMember, other: Member, world: World
) -> None:
    english = make_member("Alice", language="en")
    entry = world.entry(english, "members", title="Blossoms")
    world.iine(other, "diary_entry", entry.pk)
    [item] = get(client, LIST, english).json()["items"]
    assert item["text"] == f"{other.nickname} liked your diary entry “Blossoms”."


def test_cursor_pages_cover_everything_once(
    client: Client, member: Member, make_member: MakeMember, world: World
) -> None:
    entry = world.entry(member, "members")
    for _ in range(5):
        world.comment(make_member(), entry)
    seen: list[int] = []
    cursor = ""
    while True:
        body = get(client, f"{LIST}?limit=2&cursor={cursor}", member).json()
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = body["next_cursor"]
    assert seen == [row.pk for row in stored(member)]


def test_hidden_notifications_are_neither_listed_nor_counted(
    client: Client, member: Member, make_member: MakeMember, world: World
) -> None:
    blocked = make_member()
    entry = world.entry(member, "members")
    world.comment(blocked, entry)
    kept = world.comment(make_member(), entry)
    block_create(blocker=blocked, blocked_id=member.pk)
    body = get(client, LIST, member).json()
    assert [item["target"]["id"] for item in body["items"]] == [kept.pk]
    assert body["unread"] == 1
    hidden = Notification.objects.get(recipient=member, actor=blocked)
    assert post(client, member, {"ids": [hidden.pk]}).json() == {"unread": 1}


def test_marking_read_by_ids_ignores_other_members_notifications(
    client: Client, member: Member, other: Member, make_member: MakeMember, world: World
) -> None:
    third = make_member()
    mine, theirs = world.entry(member, "members"), world.entry(other, "members")
    world.comment(third, mine)
    world.comment(third, mine, "二")
    world.comment(third, theirs)
    first, _second = stored(member)
    foreign = stored(other)[0]
    response = post(client, member, {"ids": [first.pk, foreign.pk, 10**15]})
    assert response.status_code == 200 and response.json() == {"unread": 1}
    assert Notification.objects.get(pk=foreign.pk).read_at is None, "someone else's stays unread"
    assert [item["read"] for item in get(client, LIST, member).json()["items"]] == [True, False]
    assert post(client, member, {"all": True}).json() == {"unread": 0}
    assert get(client, LIST, other).json()["unread"] == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"ids": "1"},
        {"ids": [1], "all": True},
        {"all": "yes"},
        {"ids": ["x"]},
        {"ids": [True]},
        {"ids": list(range(101))},
    ],
)
def test_bad_read_requests_are_422(client: Client, member: Member, data: Any) -> None:
    assert_error(post(client, member, data), 422, "invalid")


def test_other_errors(client: Client, member: Member) -> None:
    assert_error(client.get(LIST), 401, "unauthenticated")
    assert_error(call(client, "post", READ, {"all": True}), 401)
    assert_error(post(client, member, {"all": True, "everything": 1}), 422, "invalid")
    assert_error(post(client, member, None, raw="{not json"), 400, "bad_request")
    error = assert_error(get(client, f"{LIST}?limit=0", member), 422, "invalid")
    assert "limit" in error["fields"]
    error = assert_error(get(client, f"{LIST}?cursor=nonsense!", member), 422, "invalid")
    assert "cursor" in error["fields"]


def test_settings_read_and_change(client: Client, member: Member) -> None:
    body = get(client, SETTINGS, member).json()
    assert body["digest"] is False and all(body["kinds"].values())
    assert set(body["kinds"]) >= {"friend_request", "iine", "birthday", "message"}
    response = call(client, "patch", SETTINGS, {"kinds": {"iine": False}, "digest": True}, **auth(member))
    assert response.status_code == 200
    changed = response.json()
    assert changed["kinds"]["iine"] is False and changed["kinds"]["mention"] is True and changed["digest"] is True
    assert get(client, SETTINGS, member).json() == changed
    error = assert_error(call(client, "patch", SETTINGS, {"kinds": {"nope": True}}, **auth(member)), 422, "invalid")
    assert "kinds" in error["fields"]
    assert_error(call(client, "patch", SETTINGS, {"digest": "yes"}, **auth(member)), 422, "invalid")
