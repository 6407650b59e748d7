"""The news feed (最新情報) on the home page: friends' and one's own items newest first, each through the policy;
older pages by cursor; the polling fragment that brings newer items; no footprints; a fixed number of queries."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.friends.test_pages import as_member, befriend, html
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.services import diary_comment_create, diary_entry_create
from tsunagu.feed.timeline import feed_cursor_encode, timeline
from tsunagu.feed.views import NEWER_MOST
from tsunagu.footprints.models import Footprint
from tsunagu.friends.services import block_create
from tsunagu.reactions.services import iine_add
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create, voice_post_delete

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 160, 90)).save(out, "JPEG")
    return out.getvalue()


def say(author: Member, text: str = "つぶやき", audience: str = "friends", **kwargs: Any) -> VoicePost:
    return voice_post_create(author=author, text=text, audience=audience, **kwargs)


def write(author: Member, title: str = "日記", audience: str = "friends", **kwargs: Any) -> DiaryEntry:
    kwargs.setdefault("body", "今日はいい日でした。")
    return diary_entry_create(author=author, title=title, audience=audience, **kwargs)


def items(page: str) -> list[str]:
    """The feed items on a page, in order, as "type:id"."""
    return re.findall(r'data-feed-item="([a-z_]+:\d+)"', page)


def key(item: VoicePost | DiaryEntry) -> str:
    return f"{'voice' if isinstance(item, VoicePost) else 'diary_entry'}:{item.pk}"


def since_of(page: str) -> str:
    found = re.search(r'id="feed-poller" data-since="([^"]+)"', page)
    assert found, "no poller on the page"
    return found.group(1)


@pytest.fixture
def friend(make_member: MakeMember, member: Member) -> Member:
    friend = make_member("田中友子")
    befriend(member, friend)
    return friend


@pytest.fixture
def stranger(make_member: MakeMember) -> Member:
    return make_member("知らない人")


def test_the_feed_shows_friends_and_own_items_newest_first(
    member: Member, friend: Member, stranger: Member, make_member: MakeMember
) -> None:
    """Voice posts and diary entries of friends and oneself, newest first; strangers' posts (even open to every member),
    friends' posts not shared with the member, and replies are not feed items."""
    outsider_friend = make_member()
    befriend(friend, outsider_friend)
    own = say(member, "自分のつぶやき")
    diary = write(friend, "友だちの日記")
    friends_voice = say(friend, "友だちのつぶやき")
    say(friend, "自分だけ", audience="only_me")
    say(stranger, "知らない人の公開", audience="members")
    say(outsider_friend, "友だちの友だち", audience="friends_of_friends")
    voice_post_create(author=member, text="返信は会話の中", in_reply_to=friends_voice.pk)
    page = html(as_member(member).get("/"))
    assert items(page) == [key(friends_voice), key(diary), key(own)]
    assert "自分だけ" not in page and "知らない人の公開" not in page


def test_a_block_or_a_closed_account_takes_items_out_of_the_feed(
    member: Member, friend: Member, make_member: MakeMember
) -> None:
    other_friend = make_member()
    befriend(member, other_friend)
    say(friend, "ブロック前")
    kept = say(other_friend, "残る")
    closed = make_member()
    befriend(member, closed)
    say(closed, "退会した人")
    Member.objects.filter(pk=closed.pk).update(is_active=False)
    block_create(blocker=friend, blocked_id=member.pk)
    assert items(html(as_member(member).get("/"))) == [key(kept)]


def test_feed_items_show_what_matters(member: Member, friend: Member) -> None:
    """A voice with its photo, reply count and イイネ!; a diary entry with title, excerpt, photos and comment count."""
    entry = write(friend, "鎌倉の紫陽花", body="雨の明月院。青い紫陽花がきれいでした。", photos=[jpeg(), jpeg()])
    diary_comment_create(author=member, entry_id=entry.pk, body="いいね")
    post = say(friend, "#紫陽花 見頃です", photo=jpeg())
    voice_post_create(author=member, text="行きたい", in_reply_to=post.pk)
    iine_add(member=member, kind="voice", item_id=post.pk)
    page = html(as_member(member).get("/"))
    assert f'src="/voice/{post.pk}/photo/thumbnail/"' in page
    assert f'href="/voice/{post.pk}/#replies" data-reply-count="1"' in page
    assert re.search(rf'id="iine-voice-{post.pk}"[^>]*data-iine-count="1" data-iine-given', page)
    assert 'class="hashtag"' in page
    assert f'href="/diary/{entry.pk}/" data-link="entry">鎌倉の紫陽花</a>' in page
    assert "雨の明月院。" in page
    assert len(re.findall(rf'src="/diary/{entry.pk}/photos/\d+/thumbnail/"', page)) == 2
    assert 'data-comment-count="1"' in page
    assert f'id="iine-diary_entry-{entry.pk}"' in page


def test_the_home_keeps_hello_and_links_to_the_members_own_pages(member: Member) -> None:
    page = html(as_member(member).get("/"))
    assert "佐藤花子" in page
    for path in ("/voice/", "/diary/new/", "/diary/", "/diary/commented/", f"/members/{member.pk}/", "/friends/"):
        assert f'href="{path}"' in page, path
    assert 'data-empty="feed"' in page and 'data-section="trending"' in page


