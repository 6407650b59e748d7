"""The voice privacy matrix (DESIGN.md §2): every audience × every viewer × every voice surface, web and API.

One world, built once for the module through the services, with the viewers of the diary matrix
(tests/diary/test_privacy_matrix.py: self, friend, friend of friend, group member, friend outside
the group, stranger, anonymous, and `blocked`, a friend of `friend` whom the author blocked). The
author posts one voice per audience, each with a photo, a tag of its own (`#mx<audience>`), the
tag every post shares, and an @mention of every viewer; replies to it; and says イイネ! to it.

What each viewer may see is the diary matrix's hand-written table `SEES`. A hidden post must answer
404 on every single-item surface (page, API, photos, who said イイネ!) and be absent from every list
(the member's voice, both hashtag pages, the news feed and its poll, notifications on the page and
in the API), not even its
text; trending counts only posts shared with all members or the public, whoever looks. A reply by
another member follows the post's audience and disappears for viewers its own author has blocked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from tests.diary.test_privacy_matrix import AUDIENCE, CASES, SEES, VIEWERS, Visitor, text, web_public
from tests.diary.test_services import jpeg
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create, member_sign_up
from tsunagu.core.services import site_settings_update
from tsunagu.feed.timeline import feed_cursor_encode
from tsunagu.friends.services import block_create, friend_group_create, friendship_create
from tsunagu.reactions.services import iine_add
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create, voice_post_notify

Response = Any

pytestmark = pytest.mark.django_db

HANDLES = {viewer: f"mx{index}q" for index, viewer in enumerate(VIEWERS)}
SHARED_TAG = "マトリクス"
# The author's friends, whose posts reach their news feed.
FRIENDS = {"self", "friend", "group_member", "friend_outside_group"}


def tag(audience: str) -> str:
    return f"mx{audience}"


@dataclass
class World:
    members: dict[str, Member]
    tokens: dict[str, str]
    posts: dict[str, VoicePost]  # by audience
    replies: dict[str, VoicePost]  # the author's reply to each post
    media_root: str
    # A members-only post with a reply by `friend`, who has blocked `stranger`.
    open_post: VoicePost | None = None
    guarded_reply: VoicePost | None = None

    @property
    def author(self) -> Member:
        return self.members["self"]

    def markers(self, audience: str) -> list[str]:
        """Text that must never reach a viewer who may not see the post."""
        return [f"VOICE-{audience}-QZ", f"REPLY-{audience}-QZ"]


def build_world(media_root: str) -> World:
    members = {
        viewer: member_sign_up(
            email=f"vmatrix{index}@example.com",
            password="matrix-password-42",
            nickname=f"{viewer}さん",
            handle=HANDLES[viewer],
        )
        for index, viewer in enumerate(VIEWERS)
        if viewer != "anonymous"
    }
    author = members["self"]
    for viewer in ("friend", "group_member", "friend_outside_group", "blocked"):
        friendship_create(author, members[viewer])
    friendship_create(members["friend"], members["friend_of_friend"])
    friendship_create(members["friend"], members["blocked"])
    group = friend_group_create(owner=author, name="仲良し", members=[members["group_member"].pk])
    friend_group_create(owner=author, name="同僚", members=[members["friend_outside_group"].pk])
    block_create(blocker=author, blocked_id=members["blocked"].pk)

    mentions = " ".join(f"@{HANDLES[v]}" for v in VIEWERS if v not in ("self", "anonymous"))
    posts, replies = {}, {}
    for audience in sorted(set(AUDIENCE.values())):
        post = voice_post_create(
            author=author,
            text=f"VOICE-{audience}-QZ #{tag(audience)} #{SHARED_TAG} {mentions}",
            audience=audience,
            friend_group=group.pk if audience == "friend_group" else None,
            photo=jpeg(),
        )
        voice_post_notify(post_id=post.pk)
        replies[audience] = voice_post_create(author=author, text=f"REPLY-{audience}-QZ", in_reply_to=post.pk)
        iine_add(member=author, kind="voice", item_id=post.pk)
        posts[audience] = VoicePost.objects.get(pk=post.pk)
    open_post = voice_post_create(author=author, text="OPEN-QZ みんなへ", audience="members")
    guarded = voice_post_create(author=members["friend"], text="GUARDED-QZ 返信です", in_reply_to=open_post.pk)
    block_create(blocker=members["friend"], blocked_id=members["stranger"].pk)
    tokens = {viewer: api_token_create(member=member) for viewer, member in members.items()}
    return World(
        members=members,
        tokens=tokens,
        posts=posts,
        replies=replies,
        media_root=media_root,
        open_post=open_post,
        guarded_reply=guarded,
    )


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The world, in a transaction that is rolled back when the module is done (tests run in savepoints)."""
    media_root = str(tmp_path_factory.mktemp("voice-matrix-media"))
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=media_root,
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield build_world(media_root)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _world_media(world: World, settings: Any, _fast_and_isolated: None) -> None:
    settings.MEDIA_ROOT = world.media_root


