"""The voice API: posts and replies, their photo, イイネ!, member lists, hashtag pages and trending.

Shapes, who may read and write what (a hidden post answers 404 exactly like a missing one, on every
endpoint), errors in the caller's language, no footprints, and a fixed number of queries per list.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from tests.api.helpers import JAPANESE, assert_error, call, jpeg_with_gps, png
from tests.friends.api.helpers import api, auth, block, summary
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.footprints.models import Footprint
from tsunagu.friends.services import friend_group_create, friendship_create
from tsunagu.reactions.services import iine_add
from tsunagu.voice.models import VoiceHashtag, VoicePost
from tsunagu.voice.reactables import VOICE_KIND
from tsunagu.voice.services import voice_post_create

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]
HUGE = "99999999999999999999"


def say(author: Member, text: str = "今日はいい天気", **kwargs: Any) -> VoicePost:
    return voice_post_create(author=author, text=text, **kwargs)


def ja(message: str) -> str:
    with translation.override("ja"):
        return gettext(message)


def upload(data: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def post_form(client: Client, as_: Member, data: dict[str, Any]) -> HttpResponse:
    return client.post("/api/v1/voice", data, headers=auth(as_))


def fetch(client: Client, url: str, as_: Member | None) -> HttpResponse:
    return client.get(url, headers=auth(as_) if as_ is not None else {})


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "photos"
    return sorted(folder.iterdir()) if folder.exists() else []


def ids(body: dict[str, Any]) -> list[int]:
    return [item["id"] for item in body["items"]]


@pytest.fixture
def friend(make_member: MakeMember, member: Member) -> Member:
    person = make_member("高橋友子")
    friendship_create(member, person)
    return person


# --- posting ------------------------------------------------------------------------------------------


def test_posting_answers_the_post(client: Client, member: Member) -> None:
    """POST /voice answers 201 with the whole shape: hashtags normalised, linked in text_html, no photo."""
    response = api(client, "post", "/voice", member, {"text": "桜が満開 ＃花見 #Tokyo https://example.jp/"})
    assert response.status_code == 201, response.content
    created = VoicePost.objects.get()
    body = response.json()
    assert body == {
        "id": created.pk,
        "author": summary(member),
        "text": "桜が満開 ＃花見 #Tokyo https://example.jp/",
        "text_html": created.text_html,
        "audience": "friends",
        "in_reply_to": None,
        "reply_count": 0,
        "hashtags": ["花見", "tokyo"],
        "photo": None,
        "iine": {"count": 0, "given": False},
        "created": created.created_at.isoformat(),
    }
    assert body["author"]["handle"] == member.handle
    assert f'href="/hashtags/{quote("花見")}/"' in body["text_html"] or 'href="/hashtags/花見/"' in body["text_html"]
    assert '<a href="https://example.jp/"' in body["text_html"]


def test_posting_to_a_friend_group_shows_the_group_to_the_author_alone(
    client: Client, member: Member, friend: Member
) -> None:
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    data = {"text": "内緒", "audience": "friend_group", "friend_group": group.pk}
    body = api(client, "post", "/voice", member, data).json()
    assert (body["audience"], body["friend_group"]) == ("friend_group", group.pk)
    seen = api(client, "get", f"/voice/{body['id']}", friend).json()
    assert seen["audience"] == "friend_group"
    assert "friend_group" not in seen


def test_posting_from_a_form(client: Client, member: Member, friend: Member) -> None:
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    data = {"text": "フォームから", "audience": "friend_group", "friend_group": str(group.pk)}
    response = post_form(client, member, data)
    assert response.status_code == 201, response.content
    created = VoicePost.objects.get()
    assert (created.text, created.audience, created.friend_group_id) == ("フォームから", "friend_group", group.pk)
    reply = post_form(client, friend, {"text": "返信", "in_reply_to": str(created.pk), "friend_group": str(group.pk)})
    assert reply.status_code == 201, reply.content
    assert reply.json()["in_reply_to"] == created.pk


GOOD = {"text": "こんにちは"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "text", "This field is required."),
        ({"text": ""}, "text", "Write something to post."),
        ({"text": "  \n "}, "text", "Write something to post."),
        ({"text": 5}, "text", "Enter text."),
        ({"text": "あ" * 151}, "text", None),
        ({"text": "👨‍👩‍👧" * 151}, "text", None),
        ({**GOOD, "audience": "everyone"}, "audience", None),
        ({**GOOD, "audience": None, "extra": 1}, "extra", "This field is not part of the request."),
        ({**GOOD, "audience": "friend_group"}, "friend_group", None),
        ({**GOOD, "audience": "friend_group", "friend_group": HUGE}, "friend_group", None),
    ],
)
def test_bad_fields_are_refused_in_japanese(
    client: Client, member: Member, data: dict[str, Any], field: str, message: str | None
) -> None:
    """Each bad field answers 422 naming it, in the member's language, and nothing is written."""
    error = assert_error(api(client, "post", "/voice", member, data), 422, "invalid")
    assert list(error["fields"]) == [field]
    assert JAPANESE.search(error["message"])
    assert all(JAPANESE.search(text) for text in error["fields"][field])
    if message is not None:
        assert error["fields"][field] == [ja(message)]
    assert not VoicePost.objects.exists()


