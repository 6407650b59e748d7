"""The messages API: the message shape, boxes, 404 for anything outside one's own mailbox, DELETE to the trash and
then for good, restore, settings, and bad input (a 4xx JSON error in the caller's language, changing nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import JAPANESE, assert_error
from tests.friends.api.helpers import api, summary
from tests.messaging.helpers import befriend, block, close, en, ja, send
from tsunagu.accounts.models import Member
from tsunagu.messaging import services
from tsunagu.messaging.models import Message, MessagePolicy, SideState
from tsunagu.notifications.models import Notification

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def english(make_member: Callable[..., Member]) -> Member:
    return make_member("Alice", language="en")


def test_send_answers_the_message_as_the_sender_sees_it(client: Client, member: Member, other: Member) -> None:
    response = api(client, "POST", "/messages", member, {"to": other.pk, "subject": "件名", "body": "一行目\n二行目"})
    assert response.status_code == 201, response.content
    body = response.json()
    message = Message.objects.get()
    assert body == {
        "id": message.pk,
        "from": summary(member),
        "to": summary(other),
        "subject": "件名",
        "body": "一行目\n二行目",
        "body_html": "<p>一行目<br>二行目</p>",
        "in_reply_to": None,
        "read": True,
        "box": "sent",
        "created": message.created_at.isoformat(),
    }


def test_send_notifies_the_recipient(
    client: Client, member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api(client, "POST", "/messages", member, {"to": other.pk, "body": "こんにちは"})
    assert response.status_code == 201
    assert Notification.objects.filter(recipient=other, target_kind="message", target_id=response.json()["id"]).exists()


def test_the_recipient_reads_it_which_marks_it_read(client: Client, member: Member, other: Member) -> None:
    message = send(member, other, subject="")
    inbox = api(client, "GET", "/messages?box=inbox", other).json()
    assert [(item["id"], item["read"], item["subject"]) for item in inbox["items"]] == [(message.pk, False, "")]
    assert inbox["next_cursor"] is None
    detail = api(client, "GET", f"/messages/{message.pk}", other)
    assert detail.status_code == 200
    assert detail.json()["from"] == summary(member) and detail.json()["box"] == "inbox"
    assert detail.json()["read"] is True  # opening it read it
    assert api(client, "GET", "/messages?box=inbox", other).json()["items"][0]["read"] is True
    # The sender reading their copy changes nothing for anyone.
    assert api(client, "GET", f"/messages/{message.pk}", member).json()["read"] is True


def test_a_reply_names_in_reply_to_and_may_leave_out_to(client: Client, member: Member, other: Member) -> None:
    first = send(member, other)
    response = api(client, "POST", "/messages", other, {"in_reply_to": first.pk, "body": "返信です"})
    assert response.status_code == 201, response.content
    assert response.json()["in_reply_to"] == first.pk and response.json()["to"] == summary(member)
    refused = api(client, "POST", "/messages", other, {"to": other.pk, "in_reply_to": first.pk, "body": "x"})
    error = assert_error(refused, 422, "invalid")
    assert error["fields"] == {"to": [ja("A reply goes to the other member of the message it answers.")]}


def test_boxes_list_newest_first_a_page_at_a_time(client: Client, member: Member, other: Member) -> None:
    sent = [send(member, other, subject=f"{n}") for n in range(3)]
    first = api(client, "GET", "/messages?box=sent&limit=2", member).json()
    assert [item["id"] for item in first["items"]] == [sent[2].pk, sent[1].pk]
    rest = api(client, "GET", f"/messages?box=sent&limit=2&cursor={first['next_cursor']}", member).json()
    assert [item["id"] for item in rest["items"]] == [sent[0].pk] and rest["next_cursor"] is None
    assert api(client, "GET", "/messages", other).json()["items"][0]["id"] == sent[2].pk  # inbox by default
    assert api(client, "GET", "/messages?box=trash", member).json() == {"items": [], "next_cursor": None}


def test_delete_moves_to_the_trash_then_deletes_for_good_for_oneself(
    client: Client, member: Member, other: Member
) -> None:
    message = send(member, other)
    assert api(client, "DELETE", f"/messages/{message.pk}", other).status_code == 204
    assert api(client, "GET", "/messages?box=inbox", other).json()["items"] == []
    trash = api(client, "GET", "/messages?box=trash", other).json()["items"]
    assert [(item["id"], item["box"]) for item in trash] == [(message.pk, "trash")]
    restored = api(client, "POST", f"/messages/{message.pk}/restore", other)
    assert restored.status_code == 200 and restored.json()["box"] == "inbox"
    assert api(client, "DELETE", f"/messages/{message.pk}", other).status_code == 204
    assert api(client, "DELETE", f"/messages/{message.pk}", other).status_code == 204
    assert_error(api(client, "GET", f"/messages/{message.pk}", other), 404, "not_found")
    assert_error(api(client, "DELETE", f"/messages/{message.pk}", other), 404, "not_found")
    # The sender still has theirs.
    assert api(client, "GET", f"/messages/{message.pk}", member).json()["box"] == "sent"


def test_a_message_outside_ones_mailbox_is_not_found(
    client: Client, member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """Someone else's message answers exactly like one that does not exist, for every method."""
    stranger = make_member("知らない人")
    message = send(member, other)
    for path in (f"/messages/{message.pk}", "/messages/999999", f"/messages/{HUGE}"):
        for method in ("GET", "DELETE"):
            error = assert_error(api(client, method, path, stranger), 404, "not_found")
            assert error["message"] == ja("Not found.") or error["message"] == ja("That message does not exist.")
        assert_error(api(client, "POST", f"{path}/restore", stranger), 404, "not_found")
    hidden = api(client, "GET", f"/messages/{message.pk}", stranger).json()
    missing = api(client, "GET", "/messages/999999", stranger).json()
    assert hidden == missing
    message.refresh_from_db()
    assert (message.sender_state, message.recipient_state, message.read_at) == (SideState.KEPT, SideState.KEPT, None)


