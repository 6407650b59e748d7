"""The diary in the browser: a member writes an entry with a photo; a friend reads it from the profile, comments and
says イイネ! (swapped in place by htmx); the author sees the comment, the イイネ! and the friend's footprints."""

from __future__ import annotations

import io
import re
from urllib.parse import urlparse

from PIL import Image
from playwright.sync_api import expect

from tsunagu.diary.services import diary_comment_create, diary_entry_create
from tsunagu.friends import services as friends

TITLE = "鎌倉で紫陽花を見ました"
BODY = "雨の明月院。\n青い紫陽花がとてもきれいでした。"
COMMENT = "いいですね！来年は一緒に行きましょう。"


def jpeg(size=(640, 480)):
    out = io.BytesIO()
    Image.new("RGB", size, (70, 110, 200)).save(out, "JPEG")
    return out.getvalue()


def befriend(a, b):
    request = friends.friend_request_send(sender=a, recipient_id=b.pk)
    friends.friend_request_accept(recipient=b, request_id=request.pk)


def label(text):
    """A field's accessible name, with or without the label suffix (as `ui.label`, for a text with parameters)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*[:：]?\s*$")


def test_write_read_comment_iine_and_footprints(new_page, ui, make_member):
    author = make_member("佐藤花子")
    friend = make_member("鈴木一郎")
    befriend(author, friend)

    # The author goes to their diary from the nav and writes an entry with a photo, for friends.
    page = new_page(member=author)
    page.goto("/")
    page.get_by_role("navigation", name=ui("Main")).locator('[data-nav="diary"]').click()
    expect(page).to_have_url(f"/members/{author.pk}/diary/")
    page.get_by_role("link", name=ui("Write a diary entry")).click()
    expect(page).to_have_url("/diary/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Write a diary entry"))
    page.get_by_label(ui.label("Title")).fill(TITLE)
    page.get_by_label(ui.label("Body")).fill(BODY)
    page.get_by_label(ui.label("Who can see this")).select_option(label=ui.pgettext("audience", "Friends"))
    expect(page.get_by_label(ui.label("Allow comments"))).to_be_checked()
    page.get_by_label(label(ui("Photo %(number)s", number=1))).set_input_files(
        files=[{"name": "ajisai.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    page.get_by_role("button", name=ui("Post"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/diary/\d+/$"))
    entry_path = urlparse(page.url).path
    expect(page.get_by_role("status")).to_have_text(ui("Your diary entry was posted."))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator('[data-field="body"]').first).to_contain_text("青い紫陽花")
    expect(page.locator("[data-audience]")).to_contain_text(ui.pgettext("audience", "Friends"))
    thumbnail = page.locator('.diary-entry [data-list="photos"] img')
    expect(thumbnail).to_have_count(1)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())

    # The friend opens the author's diary and the entry.
    reader = new_page(member=friend)
    reader.goto(f"/members/{author.pk}/diary/")
    reader.locator('[data-list="diary"]').get_by_role("link", name=TITLE).click()
    expect(reader).to_have_url(entry_path)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("[data-audience]")).to_have_count(0)  # the audience is the author's to see
    photo = reader.locator('.diary-entry [data-list="photos"] img')
    reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())

    # イイネ! swaps the button in place (htmx: no reload, no jump), and the count links to who said it.
    entry_iine = reader.locator(".diary-entry .iine")
    entry_iine.get_by_role("button", name=ui("Like!")).click()
    expect(entry_iine.get_by_role("button", name=ui("Take back Like!"))).to_be_visible()
    expect(reader.locator(".diary-entry .iine")).to_have_attribute("data-iine-count", "1")
    expect(reader).to_have_url(entry_path)
    expect(reader.locator(".diary-entry .iine [data-link=reactors]")).to_have_text(
        ui.plural("%(counter)s person", "%(counter)s people", 1, counter=1)
    )

    # The friend comments; the page comes back at the new comment, number 1.
    reader.get_by_label(ui.label("Comment")).fill(COMMENT)
    reader.get_by_role("button", name=ui("Post comment")).click()
    expect(reader).to_have_url(f"{entry_path}#comment-1")
    expect(reader.get_by_role("status")).to_have_text(ui("Your comment was posted."))
    comment = reader.locator("#comment-1")
    expect(comment).to_contain_text(COMMENT)
    expect(comment).to_contain_text("鈴木一郎")

    # The author sees the comment and the イイネ!, then the friend's footprints on the diary.
    page.goto(entry_path)
    expect(page.locator("#comment-1")).to_contain_text(COMMENT)
    expect(page.locator(".diary-entry .iine")).to_have_attribute("data-iine-count", "1")
    page.locator(".diary-entry .iine [data-link=reactors]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Members who said Like!"))
    expect(page.locator(f'[data-list="reactors"] [data-member="{friend.pk}"]')).to_contain_text("鈴木一郎")
    page.get_by_role("link", name=ui("Back")).click()
    expect(page).to_have_url(entry_path)

    page.get_by_role("navigation", name=ui("Main")).locator('[data-nav="footprints"]').click()
    expect(page).to_have_url("/footprints/")
    visitor = page.locator(f'[data-list="footprints"] [data-member="{friend.pk}"]')
    expect(visitor).to_contain_text("鈴木一郎")
    # One footprint per visitor in five minutes: the first page they came to, the diary.
    expect(visitor.locator("[data-pages]")).to_have_attribute("data-pages", "diary_list")
    expect(visitor).to_contain_text(ui("diary list"))


def test_profile_latest_entries_then_iine_on_a_comment_and_deleting_it(new_page, ui, make_member):
    """The friend's latest entries load into their profile (htmx). The author likes a friend's comment, then deletes
    another: its number stays, marked as deleted."""
    author = make_member("佐藤花子")
    friend = make_member("鈴木一郎")
    befriend(author, friend)
    entry = diary_entry_create(author=author, title=TITLE, body=BODY)
    diary_entry_create(author=author, title="自分だけのメモ", body="秘密", audience="only_me")
    diary_comment_create(author=friend, entry_id=entry.pk, body="一番乗り！")
    diary_comment_create(author=friend, entry_id=entry.pk, body=COMMENT)

    reader = new_page(member=friend)
    reader.goto(f"/members/{author.pk}/")
    latest = reader.locator('[data-section="diary"] [data-list="latest-diary"]')
    expect(latest.locator("[data-entry]")).to_have_count(1)
    latest.get_by_role("link", name=TITLE).click()
    expect(reader).to_have_url(f"/diary/{entry.pk}/")

    page = new_page(member=author)
    page.goto(f"/diary/{entry.pk}/")
    second = page.locator("#comment-2")
    second.get_by_role("button", name=ui("Like!")).click()
    expect(second.locator(".iine")).to_have_attribute("data-iine-count", "1")

    first = page.locator("#comment-1")
    first.locator(".comment-delete summary").click()
    first.get_by_role("button", name=ui("Delete comment")).click()
    expect(page.get_by_role("status")).to_have_text(ui("The comment was deleted."))
    expect(page.locator("#comment-1")).to_have_attribute("data-state", "deleted")
    expect(page.locator("#comment-1")).to_contain_text(ui("This comment was deleted."))
    expect(page.locator("#comment-1")).not_to_contain_text("一番乗り")
    expect(page.locator("#comment-2")).to_contain_text(COMMENT)
    expect(page.locator("#comment-2 .iine")).to_have_attribute("data-iine-count", "1")


def test_diary_pages_fit_a_phone(new_page, ui, make_member):
    """The diary pages do not scroll sideways 360 px wide, with long titles, names and unbroken text."""
    author = make_member("とても長いニックネームのメンバーさんです本当に長い")
    friend = make_member("こちらもかなり長いニックネームの友人さんです")
    befriend(author, friend)
    long_word = "https://example.com/" + "a" * 300
    entry = diary_entry_create(
        author=author, title="長い題" * 30, body=long_word + "\n" + "本文" * 300, photos=[jpeg((2000, 300))]
    )
    diary_entry_create(author=author, title="次の" * 30, body="短い")
    diary_comment_create(author=friend, entry_id=entry.pk, body="コメント" * 100 + long_word)
    page = new_page(member=friend)
    for path in (
        f"/members/{author.pk}/diary/",
        f"/diary/{entry.pk}/",
        "/diary/commented/",
        "/diary/new/",
        f"/members/{author.pk}/",
    ):
        page.goto(path)
        expect(page.get_by_role("contentinfo")).to_be_attached()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways at 360 px: scrollWidth is {width}"
    own = new_page(member=author)
    own.goto(f"/diary/{entry.pk}/edit/")
    expect(own.get_by_role("heading", level=1)).to_have_text(ui("Edit diary entry"))
    assert own.evaluate("() => document.documentElement.scrollWidth") <= 360
