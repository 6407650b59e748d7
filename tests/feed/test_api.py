"""The news feed in the JSON API: item shapes per type, paging and polling, errors, and a fixed query count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import JAPANESE, assert_error, png
from tests.friends.api.helpers import api, summary
from tsunagu.accounts.models import Member
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.reactables import ENTRY_KIND
from tsunagu.diary.services import diary_comment_create, diary_entry_create
from tsunagu.feed.api import EXCERPT_GRAPHEMES, ITEM_JSON
from tsunagu.feed.sources import SOURCES
from tsunagu.friends.services import friendship_create
from tsunagu.reactions.services import iine_add
from tsunagu.voice.models import VoicePost
from tsunagu.voice.reactables import VOICE_KIND
from tsunagu.voice.services import voice_post_create

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def say(author: Member, text: str = "つぶやき", **kwargs: Any) -> VoicePost:
    return voice_post_create(author=author, text=text, **kwargs)


def write(author: Member, body: str = "本文", **kwargs: Any) -> DiaryEntry:
    return diary_entry_create(author=author, title=kwargs.pop("title", "日記"), body=body, **kwargs)


def ids(body: dict[str, Any]) -> list[tuple[str, int]]:
    return [(item["type"], item["id"]) for item in body["items"]]


@pytest.fixture
def friend(make_member: MakeMember, member: Member) -> Member:
    person = make_member("高橋友子")
    friendship_create(member, person)
    return person


def test_every_source_has_its_json() -> None:
    assert {source.type for source in SOURCES} == set(ITEM_JSON)


def test_items_have_their_types_shape(client: Client, member: Member, friend: Member) -> None:
    entry = write(friend, "一行目\n\n二行目", title="花見の日記", audience="friends", photos=[png((40, 30))])
    diary_comment_create(author=member, entry_id=entry.pk, body="いいね", photos=[png()])
    post = say(member, "#花見 なう", audience="members", photo=png((60, 40)))
    iine_add(member=friend, kind=VOICE_KIND, item_id=post.pk)
    iine_add(member=member, kind=ENTRY_KIND, item_id=entry.pk)
    response = api(client, "get", "/feed", member)
    assert response.status_code == 200, response.content
    body = response.json()
    assert ids(body) == [("voice", post.pk), ("diary_entry", entry.pk)]
    photo = entry.photos.get(comment__isnull=True)
    entry.refresh_from_db()
    assert body["items"][1] == {
        "type": "diary_entry",
        "id": entry.pk,
        "author": summary(friend),
        "created": entry.created_at.isoformat(),
        "title": "花見の日記",
        "excerpt": "一行目 二行目",
        "audience": "friends",
        "comment_count": 1,
        "photos": [
            {
                "id": photo.pk,
                "width": 40,
                "height": 30,
                "url": f"/api/v1/diary/{entry.pk}/photos/{photo.pk}",
                "thumbnail_url": f"/api/v1/diary/{entry.pk}/photos/{photo.pk}?size=thumbnail",
            }
        ],
        "iine": {"count": 1, "given": True},
    }
    assert body["items"][0] == {
        "type": "voice",
        "id": post.pk,
        "author": summary(member),
        "created": post.created_at.isoformat(),
        "text": "#花見 なう",
        "text_html": post.text_html,
        "audience": "members",
        "in_reply_to": None,
        "reply_count": 0,
        "hashtags": ["花見"],
        "photo": {
            "url": f"/api/v1/voice/{post.pk}/photo",
            "thumbnail_url": f"/api/v1/voice/{post.pk}/photo?size=thumbnail",
            "width": 60,
            "height": 40,
        },
        "iine": {"count": 1, "given": False},
    }
    assert body["next_cursor"] is None


def test_the_excerpt_is_cut_at_characters_as_people_see_them(client: Client, member: Member) -> None:
    write(member, "👨‍👩‍👧" * (EXCERPT_GRAPHEMES + 5))
    write(member, "あ" * EXCERPT_GRAPHEMES)
    items = api(client, "get", "/feed", member).json()["items"]
    assert items[0]["excerpt"] == "あ" * EXCERPT_GRAPHEMES
    assert items[1]["excerpt"] == "👨‍👩‍👧" * EXCERPT_GRAPHEMES + "…"


def test_only_what_the_member_may_see(
    client: Client, make_member: MakeMember, member: Member, friend: Member, other: Member
) -> None:
    shown = [write(friend, audience="friends"), say(friend, audience="members")]
    write(friend, audience="only_me")
    say(friend, audience="only_me")
    say(other, audience="public")
    say(friend, "返信", in_reply_to=say(member).pk)
    body = api(client, "get", "/feed", member).json()
    assert ("voice", shown[1].pk) in ids(body) and ("diary_entry", shown[0].pk) in ids(body)
    assert {item["author"]["id"] for item in body["items"]} == {member.pk, friend.pk}
    assert all(item["audience"] != "only_me" or item["author"]["id"] == member.pk for item in body["items"])
    assert all(item.get("in_reply_to") is None for item in body["items"])


def test_paging_and_polling(client: Client, member: Member, friend: Member) -> None:
    made = [("voice", say(friend).pk) if n % 2 else ("diary_entry", write(friend).pk) for n in range(5)]
    first = api(client, "get", "/feed?limit=2", member).json()
    assert ids(first) == made[:2:-1]
    second = api(client, "get", f"/feed?limit=2&cursor={first['next_cursor']}", member).json()
    third = api(client, "get", f"/feed?limit=2&cursor={second['next_cursor']}", member).json()
    assert ids(first) + ids(second) + ids(third) == made[::-1]
    assert third["next_cursor"] is None
    assert second["newest_cursor"] is None  # only the first page has it
    since = first["newest_cursor"]
    assert api(client, "get", f"/feed/new?since={since}", member).json() == {
        "items": [],
        "newest_cursor": since,
        "more": False,
    }
    fresh = [("voice", say(member).pk), ("diary_entry", write(friend).pk), ("voice", say(friend).pk)]
    body = api(client, "get", f"/feed/new?since={since}", member).json()
    assert ids(body) == fresh[::-1]
    assert body["more"] is False
    assert api(client, "get", f"/feed/new?since={body['newest_cursor']}", member).json()["items"] == []
    few = api(client, "get", f"/feed/new?since={since}&limit=2", member).json()
    assert (ids(few), few["more"]) == (fresh[:0:-1], True)


def test_an_empty_feed(client: Client, member: Member) -> None:
    assert api(client, "get", "/feed", member).json() == {"items": [], "next_cursor": None, "newest_cursor": None}


def test_the_feed_needs_sign_in(client: Client, member: Member) -> None:
    say(member, audience="public")
    assert_error(api(client, "get", "/feed", None), 401, "unauthenticated")
    assert_error(api(client, "get", "/feed/new?since=x", None), 401, "unauthenticated")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/feed?limit=0", "limit"),
        ("/feed?limit=101", "limit"),
        ("/feed?cursor=zz", "cursor"),
        ("/feed/new?since=zz", "cursor"),
        ("/feed/new", "since"),
    ],
)
def test_bad_cursors_and_limits_are_refused(client: Client, member: Member, path: str, field: str) -> None:
    error = assert_error(api(client, "get", path, member), 422, "invalid")
    assert list(error["fields"]) == [field]
    assert JAPANESE.search(error["message"])