def test_the_api_needs_a_signed_in_member(client: Client, member: Member, other: Member) -> None:
    message = send(member, other)
    assert_error(api(client, "GET", "/messages"), 401)
    assert_error(api(client, "GET", f"/messages/{message.pk}"), 401)
    assert_error(api(client, "POST", "/messages", None, {"to": other.pk, "body": "x"}), 401)


def test_a_blocker_or_a_closed_account_is_a_missing_member(client: Client, member: Member, other: Member) -> None:
    block(other, member)
    blocked = api(client, "POST", "/messages", member, {"to": other.pk, "body": "こんにちは"})
    missing = api(client, "POST", "/messages", member, {"to": 999_999, "body": "こんにちは"})
    assert_error(blocked, 404, "not_found")
    assert blocked.json() == missing.json()
    assert blocked.json()["error"]["fields"] == {"to": [ja("There is no such member.")]}
    refused = api(client, "POST", "/messages", other, {"to": member.pk, "body": "こんにちは"})
    assert_error(refused, 409, "blocked")
    assert not Message.objects.exists()


def test_members_a_reader_may_no_longer_see_are_null(
    client: Client, member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    message = send(member, other)
    block(member, other)
    item = api(client, "GET", f"/messages/{message.pk}", other).json()
    assert item["from"] is None and item["to"] == summary(other) and item["body"]
    assert api(client, "GET", "/messages", other).json()["items"][0]["from"] is None
    leaver = make_member("退会予定")
    mine = send(other, leaver)
    close(leaver)
    assert api(client, "GET", f"/messages/{mine.pk}", other).json()["to"] is None


def test_friends_only_is_refused_with_a_clear_message(
    client: Client, member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    assert api(client, "GET", "/me/message-settings", other).json() == {"accept_from": "members"}
    changed = api(client, "PUT", "/me/message-settings", other, {"accept_from": "friends"})
    assert changed.status_code == 200 and changed.json() == {"accept_from": MessagePolicy.FRIENDS}
    error = assert_error(api(client, "POST", "/messages", member, {"to": other.pk, "body": "x"}), 403, "friends_only")
    assert error["message"] == ja("%(name)s accepts messages from friends only.") % {"name": other.nickname}
    befriend(member, other)
    assert api(client, "POST", "/messages", member, {"to": other.pk, "body": "x"}).status_code == 201
    bad = assert_error(api(client, "PUT", "/me/message-settings", other, {"accept_from": "all"}), 422, "invalid")
    assert bad["fields"] == {"accept_from": [ja("Choose one of the offered values.")]}


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"to": "OTHER"}, {"body": ["This field is required."]}),
        ({"to": "OTHER", "body": ""}, {"body": ["This field is required."]}),
        ({"to": "OTHER", "body": ["a"]}, {"body": ["Enter text."]}),
        ({"to": "OTHER", "body": "本文", "subject": 5}, {"subject": ["Enter text."]}),
        ({"body": "本文"}, {"to": ["Choose who to send the message to."]}),
        ({"to": "OTHER", "body": "本文", "cc": 1}, {"cc": ["This field is not part of the request."]}),
    ],
)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_validation_messages_in_the_callers_language(
    client: Client,
    make_member: Callable[..., Member],
    other: Member,
    data: dict[str, Any],
    fields: dict[str, list[str]],
    language: str,
) -> None:
    sender = make_member("送信者", language=language)
    payload = {key: other.pk if value == "OTHER" else value for key, value in data.items()}
    error = assert_error(api(client, "POST", "/messages", sender, payload), 422, "invalid")
    translate = ja if language == "ja" else en
    assert error["fields"] == {name: [translate(text) for text in texts] for name, texts in fields.items()}
    assert error["message"] == translate("Please check the marked fields.")
    if language == "ja":
        assert JAPANESE.search(error["message"])
    assert not Message.objects.exists()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_too_long_and_bad_box_in_the_callers_language(
    client: Client, make_member: Callable[..., Member], other: Member, language: str
) -> None:
    sender = make_member("送信者", language=language)
    translate = ja if language == "ja" else en
    error = assert_error(
        api(client, "POST", "/messages", sender, {"to": other.pk, "subject": "a" * 101, "body": "b" * 10_001}),
        422,
        "invalid",
    )
    assert error["fields"] == {
        "subject": [
            translate("Please use at most %(max)d characters (you used %(count)d).") % {"max": 100, "count": 101}
        ],
        "body": [
            translate("Please use at most %(max)d characters (you used %(count)d).") % {"max": 10_000, "count": 10_001}
        ],
    }
    box = assert_error(api(client, "GET", "/messages?box=spam", sender), 422, "invalid")
    assert box["fields"] == {"box": [translate("Choose inbox, sent or trash.")]}
    assert_error(api(client, "GET", "/messages?limit=0", sender), 422, "invalid")
    assert_error(api(client, "GET", "/messages?cursor=nonsense", sender), 422, "invalid")
    assert not Message.objects.exists()


