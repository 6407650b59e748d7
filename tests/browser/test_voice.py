"""Voice and the news feed in the browser: a member posts a voice with a hashtag to friends; a friend sees it arrive in
their feed without reloading (htmx polling), follows the hashtag to its page and replies; a stranger sees it nowhere."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import expect

from tsunagu.core.text import grapheme_count
from tsunagu.friends import services as friends
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create

TAG = "ベルを鳴らそう"
TEXT = f"#{TAG} 今夜みんなでベルを鳴らそう🔔"
REPLY = "鳴らしました！"


def befriend(a, b):
    request = friends.friend_request_send(sender=a, recipient_id=b.pk)
    friends.friend_request_accept(recipient=b, request_id=request.pk)


def test_a_voice_reaches_friends_live_and_on_its_hashtag_page_but_not_strangers(new_page, ui, make_member, settings):
    settings.FEED_POLL_SECONDS = 1
    author = make_member("佐藤花子")
    friend = make_member("鈴木一郎")
    stranger = make_member("知らない人")
    befriend(author, friend)

    # The friend has the feed open before anything is posted.
    reader = new_page(member=friend)
    reader.goto("/")
    feed = reader.locator("#feed-items")
    expect(reader.get_by_role("heading", name=ui("News feed"))).to_be_visible()
    expect(feed.locator("[data-feed-item]")).to_have_count(0)
    reader.evaluate("() => { window.stillTheSamePage = true; }")  # a reload would forget this

    # The author writes in the voice box on their home: the count follows the characters as people see them.
    page = new_page(member=author)
    page.goto("/")
    expect(page.get_by_role("navigation", name=ui("Main")).locator('[data-nav="voice"]')).to_have_text(
        ui.pgettext("navigation", "Voice")
    )
    box = page.locator('[data-form="voice"]')
    count = box.locator(".voice-count")
    expect(count).to_have_text(ui("Characters left: %(count)s", count=150))
    box.get_by_label(ui.label("What are you up to?")).fill(TEXT)
    expect(count).to_have_text(ui("Characters left: %(count)s", count=150 - grapheme_count(TEXT)))
    expect(box.get_by_label(ui.label("Who can see this"))).to_have_value("friends")
    box.get_by_role("button", name=ui("Post"), exact=True).click()

    expect(page).to_have_url("/")
    expect(page.get_by_role("status")).to_have_text(ui("Your voice was posted."))
    post = VoicePost.objects.get()
    assert post.audience == "friends" and post.text == TEXT
    mine = page.locator(f'[data-feed-item="voice:{post.pk}"]')
    expect(mine).to_contain_text("今夜みんなでベルを鳴らそう")

    # The friend's open feed gains the post by polling, with no reload (the poller stays at the top).
    item = feed.locator(f'[data-feed-item="voice:{post.pk}"]')
    expect(item).to_contain_text("今夜みんなでベルを鳴らそう")
    expect(item).to_contain_text("佐藤花子")
    assert reader.evaluate("() => window.stillTheSamePage === true")
    expect(reader.locator('[data-empty="feed"]')).to_be_hidden()
    expect(feed.locator("> li").first).to_have_attribute("id", "feed-poller")
    # The poller that came with the answer goes on asking: the next post lands above the first.
    later = voice_post_create(author=author, text="もうすぐ始まります", audience="friends")
    expect(feed.locator("[data-feed-item]").first).to_have_attribute("data-feed-item", f"voice:{later.pk}")
    expect(feed.locator("[data-feed-item]")).to_have_count(2)
    assert reader.evaluate("() => window.stillTheSamePage === true")

    # The hashtag is a link to the tag's page, which lists the post.
    item.get_by_role("link", name=f"#{TAG}").click()
    expect(reader).to_have_url(f"/hashtags/{quote(TAG)}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(f"#{TAG}")
    expect(reader.locator(f'[data-voice="{post.pk}"]')).to_contain_text("今夜みんなで")

    # A stranger sees it nowhere: not in their feed, not on the tag's page, and the post's address is not found.
    outsider = new_page(member=stranger)
    outsider.goto("/")
    expect(outsider.get_by_role("heading", name=ui("News feed"))).to_be_visible()
    expect(outsider.locator("[data-feed-item]")).to_have_count(0)
    expect(outsider.get_by_text("今夜みんなで")).to_have_count(0)
    outsider.goto(f"/hashtags/{quote(TAG)}/")
    expect(outsider.get_by_role("heading", level=1)).to_have_text(f"#{TAG}")
    expect(outsider.locator('[data-empty="voice"]')).to_have_text(
        ui("There are no posts with this hashtag that you can read.")
    )
    expect(outsider.locator("[data-voice]")).to_have_count(0)
    response = outsider.goto(f"/voice/{post.pk}/")
    assert response.status == 404
    expect(outsider.get_by_text("今夜みんなで")).to_have_count(0)


def test_reply_iine_a_refused_post_and_deleting(new_page, ui, make_member):
    """A friend replies from the post page and says イイネ! (swapped in place); a voice over 150 characters is refused with
    the count shown in red, the text kept and nothing posted; the author deletes the voice."""
    author = make_member("佐藤花子")
    friend = make_member("鈴木一郎")
    befriend(author, friend)
    post = voice_post_create(author=author, text=f"#{TAG} 集合は19時")

    reader = new_page(member=friend)
    reader.goto("/")
    item = reader.locator(f'[data-feed-item="voice:{post.pk}"]')
    item.get_by_role("link", name=ui.plural("%(counter)s reply", "%(counter)s replies", 0, counter=0)).click()
    expect(reader).to_have_url(f"/voice/{post.pk}/#replies")
    reader.get_by_label(ui.label("Reply")).fill(REPLY)
    reader.get_by_role("button", name=ui("Post reply")).click()
    answer = VoicePost.objects.get(in_reply_to=post)
    expect(reader).to_have_url(f"/voice/{post.pk}/#reply-{answer.pk}")
    expect(reader.get_by_role("status")).to_have_text(ui("Your reply was posted."))
    expect(reader.locator(f"#reply-{answer.pk}")).to_contain_text(REPLY)
    expect(reader.locator("[data-section=replies] h2 [data-reply-count]")).to_have_attribute("data-reply-count", "1")

    iine = reader.locator(f"#iine-voice-{post.pk}")
    iine.get_by_role("button", name=ui("Like!")).click()
    expect(reader.locator(f"#iine-voice-{post.pk}").get_by_role("button", name=ui("Take back Like!"))).to_be_visible()
    expect(reader.locator(f"#iine-voice-{post.pk}")).to_have_attribute("data-iine-count", "1")
    expect(reader).to_have_url(f"/voice/{post.pk}/#reply-{answer.pk}")

    # Too long: the count turns red before posting; the server refuses, keeps the text and says why.
    page = new_page(member=author)
    page.goto("/")
    box = page.locator('[data-form="voice"]')
    box.get_by_label(ui.label("What are you up to?")).fill("あ" * 151)
    count = box.locator(".voice-count")
    expect(count).to_have_text(ui("Characters over the limit: %(count)s", count=1))
    expect(count).to_have_class(re.compile(r"\bis-over\b"))
    box.get_by_role("button", name=ui("Post"), exact=True).click()
    expect(page).to_have_url("/voice/new/")
    too_long = ui.plural(
        "Write at most %(max)d character (this has %(count)d).",
        "Write at most %(max)d characters (this has %(count)d).",
        150,
        max=150,
        count=151,
    )
    expect(page.locator('[data-form="voice"] .error')).to_have_text(too_long)
    expect(page.get_by_label(ui.label("What are you up to?"))).to_have_value("あ" * 151)
    assert VoicePost.objects.count() == 2

    # The author deletes the voice from its page; it goes with its reply.
    page.goto(f"/voice/{post.pk}/")
    page.locator('[data-action="delete-voice"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Delete voice"))
    page.get_by_role("button", name=ui("Delete"), exact=True).click()
    expect(page).to_have_url(f"/members/{author.pk}/voice/")
    expect(page.get_by_role("status")).to_have_text(ui("The voice was deleted."))
    expect(page.locator('[data-empty="voice"]')).to_have_text(ui("You have not posted any voice yet."))
    assert not VoicePost.objects.exists()
