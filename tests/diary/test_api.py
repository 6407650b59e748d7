"""The diary API: entries and comments, their shape, who may read and write them, footprints, and bad input
(always a 4xx JSON error in the caller's language, never a 500, and a refused write changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.api.helpers import JAPANESE, assert_error, call
from tests.friends.api.helpers import api, auth, block, summary
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.core.services import site_settings_update
from tsunagu.diary import services
from tsunagu.diary.models import CommentedEntry, DiaryComment, DiaryEntry
from tsunagu.footprints.models import Footprint
from tsunagu.friends.services import friend_group_create, friend_request_accept, friend_request_send
from tsunagu.notifications.models import Notification

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def befriend(a: Member, b: Member) -> None:
    """a asks, b accepts: friends, as members become friends."""
    request = friend_request_send(sender=a, recipient_id=b.pk)
    friend_request_accept(recipient=b, request_id=request.pk)


def write(author: Member, audience: str = "friends", **kwargs: Any) -> DiaryEntry:
    return services.diary_entry_create(
        author=author,
        title=kwargs.pop("title", "今日の出来事"),
        body=kwargs.pop("body", "晴れ。散歩した。"),
        audience=audience,
        **kwargs,
    )


def ja(message: str) -> str:
    """The message as a Japanese-speaking member gets it."""
    with translation.override("ja"):
        return gettext(message)


@pytest.fixture
def friend(make_member: Callable[..., Member], member: Member) -> Member:
    person = make_member("高橋友子")
    befriend(member, person)
    return person


# --- writing entries --------------------------------------------------------------------------------


def test_create_answers_the_entry(client: Client, member: Member) -> None:
    """POST /diary writes the entry and answers 201 with its whole shape (no friend_group for other audiences)."""
    response = api(
        client,
        "post",
        "/diary",
        member,
        {"title": "初日記", "body": "こんにちは\nhttps://example.jp/", "audience": "members"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    entry = DiaryEntry.objects.get()
    assert body == {
        "id": entry.pk,
        "author": summary(member),
        "title": "初日記",
        "body": "こんにちは\nhttps://example.jp/",
        "body_html": entry.body_html,
        "audience": "members",
        "comments_open": True,
        "comment_count": 0,
        "iine": {"count": 0, "given": False},
        "photos": [],
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
    }
    assert '<a href="https://example.jp/"' in body["body_html"]
    assert entry.author == member


def test_create_with_comments_closed_and_a_friend_group(client: Client, member: Member, friend: Member) -> None:
    """The author reads back the group id; a friend in the group sees the entry without it."""
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    data = {"title": "内緒", "body": "仲良しだけに", "audience": "friend_group", "friend_group": group.pk}
    response = api(client, "post", "/diary", member, {**data, "comments_open": False})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["friend_group"] == group.pk
    assert body["comments_open"] is False
    seen = api(client, "get", f"/diary/{body['id']}", friend).json()
    assert seen["audience"] == "friend_group"
    assert "friend_group" not in seen


def test_create_from_a_form(client: Client, member: Member) -> None:
    """A form (multipart) with the same fields works; "false" closes comments."""
    data = {"title": "フォーム", "body": "本文", "audience": "only_me", "comments_open": "false"}
    response = client.post("/api/v1/diary", data, headers=auth(member))
    assert response.status_code == 201, response.content
    entry = DiaryEntry.objects.get()
    assert (entry.title, entry.audience, entry.comments_open) == ("フォーム", "only_me", False)


GOOD = {"title": "題", "body": "本文", "audience": "friends"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": "本文", "audience": "friends"}, "title", "This field is required."),
        ({**GOOD, "title": 5}, "title", "Enter text."),
        ({**GOOD, "title": "   "}, "title", "This field is required."),
        ({**GOOD, "body": ""}, "body", "This field is required."),
        ({**GOOD, "body": ["本文"]}, "body", "Enter text."),
        ({**GOOD, "title": "長" * 101}, "title", None),
        ({**GOOD, "audience": "everyone"}, "audience", None),
        ({**GOOD, "audience": None}, "audience", None),
        ({"title": "題", "body": "本文"}, "audience", "This field is required."),
        ({**GOOD, "audience": "friend_group"}, "friend_group", None),
        ({**GOOD, "audience": "friend_group", "friend_group": HUGE}, "friend_group", None),
        ({**GOOD, "comments_open": "yes"}, "comments_open", "Give true or false."),
        ({**GOOD, "owner": 1}, "owner", "This field is not part of the request."),
    ],
)
def test_create_refuses_bad_fields(
    client: Client, member: Member, data: dict[str, Any], field: str, message: str | None
) -> None:
    """Each bad field answers 422 naming it, in the member's language (Japanese), and nothing is written."""
    error = assert_error(api(client, "post", "/diary", member, data), 422, "invalid")
    assert list(error["fields"]) == [field]
    assert JAPANESE.search(error["message"])
    if message is not None:
        assert error["fields"][field] == [ja(message)]
    assert not DiaryEntry.objects.exists()