def test_the_length_message_counts_characters_as_people_see_them(client: Client, member: Member) -> None:
    error = assert_error(api(client, "post", "/voice", member, {"text": "🇯🇵" * 151}), 422, "invalid")
    assert "151" in error["fields"]["text"][0] and "150" in error["fields"]["text"][0]
    assert api(client, "post", "/voice", member, {"text": "🇯🇵" * 150}).status_code == 201


def test_errors_are_in_english_for_an_english_member(client: Client, make_member: MakeMember) -> None:
    english = make_member(language="en")
    error = assert_error(api(client, "post", "/voice", english, {"text": "a" * 151}), 422, "invalid")
    assert error["message"] == "Please check the marked fields."
    assert error["fields"] == {"text": ["Write at most 150 characters (this has 151)."]}
    voice = say(english, audience="only_me")
    other = assert_error(api(client, "post", "/voice", english, {"text": "x", "in_reply_to": voice.pk + 1}), 404)
    assert other["fields"] == {"in_reply_to": ["That voice post does not exist."]}


@pytest.mark.parametrize("raw", ["{", "[1, 2]", '"本文"', "null"])
def test_bodies_that_are_not_a_json_object_are_refused(client: Client, member: Member, raw: str) -> None:
    response = call(client, "post", "/api/v1/voice", raw=raw, **auth(member))
    assert response.status_code in (400, 422), response.content
    assert_error(response, response.status_code)
    assert not VoicePost.objects.exists()


def test_writing_needs_sign_in(client: Client, member: Member) -> None:
    created = say(member, audience="public")
    site_settings_update(web_public_allowed=True)
    for method, path in [
        ("post", "/voice"),
        ("delete", f"/voice/{created.pk}"),
        ("post", f"/voice/{created.pk}/iine"),
        ("delete", f"/voice/{created.pk}/iine"),
    ]:
        assert_error(api(client, method, path, None, {"text": "x"}), 401, "unauthenticated")
    assert VoicePost.objects.count() == 1


# --- photos -------------------------------------------------------------------------------------------


def test_a_photo_is_posted_and_served_to_those_who_may_see_the_post(
    client: Client, member: Member, friend: Member, other: Member
) -> None:
    response = post_form(client, member, {"text": "写真 #旅行", "photo": upload(jpeg_with_gps((800, 600)), "a.jpg")})
    assert response.status_code == 201, response.content
    created = VoicePost.objects.get()
    url = f"/api/v1/voice/{created.pk}/photo"
    assert response.json()["photo"] == {
        "url": url,
        "thumbnail_url": f"{url}?size=thumbnail",
        "width": 800,
        "height": 600,
    }
    for path, box in [(url, 800), (f"{url}?size=thumbnail", 320)]:
        served = fetch(client, path, friend)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/jpeg"
        image = Image.open(io.BytesIO(b"".join(served.streaming_content)))  # type: ignore[attr-defined]
        assert max(image.size) <= box
        assert len(image.getexif()) == 0  # no location, no camera
    missing = assert_error(fetch(client, f"/api/v1/voice/{created.pk + 1}/photo", other), 404, "not_found")
    for viewer in (other, None):
        assert assert_error(fetch(client, url, viewer), 404, "not_found") == missing
        assert assert_error(fetch(client, f"{url}?size=thumbnail", viewer), 404, "not_found") == missing