class Checks:
    """Collects every mismatch, so one failing test names all the surfaces that failed."""

    def __init__(self, markers: list[str]) -> None:
        self.markers = markers
        self.problems: list[str] = []

    def expect(self, surface: str, ok: bool, detail: str = "") -> None:
        if not ok:
            self.problems.append(f"{surface}: {detail}")

    def hidden(self, surface: str, response: Response) -> None:
        leaked = [marker for marker in self.markers if marker in text(response)]
        self.expect(surface, not leaked, f"leaks {leaked}")

    def status(self, surface: str, response: Response, expected: int) -> None:
        self.expect(surface, response.status_code == expected, f"status {response.status_code}, expected {expected}")

    def single(self, surface: str, response: Response, visible: bool, *, image: bool = False) -> None:
        """One item: 200 (a JPEG for photos) when visible; else 404 with nothing of the post in the answer."""
        if visible:
            self.status(surface, response, 200)
            if image and response.status_code == 200:
                self.expect(surface, response["Content-Type"] == "image/jpeg", response["Content-Type"])
                text(response)  # read and close the file
        else:
            self.status(surface, response, 404)
            self.hidden(surface, response)

    def listed(self, surface: str, response: Response, visible: bool, marker: str) -> None:
        """A list that answered 200: holds the post's text exactly when it is visible."""
        self.status(surface, response, 200)
        if visible:
            self.expect(surface, marker in text(response), f"{marker} missing")
        else:
            self.hidden(surface, response)