def test_older_items_by_cursor_without_javascript(member: Member, friend: Member) -> None:
    posts = [say(friend, f"つぶやき{i}") for i in range(22)]
    client = as_member(member)
    first = html(client.get("/"))
    newest_first = [key(p) for p in reversed(posts)]
    assert items(first) == newest_first[:20]
    older = re.search(r'href="\?cursor=([^"]+)" data-link="older"', first)
    assert older
    second = html(client.get(f"/?cursor={older.group(1)}"))
    assert items(second) == newest_first[20:]
    assert 'id="feed-poller"' not in second  # only the first page follows new items
    assert 'data-link="older"' not in second
    response = client.get("/?cursor=garbage")
    assert response.status_code == 400 and 'role="alert"' in html(response)


def test_the_first_page_polls_every_feed_poll_seconds(member: Member, settings: Any) -> None:
    settings.FEED_POLL_SECONDS = 7
    page = html(as_member(member).get("/"))
    assert re.search(r'<li hidden id="feed-poller" data-since="[^"]+" hx-get="/feed/new/\?since=[^"]+"', page)
    assert 'hx-trigger="every 7s" hx-swap="outerHTML"' in page


def test_polling_returns_only_newer_visible_items(member: Member, friend: Member, stranger: Member) -> None:
    """The fragment holds a new poller (asking after the newest item next time) and the new items the member may see;
    with nothing new, the poller alone, asking from the same place."""
    old = say(friend, "前から")
    client = as_member(member)
    since = since_of(html(client.get("/")))
    nothing = html(client.get("/feed/new/", {"since": since}))
    assert items(nothing) == [] and since_of(nothing) == since and "<html" not in nothing

    hidden = say(friend, "ひとりごと", audience="only_me")
    say(stranger, "知らない人", audience="members")
    new_voice = say(friend, "新しいつぶやき")
    new_entry = write(friend, "新しい日記")
    fragment = html(client.get("/feed/new/", {"since": since}))
    assert items(fragment) == [key(new_entry), key(new_voice)]
    assert key(old) not in fragment and str(hidden.text) not in fragment
    assert fragment.index('id="feed-poller"') < fragment.index("data-feed-item")
    assert 'class="feed-item is-new"' in fragment
    assert since_of(fragment) == feed_cursor_encode((new_entry.created_at, "diary_entry", new_entry.pk))
    assert items(html(client.get("/feed/new/", {"since": since_of(fragment)}))) == []


def test_polling_past_many_new_items_offers_a_reload(member: Member, friend: Member) -> None:
    client = as_member(member)
    since = since_of(html(client.get("/")))
    for i in range(21):
        say(friend, f"大量{i}")
    fragment = html(client.get("/feed/new/", {"since": since}))
    assert items(fragment) == [] and 'id="feed-poller"' not in fragment
    assert 'data-link="reload" ' not in fragment and 'href="/" data-link="reload"' in fragment


def test_polling_stops_for_visitors_and_refuses_bad_cursors(member: Member, client: Client) -> None:
    assert client.get("/feed/new/", {"since": "x"}).status_code == 286
    assert as_member(member).get("/feed/new/", {"since": "garbage"}).status_code == 400
    assert as_member(member).get("/feed/new/").status_code == 400


def test_an_empty_feed_still_finds_the_first_new_item(member: Member, friend: Member) -> None:
    client = as_member(member)
    since = since_of(html(client.get("/")))
    post = say(friend, "はじめての")
    VoicePost.objects.filter(pk=post.pk).update(created_at=timezone.now() + timedelta(seconds=1))
    assert items(html(client.get("/feed/new/", {"since": since}))) == [key(post)]


def test_a_deleted_post_leaves_the_feed(member: Member, friend: Member) -> None:
    post = say(friend, "消します")
    voice_post_delete(member=friend, post_id=post.pk)
    assert items(html(as_member(member).get("/"))) == []


def test_the_feed_leaves_no_footprints(member: Member, friend: Member) -> None:
    say(friend, "足あとは残らない")
    write(friend, "日記も")
    client = as_member(member)
    since = since_of(html(client.get("/")))
    client.get("/feed/new/", {"since": since})
    assert not Footprint.objects.exists()


def test_visitors_get_the_welcome_page(client: Client) -> None:
    page = html(client.get("/"))
    assert 'id="feed-items"' not in page and 'href="/login/"' in page


# --- query counts ---------------------------------------------------------------------------------------------------

ROWS = [2, 20]


@pytest.fixture
def lively(request: pytest.FixtureRequest, member: Member, make_member: MakeMember) -> int:
    """n friends of `member`, each with a voice post (photo, reply, イイネ!) and a diary entry (two photos, a comment)."""
    n: int = request.param
    for i in range(n):
        friend = make_member()
        befriend(member, friend)
        post = say(friend, f"#元気 {i}", photo=jpeg())
        voice_post_create(author=member, text="返信", in_reply_to=post.pk)
        iine_add(member=member, kind="voice", item_id=post.pk)
        entry = write(friend, f"日記{i}", photos=[jpeg(), jpeg()])
        diary_comment_create(author=member, entry_id=entry.pk, body="コメント")
        iine_add(member=member, kind="diary_entry", item_id=entry.pk)
    SiteSettings.load()
    return n


@pytest.mark.parametrize("lively", ROWS, indirect=True)
def test_polling_costs_a_fixed_number_of_queries(
    member: Member, lively: int, django_assert_max_num_queries: Any
) -> None:
    """As many new items as one poll brings (2 × 2 - 1, or 20), for the same budget: the session and the member, each
    source's items, diary photos, イイネ! counts and the member's own for both kinds (a fragment has no navigation)."""
    client = as_member(member)
    oldest = timeline().page(member, cursor=None, limit=NEWER_MOST + 1).items[-1]
    with django_assert_max_num_queries(10):
        fragment = html(client.get("/feed/new/", {"since": feed_cursor_encode(oldest.key)}))
    assert len(items(fragment)) == min(2 * lively, NEWER_MOST + 1) - 1