def test_create_in_english_for_an_english_member(client: Client, make_member: Callable[..., Member]) -> None:
    """The messages follow the caller's language."""
    english = make_member(language="en")
    error = assert_error(api(client, "post", "/diary", english, {**GOOD, "body": ""}), 422, "invalid")
    assert error["fields"] == {"body": ["This field is required."]}


def test_create_refuses_a_friend_group_of_someone_else(client: Client, member: Member, other: Member) -> None:
    """Group ids are the owner's alone: another member's group is refused like one that does not exist."""
    group = friend_group_create(owner=other, name="同僚")
    data = {**GOOD, "audience": "friend_group", "friend_group": group.pk}
    error = assert_error(api(client, "post", "/diary", member, data), 422, "invalid")
    assert list(error["fields"]) == ["friend_group"]


@pytest.mark.parametrize("raw", ["{", "[1, 2]", '"題"', "null", "[" * 100_000])
def test_create_refuses_bodies_that_are_not_a_json_object(client: Client, member: Member, raw: str) -> None:
    """Broken JSON answers 400, JSON that is not an object 422; never 500."""
    response = call(client, "post", "/api/v1/diary", raw=raw, **auth(member))
    assert response.status_code in (400, 422), response.content
    assert_error(response, response.status_code)
    assert not DiaryEntry.objects.exists()


def test_an_unreadable_form_is_refused(client: Client, member: Member) -> None:
    """A multipart body without a boundary, or cut short, answers 422; never 500."""
    body = b'--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\ntitle'
    for content_type in ("multipart/form-data", "multipart/form-data; boundary=XX"):
        response = client.generic("POST", "/api/v1/diary", body, content_type=content_type, headers=auth(member))
        assert_error(response, 422, "invalid")
    assert not DiaryEntry.objects.exists()


def test_writing_needs_sign_in(client: Client, member: Member) -> None:
    """Anonymous callers cannot write: 401 for every write."""
    entry = write(member, "public")
    for method, path in [
        ("post", "/diary"),
        ("patch", f"/diary/{entry.pk}"),
        ("delete", f"/diary/{entry.pk}"),
        ("post", f"/diary/{entry.pk}/comments"),
        ("post", f"/diary/{entry.pk}/iine"),
        ("post", f"/diary/{entry.pk}/photos"),
    ]:
        assert_error(api(client, method, path, None, {"title": "x"}), 401, "unauthenticated")
    assert DiaryEntry.objects.count() == 1


