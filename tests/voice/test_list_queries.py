"""Exact query budgets of the voice lists, pages and API: the same with 2 posts, replies or tags as with 20."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest

from tests.api.helpers import png
from tests.budgets import FRAME, ROWS, TOKEN, Budget, World, measure
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.friends.services import friendship_create
from tsunagu.reactions.services import iine_add
from tsunagu.voice.services import voice_post_create

pytestmark = pytest.mark.django_db

TAG = quote("花見")
TRENDING = lambda n: n + 1  # noqa: E731  (#花見 and one tag per post)

BUDGETS = {
    # the member and a block check, the posts with authors, イイネ! counts and the viewer's
    "voice:list": Budget("/members/{owner}/voice/", FRAME + 5, lambda n: min(n + 1, 20), '<li id="voice-'),
    # the post with its author, the replies with theirs, イイネ! counts and the viewer's
    "voice:post": Budget("/voice/{thread}/", FRAME + 4, marker='<li id="reply-'),
    # the tag's rows (a batch), the posts with authors, イイネ! counts and the viewer's
    "voice:hashtag": Budget(f"/hashtags/{TAG}/", FRAME + 4, marker='<li id="voice-'),
    # the tags, counted in one grouped query
    "voice:trending": Budget("/hashtags/", FRAME + 1, TRENDING, "<li data-tag="),
    # the member and a block check, the posts with authors, their tags, イイネ! counts and the viewer's
    "GET /api/v1/members/{member_id}/voice": Budget(
        "/api/v1/members/{owner}/voice?limit=100", TOKEN + 6, lambda n: n + 1
    ),
    # the post, the replies with authors, their tags, イイネ! counts and the viewer's
    "GET /api/v1/voice/{post_id}": Budget("/api/v1/voice/{thread}", TOKEN + 5, key="replies"),
    # the post, the page of reactors with profiles, the count and the viewer's
    "GET /api/v1/voice/{post_id}/iine": Budget("/api/v1/voice/{thread}/iine", TOKEN + 4),
    # the tags, counted in one grouped query
    "GET /api/v1/hashtags/trending": Budget("/api/v1/hashtags/trending?limit=50", TOKEN + 1, TRENDING),
    # the tag's rows (a batch), the posts with authors, their tags, イイネ! counts and the viewer's
    "GET /api/v1/hashtags/{tag}": Budget(f"/api/v1/hashtags/{TAG}?limit=100", TOKEN + 5),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """`owner` has n posts for members with #花見 and a tag of their own, each with a photo and イイネ! from a fan
    and the viewer; and a thread with n replies by n fans, each with a photo and イイネ! from the owner, and n
    イイネ!."""
    owner, viewer = make_member("つぶやく人"), make_member("読む人")
    friendship_create(owner, viewer)
    thread = voice_post_create(author=owner, text="スレッド", audience="members")
    for i in range(n):
        fan = make_member(f"ファン{i}")
        friendship_create(owner, fan)
        post = voice_post_create(author=owner, text=f"#花見 #話題{i} {i}", audience="members", photo=png((8, 8)))
        iine_add(member=fan, kind="voice", item_id=post.pk)
        iine_add(member=viewer, kind="voice", item_id=post.pk)
        reply = voice_post_create(author=fan, text=f"返信{i}", in_reply_to=thread.pk, photo=png((8, 8)))
        iine_add(member=owner, kind="voice", item_id=reply.pk)
        iine_add(member=fan, kind="voice", item_id=thread.pk)
    SiteSettings.load()  # cached after the first request of a process
    return World({"owner": owner, "viewer": viewer}, {"owner": owner.pk, "thread": thread.pk})


@pytest.mark.parametrize("rows", ROWS)
def test_voice_lists(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
