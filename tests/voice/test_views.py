"""Voice pages: posting through the form (errors per field, nothing stored on bad input), a post with its replies,
deleting, photos through the policy, @mentions, hashtag and trending pages, a member's voice, and no footprints."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from tests.friends.test_pages import as_member, befriend, html
from tests.queries import PAGE_FRAME
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.core.services import site_settings_update
from tsunagu.footprints.models import Footprint
from tsunagu.friends.services import block_create, friend_group_create
from tsunagu.reactions.services import iine_add
from tsunagu.voice import selectors
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def say(author: Member, text: str = "今日もいい天気", audience: str = "friends", **kwargs: Any) -> VoicePost:
    return voice_post_create(author=author, text=text, audience=audience, **kwargs)


def reply(author: Member, post: VoicePost, text: str = "ほんとですね") -> VoicePost:
    return voice_post_create(author=author, text=text, in_reply_to=post.pk)


def ja(message: str, **params: Any) -> str:
    with translation.override("ja"):
        text = translation.gettext(message)
    assert text != message, f"no Japanese for {message!r}"
    return escape(text % params if params else text)


def en(message: str, **params: Any) -> str:
    with translation.override("en"):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def post_ids(page: str) -> list[int]:
    """The posts and replies shown on a page, in order."""
    return [int(pk) for pk in re.findall(r'data-voice="(\d+)"', page)]


def without_tokens(response: Any) -> str:
    """A page without its per-response CSRF tokens, to compare two answers."""
    return re.sub(r'"(X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+"', "", html(response))


def footprints() -> int:
    return Footprint.objects.count()


@pytest.fixture
def friend(make_member: MakeMember, member: Member) -> Member:
    friend = make_member("田中友子")
    befriend(member, friend)
    return friend


@pytest.fixture
def stranger(make_member: MakeMember) -> Member:
    return make_member("知らない人")


# --- posting ------------------------------------------------------------------------------------------------------


def test_posting_from_the_feed_box_goes_back_to_the_feed(member: Member, friend: Member) -> None:
    """The box posts to friends by default and returns to where it was written, with the post on top."""
    client = as_member(member)
    home = html(client.get("/"))
    assert 'action="/voice/new/"' in home and 'name="next" value="/"' in home
    assert re.search(r'<option value="friends" selected>', home)
    response = client.post("/voice/new/", {"text": "桜が咲いた #お花見", "audience": "friends", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    post = VoicePost.objects.get()
    assert (post.author, post.audience, post.text) == (member, "friends", "桜が咲いた #お花見")
    page = html(client.get("/"))
    assert ja("Your voice was posted.") in page
    assert post_ids(page) == [post.pk]
    assert 'href="/hashtags/%E3%81%8A%E8%8A%B1%E8%A6%8B/" class="hashtag"' in page


def test_posting_without_next_goes_to_the_post(member: Member) -> None:
    response = as_member(member).post("/voice/new/", {"text": "ひとりごと", "audience": "only_me"})
    post = VoicePost.objects.get()
    assert response["Location"] == f"/voice/{post.pk}/"
    assert post.audience == "only_me"


def test_posting_with_an_outside_next_goes_to_the_post(member: Member) -> None:
    response = as_member(member).post(
        "/voice/new/", {"text": "外へは行かない", "audience": "friends", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/voice/{VoicePost.objects.get().pk}/"


def test_the_150_character_rule_counts_what_people_see(member: Member) -> None:
    """150 family emoji (several code points each) or kana with combining marks are 150 characters; 151 are refused."""
    client = as_member(member)
    for text in ["👨‍👩‍👧" * 150, "か\u3099" * 150, "あ" * 150]:
        assert client.post("/voice/new/", {"text": text, "audience": "friends"}).status_code == 302
    assert VoicePost.objects.count() == 3
    response = client.post("/voice/new/", {"text": "👨‍👩‍👧" * 151, "audience": "friends"})
    assert response.status_code == 400
    assert VoicePost.objects.count() == 3


@pytest.mark.parametrize("language", ["ja", "en"])
def test_bad_input_shows_errors_per_field_and_stores_nothing(make_member: MakeMember, language: str) -> None:
    """Too long, empty, a friend group that is not the member's, a file that is not a photo: each error is shown at its
    field in the member's language, the text is kept, and nothing is stored."""
    member = make_member(language=language)
    someone = make_member()
    others_group = friend_group_create(owner=someone, name="同僚")
    tr = ja if language == "ja" else en
    client = as_member(member)

    long_text = "あ" * 151
    page = html(client.post("/voice/new/", {"text": long_text, "audience": "friends"}))
    with translation.override(language):
        too_long = translation.ngettext(
            "Write at most %(max)d character (this has %(count)d).",
            "Write at most %(max)d characters (this has %(count)d).",
            150,
        ) % {"max": 150, "count": 151}
    assert re.search(r'voice-text-field has-error">.*?' + re.escape(escape(too_long)), page, re.S)
    assert long_text in page  # kept for the member to shorten

    response = client.post("/voice/new/", {"text": "   ", "audience": "friends"})
    assert response.status_code == 400 and tr("Write something to post.") in html(response)

    response = client.post("/voice/new/", {"text": "グループへ", "audience": f"group:{others_group.pk}"})
    assert response.status_code == 400
    assert re.search(r'class="field has-error">\s*<label for="id_audience"', html(response))

    upload = SimpleUploadedFile("note.jpg", b"not an image", content_type="image/jpeg")
    response = client.post("/voice/new/", {"text": "写真つき", "audience": "friends", "photo": upload})
    assert response.status_code == 400
    assert re.search(r'class="field has-error">\s*<label for="id_photo"', html(response))

    assert not VoicePost.objects.exists()
    if language == "en":
        assert "Write at most 150 characters" in page