def test_a_post_without_a_photo_has_no_photo_url(client: Client, member: Member) -> None:
    created = say(member)
    assert_error(fetch(client, f"/api/v1/voice/{created.pk}/photo", member), 404, "not_found")
    assert_error(fetch(client, f"/api/v1/voice/{created.pk}/photo?size=huge", member), 422, "invalid")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "写真", "photo": [upload(png()), upload(png())]}, "photo"),
        ({"text": "写真", "photo": upload(b"GIF89a not really")}, "photo"),
        ({"text": "写真", "photo": "not a file"}, "photo"),
        ({"text": "写真", "attachment": upload(png())}, "attachment"),
        ({"text": "あ" * 151, "photo": upload(png())}, "text"),
    ],
)
def test_bad_photos_or_fields_store_nothing(client: Client, member: Member, data: dict[str, Any], field: str) -> None:
    error = assert_error(post_form(client, member, data), 422, "invalid")
    assert list(error["fields"]) == [field]
    assert JAPANESE.search(error["fields"][field][0])
    assert not VoicePost.objects.exists()
    assert stored_files() == []


# --- replies and reading ------------------------------------------------------------------------------


def test_replies_are_listed_oldest_first_under_their_post(client: Client, member: Member, friend: Member) -> None:
    created = say(member, audience="members")
    first = api(client, "post", "/voice", friend, {"text": "一つ目", "in_reply_to": created.pk}).json()
    assert (first["in_reply_to"], first["audience"]) == (created.pk, "members")
    # Replying to a reply answers its post.
    second = api(client, "post", "/voice", member, {"text": "二つ目", "in_reply_to": first["id"]}).json()
    assert second["in_reply_to"] == created.pk
    body = api(client, "get", f"/voice/{created.pk}", friend).json()
    assert body["reply_count"] == 2
    assert [reply["id"] for reply in body["replies"]] == [first["id"], second["id"]]
    assert body["replies"][0]["author"] == summary(friend)
    assert api(client, "get", f"/voice/{first['id']}", member).json()["replies"] == []


def test_a_reply_with_another_audience_is_refused(client: Client, member: Member, friend: Member) -> None:
    created = say(member, audience="friends")
    data = {"text": "返信", "in_reply_to": created.pk, "audience": "public"}
    error = assert_error(api(client, "post", "/voice", friend, data), 422, "invalid")
    assert error["fields"] == {"audience": [ja("A reply is shown to the people who can see the post it answers.")]}
    assert VoicePost.objects.count() == 1


def test_a_hidden_post_is_404_everywhere_exactly_like_a_missing_one(
    client: Client, make_member: MakeMember, member: Member, friend: Member
) -> None:
    """Detail, photo, イイネ! list, give and take back, delete and replying: the same 404 for the stranger,
    the blocked friend and the anonymous visitor as for an id that does not exist."""
    site_settings_update(web_public_allowed=True)
    created = say(member, audience="friends", photo=png())
    stranger, blocked = make_member(), make_member()
    friendship_create(member, blocked)
    block(member, blocked)
    assert api(client, "get", f"/voice/{created.pk}", friend).status_code == 200
    paths = [
        ("get", "/voice/{}"),
        ("get", "/voice/{}/photo"),
        ("get", "/voice/{}/photo?size=thumbnail"),
        ("get", "/voice/{}/iine"),
        ("post", "/voice/{}/iine"),
        ("delete", "/voice/{}/iine"),
        ("delete", "/voice/{}"),
    ]
    for method, path in paths:
        missing = assert_error(api(client, method, path.format(987654), stranger), 404, "not_found")
        for viewer in (stranger, blocked, None):
            if method != "get" and viewer is None:
                continue  # writes need sign-in first (401)
            response = api(client, method, path.format(created.pk), viewer)
            assert assert_error(response, 404, "not_found") == missing, (method, path, viewer)
    for viewer in (stranger, blocked):
        error = assert_error(api(client, "post", "/voice", viewer, {"text": "x", "in_reply_to": created.pk}), 404)
        assert list(error["fields"]) == ["in_reply_to"]
    assert VoicePost.objects.count() == 1
    assert not iine_given_by(stranger, blocked)


