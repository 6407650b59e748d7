"""Bad input to the friend API: wrong ids, missing fields, wrong types and unknown keys are 4xx JSON errors, never 500;
unauthenticated calls are 401, session calls without the CSRF token 403; messages come in the caller's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import JAPANESE, assert_error, call
from tests.friends.api.helpers import api, auth, befriend, block
from tsunagu.accounts.models import Member
from tsunagu.friends import services
from tsunagu.friends.models import Block, FriendGroup, FriendIntro, FriendRequest, Friendship

# Every endpoint, with a body that would be accepted.
ENDPOINTS: list[tuple[str, str, Any]] = [
    ("post", "/friend-requests", {"to": 1}),
    ("get", "/friend-requests", None),
    ("post", "/friend-requests/{id}/accept", None),
    ("post", "/friend-requests/{id}/decline", None),
    ("delete", "/friend-requests/{id}", None),
    ("get", "/members/{id}/friends", None),
    ("get", "/members/{id}/mutual-friends", None),
    ("get", "/members/{id}/friend-status", None),
    ("delete", "/friends/{id}", None),
    ("get", "/blocks", None),
    ("post", "/blocks", {"member": 1}),
    ("delete", "/blocks/{id}", None),
    ("get", "/friend-groups", None),
    ("post", "/friend-groups", {"name": "仲良し"}),
    ("get", "/friend-groups/{id}", None),
    ("patch", "/friend-groups/{id}", {"name": "仲良し"}),
    ("delete", "/friend-groups/{id}", None),
    ("get", "/members/{id}/intros", None),
    ("put", "/members/{id}/intro", {"body": "こんにちは"}),
    ("patch", "/intros/{id}", {"hidden": True}),
    ("delete", "/intros/{id}", None),
]
WITH_ID = [e for e in ENDPOINTS if "{id}" in e[1]]
WITH_BODY = [e for e in ENDPOINTS if e[2] is not None]
OPEN_TO_VISITORS = {"/members/{id}/friends", "/members/{id}/mutual-friends", "/members/{id}/intros"}


def nothing_changed() -> None:
    assert not FriendRequest.objects.exists()
    assert not Block.objects.exists()
    assert not FriendGroup.objects.exists()
    assert not FriendIntro.objects.exists()


@pytest.mark.parametrize(("method", "path", "data"), WITH_ID)
@pytest.mark.parametrize("bad_id", ["abc", "1.5", "1e3", "%20", "０１"])
def test_non_integer_ids_are_422(
    client: Client, member: Member, method: str, path: str, data: Any, bad_id: str
) -> None:
    """An id in the path that is not a whole number answers 422 with the error format."""
    response = api(client, method, path.replace("{id}", bad_id), member, data)
    assert_error(response, 422, "invalid")
    nothing_changed()


@pytest.mark.parametrize(("method", "path", "data"), WITH_ID)
def test_out_of_range_ids_are_404(client: Client, member: Member, method: str, path: str, data: Any) -> None:
    """Ids too large for the database (or negative) answer 404 like any id that does not exist, never 500."""
    for bad_id in ["99999999999999999999999", "-99999999999999999999999", "-1", "0"]:
        response = api(client, method, path.replace("{id}", bad_id), member, data)
        assert_error(response, 404, "not_found")
    nothing_changed()


@pytest.mark.parametrize(("method", "path", "data"), WITH_BODY)
def test_unknown_keys_are_422(client: Client, member: Member, method: str, path: str, data: Any) -> None:
    """A key that is not part of the request answers 422 naming it."""
    response = api(client, method, path.replace("{id}", "1"), member, {**data, "owner": 2})
    error = assert_error(response, 422, "invalid")
    assert "owner" in error["fields"]
    nothing_changed()


@pytest.mark.parametrize(("method", "path", "data"), WITH_BODY)
@pytest.mark.parametrize("raw", ["{", "not json", '"a string"', "[1, 2]", "null", "42"])
def test_bodies_that_are_not_objects(
    client: Client, member: Member, method: str, path: str, data: Any, raw: str
) -> None:
    """A body that is not JSON answers 400, one that is not an object 422 (or 400), never 500."""
    response = call(client, method, f"/api/v1{path.replace('{id}', '1')}", raw=raw, **auth(member))
    assert response.status_code in (400, 422), response.content
    assert_error(response, response.status_code)
    nothing_changed()


@pytest.mark.parametrize(
    ("method", "path", "data", "field"),
    [
        ("post", "/friend-requests", {}, "to"),
        ("post", "/friend-requests", {"message": "こんにちは"}, "to"),
        ("post", "/friend-requests", {"to": None}, "to"),
        ("post", "/friend-requests", {"to": "2"}, "to"),
        ("post", "/friend-requests", {"to": "abc"}, "to"),
        ("post", "/friend-requests", {"to": True}, "to"),
        ("post", "/friend-requests", {"to": 2.5}, "to"),
        ("post", "/friend-requests", {"to": [2]}, "to"),
        ("post", "/friend-requests", {"to": {"id": 2}}, "to"),
        ("post", "/friend-requests", {"to": 2, "message": 5}, "message"),
        ("post", "/friend-requests", {"to": 2, "message": ["a"]}, "message"),
        ("post", "/blocks", {}, "member"),
        ("post", "/blocks", {"member": "2"}, "member"),
        ("post", "/blocks", {"member": False}, "member"),
        ("post", "/friend-groups", {}, "name"),
        ("post", "/friend-groups", {"members": []}, "name"),
        ("post", "/friend-groups", {"name": 5}, "name"),
        ("post", "/friend-groups", {"name": None}, "name"),
        ("post", "/friend-groups", {"name": ["仲良し"]}, "name"),
        ("post", "/friend-groups", {"name": "仲良し", "members": None}, "members"),
        ("post", "/friend-groups", {"name": "仲良し", "members": "2"}, "members"),
        ("patch", "/friend-groups/{group}", {"name": 5}, "name"),
        ("patch", "/friend-groups/{group}", {"members": {"2": True}}, "members"),
        ("put", "/members/{friend}/intro", {}, "body"),
        ("put", "/members/{friend}/intro", {"body": None}, "body"),
        ("put", "/members/{friend}/intro", {"body": 5}, "body"),
        ("patch", "/intros/{intro}", {}, "hidden"),
        ("patch", "/intros/{intro}", {"hidden": "yes"}, "hidden"),
        ("patch", "/intros/{intro}", {"hidden": 1}, "hidden"),
        ("patch", "/intros/{intro}", {"hidden": None}, "hidden"),
    ],
)
def test_missing_and_wrongly_typed_fields_are_422(
    client: Client, member: Member, other: Member, method: str, path: str, data: dict[str, Any], field: str
) -> None:
    """A missing field or one of the wrong type answers 422 naming the field, and changes nothing."""
    befriend(member, other)
    group = services.friend_group_create(owner=member, name="家族", members=[other.pk])
    intro = services.intro_write(author=other, subject_id=member.pk, body="いい人です")
    path = path.format(group=group.pk, friend=other.pk, intro=intro.pk)
    error = assert_error(api(client, method, path, member, data), 422)
    assert any(key == field or key.startswith(f"{field}.") for key in error["fields"]), error
    assert not FriendRequest.objects.exists()
    assert not Block.objects.exists()
    assert [(g.name, list(g.memberships.values_list("member_id", flat=True))) for g in FriendGroup.objects.all()] == [
        ("家族", [other.pk])
    ]
    assert list(FriendIntro.objects.values_list("body", "hidden")) == [("いい人です", False)]


@pytest.mark.parametrize(("method", "path", "data"), [e for e in ENDPOINTS if e[1] not in OPEN_TO_VISITORS])
def test_anonymous_calls_are_401(client: Client, method: str, path: str, data: Any) -> None:
    """Without credentials every endpoint but the public reads answers 401."""
    assert_error(api(client, method, path.replace("{id}", "1"), None, data), 401, "unauthenticated")


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS)
def test_bad_token_is_401(db: None, client: Client, method: str, path: str, data: Any) -> None:
    """A bearer token that is not valid is 401 everywhere, even on the public reads."""
    response = call(client, method, f"/api/v1{path.replace('{id}', '1')}", data, Authorization="Bearer nope")
    assert_error(response, 401, "unauthenticated")


# --- CSRF -------------------------------------------------------------------------------------------


def session_client(member: Member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def csrf_token(client: Client) -> str:
    """Load a page with a form, as a browser would, and return the CSRF cookie."""
    assert client.get("/settings/profile/").status_code == 200
    return str(client.cookies["csrftoken"].value)


@pytest.fixture
def setting(make_member: Callable[..., Member], member: Member, other: Member) -> dict[str, int]:
    """A friend, a request to `member`, a group and an intro: something for every unsafe call to act on."""
    befriend(member, other)
    sender, third, stranger = make_member(), make_member(), make_member()
    request = services.friend_request_send(sender=sender, recipient_id=member.pk)
    group = services.friend_group_create(owner=member, name="家族", members=[other.pk])
    intro = services.intro_write(author=other, subject_id=member.pk, body="いい人です")
    block(member, third)
    return {
        "friend": other.pk,
        "request": request.pk,
        "group": group.pk,
        "intro": intro.pk,
        "third": third.pk,
        "stranger": stranger.pk,
    }


UNSAFE = [
    ("post", "/friend-requests", {"to": "{stranger}"}),
    ("post", "/friend-requests/{request}/accept", None),
    ("post", "/friend-requests/{request}/decline", None),
    ("delete", "/friends/{friend}", None),
    ("post", "/blocks", {"member": "{friend}"}),
    ("delete", "/blocks/{third}", None),
    ("post", "/friend-groups", {"name": "同僚"}),
    ("patch", "/friend-groups/{group}", {"name": "親戚"}),
    ("delete", "/friend-groups/{group}", None),
    ("put", "/members/{friend}/intro", {"body": "よろしく"}),
    ("patch", "/intros/{intro}", {"hidden": True}),
    ("delete", "/intros/{intro}", None),
]


def _fill(data: Any, ids: dict[str, int]) -> Any:
    if isinstance(data, dict):
        return {key: int(value.format(**ids)) if key in ("to", "member") else value for key, value in data.items()}
    return data


def snapshot() -> tuple[Any, ...]:
    return (
        list(FriendRequest.objects.values_list("pk", "declined_at")),
        list(Friendship.objects.values_list("member_id", "friend_id")),
        list(Block.objects.values_list("blocker_id", "blocked_id")),
        list(FriendGroup.objects.values_list("pk", "name")),
        list(FriendIntro.objects.values_list("pk", "hidden")),
    )


@pytest.mark.parametrize(("method", "path", "data"), UNSAFE)
def test_session_call_without_csrf_token_is_403(
    member: Member, setting: dict[str, int], method: str, path: str, data: Any
) -> None:
    """A session-authenticated unsafe call without X-CSRFToken is refused with a JSON 403 and changes nothing."""
    client = session_client(member)
    csrf_token(client)
    before = snapshot()
    response = call(client, method, f"/api/v1{path.format(**setting)}", _fill(data, setting))
    assert_error(response, 403, "csrf")
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path", "data"), UNSAFE)
def test_session_call_with_csrf_token_works(
    member: Member, setting: dict[str, int], method: str, path: str, data: Any
) -> None:
    """The same call with the CSRF token from the cookie succeeds."""
    client = session_client(member)
    token = csrf_token(client)
    response = call(client, method, f"/api/v1{path.format(**setting)}", _fill(data, setting), **{"X-CSRFToken": token})
    assert response.status_code in (200, 201, 204), response.content


def test_session_reads_need_no_csrf_token(member: Member, setting: dict[str, int]) -> None:
    """Safe calls work from the session without a CSRF token."""
    client = session_client(member)
    assert client.get("/api/v1/friend-requests").status_code == 200
    assert client.get(f"/api/v1/members/{member.pk}/friends").status_code == 200


# --- language ---------------------------------------------------------------------------------------


def test_errors_in_the_members_language(client: Client, make_member: Callable[..., Member]) -> None:
    """A Japanese member gets Japanese error messages, an English member English ones (validation and 404)."""
    japanese, english = make_member(language="ja"), make_member(language="en")
    for method, path, data in [("post", "/friend-requests", {}), ("get", "/members/999999/friends", None)]:
        ja = api(client, method, path, japanese, data).json()["error"]
        en = api(client, method, path, english, data).json()["error"]
        assert JAPANESE.search(ja["message"]), ja
        assert not JAPANESE.search(en["message"]), en
    ja_fields = api(client, "post", "/friend-requests", japanese, {}).json()["error"]["fields"]["to"]
    assert JAPANESE.search(ja_fields[0])


def test_refusals_in_english_for_an_english_member(client: Client, make_member: Callable[..., Member]) -> None:
    """An English member is told why a request is refused, in English."""
    english = make_member(language="en")
    error = api(client, "post", "/friend-requests", english, {"to": english.pk}).json()["error"]
    assert error == {"code": "self", "message": "You cannot send a friend request to yourself."}


def test_openapi_documents_the_friend_endpoints(client: Client, db: None) -> None:
    """The OpenAPI document builds and lists every friend endpoint, with `from` spelled as in the responses."""
    document = client.get("/api/v1/openapi.json").json()
    paths = {
        path.removeprefix("/api/v1").replace("request_id", "id").replace("member_id", "id")
        for path in document["paths"]
    }
    paths = {p.replace("group_id", "id").replace("intro_id", "id") for p in paths}
    assert {path.split("?")[0] for _method, path, _data in ENDPOINTS} <= paths
    assert "from" in document["components"]["schemas"]["FriendRequestOut"]["properties"]
