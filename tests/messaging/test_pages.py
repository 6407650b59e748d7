"""The message pages: the nav's unread count, the boxes, a message with its thread, writing from a profile or to a
friend, replying, the trash, settings; 404 for anything outside one's own mailbox; all without JavaScript."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.friends.test_pages import as_member, html
from tests.messaging.helpers import befriend, block, close, ja, send
from tsunagu.accounts.models import Member
from tsunagu.messaging import services
from tsunagu.messaging.models import Message, MessagePolicy, MessageSettings, SideState

pytestmark = pytest.mark.django_db

SEND_LINK = 'data-action="send-message"'


@pytest.fixture
def friend(make_member: Callable[..., Member], member: Member) -> Member:
    person = make_member("高橋友子")
    befriend(member, person)
    return person


def nav_badge(page: str) -> str | None:
    """The unread count in the nav's メッセージ link, or None without a badge."""
    start = page.index('data-nav="messages"')
    link = page[start : page.index("</a>", start)]
    if "data-unread-messages" not in link:
        return None
    return link.split('data-unread-messages="')[1].split('"')[0]


def test_the_nav_counts_unread_messages(member: Member, friend: Member) -> None:
    reader = as_member(friend)
    assert nav_badge(html(reader.get("/"))) is None
    first = send(member, friend)
    send(member, friend, subject="二通目")
    assert nav_badge(html(reader.get("/"))) == "2"
    assert reader.get(f"/messages/{first.pk}/").status_code == 200
    assert nav_badge(html(reader.get("/"))) == "1"
    assert nav_badge(html(as_member(member).get("/"))) is None  # sent messages are not unread


def test_the_inbox_marks_unread_messages_newest_first(member: Member, friend: Member) -> None:
    older = send(member, friend, subject="古いほう")
    newer = send(member, friend, subject="")
    services.message_read(member=friend, message=older)
    page = html(as_member(friend).get("/messages/"))
    assert page.index(f'data-message="{newer.pk}"') < page.index(f'data-message="{older.pk}"')
    assert f'data-message="{newer.pk}" class="has-unread" data-unread' in page
    assert f'data-message="{older.pk}">' in page
    assert ja("(no subject)") in page and "古いほう" in page
    assert f'href="/members/{member.pk}/"' in page


def test_sent_and_trash_boxes(member: Member, friend: Member) -> None:
    message = send(member, friend, subject="送ったもの")
    sender = as_member(member)
    assert "送ったもの" in html(sender.get("/messages/sent/"))
    assert 'data-empty="messages"' in html(sender.get("/messages/trash/"))
    response = sender.post(f"/messages/{message.pk}/trash/")
    assert response.status_code == 302 and response["Location"] == "/messages/sent/"
    assert "送ったもの" in html(sender.get("/messages/trash/"))
    assert "送ったもの" not in html(sender.get("/messages/sent/"))
    assert "送ったもの" in html(as_member(friend).get("/messages/"))  # the recipient's copy is theirs


def test_box_pages_page_with_a_cursor(member: Member, friend: Member) -> None:
    for number in range(22):
        send(member, friend, subject=f"件名{number:02}")
    reader = as_member(friend)
    first = html(reader.get("/messages/"))
    assert first.count("data-message=") == 20 and "件名21" in first and "件名01" not in first
    cursor = first.split('rel="next" href="?cursor=')[1].split('"')[0]
    second = html(reader.get(f"/messages/?cursor={cursor}"))
    assert second.count("data-message=") == 2 and "件名01" in second and "件名00" in second
    assert reader.get("/messages/?cursor=garbage").status_code == 400


def test_the_message_page_marks_it_read_and_shows_the_thread(member: Member, friend: Member) -> None:
    first = send(member, friend, subject="旅行", body="行きませんか？\nhttps://example.jp/")
    reply = services.message_send(sender=friend, in_reply_to=first.pk, subject="Re: 旅行", body="行きます！")
    page = html(as_member(member).get(f"/messages/{reply.pk}/"))
    assert "行きます！" in page and 'data-section="thread"' in page
    assert "行きませんか？<br>" in page and '<a href="https://example.jp/"' in page
    reply.refresh_from_db()
    assert reply.read_at is not None
    first.refresh_from_db()
    assert first.read_at is None  # only the opened message is read