def api_ids(response: Response) -> list[int]:
    return [item["id"] for item in response.json()["items"]] if response.status_code == 200 else []


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("case", CASES)
def test_voice_privacy_matrix(world: World, case: str, viewer: str) -> None:
    """Each voice surface answers exactly as the table says for this audience and this viewer."""
    web = web_public(case)
    site_settings_update(web_public_allowed=web)
    audience = AUDIENCE[case]
    visible = SEES[case][viewer]
    post, reply = world.posts[audience], world.replies[audience]
    marker = f"VOICE-{audience}-QZ"
    author = world.author.pk
    signed_in = viewer != "anonymous"
    owner_visible = {"blocked": False, "anonymous": web}.get(viewer, True)
    visitor = Visitor(world, viewer)  # type: ignore[arg-type]
    checks = Checks(world.markers(audience))

    # The post with its replies, web and API; its photo; who said イイネ!.
    page = visitor.page(f"/voice/{post.pk}/")
    checks.single("web post page", page, visible)
    if visible and page.status_code == 200:
        checks.expect("web post page", all(m in text(page) for m in world.markers(audience)), "post or reply missing")
    response = visitor.call(f"/voice/{post.pk}")
    checks.single("api post", response, visible)
    if visible and response.status_code == 200:
        data = response.json()
        checks.expect("api post", data["text"].startswith(marker), data["text"])
        checks.expect("api post iine", data["iine"]["count"] == 1, str(data["iine"]))
        checks.expect("api post hashtags", tag(audience) in data["hashtags"], str(data["hashtags"]))
    checks.single("api reply", visitor.call(f"/voice/{reply.pk}"), visible)
    checks.single("web photo", visitor.page(f"/voice/{post.pk}/photo/"), visible, image=True)
    checks.single("web thumbnail", visitor.page(f"/voice/{post.pk}/photo/thumbnail/"), visible, image=True)
    checks.single("api photo", visitor.call(f"/voice/{post.pk}/photo"), visible, image=True)
    checks.single("api thumbnail", visitor.call(f"/voice/{post.pk}/photo?size=thumbnail"), visible, image=True)
    checks.single("web reactors", visitor.page(f"/iine/voice/{post.pk}/members/"), visible)
    response = visitor.call(f"/voice/{post.pk}/iine")
    checks.single("api reactors", response, visible)
    if visible and response.status_code == 200:
        checks.expect("api reactors", response.json()["count"] == 1, str(response.json()))

    # The author's voice list.
    for surface, response in [
        ("web voice list", visitor.page(f"/members/{author}/voice/")),
        ("api voice list", visitor.call(f"/members/{author}/voice?limit=100")),
    ]:
        if owner_visible:
            checks.listed(surface, response, visible, marker)
        else:
            checks.status(surface, response, 404)
            checks.hidden(surface, response)

    # The post's own hashtag and the tag all posts share, web and API.
    for name in (tag(audience), SHARED_TAG):
        response = visitor.page(f"/hashtags/{name}/")
        if signed_in or web:
            checks.listed(f"web #{name}", response, visible, marker)
        else:
            checks.status(f"web #{name}", response, 302)  # to the log-in page
        response = visitor.call(f"/hashtags/{name}?limit=100")
        checks.listed(f"api #{name}", response, visible, marker)
        checks.expect(f"api #{name}", (post.pk in api_ids(response)) == visible, str(api_ids(response)))
        checks.expect(f"api #{name}: no replies", reply.pk not in api_ids(response), str(api_ids(response)))

    # Trending counts only posts shared with all members or the public, never narrower audiences.
    response = visitor.call("/hashtags/trending?limit=100")
    checks.status("api trending", response, 200)
    counted = {item["tag"]: item["posts"] for item in response.json()["items"]} if response.status_code == 200 else {}
    expected = audience in ("public", "members") if signed_in else (audience == "public" and web)
    checks.expect("api trending", (tag(audience) in counted) == expected, f"{counted}")
    shared_expected = (2 if signed_in else 1) if (signed_in or web) else 0
    checks.expect("api trending shared tag", counted.get(SHARED_TAG, 0) == shared_expected, f"{counted}")

    # The news feed (the author's friends and the author), web, API and the poll for new items.
    in_feed = visible and viewer in FRIENDS
    if signed_in:
        checks.listed("web feed", visitor.page("/"), in_feed, marker)
        response = visitor.call("/feed?limit=100")
        checks.listed("api feed", response, in_feed, marker)
        voice_ids = [i["id"] for i in response.json()["items"] if i["type"] == "voice"]
        checks.expect("api feed", (post.pk in voice_ids) == in_feed, str(voice_ids))
        checks.expect("api feed: replies are not items", reply.pk not in voice_ids, str(voice_ids))
        before = feed_cursor_encode((post.created_at.replace(year=2000), "voice", 0))
        checks.listed("web feed poll", visitor.page(f"/feed/new/?since={before}"), in_feed, marker)
    else:
        checks.status("web feed", visitor.page("/"), 200)  # the welcome page
        checks.hidden("web feed", visitor.page("/"))
        checks.status("api feed", visitor.call("/feed"), 401)

    # The mention of the viewer in the post: told only where the viewer may see the post, page and API.
    if signed_in and viewer != "self":
        response = visitor.call("/notifications?limit=100")
        checks.status("api notifications", response, 200)
        mentioned = [
            i["target"]["id"]
            for i in response.json()["items"]
            if i["kind"] == "mention" and i["target"]["type"] == "voice"
        ]
        checks.expect("api notifications", (post.pk in mentioned) == visible, str(mentioned))
        page = visitor.page("/notifications/")
        checks.status("web notifications", page, 200)
        if visible:
            checks.expect("web notifications", marker in text(page), f"{marker} missing")
        else:
            checks.hidden("web notifications", page)

    assert not checks.problems, f"{case} × {viewer}:\n" + "\n".join(checks.problems)


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v not in ("self", "anonymous")])
def test_mentions_notify_only_those_who_may_see_the_post(world: World, viewer: str) -> None:
    """Every post mentions every viewer; only those who may see a post were told of it."""
    from tsunagu.notifications.models import Notification

    told = set(
        Notification.objects.filter(recipient=world.members[viewer], kind="mention").values_list("target_id", flat=True)
    )
    expected = {
        post.pk
        for audience, post in world.posts.items()
        if SEES["public_web" if audience == "public" else audience][viewer]
    }
    assert told == expected


@pytest.mark.parametrize("viewer", ["self", "friend", "friend_of_friend", "stranger"])
def test_a_reply_disappears_for_those_its_author_blocked(world: World, viewer: str) -> None:
    """`friend` replied to a members-only post and then blocked `stranger`: the post stays, the reply goes."""
    assert world.open_post is not None and world.guarded_reply is not None
    visitor = Visitor(world, viewer)  # type: ignore[arg-type]
    blocked = viewer == "stranger"
    page = visitor.page(f"/voice/{world.open_post.pk}/")
    assert page.status_code == 200 and "OPEN-QZ" in text(page)
    assert ("GUARDED-QZ" in text(page)) is not blocked
    assert visitor.call(f"/voice/{world.guarded_reply.pk}").status_code == (404 if blocked else 200)
    detail = visitor.call(f"/voice/{world.open_post.pk}").json()
    assert ("GUARDED-QZ" in str(detail)) is not blocked