def test_session_writes_need_the_csrf_token(member: Member) -> None:
    """With the browser session, a POST without the CSRF token is refused; with a bearer token it is not needed."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert_error(call(browser, "post", "/api/v1/diary", GOOD), 403, "csrf")
    assert not DiaryEntry.objects.exists()
    tokened = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {api_token_create(member=member)}"}
    assert call(tokened, "post", "/api/v1/diary", GOOD, **headers).status_code == 201


def test_patch_changes_only_the_keys_given(client: Client, member: Member) -> None:
    entry = write(member, "friends", title="前の題", comments_open=True)
    response = api(client, "patch", f"/diary/{entry.pk}", member, {"title": "新しい題"})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "新しい題"
    entry.refresh_from_db()
    assert (entry.title, entry.body, entry.audience, entry.comments_open) == (
        "新しい題",
        "晴れ。散歩した。",
        "friends",
        True,
    )
    response = api(client, "patch", f"/diary/{entry.pk}", member, {"audience": "only_me", "comments_open": False})
    assert response.json()["audience"] == "only_me"
    entry.refresh_from_db()
    assert (entry.title, entry.audience, entry.comments_open) == ("新しい題", "only_me", False)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": None}, "title"),
        ({"body": ""}, "body"),
        ({"audience": None}, "audience"),
        ({"comments_open": None}, "comments_open"),
        ({"comments_open": "false"}, "comments_open"),
        ({"friend_group": 1}, "friend_group"),
        ({"author": 2}, "author"),
    ],
)
def test_patch_refuses_bad_fields(client: Client, member: Member, data: dict[str, Any], field: str) -> None:
    """A bad or explicitly empty field answers 422 naming it; nothing changes (all or nothing)."""
    entry = write(member, "friends")
    error = assert_error(api(client, "patch", f"/diary/{entry.pk}", member, {"title": "変更", **data}), 422, "invalid")
    assert field in error["fields"]
    entry.refresh_from_db()
    assert (entry.title, entry.audience, entry.comments_open) == ("今日の出来事", "friends", True)


def test_only_the_author_changes_or_deletes(client: Client, member: Member, friend: Member, other: Member) -> None:
    """A friend who can see the entry gets 403 with a clear message; a stranger who cannot gets 404."""
    entry = write(member, "friends")
    for method, data in [("patch", {"title": "乗っ取り"}), ("delete", None)]:
        error = assert_error(api(client, method, f"/diary/{entry.pk}", friend, data), 403, "forbidden")
        assert error["message"] == ja("Only the author of a diary entry can change it.")
        assert_error(api(client, method, f"/diary/{entry.pk}", other, data), 404, "not_found")
    entry.refresh_from_db()
    assert entry.title == "今日の出来事"


def test_delete_removes_the_entry_with_its_comments(client: Client, member: Member, friend: Member) -> None:
    entry = write(member, "friends")
    services.diary_comment_create(author=friend, entry_id=entry.pk, body="いいね")
    response = api(client, "delete", f"/diary/{entry.pk}", member)
    assert response.status_code == 204
    assert not DiaryEntry.objects.exists()
    assert not DiaryComment.objects.exists()
    assert_error(api(client, "get", f"/diary/{entry.pk}", member), 404, "not_found")
    assert_error(api(client, "delete", f"/diary/{entry.pk}", member), 404, "not_found")


# --- reading entries --------------------------------------------------------------------------------


def test_detail_has_the_previous_and_next_entries_the_viewer_may_see(
    client: Client, member: Member, friend: Member
) -> None:
    first = write(member, "friends", title="一")
    write(member, "only_me", title="秘密")
    middle = write(member, "members", title="二")
    write(member, "only_me", title="秘密2")
    last = write(member, "friends", title="三")
    body = api(client, "get", f"/diary/{middle.pk}", friend).json()
    assert (body["previous_id"], body["next_id"]) == (first.pk, last.pk)
    assert api(client, "get", f"/diary/{first.pk}", friend).json()["previous_id"] is None
    assert api(client, "get", f"/diary/{last.pk}", friend).json()["next_id"] is None


def test_a_friends_only_entry_is_hidden_from_everyone_else(
    client: Client, member: Member, friend: Member, make_member: Callable[..., Member]
) -> None:
    """Author and friend read it; a stranger, a blocked friend and an anonymous visitor get 404, exactly
    like an id that does not exist."""
    entry = write(member, "friends")
    stranger, blocked = make_member(), make_member()
    befriend(member, blocked)
    block(member, blocked)
    site_settings_update(web_public_allowed=True)
    assert api(client, "get", f"/diary/{entry.pk}", member).status_code == 200
    assert api(client, "get", f"/diary/{entry.pk}", friend).status_code == 200
    missing = api(client, "get", "/diary/987654", stranger)
    assert_error(missing, 404, "not_found")
    for viewer in (stranger, blocked, None):
        response = api(client, "get", f"/diary/{entry.pk}", viewer)
        assert_error(response, 404, "not_found")
        assert response.content == missing.content


def test_anonymous_visitors_read_public_entries_only_where_the_operator_allows(client: Client, member: Member) -> None:
    entry = write(member, "public")
    assert_error(api(client, "get", f"/diary/{entry.pk}", None), 404, "not_found")
    assert_error(api(client, "get", f"/members/{member.pk}/diary", None), 404, "not_found")
    site_settings_update(web_public_allowed=True)
    write(member, "members")
    body = api(client, "get", f"/diary/{entry.pk}", None).json()
    assert body["id"] == entry.pk
    assert body["iine"] == {"count": 0, "given": False}
    page = api(client, "get", f"/members/{member.pk}/diary", None).json()
    assert [item["id"] for item in page["items"]] == [entry.pk]


def test_list_shows_each_viewer_what_they_may_see(
    client: Client, member: Member, friend: Member, other: Member
) -> None:
    entries = {audience: write(member, audience) for audience in ("public", "members", "friends", "only_me")}

    def listed(viewer: Member) -> set[str]:
        body = api(client, "get", f"/members/{member.pk}/diary", viewer).json()
        return {item["audience"] for item in body["items"]}

    assert listed(member) == set(entries)
    assert listed(friend) == {"public", "members", "friends"}
    assert listed(other) == {"public", "members"}
    block(member, other)
    assert_error(api(client, "get", f"/members/{member.pk}/diary", other), 404, "not_found")


def test_list_pages_with_a_cursor(client: Client, member: Member) -> None:
    """Newest first, `limit` a page; `next_cursor` leads on, and is null on the last page."""
    ids = [write(member, "members", title=f"日記{n}").pk for n in range(5)]
    seen: list[int] = []
    path = f"/members/{member.pk}/diary?limit=2"
    while True:
        body = api(client, "get", path, member).json()
        seen += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            break
        path = f"/members/{member.pk}/diary?limit=2&cursor={body['next_cursor']}"
    assert seen == ids[::-1]
    assert len(api(client, "get", f"/members/{member.pk}/diary", member).json()["items"]) == 5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("cursor=zz", "cursor"),
        ("cursor=!!", "cursor"),
    ],
)
def test_list_refuses_bad_cursors_and_limits(client: Client, member: Member, query: str, field: str) -> None:
    write(member, "members")
    error = assert_error(api(client, "get", f"/members/{member.pk}/diary?{query}", member), 422, "invalid")
    assert list(error["fields"]) == [field]


def test_list_of_someone_who_does_not_exist_is_404(client: Client, member: Member) -> None:
    for member_id in (HUGE, "-1", "0", "987654"):
        assert_error(api(client, "get", f"/members/{member_id}/diary", member), 404, "not_found")


# --- footprints -------------------------------------------------------------------------------------


def test_reading_an_entry_and_a_diary_leaves_footprints(client: Client, member: Member, friend: Member) -> None:
    """GET entry leaves a diary_entry footprint, GET list a diary_list one, like the web pages."""
    entry = write(member, "friends")
    assert api(client, "get", f"/diary/{entry.pk}", friend).status_code == 200
    assert list(Footprint.objects.values_list("owner_id", "visitor_id", "page")) == [
        (member.pk, friend.pk, "diary_entry")
    ]
    Footprint.objects.all().delete()
    from django.core.cache import cache

    cache.clear()  # forget the repeat-visit window
    assert api(client, "get", f"/members/{member.pk}/diary", friend).status_code == 200
    assert list(Footprint.objects.values_list("owner_id", "visitor_id", "page")) == [
        (member.pk, friend.pk, "diary_list")
    ]


def test_no_footprint_on_own_views_404s_or_anonymous_reads(client: Client, member: Member, other: Member) -> None:
    hidden = write(member, "friends")
    public = write(member, "public")
    site_settings_update(web_public_allowed=True)
    assert api(client, "get", f"/diary/{hidden.pk}", member).status_code == 200
    assert api(client, "get", f"/members/{member.pk}/diary", member).status_code == 200
    assert api(client, "get", f"/diary/{hidden.pk}", other).status_code == 404
    assert api(client, "get", f"/diary/{public.pk}", None).status_code == 200
    assert api(client, "get", f"/members/{member.pk}/diary", None).status_code == 200
    assert not Footprint.objects.exists()


def test_a_blocked_member_leaves_no_footprint(client: Client, member: Member, other: Member) -> None:
    write(member, "members")
    block(member, other)
    assert api(client, "get", f"/members/{member.pk}/diary", other).status_code == 404
    assert not Footprint.objects.exists()


# --- comments ---------------------------------------------------------------------------------------


def test_comments_are_numbered_and_listed_in_order(
    client: Client, member: Member, friend: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """POST answers 201 with the number; the entry's author is notified once the comment is committed."""
    entry = write(member, "friends")
    with django_capture_on_commit_callbacks(execute=True):
        first = api(client, "post", f"/diary/{entry.pk}/comments", friend, {"body": "楽しそう！"})
    assert first.status_code == 201, first.content
    comment = DiaryComment.objects.get()
    assert first.json() == {
        "id": comment.pk,
        "number": 1,
        "deleted": False,
        "hidden": False,
        "author": summary(friend),
        "body": "楽しそう！",
        "body_html": "<p>楽しそう！</p>",
        "photos": [],
        "iine": {"count": 0, "given": False},
        "created_at": comment.created_at.isoformat(),
    }
    comments = Notification.objects.filter(kind="diary_comment")
    assert list(comments.values_list("recipient_id", "kind")) == [(member.pk, "diary_comment")]
    second = api(client, "post", f"/diary/{entry.pk}/comments", member, {"body": "ありがとう"})
    assert second.json()["number"] == 2
    items = api(client, "get", f"/diary/{entry.pk}/comments", friend).json()["items"]
    assert [(item["number"], item["body"]) for item in items] == [(1, "楽しそう！"), (2, "ありがとう")]
    assert api(client, "get", f"/diary/{entry.pk}", friend).json()["comment_count"] == 2


