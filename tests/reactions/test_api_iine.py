"""イイネ! through the API, on diary entries and on their comments: giving and taking back are idempotent and
answer `{count, given}`; the reactor list shows only members the viewer may know exist; hidden items are 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.api.helpers import assert_error
from tests.friends.api.helpers import api, block, summary
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.diary import services
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.diary.reactables import COMMENT_KIND, ENTRY_KIND
from tsunagu.friends.services import friend_request_accept, friend_request_send
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db


def befriend(a: Member, b: Member) -> None:
    request = friend_request_send(sender=a, recipient_id=b.pk)
    friend_request_accept(recipient=b, request_id=request.pk)


def write(author: Member, audience: str = "friends") -> DiaryEntry:
    return services.diary_entry_create(author=author, title="日記", body="本文", audience=audience)


def comment_on(entry: DiaryEntry, author: Member, body: str = "コメント") -> DiaryComment:
    return services.diary_comment_create(author=author, entry_id=entry.pk, body=body)


@pytest.fixture
def friend(make_member: Callable[..., Member], member: Member) -> Member:
    person = make_member("高橋友子")
    befriend(member, person)
    return person


@pytest.fixture
def entry(member: Member) -> DiaryEntry:
    return write(member, "friends")


@pytest.fixture
def comment(entry: DiaryEntry, member: Member) -> DiaryComment:
    return comment_on(entry, member)


def paths(entry: DiaryEntry, comment: DiaryComment) -> dict[str, str]:
    return {
        ENTRY_KIND: f"/diary/{entry.pk}/iine",
        COMMENT_KIND: f"/diary/{entry.pk}/comments/{comment.pk}/iine",
    }


KINDS = [ENTRY_KIND, COMMENT_KIND]


@pytest.mark.parametrize("kind", KINDS)
def test_giving_and_taking_back_are_idempotent(
    client: Client, entry: DiaryEntry, comment: DiaryComment, friend: Member, other: Member, kind: str
) -> None:
    """POST answers 200 {count, given: true} every time; DELETE 200 {count, given: false} every time."""
    path = paths(entry, comment)[kind]
    item_id = entry.pk if kind == ENTRY_KIND else comment.pk
    for _ in range(2):
        response = api(client, "post", path, friend)
        assert response.status_code == 200, response.content
        assert response.json() == {"count": 1, "given": True}
    assert Reaction.objects.filter(kind=kind, item_id=item_id, member=friend).count() == 1
    for _ in range(2):
        response = api(client, "delete", path, friend)
        assert response.status_code == 200, response.content
        assert response.json() == {"count": 0, "given": False}
    assert not Reaction.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_the_reactor_list(
    client: Client, member: Member, entry: DiaryEntry, comment: DiaryComment, friend: Member, kind: str
) -> None:
    """GET lists who said イイネ!, newest first, with the count and whether the viewer gave one."""
    path = paths(entry, comment)[kind]
    api(client, "post", path, member)
    api(client, "post", path, friend)
    body = api(client, "get", path, member).json()
    assert body["count"] == 2
    assert body["given"] is True
    assert [item["member"] for item in body["items"]] == [summary(friend), summary(member)]
    reaction = Reaction.objects.get(member=friend)
    assert body["items"][0]["created_at"] == reaction.created_at.isoformat()
    assert body["next_cursor"] is None


def test_the_entry_shows_its_iine_state(client: Client, entry: DiaryEntry, member: Member, friend: Member) -> None:
    api(client, "post", f"/diary/{entry.pk}/iine", friend)
    assert api(client, "get", f"/diary/{entry.pk}", friend).json()["iine"] == {"count": 1, "given": True}
    assert api(client, "get", f"/diary/{entry.pk}", member).json()["iine"] == {"count": 1, "given": False}
    items = api(client, "get", f"/members/{member.pk}/diary", friend).json()["items"]
    assert items[0]["iine"] == {"count": 1, "given": True}


def test_a_comment_shows_its_iine_state(
    client: Client, entry: DiaryEntry, comment: DiaryComment, member: Member, friend: Member
) -> None:
    api(client, "post", f"/diary/{entry.pk}/comments/{comment.pk}/iine", friend)
    items = api(client, "get", f"/diary/{entry.pk}/comments", friend).json()["items"]
    assert items[0]["iine"] == {"count": 1, "given": True}


@pytest.mark.parametrize("kind", KINDS)
def test_reactors_who_blocked_the_viewer_or_closed_their_account_are_neither_listed_nor_counted(
    client: Client,
    member: Member,
    entry: DiaryEntry,
    comment: DiaryComment,
    friend: Member,
    make_member: Callable[..., Member],
    kind: str,
) -> None:
    path = paths(entry, comment)[kind]
    shy, closed = make_member(), make_member()
    for person in (shy, closed):
        befriend(member, person)
        api(client, "post", path, person)
    api(client, "post", path, friend)
    block(shy, member)
    Member.objects.filter(pk=closed.pk).update(is_active=False)  # an account closed by an operator
    body = api(client, "get", path, member).json()
    assert [item["member"]["id"] for item in body["items"]] == [friend.pk]
    assert body["count"] == 1
    # Someone the reactor did not block still counts every active reactor.
    assert api(client, "get", path, friend).json()["count"] == 2


@pytest.mark.parametrize("kind", KINDS)
def test_iine_on_a_hidden_item_is_404(
    client: Client, entry: DiaryEntry, comment: DiaryComment, other: Member, friend: Member, kind: str
) -> None:
    """A stranger cannot give, take back or list イイネ! on a friends-only entry or its comments: 404, nothing stored."""
    path = paths(entry, comment)[kind]
    api(client, "post", path, friend)
    for method in ("get", "post", "delete"):
        assert_error(api(client, method, path, other), 404, "not_found")
    assert Reaction.objects.count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_blocked_member_cannot_give_iine(
    client: Client, member: Member, entry: DiaryEntry, comment: DiaryComment, friend: Member, kind: str
) -> None:
    path = paths(entry, comment)[kind]
    block(member, friend)
    assert_error(api(client, "post", path, friend), 404, "not_found")
    assert not Reaction.objects.exists()


def test_a_hidden_or_deleted_comment_takes_no_iine(
    client: Client, member: Member, entry: DiaryEntry, friend: Member, make_member: Callable[..., Member]
) -> None:
    """A comment whose author blocked the caller, or a deleted one, is 404 for イイネ!."""
    blocker = make_member()
    befriend(member, blocker)
    hidden = comment_on(entry, blocker, "見せない")
    deleted = comment_on(entry, friend, "消す")
    services.diary_comment_delete(member=friend, entry_id=entry.pk, comment_id=deleted.pk)
    block(blocker, friend)
    for target in (hidden, deleted):
        for method in ("get", "post", "delete"):
            path = f"/diary/{entry.pk}/comments/{target.pk}/iine"
            assert_error(api(client, method, path, friend), 404, "not_found")
    assert not Reaction.objects.exists()


def test_a_comment_is_reached_only_through_its_own_entry(
    client: Client, member: Member, entry: DiaryEntry, comment: DiaryComment, friend: Member
) -> None:
    elsewhere = write(member, "friends")
    path = f"/diary/{elsewhere.pk}/comments/{comment.pk}/iine"
    for method in ("get", "post", "delete"):
        assert_error(api(client, method, path, friend), 404, "not_found")
    assert not Reaction.objects.exists()


def test_anonymous_visitors_list_but_cannot_give(client: Client, member: Member, other: Member) -> None:
    public = write(member, "public")
    iine_add(member=other, kind=ENTRY_KIND, item_id=public.pk)
    assert_error(api(client, "get", f"/diary/{public.pk}/iine", None), 404, "not_found")
    site_settings_update(web_public_allowed=True)
    body = api(client, "get", f"/diary/{public.pk}/iine", None).json()
    assert (body["count"], body["given"], [item["member"] for item in body["items"]]) == (1, False, [summary(other)])
    for method in ("post", "delete"):
        assert_error(api(client, method, f"/diary/{public.pk}/iine", None), 401, "unauthenticated")
    assert Reaction.objects.count() == 1


def test_reactors_come_a_page_at_a_time(client: Client, member: Member, make_member: Callable[..., Member]) -> None:
    entry = write(member, "members")
    fans = [make_member() for _ in range(3)]
    for fan in fans:
        iine_add(member=fan, kind=ENTRY_KIND, item_id=entry.pk)
    seen: list[int] = []
    path = f"/diary/{entry.pk}/iine?limit=2"
    while True:
        body = api(client, "get", path, member).json()
        assert body["count"] == 3
        seen += [item["member"]["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            break
        path = f"/diary/{entry.pk}/iine?limit=2&cursor={body['next_cursor']}"
    assert seen == [fan.pk for fan in reversed(fans)]


@pytest.mark.parametrize(("query", "field"), [("limit=0", "limit"), ("limit=x", "limit"), ("cursor=@@", "cursor")])
def test_bad_reactor_pages_are_422(client: Client, member: Member, query: str, field: str) -> None:
    entry = write(member, "members")
    error = assert_error(api(client, "get", f"/diary/{entry.pk}/iine?{query}", member), 422, "invalid")
    assert list(error["fields"]) == [field]


def test_iine_goes_with_its_entry(client: Client, member: Member, entry: DiaryEntry, friend: Member) -> None:
    """Deleting the entry drops the イイネ! on it and on its comments."""
    comment = comment_on(entry, friend)
    api(client, "post", f"/diary/{entry.pk}/iine", friend)
    api(client, "post", f"/diary/{entry.pk}/comments/{comment.pk}/iine", member)
    assert Reaction.objects.count() == 2
    assert api(client, "delete", f"/diary/{entry.pk}", member).status_code == 204
    assert not Reaction.objects.exists()