def iine_given_by(*members: Member) -> bool:
    from tsunagu.reactions.models import Reaction

    return Reaction.objects.filter(member__in=members).exists()


@pytest.mark.parametrize("post_id", [HUGE, "-1", "0"])
def test_ids_that_cannot_exist_are_404(client: Client, member: Member, post_id: str) -> None:
    for method, path in [
        ("get", f"/voice/{post_id}"),
        ("delete", f"/voice/{post_id}"),
        ("get", f"/voice/{post_id}/photo"),
    ]:
        assert_error(api(client, method, path, member), 404, "not_found")


def test_a_reply_by_a_member_who_blocked_the_viewer_is_hidden(
    client: Client, make_member: MakeMember, member: Member, friend: Member
) -> None:
    created = say(member, audience="members")
    reader = make_member()
    shown = say(friend, "見える返信", in_reply_to=created.pk)
    hidden = say(member, "見えない返信", in_reply_to=created.pk)
    block(member, reader)  # the post's author blocks the reader: the post and everything under it are hidden
    assert_error(api(client, "get", f"/voice/{created.pk}", reader), 404)
    third = make_member()
    block(friend, third)  # a replier blocks a reader: that reply alone is hidden from them
    replies = api(client, "get", f"/voice/{created.pk}", third).json()["replies"]
    assert [reply["id"] for reply in replies] == [hidden.pk]
    assert_error(api(client, "get", f"/voice/{shown.pk}", third), 404)


def test_deleting(client: Client, make_member: MakeMember, member: Member, friend: Member) -> None:
    """The author deletes a post (204, then 404); the post's author deletes a reply; others get 404."""
    created = say(member, audience="members")
    reply = say(friend, "返信", in_reply_to=created.pk)
    stranger = make_member()
    assert_error(api(client, "delete", f"/voice/{created.pk}", friend), 404, "not_found")
    assert_error(api(client, "delete", f"/voice/{reply.pk}", stranger), 404, "not_found")
    assert api(client, "delete", f"/voice/{reply.pk}", member).status_code == 204
    assert api(client, "get", f"/voice/{created.pk}", member).json()["reply_count"] == 0
    assert api(client, "delete", f"/voice/{created.pk}", member).status_code == 204
    assert_error(api(client, "get", f"/voice/{created.pk}", member), 404, "not_found")
    assert_error(api(client, "delete", f"/voice/{created.pk}", member), 404, "not_found")


# --- a member's voice ---------------------------------------------------------------------------------


def test_a_members_voice_shows_each_viewer_what_they_may_see(
    client: Client, member: Member, friend: Member, other: Member
) -> None:
    posts = {audience: say(member, audience=audience) for audience in ("public", "members", "friends", "only_me")}
    say(member, "自分への返信", in_reply_to=posts["public"].pk)  # replies are not listed

    def listed(viewer: Member | None) -> list[int]:
        return ids(api(client, "get", f"/members/{member.pk}/voice", viewer).json())

    assert listed(member) == [posts[a].pk for a in ("only_me", "friends", "members", "public")]
    assert listed(friend) == [posts[a].pk for a in ("friends", "members", "public")]
    assert listed(other) == [posts[a].pk for a in ("members", "public")]
    assert_error(api(client, "get", f"/members/{member.pk}/voice", None), 404, "not_found")
    site_settings_update(web_public_allowed=True)
    assert listed(None) == [posts["public"].pk]
    block(member, other)
    assert_error(api(client, "get", f"/members/{member.pk}/voice", other), 404, "not_found")


def test_a_members_voice_pages_with_a_cursor(client: Client, member: Member) -> None:
    created = [say(member, f"{n}", audience="members").pk for n in range(5)]
    seen: list[int] = []
    path = f"/members/{member.pk}/voice?limit=2"
    while True:
        body = api(client, "get", path, member).json()
        seen += ids(body)
        if body["next_cursor"] is None:
            break
        path = f"/members/{member.pk}/voice?limit=2&cursor={body['next_cursor']}"
    assert seen == created[::-1]