def test_bad_json_and_bad_ids_are_4xx(client: Client, member: Member, other: Member) -> None:
    from tests.api.helpers import call
    from tests.friends.api.helpers import auth

    assert_error(call(client, "POST", "/api/v1/messages", raw="{nope", **auth(member)), 400)
    assert_error(call(client, "POST", "/api/v1/messages", raw="[1]", **auth(member)), 422)
    for to in (HUGE, "abc", True, -3):
        assert_error(api(client, "POST", "/messages", member, {"to": to, "body": "x"}), 404, "not_found")
    for in_reply_to in (HUGE, "abc", 999_999):
        error = assert_error(
            api(client, "POST", "/messages", member, {"in_reply_to": in_reply_to, "body": "x"}), 404, "not_found"
        )
        assert error["fields"] == {"in_reply_to": [ja("That message does not exist.")]}
    assert_error(api(client, "POST", "/messages", member, {"to": member.pk, "body": "x"}), 422, "self")
    assert not Message.objects.exists()


def test_the_sending_limit_answers_429(
    client: Client, member: Member, other: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "SEND_LIMIT", 1)
    assert api(client, "POST", "/messages", member, {"to": other.pk, "body": "1"}).status_code == 201
    assert_error(api(client, "POST", "/messages", member, {"to": other.pk, "body": "2"}), 429, "too_many_requests")
    assert Message.objects.count() == 1
