"""Friends in the browser: request → accept, a silent decline, and a block that hides the profile.

Buttons and sections are found by their data attributes, so the tests do not depend on wording;
where a string already has a translation in the test's language, its text is checked too.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

MESSAGE = "高校で同じクラスだった佐藤です。覚えていますか？"


def text(ui, msgid, **params):
    """The string in the test's language, or None while it has no translation yet (added at the end)."""
    try:
        return ui(msgid, **params)
    except pytest.fail.Exception:
        return None


def expect_status(page, ui, msgid):
    status = page.get_by_role("status")
    expect(status).to_be_visible()
    if (shown := text(ui, msgid)) is not None:
        expect(status).to_have_text(shown)


def without_tokens(html):
    """An element's HTML without its CSRF tokens, which are masked differently on every render."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _send_request(page, ui, recipient):
    page.goto(f"/members/{recipient.pk}/")
    form = page.locator('[data-form="friend-request"]')
    if text(ui, "Message (optional)") is not None:
        message = form.get_by_label(ui.label("Message (optional)"))
    else:
        message = form.locator("textarea[name=message]")
    message.fill(MESSAGE)
    form.locator('[data-action="send-request"]').click()
    expect(page).to_have_url(f"/members/{recipient.pk}/")
    expect_status(page, ui, "Your friend request was sent.")
    expect(page.locator("[data-relationship]")).to_have_attribute("data-relationship", "request-sent")


def test_request_accept_and_both_are_friends(new_page, ui, make_member):
    a = make_member("佐藤花子")
    b = make_member("鈴木一郎")
    a_page = new_page(member=a)
    _send_request(a_page, ui, b)

    # B sees the badge in the nav, follows it to the confirmation page and accepts.
    b_page = new_page(member=b)
    b_page.goto("/")
    nav = b_page.get_by_role("navigation", name=ui("Main"))
    confirm_link = nav.locator('[data-nav="confirm"]')
    expect(confirm_link.locator("[data-pending-count]")).to_have_attribute("data-pending-count", "1")
    confirm_link.click()
    expect(b_page).to_have_url("/confirm/")
    request = b_page.locator(f'[data-section="friend_requests"] [data-member="{a.pk}"]')
    expect(request).to_contain_text("佐藤花子")
    expect(request.locator('[data-field="message"]')).to_have_text(MESSAGE)
    accept = request.locator('[data-action="accept-request"]')
    if (label := text(ui, "Accept")) is not None:
        expect(accept).to_have_text(label)
    accept.click()
    expect(b_page).to_have_url("/confirm/")
    expect_status(b_page, ui, "You are now friends.")
    expect(b_page.locator("[data-pending-count]")).to_have_count(0)

    # Both see each other on /friends/, and the profiles show them as friends.
    for page, friend in ((a_page, b), (b_page, a)):
        page.get_by_role("navigation", name=ui("Main")).locator('a[href="/friends/"]').click()
        expect(page).to_have_url("/friends/")
        row = page.locator(f'[data-list="friends"] [data-member="{friend.pk}"]')
        expect(row).to_contain_text(friend.nickname)
        row.get_by_role("link", name=friend.nickname).click()
        expect(page).to_have_url(f"/members/{friend.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(friend.nickname)
        expect(page.locator("[data-relationship]")).to_have_attribute("data-relationship", "friend")
        expect(page.locator('[data-action="remove-friend"]')).to_be_visible()


def test_declining_is_invisible_to_the_requester(new_page, ui, make_member):
    a = make_member("佐藤花子")
    b = make_member("鈴木一郎")
    a_page = new_page(member=a)
    _send_request(a_page, ui, b)

    def requester_view():
        a_page.goto("/confirm/")
        outgoing = a_page.locator('[data-section="outgoing"]')
        expect(outgoing.locator(f'[data-member="{b.pk}"]')).to_contain_text(MESSAGE)
        confirm = without_tokens(outgoing.inner_html())
        a_page.goto(f"/members/{b.pk}/")
        profile = without_tokens(a_page.locator("[data-relationship]").evaluate("e => e.outerHTML"))
        return confirm, profile

    before = requester_view()

    b_page = new_page(member=b)
    b_page.goto("/confirm/")
    b_page.locator(f'[data-member="{a.pk}"] [data-action="decline-request"]').click()
    expect(b_page).to_have_url("/confirm/")
    expect(b_page.locator(f'[data-section="friend_requests"] [data-member="{a.pk}"]')).to_have_count(0)
    expect(b_page.locator("[data-pending-count]")).to_have_count(0)

    after = requester_view()
    assert after == before
    expect(a_page.locator("[data-relationship]")).to_have_attribute("data-relationship", "request-sent")


def test_block_hides_the_profile(new_page, ui, make_member):
    x = make_member("高橋")
    y = make_member("伊藤")
    x_page = new_page(member=x)
    x_page.goto(f"/members/{y.pk}/")
    more = x_page.locator('[data-section="more"]')
    more.locator("summary").click()
    more.locator('[data-action="block"]').click()
    expect(x_page).to_have_url(f"/members/{y.pk}/block/")
    x_page.locator('[data-action="confirm-block"]').click()
    expect(x_page).to_have_url(f"/members/{y.pk}/")
    expect(x_page.locator("[data-relationship]")).to_have_attribute("data-relationship", "blocked")

    y_page = new_page(member=y)
    response = y_page.goto(f"/members/{x.pk}/")
    assert response.status == 404
    expect(y_page.get_by_role("heading", level=1)).to_have_text(ui("Page not found"))
    expect(y_page.get_by_role("main")).not_to_contain_text("高橋")
    assert y_page.goto(f"/members/{x.pk}/friends/").status == 404

    # X lifts the block from the settings page; Y sees the profile again.
    x_page.goto("/settings/")
    x_page.locator('a[href="/settings/blocks/"]').click()
    x_page.locator(f'[data-member="{y.pk}"] [data-action="unblock"]').click()
    expect(x_page).to_have_url("/settings/blocks/")
    expect(x_page.locator(f'[data-member="{y.pk}"]')).to_have_count(0)
    assert y_page.goto(f"/members/{x.pk}/").status == 200
    expect(y_page.get_by_role("heading", level=1)).to_have_text("高橋")


def test_friends_pages_fit_a_phone(new_page, ui, make_member):
    """The new pages do not scroll sideways 360 px wide, with long names and messages."""
    from tsunagu.friends import services

    owner = make_member("とても長いニックネームのメンバーさんです本当に長い")
    friend = make_member("こちらもかなり長いニックネームの友人さんです")
    asker = make_member("申請してきたとても長い名前のメンバーさん")
    request = services.friend_request_send(sender=friend, recipient_id=owner.pk)
    services.friend_request_accept(recipient=owner, request_id=request.pk)
    services.friend_request_send(sender=asker, recipient_id=owner.pk, message="長い" * 200)
    services.intro_write(author=friend, subject_id=owner.pk, body="紹介" * 200)
    group = services.friend_group_create(
        owner=owner, name="とても長いグループ名です本当に長いんです", members=[friend.pk]
    )
    services.block_create(blocker=owner, blocked_id=make_member("ブロックされたとても長い名前の人").pk)
    page = new_page(member=owner)
    for path in (
        "/friends/",
        "/confirm/",
        "/friends/groups/",
        "/friends/groups/new/",
        f"/friends/groups/{group.pk}/",
        "/settings/blocks/",
        f"/members/{owner.pk}/",
        f"/members/{friend.pk}/",
        f"/members/{asker.pk}/",
        f"/members/{owner.pk}/friends/",
    ):
        page.goto(path)
        expect(page.get_by_role("contentinfo")).to_be_attached()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways at 360 px: scrollWidth is {width}"