@pytest.mark.parametrize(("query", "field"), [("limit=0", "limit"), ("limit=101", "limit"), ("cursor=zz", "cursor")])
def test_bad_cursors_and_limits_are_refused(client: Client, member: Member, query: str, field: str) -> None:
    for path in (f"/members/{member.pk}/voice?{query}", f"/hashtags/abc?{query}"):
        error = assert_error(api(client, "get", path, member), 422, "invalid")
        assert list(error["fields"]) == [field]
        assert JAPANESE.search(error["fields"][field][0])


def test_the_voice_of_someone_who_does_not_exist_is_404(client: Client, member: Member) -> None:
    for member_id in (HUGE, "-1", "0", "987654"):
        assert_error(api(client, "get", f"/members/{member_id}/voice", member), 404, "not_found")


# --- イイネ! ------------------------------------------------------------------------------------------


def test_iine_on_a_post_and_a_reply(client: Client, member: Member, friend: Member, other: Member) -> None:
    created = say(member, audience="members")
    reply = say(other, "返信", in_reply_to=created.pk)
    assert api(client, "post", f"/voice/{created.pk}/iine", friend).json() == {"count": 1, "given": True}
    assert api(client, "post", f"/voice/{created.pk}/iine", friend).json() == {"count": 1, "given": True}
    assert api(client, "post", f"/voice/{reply.pk}/iine", member).json() == {"count": 1, "given": True}
    body = api(client, "get", f"/voice/{created.pk}", friend).json()
    assert body["iine"] == {"count": 1, "given": True}
    assert body["replies"][0]["iine"] == {"count": 1, "given": False}
    reactors = api(client, "get", f"/voice/{created.pk}/iine", member).json()
    assert [item["member"] for item in reactors["items"]] == [summary(friend)]
    assert api(client, "delete", f"/voice/{created.pk}/iine", friend).json() == {"count": 0, "given": False}
    assert api(client, "delete", f"/voice/{created.pk}/iine", friend).json() == {"count": 0, "given": False}


# --- hashtags -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("asked", ["abc", "#abc", "＃abc", "ＡＢＣ", "＃Ａｂｃ", "ABC"])
def test_a_hashtag_page_finds_the_tag_however_it_is_written(client: Client, member: Member, asked: str) -> None:
    wanted = say(member, "＃ＡＢＣ です", audience="members")
    say(member, "#abcd です", audience="members")
    body = api(client, "get", f"/hashtags/{quote(asked)}", member).json()
    assert body == {"tag": "abc", "items": body["items"], "next_cursor": None}
    assert ids(body) == [wanted.pk]
    assert body["items"][0]["hashtags"] == ["abc"]


def test_a_hashtag_page_shows_each_viewer_what_they_may_see(
    client: Client, make_member: MakeMember, member: Member, friend: Member, other: Member
) -> None:
    public = say(member, "#地震 揺れた", audience="public")
    friends = say(member, "#地震 大丈夫", audience="friends")
    reply = say(friend, "#地震 こっちも", in_reply_to=friends.pk)
    say(member, "#地震 メモ", audience="only_me")
    path = f"/hashtags/{quote('地震')}"
    assert ids(api(client, "get", path, friend).json()) == [reply.pk, friends.pk, public.pk]
    assert ids(api(client, "get", path, other).json()) == [public.pk]
    assert ids(api(client, "get", path, None).json()) == []
    site_settings_update(web_public_allowed=True)
    assert ids(api(client, "get", path, None).json()) == [public.pk]


@pytest.mark.parametrize("tag", ["%23", quote("＃"), "a" * 51])
def test_a_tag_that_cannot_be_one_is_404(client: Client, member: Member, tag: str) -> None:
    assert_error(api(client, "get", f"/hashtags/{tag}", member), 404, "not_found")


def test_trending(client: Client, member: Member, friend: Member, other: Member, settings: Any) -> None:
    """Counted from public and members-only posts alone; anonymous visitors see public counts where allowed."""
    settings.VOICE_TRENDING_HOURS = 6
    say(member, "#花見 #桜", audience="public")
    say(other, "#花見", audience="members")
    say(member, "#花見 #秘密", audience="friends")
    body = api(client, "get", "/hashtags/trending", friend).json()
    assert body == {"window_hours": 6, "items": [{"tag": "花見", "posts": 2}, {"tag": "桜", "posts": 1}]}
    assert api(client, "get", "/hashtags/trending?limit=1", friend).json()["items"] == [{"tag": "花見", "posts": 2}]
    assert api(client, "get", "/hashtags/trending", None).json()["items"] == []
    site_settings_update(web_public_allowed=True)
    assert api(client, "get", "/hashtags/trending", None).json()["items"] == [
        {"tag": "桜", "posts": 1},
        {"tag": "花見", "posts": 1},
    ]