def test_deleted_and_hidden_comments_keep_their_number_without_author_or_text(
    client: Client, member: Member, friend: Member, make_member: Callable[..., Member]
) -> None:
    """A deleted comment is {id, number, deleted}; one whose author blocked the viewer {id, number, hidden}."""
    entry = write(member, "members")
    viewer, blocker = make_member(), make_member()
    deleted = services.diary_comment_create(author=friend, entry_id=entry.pk, body="消します")
    hidden = services.diary_comment_create(author=blocker, entry_id=entry.pk, body="見せない")
    shown = services.diary_comment_create(author=member, entry_id=entry.pk, body="どうも")
    services.diary_comment_delete(member=friend, entry_id=entry.pk, comment_id=deleted.pk)
    block(blocker, viewer)
    items = api(client, "get", f"/diary/{entry.pk}/comments", viewer).json()["items"]
    assert items[0] == {"id": deleted.pk, "number": 1, "deleted": True}
    assert items[1] == {"id": hidden.pk, "number": 2, "hidden": True}
    assert (items[2]["id"], items[2]["author"], items[2]["body"]) == (shown.pk, summary(member), "どうも")
    assert "見せない" not in str(items)
    # Others still read the hidden one.
    items = api(client, "get", f"/diary/{entry.pk}/comments", member).json()["items"]
    assert items[1]["body"] == "見せない"


