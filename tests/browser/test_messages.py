"""Messages in the browser: a member writes to a friend from the friend's profile; the friend sees the unread count in
the nav, opens the inbox, reads the message and replies; the first member sees the reply in the same conversation."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tsunagu.friends import services as friends
from tsunagu.messaging.services import message_send

SUBJECT = "週末のお花見"
BODY = "土曜日、上野公園でお花見をしませんか？\nお弁当は私が作ります。"
REPLY = "いいですね！飲み物を持っていきます。"


def befriend(a, b):
    request = friends.friend_request_send(sender=a, recipient_id=b.pk)
    friends.friend_request_accept(recipient=b, request_id=request.pk)


def nav_messages(page, ui):
    return page.get_by_role("navigation", name=ui("Main")).locator('[data-nav="messages"]')


def test_send_read_and_reply(new_page, ui, make_member):
    sender = make_member("佐藤花子")
    friend = make_member("鈴木一郎")
    befriend(sender, friend)

    # From the friend's profile to a new message.
    page = new_page(member=sender)
    page.goto(f"/members/{friend.pk}/")
    page.get_by_role("link", name=ui("Send a message")).click()
    expect(page).to_have_url(f"/messages/new/?to={friend.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Write a message"))
    expect(page.locator('[data-field="to"]')).to_contain_text("鈴木一郎")
    page.get_by_label(ui.label("Subject")).fill(SUBJECT)
    page.get_by_label(ui.label("Body")).fill(BODY)
    page.get_by_role("button", name=ui("Send"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/messages/\d+/$"))
    expect(page.get_by_role("status")).to_have_text(ui("Your message was sent."))
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(nav_messages(page, ui).locator(".badge")).to_have_count(0)  # one's own message is not unread

    # The friend sees one unread message in the nav, opens the inbox and reads it.
    reader = new_page(member=friend)
    reader.goto("/")
    expect(nav_messages(reader, ui).locator("[data-unread-messages]")).to_have_text("(1)")
    nav_messages(reader, ui).click()
    expect(reader).to_have_url("/messages/")
    row = reader.locator('[data-list="messages"] li[data-unread]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("佐藤花子")
    expect(row.locator('[data-badge="unread"]')).to_have_text(ui("Unread"))
    row.get_by_role("link", name=SUBJECT).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(reader.locator('.message [data-field="body"]')).to_contain_text("お弁当は私が作ります。")
    expect(reader.locator('[data-field="from"]')).to_contain_text("佐藤花子")
    expect(nav_messages(reader, ui).locator(".badge")).to_have_count(0)  # read now

    # The friend replies: to the sender, with the subject carried over.
    reader.get_by_role("link", name=ui("Reply")).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(ui("Reply"))
    expect(reader.get_by_label(ui.label("Subject"))).to_have_value(f"Re: {SUBJECT}")
    reader.get_by_label(ui.label("Body")).fill(REPLY)
    reader.get_by_role("button", name=ui("Send"), exact=True).click()
    expect(reader.get_by_role("status")).to_have_text(ui("Your message was sent."))
    expect(reader.locator('[data-section="thread"] li')).to_have_count(2)

    # The sender sees the reply waiting, reads it, and the conversation holds both messages.
    page.goto("/")
    expect(nav_messages(page, ui).locator("[data-unread-messages]")).to_have_text("(1)")
    nav_messages(page, ui).click()
    page.locator('[data-list="messages"] li[data-unread]').get_by_role("link", name=f"Re: {SUBJECT}").click()
    expect(page.locator('.message [data-field="body"]')).to_contain_text(REPLY)
    thread = page.locator('[data-section="thread"] li')
    expect(thread).to_have_count(2)
    expect(thread.nth(0)).to_contain_text("お弁当は私が作ります。")
    expect(thread.nth(1)).to_contain_text(REPLY)

    # The sender's own copy is in the sent box.
    page.locator('[data-nav="message-boxes"] [data-box="sent"]').click()
    expect(page.locator('[data-list="messages"]')).to_contain_text(SUBJECT)


def test_trash_and_restore(new_page, ui, make_member):
    sender = make_member("佐藤花子")
    friend = make_member("鈴木一郎")
    message = message_send(sender=sender, to=friend.pk, subject=SUBJECT, body=BODY)
    page = new_page(member=friend)
    page.goto(f"/messages/{message.pk}/")
    page.get_by_role("button", name=ui("Move to the trash")).click()
    expect(page.get_by_role("status")).to_have_text(ui("The message was moved to the trash."))
    expect(page.locator('[data-empty="messages"]')).to_have_text(ui("No messages have arrived yet."))
    page.locator('[data-nav="message-boxes"] [data-box="trash"]').click()
    page.get_by_role("link", name=SUBJECT).click()
    page.get_by_role("button", name=ui("Take out of the trash")).click()
    expect(page.get_by_role("status")).to_have_text(ui("The message was taken out of the trash."))
    page.locator('[data-nav="message-boxes"] [data-box="inbox"]').click()
    expect(page.locator('[data-list="messages"]')).to_contain_text(SUBJECT)


def test_message_pages_fit_a_phone(new_page, make_member):
    """The message pages do not scroll sideways 360 px wide, with long names, subjects and unbroken text."""
    sender = make_member("とても長いニックネームのメンバーさんです本当に長い")
    friend = make_member("こちらもかなり長いニックネームの友人さんです")
    befriend(sender, friend)
    long_word = "https://example.com/" + "a" * 300
    first = message_send(sender=sender, to=friend.pk, subject="長い件名" * 20, body=long_word + "\n" + "本文" * 300)
    message_send(sender=friend, in_reply_to=first.pk, subject="返" * 100, body="返信" * 200 + long_word)
    page = new_page(member=friend)
    for path in (
        "/messages/",
        "/messages/sent/",
        f"/messages/{first.pk}/",
        f"/messages/{first.pk}/reply/",
        "/messages/new/",
        "/messages/settings/",
    ):
        page.goto(path)
        expect(page.get_by_role("contentinfo")).to_be_attached()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways at 360 px: scrollWidth is {width}"