def test_the_tag_trending_is_found_with_its_mark(client: Client, member: Member) -> None:
    wanted = say(member, "#trending なう", audience="members")
    assert ids(api(client, "get", "/hashtags/%23trending", member).json()) == [wanted.pk]


# --- no footprints ------------------------------------------------------------------------------------


def test_reading_voice_leaves_no_footprints(client: Client, member: Member, friend: Member) -> None:
    created = say(member, "#花見", audience="members", photo=png())
    reply = say(friend, "返信", in_reply_to=created.pk)
    for path in [
        f"/voice/{created.pk}",
        f"/voice/{reply.pk}",
        f"/voice/{created.pk}/photo",
        f"/voice/{created.pk}/iine",
        f"/members/{member.pk}/voice",
        f"/hashtags/{quote('花見')}",
        "/hashtags/trending",
    ]:
        assert api(client, "get", path, friend).status_code == 200, path
    assert api(client, "post", f"/voice/{created.pk}/iine", friend).status_code == 200
    assert not Footprint.objects.exists()


def test_me_and_profiles_carry_the_handle(client: Client, member: Member, friend: Member) -> None:
    assert api(client, "get", "/me", member).json()["handle"] == member.handle
    assert api(client, "get", f"/members/{member.pk}", friend).json()["handle"] == member.handle


# --- query counts -------------------------------------------------------------------------------------

# The most each list may cost with a bearer token, measured with 2 and with 20 posts.
BUDGET = {
    # token, member with profile, block check, page, tags, iine counts, iine given
    "member": 7,
    # member with profile, page, tags, iine counts (anonymous: no token, no block check, nothing given)
    "member_anonymous": 4,
    # token, the tag's rows (one batch), page, tags, iine counts, iine given
    "hashtag": 6,
    # token, post, replies, tags, iine counts, iine given
    "detail": 6,
}


def build(make_member: MakeMember, owner: Member, viewer: Member, n: int) -> VoicePost:
    """`n` public posts with a tag, a photo and イイネ!, and a post with `n` replies by different members."""
    fan = make_member()
    for index in range(n):
        created = say(owner, f"#花見 {index} #桜", audience="public", photo=png((8, 8)) if index % 2 else None)
        iine_add(member=viewer, kind=VOICE_KIND, item_id=created.pk)
        iine_add(member=fan, kind=VOICE_KIND, item_id=created.pk)
    thread = say(owner, "スレッド", audience="public")
    for index in range(n):
        reply = say(make_member(), f"返信{index} #花見", in_reply_to=thread.pk)
        iine_add(member=viewer, kind=VOICE_KIND, item_id=reply.pk)
    return thread


@pytest.mark.parametrize("name", list(BUDGET))
def test_lists_cost_a_fixed_number_of_queries(client: Client, make_member: MakeMember, name: str) -> None:
    site_settings_update(web_public_allowed=True)
    counts = []
    for n in (2, 20):
        VoiceHashtag.objects.all().delete()
        owner, viewer = make_member(), make_member()
        thread = build(make_member, owner, viewer, n)
        path, key, expected = {
            "member": (f"/api/v1/members/{owner.pk}/voice?limit=100", "items", n + 1),
            "member_anonymous": (f"/api/v1/members/{owner.pk}/voice?limit=100", "items", n + 1),
            "hashtag": (f"/api/v1/hashtags/{quote('花見')}?limit=100", "items", 2 * n),
            "detail": (f"/api/v1/voice/{thread.pk}", "replies", n),
        }[name]
        headers = {} if name.endswith("_anonymous") else auth(viewer)
        client.get(path, headers=headers)  # warm the site settings and the token's last-used stamp
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, response.content
        assert len(response.json()[key]) == expected
        counts.append(len(queries))
    assert counts[0] == counts[1], (name, counts)
    assert counts[1] <= BUDGET[name], (name, counts)