def test_reading_comments_marks_them_read(client: Client, member: Member, friend: Member) -> None:
    entry = write(member, "friends")
    services.diary_comment_create(author=friend, entry_id=entry.pk, body="一")
    services.diary_comment_create(author=member, entry_id=entry.pk, body="二")
    services.diary_comment_create(author=member, entry_id=entry.pk, body="三")
    assert CommentedEntry.objects.get(member=friend).last_read_number == 1
    assert api(client, "get", f"/diary/{entry.pk}/comments", friend).status_code == 200
    assert CommentedEntry.objects.get(member=friend).last_read_number == 3


def test_comments_of_a_hidden_entry_are_404(client: Client, member: Member, other: Member) -> None:
    """Reading or writing comments on an entry the caller may not see is 404, and nothing is written."""
    entry = write(member, "friends")
    comment = services.diary_comment_create(author=member, entry_id=entry.pk, body="自分で")
    assert_error(api(client, "get", f"/diary/{entry.pk}/comments", other), 404, "not_found")
    assert_error(api(client, "post", f"/diary/{entry.pk}/comments", other, {"body": "こっそり"}), 404, "not_found")
    assert_error(api(client, "delete", f"/diary/{entry.pk}/comments/{comment.pk}", other), 404, "not_found")
    assert DiaryComment.objects.count() == 1


def test_closed_comments_are_403_with_a_clear_message(client: Client, member: Member, friend: Member) -> None:
    entry = write(member, "friends", comments_open=False)
    error = assert_error(
        api(client, "post", f"/diary/{entry.pk}/comments", friend, {"body": "書けない"}), 403, "forbidden"
    )
    assert error["message"] == ja("Comments are closed for this entry.")
    assert not DiaryComment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "This field is required."),
        ({"body": " \n "}, "This field is required."),
        ({"body": 12}, "Enter text."),
        ({}, "This field is required."),
        ({"body": "字" * 2001}, None),
    ],
)
def test_comment_refuses_a_bad_body(
    client: Client, member: Member, friend: Member, data: dict[str, Any], message: str | None
) -> None:
    entry = write(member, "friends")
    error = assert_error(api(client, "post", f"/diary/{entry.pk}/comments", friend, data), 422, "invalid")
    assert list(error["fields"]) == ["body"]
    if message is not None:
        assert error["fields"]["body"] == [ja(message)]
    assert not DiaryComment.objects.exists()