def test_others_messages_are_404_and_visitors_log_in(
    client: Client, member: Member, friend: Member, make_member: Callable[..., Member]
) -> None:
    message = send(member, friend)
    stranger = as_member(make_member("知らない人"))
    for path in ("", "reply/", "delete/"):
        assert stranger.get(f"/messages/{message.pk}/{path}").status_code == 404
    for path in ("trash/", "restore/", "delete/"):
        assert stranger.post(f"/messages/{message.pk}/{path}").status_code == 404
    assert stranger.get("/messages/99999999/").status_code == 404
    message.refresh_from_db()
    assert (message.sender_state, message.recipient_state, message.read_at) == (SideState.KEPT, SideState.KEPT, None)
    for path in ("/messages/", "/messages/sent/", f"/messages/{message.pk}/", "/messages/new/", "/messages/settings/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- writing -----------------------------------------------------------------------------------------------


def test_the_profile_links_to_writing_only_where_allowed(
    member: Member, friend: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    viewer = as_member(member)
    assert SEND_LINK in html(viewer.get(f"/members/{friend.pk}/"))
    assert SEND_LINK in html(viewer.get(f"/members/{other.pk}/"))  # any member, by default
    assert SEND_LINK not in html(viewer.get(f"/members/{member.pk}/"))  # not to oneself
    services.message_settings_update(member=other, accept_from=MessagePolicy.FRIENDS)
    assert SEND_LINK not in html(viewer.get(f"/members/{other.pk}/"))
    assert SEND_LINK in html(viewer.get(f"/members/{friend.pk}/"))
    blocked = make_member("ブロック相手")
    block(member, blocked)
    assert SEND_LINK not in html(viewer.get(f"/members/{blocked.pk}/"))
    assert SEND_LINK not in html(Client().get(f"/members/{friend.pk}/"))


def test_writing_from_a_profile(member: Member, other: Member) -> None:
    writer = as_member(member)
    page = html(writer.get(f"/messages/new/?to={other.pk}"))
    assert other.nickname in page and 'name="to"' not in page
    response = writer.post(f"/messages/new/?to={other.pk}", {"subject": "はじめまして", "body": "よろしくお願いします"})
    message = Message.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/messages/{message.pk}/"
    assert (message.sender_id, message.recipient_id, message.subject) == (member.pk, other.pk, "はじめまして")
    assert ja("Your message was sent.") in html(writer.get(response["Location"]))


def test_a_refused_message_shows_its_errors_and_stores_nothing(member: Member, other: Member) -> None:
    writer = as_member(member)
    response = writer.post(f"/messages/new/?to={other.pk}", {"subject": "件" * 101, "body": ""})
    assert response.status_code == 400
    assert 'class="field has-error"' in html(response)
    assert not Message.objects.exists()


def test_writing_to_someone_who_may_not_be_written_to(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    writer = as_member(member)
    services.message_settings_update(member=other, accept_from=MessagePolicy.FRIENDS)
    page = html(writer.get(f"/messages/new/?to={other.pk}"))
    assert (ja("%(name)s accepts messages from friends only.") % {"name": other.nickname}) in page
    assert 'data-form="message"' not in page
    assert writer.post(f"/messages/new/?to={other.pk}", {"body": "こんにちは"}).status_code == 200
    blocker = make_member("ブロックした人")
    block(blocker, member)
    assert writer.get(f"/messages/new/?to={blocker.pk}").status_code == 404
    gone = make_member("退会した人")
    close(gone)
    assert writer.get(f"/messages/new/?to={gone.pk}").status_code == 404
    assert writer.get("/messages/new/?to=abc").status_code == 404
    assert not Message.objects.exists()


def test_writing_to_a_friend_chosen_on_the_page(member: Member, friend: Member, other: Member) -> None:
    writer = as_member(member)
    page = html(writer.get("/messages/new/"))
    assert f'<option value="{friend.pk}">{friend.nickname}</option>' in page
    assert f'value="{other.pk}"' not in page  # only friends are offered
    response = writer.post("/messages/new/", {"to": friend.pk, "body": "元気？"})
    assert response.status_code == 302
    assert Message.objects.get().recipient_id == friend.pk
    # Someone not offered is refused by the form.
    assert writer.post("/messages/new/", {"to": other.pk, "body": "x"}).status_code == 400
    lonely = as_member(other)
    assert 'data-empty="friends"' in html(lonely.get("/messages/new/"))


def test_replying(member: Member, friend: Member) -> None:
    first = send(member, friend, subject="週末")
    replier = as_member(friend)
    page = html(replier.get(f"/messages/{first.pk}/"))
    assert f'href="/messages/{first.pk}/reply/"' in page
    form = html(replier.get(f"/messages/{first.pk}/reply/"))
    assert 'value="Re: 週末"' in form
    response = replier.post(f"/messages/{first.pk}/reply/", {"subject": "Re: 週末", "body": "空いてます"})
    reply = Message.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"/messages/{reply.pk}/"
    assert (reply.recipient_id, reply.in_reply_to_id) == (member.pk, first.pk)
    thread = html(as_member(member).get(f"/messages/{reply.pk}/"))
    assert thread.count('<li class="comment') == 2


def test_no_reply_to_a_member_one_may_no_longer_see(member: Member, friend: Member) -> None:
    first = send(member, friend)
    block(member, friend)
    reader = as_member(friend)
    page = html(reader.get(f"/messages/{first.pk}/"))
    assert ja("(member not shown)") in page
    assert f'href="/members/{member.pk}/"' not in page and member.nickname not in page
    assert 'data-action="reply"' not in page
    response = reader.post(f"/messages/{first.pk}/reply/", {"body": "返信"})
    assert response.status_code == 302 and response["Location"] == f"/messages/{first.pk}/"
    assert Message.objects.count() == 1


# --- trash, restore, delete for good ---------------------------------------------------------------


def test_trash_restore_and_delete_for_good(member: Member, friend: Member) -> None:
    message = send(member, friend)
    reader = as_member(friend)
    # Not in the trash: no deleting for good (the confirmation page sends back to the message).
    assert reader.get(f"/messages/{message.pk}/delete/")["Location"] == f"/messages/{message.pk}/"
    reader.post(f"/messages/{message.pk}/delete/")
    message.refresh_from_db()
    assert message.recipient_state == SideState.KEPT
    assert reader.post(f"/messages/{message.pk}/trash/")["Location"] == "/messages/"
    page = html(reader.get(f"/messages/{message.pk}/"))
    assert 'data-action="restore"' in page and 'data-action="delete"' in page
    assert reader.post(f"/messages/{message.pk}/restore/")["Location"] == "/messages/trash/"
    message.refresh_from_db()
    assert message.recipient_state == SideState.KEPT
    reader.post(f"/messages/{message.pk}/trash/")
    assert ja("Delete this message for good?") in html(reader.get(f"/messages/{message.pk}/delete/"))
    assert reader.post(f"/messages/{message.pk}/delete/")["Location"] == "/messages/trash/"
    assert reader.get(f"/messages/{message.pk}/").status_code == 404
    assert as_member(member).get(f"/messages/{message.pk}/").status_code == 200
    assert reader.get("/messages/trash/").status_code == 200


# --- settings ----------------------------------------------------------------------------------------------


def test_settings_page_linked_from_account_settings(member: Member) -> None:
    client = as_member(member)
    assert 'href="/messages/settings/"' in html(client.get("/settings/"))
    page = html(client.get("/messages/settings/"))
    assert 'value="members" id="id_accept_from_0" required checked>' in page
    response = client.post("/messages/settings/", {"accept_from": "friends"})
    assert response.status_code == 302
    assert MessageSettings.objects.get(member=member).accept_from == MessagePolicy.FRIENDS
    assert 'value="friends" id="id_accept_from_1" required checked>' in html(client.get("/messages/settings/"))
    assert client.post("/messages/settings/", {"accept_from": "nobody"}).status_code == 400
    assert MessageSettings.objects.get(member=member).accept_from == MessagePolicy.FRIENDS