def test_posting_needs_sign_in(client: Client) -> None:
    response = client.post("/voice/new/", {"text": "匿名", "audience": "public"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/voice/")["Location"].startswith("/login/")
    assert not VoicePost.objects.exists()


def test_the_form_page_offers_friend_groups_and_a_character_count(member: Member, friend: Member) -> None:
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    page = html(as_member(member).get("/voice/new/"))
    assert f'<option value="group:{group.pk}">' in page
    assert 'data-grapheme-max="150"' in page and 'id="id_text-count"' in page
    assert ja("Up to %(max)s characters.", max=150) in page
    assert "tsunagu/voice.js" in page


def test_a_photo_is_served_only_to_those_who_may_see_the_post(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    response = as_member(member).post(
        "/voice/new/",
        {"text": "夕焼け", "audience": "friends", "photo": SimpleUploadedFile("sky.jpg", jpeg(), "image/jpeg")},
    )
    post = VoicePost.objects.get()
    assert response.status_code == 302 and post.photo and post.photo_thumbnail
    for path in (f"/voice/{post.pk}/photo/", f"/voice/{post.pk}/photo/thumbnail/"):
        ok = as_member(friend).get(path)
        assert ok.status_code == 200 and ok["Content-Type"] == "image/jpeg"
        assert "private" in ok["Cache-Control"]
        assert as_member(stranger).get(path).status_code == 404
        assert client.get(path).status_code == 404
    assert f'src="/voice/{post.pk}/photo/thumbnail/"' in html(as_member(friend).get(f"/voice/{post.pk}/"))
    plain = say(member, "写真なし")
    assert as_member(member).get(f"/voice/{plain.pk}/photo/").status_code == 404


# --- one post and its replies ---------------------------------------------------------------------------------------


def test_a_post_page_shows_replies_oldest_first_with_a_reply_form(member: Member, friend: Member) -> None:
    post = say(member, "ラーメン食べたい")
    first = reply(friend, post, "いいね")
    second = reply(member, post, "行こう")
    page = html(as_member(friend).get(f"/voice/{post.pk}/"))
    assert post_ids(page) == [post.pk, first.pk, second.pk]
    assert 'data-reply-count="2"' in page
    assert 'data-form="reply"' in page and f'action="/voice/{post.pk}/replies/"' in page
    assert f'id="iine-voice-{post.pk}"' in page and f'id="iine-voice-{first.pk}"' in page


def test_a_reply_address_leads_to_its_place_in_the_conversation(member: Member, friend: Member) -> None:
    post = say(member)
    answer = reply(friend, post)
    response = as_member(friend).get(f"/voice/{answer.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/voice/{post.pk}/#reply-{answer.pk}"


def test_replying_through_the_form(member: Member, friend: Member) -> None:
    post = say(member)
    client = as_member(friend)
    response = client.post(f"/voice/{post.pk}/replies/", {"text": f"@{member.handle} おつかれ"})
    answer = VoicePost.objects.get(in_reply_to=post)
    assert response.status_code == 302 and response["Location"] == f"/voice/{post.pk}/#reply-{answer.pk}"
    assert answer.audience == post.audience
    page = html(client.get(f"/voice/{post.pk}/"))
    assert ja("Your reply was posted.") in page
    assert f'href="/members/@{member.handle}/" class="mention"' in page
    assert client.get(f"/voice/{post.pk}/replies/")["Location"] == f"/voice/{post.pk}/#replies"


def test_a_refused_reply_shows_the_error_and_stores_nothing(member: Member, friend: Member) -> None:
    post = say(member)
    response = as_member(friend).post(f"/voice/{post.pk}/replies/", {"text": "ね" * 151})
    assert response.status_code == 400
    assert re.search(r'data-form="reply".*?voice-text-field has-error', html(response), re.S)
    assert VoicePost.objects.count() == 1
    assert VoicePost.objects.get(pk=post.pk).reply_count == 0


def test_anonymous_visitors_read_public_posts_only_where_allowed(member: Member, client: Client) -> None:
    post = say(member, "みなさんこんにちは", audience="public")
    assert client.get(f"/voice/{post.pk}/").status_code == 404
    site_settings_update(web_public_allowed=True)
    page = html(client.get(f"/voice/{post.pk}/"))
    assert post_ids(page) == [post.pk]
    assert 'data-form="reply"' not in page and f"/login/?next=/voice/{post.pk}/" in page
    assert 'data-action="iine"' not in page
    response = client.post(f"/voice/{post.pk}/replies/", {"text": "匿名"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert VoicePost.objects.count() == 1


def test_the_author_sees_the_audience_and_a_delete_link(member: Member, friend: Member) -> None:
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    post = say(member, audience="friend_group", friend_group=group.pk)
    own = html(as_member(member).get(f"/voice/{post.pk}/"))
    assert 'data-audience="friend_group"' in own and "仲良し" in own
    assert f'href="/voice/{post.pk}/delete/"' in own
    theirs = html(as_member(friend).get(f"/voice/{post.pk}/"))
    assert "data-audience" not in theirs and "仲良し" not in theirs
    assert f'href="/voice/{post.pk}/delete/"' not in theirs


# --- deleting -------------------------------------------------------------------------------------------------------


def test_the_author_deletes_a_post_with_its_replies(member: Member, friend: Member) -> None:
    post = say(member)
    reply(friend, post)
    client = as_member(member)
    assert client.get(f"/voice/{post.pk}/delete/").status_code == 200
    response = client.post(f"/voice/{post.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/members/{member.pk}/voice/"
    assert not VoicePost.objects.exists()
    assert ja("The voice was deleted.") in html(client.get(response["Location"]))


def test_replies_are_deleted_by_their_author_or_the_posts_author(
    member: Member, friend: Member, make_member: MakeMember
) -> None:
    third = make_member()
    befriend(member, third)
    post = say(member)
    by_friend, by_third = reply(friend, post, "一つ目"), reply(third, post, "二つ目")
    friend_page = html(as_member(friend).get(f"/voice/{post.pk}/"))
    assert f'action="/voice/{by_friend.pk}/delete/"' in friend_page
    assert f'action="/voice/{by_third.pk}/delete/"' not in friend_page
    assert f'action="/voice/{by_third.pk}/delete/"' in html(as_member(member).get(f"/voice/{post.pk}/"))

    # Someone else's reply, or someone else's post: as if it did not exist.
    assert as_member(friend).post(f"/voice/{by_third.pk}/delete/").status_code == 404
    assert as_member(friend).post(f"/voice/{post.pk}/delete/").status_code == 404
    assert as_member(friend).get(f"/voice/{post.pk}/delete/").status_code == 404

    response = as_member(friend).post(f"/voice/{by_friend.pk}/delete/")
    assert response["Location"] == f"/voice/{post.pk}/#replies"
    response = as_member(member).post(f"/voice/{by_third.pk}/delete/")
    assert response["Location"] == f"/voice/{post.pk}/#replies"
    assert list(VoicePost.objects.values_list("pk", flat=True)) == [post.pk]
    assert VoicePost.objects.get().reply_count == 0


# --- hidden is 404 everywhere ------------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["friends", "only_me"])
def test_hidden_posts_are_404_on_every_page(
    member: Member, friend: Member, stranger: Member, make_member: MakeMember, audience: str
) -> None:
    """A post the viewer may not see answers exactly like one that does not exist, on every voice address."""
    post = say(member, "秘密の話", audience=audience, photo=jpeg())
    answer = reply(member, post, "ひとりで返信")
    blocked = make_member("元友人")
    befriend(member, blocked)
    block_create(blocker=member, blocked_id=blocked.pk)
    viewers = [stranger, blocked] + ([friend] if audience == "only_me" else [])
    missing = answer.pk + 1000
    for viewer in viewers:
        client = as_member(viewer)
        for pk in (post.pk, answer.pk, missing):
            for path in ("/voice/{}/", "/voice/{}/photo/", "/voice/{}/photo/thumbnail/", "/voice/{}/replies/"):
                assert client.get(path.format(pk)).status_code == 404, (viewer, path, pk)
            assert client.get(f"/voice/{pk}/delete/").status_code == 404
            assert client.post(f"/voice/{pk}/replies/", {"text": "こっそり"}).status_code == 404
            assert client.post(f"/voice/{pk}/delete/").status_code == 404
            assert client.post(f"/iine/voice/{pk}/").status_code == 404
            assert client.get(f"/iine/voice/{pk}/members/").status_code == 404
        voice_list = client.get(f"/members/{member.pk}/voice/")
        assert voice_list.status_code == 404 if viewer is blocked else "秘密の話" not in html(voice_list)
    assert VoicePost.objects.count() == 2


def test_posts_of_closed_accounts_are_404(member: Member, friend: Member) -> None:
    post = say(member, audience="members")
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert as_member(friend).get(f"/voice/{post.pk}/").status_code == 404


# --- a member's voice -------------------------------------------------------------------------------------------


def test_a_members_voice_lists_what_the_viewer_may_see(member: Member, friend: Member, stranger: Member) -> None:
    to_members = say(member, "みんなへ", audience="members")
    to_friends = say(member, "友だちへ", audience="friends")
    to_me = say(member, "自分へ", audience="only_me")
    reply(member, to_members, "返信は会話の中に")
    path = f"/members/{member.pk}/voice/"
    assert post_ids(html(as_member(member).get(path))) == [to_me.pk, to_friends.pk, to_members.pk]
    assert post_ids(html(as_member(friend).get(path))) == [to_friends.pk, to_members.pk]
    assert post_ids(html(as_member(stranger).get(path))) == [to_members.pk]
    assert 'data-form="voice"' in html(as_member(member).get(path))
    assert 'data-form="voice"' not in html(as_member(friend).get(path))
    assert as_member(member).get("/voice/")["Location"] == path
    block_create(blocker=member, blocked_id=stranger.pk)
    assert as_member(stranger).get(path).status_code == 404
    assert as_member(friend).get("/members/999999/voice/").status_code == 404


def test_a_members_voice_pages_with_a_cursor(member: Member, friend: Member) -> None:
    posts = [say(member, f"つぶやき{i}") for i in range(23)]
    client = as_member(friend)
    first = html(client.get(f"/members/{member.pk}/voice/"))
    assert post_ids(first) == [p.pk for p in reversed(posts)][:20]
    cursor = re.search(r'href="\?cursor=([^"]+)" data-link="older"', first)
    assert cursor
    second = html(client.get(f"/members/{member.pk}/voice/?cursor={cursor.group(1)}"))
    assert post_ids(second) == [p.pk for p in reversed(posts)][20:]
    assert 'data-link="older"' not in second
    assert client.get(f"/members/{member.pk}/voice/?cursor=garbage").status_code == 400


def test_the_profile_and_the_navigation_link_to_the_voice(member: Member, friend: Member) -> None:
    client = as_member(friend)
    assert f'href="/members/{member.pk}/voice/" data-link="voice"' in html(client.get(f"/members/{member.pk}/"))
    assert 'href="/voice/" data-nav="voice"' in html(client.get("/"))
    with translation.override("ja"):
        assert translation.pgettext("navigation", "Voice") == "つぶやき"


# --- @mentions -------------------------------------------------------------------------------------------------------


def test_a_mention_leads_to_the_profile_of_a_member_the_viewer_may_see(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    viewer = as_member(friend)
    response = viewer.get(f"/members/@{member.handle}/")
    assert response.status_code == 302 and response["Location"] == f"/members/{member.pk}/"
    assert viewer.get(f"/members/@{member.handle.upper()}/")["Location"] == f"/members/{member.pk}/"


def test_a_mention_never_tells_whether_a_handle_exists(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    """Unknown, blocked, closed: the same 404; anonymous visitors only where the site is web-public."""
    block_create(blocker=member, blocked_id=stranger.pk)
    unknown = as_member(stranger).get("/members/@nobody_here/")
    blocked = as_member(stranger).get(f"/members/@{member.handle}/")
    assert unknown.status_code == blocked.status_code == 404
    assert without_tokens(unknown).replace("nobody_here", member.handle) == without_tokens(blocked)
    assert client.get(f"/members/@{member.handle}/").status_code == 404
    site_settings_update(web_public_allowed=True)
    assert client.get(f"/members/@{member.handle}/")["Location"] == f"/members/{member.pk}/"
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert as_member(friend).get(f"/members/@{member.handle}/").status_code == 404


# --- hashtags -------------------------------------------------------------------------------------------------------


def test_a_hashtag_page_lists_only_posts_the_viewer_may_see(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    members_post = say(member, "#ベルを鳴らそう みんなで", audience="members")
    friends_post = say(member, "＃ベルを鳴らそう 友だちと", audience="friends")
    own_post = say(member, "#ベルを鳴らそう ひとりで", audience="only_me")
    answer = reply(friend, friends_post, "鳴らした #ベルを鳴らそう")
    say(member, "#ほかのタグ", audience="members")
    path = "/hashtags/%E3%83%99%E3%83%AB%E3%82%92%E9%B3%B4%E3%82%89%E3%81%9D%E3%81%86/"
    assert post_ids(html(as_member(member).get(path))) == [answer.pk, own_post.pk, friends_post.pk, members_post.pk]
    friend_page = html(as_member(friend).get(path))
    assert post_ids(friend_page) == [answer.pk, friends_post.pk, members_post.pk]
    assert f'href="/voice/{friends_post.pk}/#reply-{answer.pk}" data-link="conversation"' in friend_page
    assert post_ids(html(as_member(stranger).get(path))) == [members_post.pk]
    block_create(blocker=member, blocked_id=stranger.pk)
    stranger_page = html(as_member(stranger).get(path))
    assert post_ids(stranger_page) == [] and 'data-empty="voice"' in stranger_page
    # Visitors: sent to log in, unless the site is web-public (then public posts only, here none).
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/hashtags/")
    site_settings_update(web_public_allowed=True)
    assert post_ids(html(client.get(path))) == []
    public = say(member, "#ベルを鳴らそう 公開", audience="public")
    assert post_ids(html(client.get(path))) == [public.pk]


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("/hashtags/%EF%BC%A1%EF%BC%A2%EF%BC%A3/", "/hashtags/abc/"),  # ＡＢＣ
        ("/hashtags/ABC/", "/hashtags/abc/"),
        ("/hashtags/%23abc/", "/hashtags/abc/"),
        ("/hashtags/%EF%BC%83Abc/", "/hashtags/abc/"),  # ＃Abc
        ("/hashtags/%EF%BD%B6%EF%BE%80%EF%BD%B6%EF%BE%85/", "/hashtags/%E3%82%AB%E3%82%BF%E3%82%AB%E3%83%8A/"),
        ("/hashtags/ABC/?cursor=x", "/hashtags/abc/?cursor=x"),
    ],
)
def test_any_spelling_of_a_tag_redirects_to_its_one_address(member: Member, asked: str, canonical: str) -> None:
    response = as_member(member).get(asked)
    assert response.status_code == 302 and response["Location"] == canonical


def test_a_tag_in_any_spelling_finds_the_same_posts(member: Member, friend: Member) -> None:
    post = say(member, "＃ＡＢＣ の話")
    client = as_member(friend)
    assert post_ids(html(client.get("/hashtags/abc/"))) == [post.pk]
    assert post_ids(html(client.get("/hashtags/ABC/", follow=True))) == [post.pk]
    assert client.get("/hashtags/%23/").status_code == 404
    assert client.get("/hashtags/" + "a" * 51 + "/").status_code == 404


def test_a_hashtag_page_pages_with_a_cursor(member: Member, friend: Member) -> None:
    posts = [say(member, f"#毎日 {i}日目") for i in range(22)]
    client = as_member(friend)
    first = html(client.get("/hashtags/%E6%AF%8E%E6%97%A5/"))
    assert post_ids(first) == [p.pk for p in reversed(posts)][:20]
    cursor = re.search(r'href="\?cursor=([^"]+)" data-link="older"', first)
    assert cursor
    second = html(client.get(f"/hashtags/%E6%AF%8E%E6%97%A5/?cursor={cursor.group(1)}"))
    assert post_ids(second) == [posts[1].pk, posts[0].pk]
    assert client.get("/hashtags/%E6%AF%8E%E6%97%A5/?cursor=nope").status_code == 400


@pytest.mark.parametrize("limit", [1, 2, 4, 20])
def test_a_hashtag_page_fills_from_several_batches_when_most_posts_are_hidden(
    member: Member, friend: Member, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tag's rows are read a batch at a time (here 3, with two of every three posts hidden from the friend):
    each page holds `limit` posts the friend may see, newest first, none skipped or repeated across cursors, and
    only the last page has no cursor."""
    monkeypatch.setattr(selectors, "TAG_BATCH", 3)
    posts = [say(member, f"#毎日 {i}日目", audience="only_me" if i % 3 else "friends") for i in range(25)]
    visible = [post.pk for post in reversed(posts) if post.audience == "friends"]
    seen: list[int] = []
    cursor = None
    while True:
        page = selectors.hashtag_page(viewer=friend, tag="毎日", cursor=cursor, limit=limit)
        seen += [post.pk for post in page.items]
        if page.next_cursor is None:
            break
        assert len(page.items) == limit
        cursor = page.next_cursor
    assert seen == visible
    everything = selectors.hashtag_page(viewer=member, tag="毎日", limit=limit)
    assert [post.pk for post in everything.items] == [post.pk for post in reversed(posts)][:limit]


def test_a_deleted_post_leaves_the_hashtag_page(member: Member, friend: Member) -> None:
    post = say(member, "#消える")
    as_member(member).post(f"/voice/{post.pk}/delete/")
    assert post_ids(html(as_member(friend).get("/hashtags/%E6%B6%88%E3%81%88%E3%82%8B/"))) == []


def test_trending_counts_only_posts_every_member_may_see(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    for _ in range(3):
        say(member, "#内緒", audience="friends")
    say(member, "#地震 揺れた", audience="members")
    say(friend, "#地震 こちらも", audience="public")
    page = html(as_member(stranger).get("/hashtags/"))
    assert 'data-tag="地震"' in page and "内緒" not in page
    own = html(as_member(member).get("/hashtags/"))
    assert "内緒" not in own  # not even for the author: counts are the same for everyone
    assert ja("Trending hashtags") in own
    assert client.get("/hashtags/")["Location"].startswith("/login/")
    home = html(as_member(friend).get("/"))
    assert re.search(r'data-section="trending".*?data-tag="地震"', home, re.S)


# --- no footprints ------------------------------------------------------------------------------------------------


def test_voice_pages_leave_no_footprints(member: Member, friend: Member) -> None:
    post = say(member, "#足あと なし", photo=jpeg())
    reply(member, post)
    client = as_member(friend)
    for path in (
        f"/voice/{post.pk}/",
        f"/voice/{post.pk}/photo/",
        f"/voice/{post.pk}/photo/thumbnail/",
        f"/members/{member.pk}/voice/",
        "/hashtags/%E8%B6%B3%E3%81%82%E3%81%A8/",
        "/hashtags/",
        f"/members/@{member.handle}/",
    ):
        assert client.get(path).status_code in (200, 302)
    client.post(f"/voice/{post.pk}/replies/", {"text": "返信"})
    assert footprints() == 0
    client.get(f"/members/{member.pk}/")  # the profile itself does leave one: the check above can fail
    assert footprints() == 1


# --- イイネ! -------------------------------------------------------------------------------------------------------


def test_iine_on_a_post_swaps_in_place_with_htmx(member: Member, friend: Member) -> None:
    post = say(member)
    client = as_member(friend)
    response = client.post(f"/iine/voice/{post.pk}/", {"next": f"/voice/{post.pk}/"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'data-iine-count="1"' in html(response)
    assert "<html" not in html(response)
    page = html(as_member(member).get(f"/voice/{post.pk}/"))
    assert re.search(rf'id="iine-voice-{post.pk}"[^>]*data-iine-count="1"', page)


# --- query counts ---------------------------------------------------------------------------------------------------

ROWS = [2, 20]


@pytest.fixture
def busy(request: pytest.FixtureRequest, member: Member, friend: Member, make_member: MakeMember) -> int:
    """`member` has n posts with #忙しい, each with a photo, a reply and an イイネ! from a different friend."""
    n: int = request.param
    for i in range(n):
        post = say(member, f"#忙しい {i}", photo=jpeg())
        fan = make_member()
        befriend(member, fan)
        reply(fan, post, "がんばって")
        iine_add(member=fan, kind="voice", item_id=post.pk)
    SiteSettings.load()
    return n


@pytest.mark.parametrize("busy", ROWS, indirect=True)
def test_a_members_voice_costs_a_fixed_number_of_queries(
    member: Member, friend: Member, busy: int, django_assert_max_num_queries: Any
) -> None:
    """The member and a block check, the posts (authors joined), イイネ! counts and the viewer's own."""
    client = as_member(friend)
    with django_assert_max_num_queries(PAGE_FRAME + 5):
        page = html(client.get(f"/members/{member.pk}/voice/"))
    assert len(post_ids(page)) == busy


@pytest.mark.parametrize("busy", ROWS, indirect=True)
def test_a_hashtag_page_costs_a_fixed_number_of_queries(
    member: Member, friend: Member, busy: int, django_assert_max_num_queries: Any
) -> None:
    """The tag's rows, the posts (authors joined), イイネ! counts and the viewer's own."""
    client = as_member(friend)
    with django_assert_max_num_queries(PAGE_FRAME + 4):
        page = html(client.get("/hashtags/%E5%BF%99%E3%81%97%E3%81%84/"))
    assert len(post_ids(page)) == busy


@pytest.mark.parametrize("busy", ROWS, indirect=True)
def test_a_post_page_costs_a_fixed_number_of_queries(
    member: Member, friend: Member, busy: int, make_member: MakeMember, django_assert_max_num_queries: Any
) -> None:
    """The post, its replies, イイネ! counts and the viewer's own, however many replies."""
    post = say(member, "会話")
    for i in range(busy):
        fan = make_member()
        befriend(member, fan)
        reply(fan, post, f"返信{i}")
    client = as_member(friend)
    with django_assert_max_num_queries(PAGE_FRAME + 4):
        page = html(client.get(f"/voice/{post.pk}/"))
    assert len(post_ids(page)) == busy + 1