def test_comment_from_a_form(client: Client, member: Member, friend: Member) -> None:
    entry = write(member, "friends")
    response = client.post(f"/api/v1/diary/{entry.pk}/comments", {"body": "フォームから"}, headers=auth(friend))
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1


def test_who_may_delete_a_comment(
    client: Client, member: Member, friend: Member, make_member: Callable[..., Member]
) -> None:
    """The comment's author and the entry's author may (204); another reader gets 403; a missing one 404."""
    entry = write(member, "members")
    third = make_member()
    first = services.diary_comment_create(author=friend, entry_id=entry.pk, body="一")
    second = services.diary_comment_create(author=friend, entry_id=entry.pk, body="二")
    error = assert_error(api(client, "delete", f"/diary/{entry.pk}/comments/{first.pk}", third), 403, "forbidden")
    assert error["message"] == ja("Only the comment's author and the entry's author can delete it.")
    assert api(client, "delete", f"/diary/{entry.pk}/comments/{first.pk}", friend).status_code == 204
    assert api(client, "delete", f"/diary/{entry.pk}/comments/{second.pk}", member).status_code == 204
    assert_error(api(client, "delete", f"/diary/{entry.pk}/comments/{first.pk}", friend), 404, "not_found")
    assert_error(api(client, "delete", f"/diary/{entry.pk}/comments/{HUGE}", member), 404, "not_found")
    items = api(client, "get", f"/diary/{entry.pk}/comments", member).json()["items"]
    assert items == [
        {"id": first.pk, "number": 1, "deleted": True},
        {"id": second.pk, "number": 2, "deleted": True},
    ]


def test_a_comment_is_deleted_only_through_its_own_entry(client: Client, member: Member, friend: Member) -> None:
    """A comment id under another entry's path is 404 and stays."""
    entry, elsewhere = write(member, "friends"), write(member, "friends")
    comment = services.diary_comment_create(author=friend, entry_id=entry.pk, body="ここ")
    assert_error(api(client, "delete", f"/diary/{elsewhere.pk}/comments/{comment.pk}", friend), 404, "not_found")
    assert not DiaryComment.objects.get().is_deleted


# --- ids in paths -----------------------------------------------------------------------------------

ENDPOINTS: list[tuple[str, str, Any]] = [
    ("get", "/diary/{id}", None),
    ("patch", "/diary/{id}", {"title": "題"}),
    ("delete", "/diary/{id}", None),
    ("get", "/members/{id}/diary", None),
    ("get", "/diary/{id}/comments", None),
    ("post", "/diary/{id}/comments", {"body": "こんにちは"}),
    ("delete", "/diary/{id}/comments/{id}", None),
    ("get", "/diary/{id}/iine", None),
    ("post", "/diary/{id}/iine", None),
    ("delete", "/diary/{id}/iine", None),
    ("get", "/diary/{id}/comments/{id}/iine", None),
    ("post", "/diary/{id}/comments/{id}/iine", None),
    ("delete", "/diary/{id}/comments/{id}/iine", None),
    ("post", "/diary/{id}/photos", None),
    ("get", "/diary/{id}/photos/{id}", None),
    ("delete", "/diary/{id}/photos/{id}", None),
]


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS)
def test_ids_that_name_nothing_are_404(client: Client, member: Member, method: str, path: str, data: Any) -> None:
    """Ids too large for the database, negative or zero answer 404 like any id that does not exist, never 500."""
    for bad_id in (HUGE, "-" + HUGE, "-1", "0", "987654"):
        response = api(client, method, path.replace("{id}", bad_id), member, data)
        assert_error(response, 404, "not_found")
    assert not DiaryEntry.objects.exists()


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS)
@pytest.mark.parametrize("bad_id", ["abc", "1.5", "１"])
def test_ids_that_are_not_numbers_are_422(
    client: Client, member: Member, method: str, path: str, data: Any, bad_id: str
) -> None:
    response = api(client, method, path.replace("{id}", bad_id), member, data)
    assert_error(response, 422, "invalid")


def test_the_openapi_document_lists_the_diary(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/diary" in paths
    assert "multipart/form-data" in paths["/api/v1/diary"]["post"]["requestBody"]["content"]
    assert "/api/v1/diary/{entry_id}/comments/{comment_id}/iine" in paths
