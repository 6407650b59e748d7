"""The diary privacy matrix (DESIGN.md §2): every audience × every viewer × every surface, web and API.

One world, built once for the module through the services:

- the author (「self」) writes one entry per audience, each with a photo, and comments on each with a
  photo; the author says イイネ! to each entry and to that comment;
- `friend`: the author's friend, in none of the author's groups;
- `friend_of_friend`: a friend of `friend` only;
- `group_member`: the author's friend, in the group the friend_group entry is shared with;
- `friend_outside_group`: the author's friend, in another of the author's groups;
- `stranger`: a member with no relation; `anonymous`: not signed in;
- `blocked`: was the author's friend and is a friend of `friend` (so would be a friend of a friend),
  then the author blocked them.

Every member commented on every entry while it was open to all members (so each entry is in their
「コメントした日記」), then the author blocked `blocked` and narrowed each entry to its audience.

What each viewer may see is written out by hand in `SEES` below, not computed by the policy module.
A hidden entry must answer 404 on every single-item surface (page, API, photos, reactors) and be
absent from every list (not even its title); a visible one must show its title, body, comment and
イイネ! count. `test_no_page_leaks_a_hidden_entry` then visits every page and API response a viewer
can reach and checks that nothing of a hidden entry (nor the author's group name) appears anywhere.

The world lives in a transaction opened for the module and rolled back at its end; each test runs in
a savepoint inside it (pytest-django's usual per-test rollback), so it works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from tests.diary.test_services import jpeg
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create, member_sign_up
from tsunagu.core.services import site_settings_update
from tsunagu.diary.models import DiaryComment, DiaryEntry, DiaryPhoto
from tsunagu.diary.services import diary_comment_create, diary_entry_create, diary_entry_update
from tsunagu.friends.services import block_create, friend_group_create, friendship_create
from tsunagu.reactions.services import iine_add

# The test client's responses (with .json() and, for files, .streaming_content).
Response = Any

pytestmark = pytest.mark.django_db

VIEWERS = [
    "self",
    "friend",
    "friend_of_friend",
    "group_member",
    "friend_outside_group",
    "stranger",
    "anonymous",
    "blocked",
]

# Who sees an entry with each audience (DESIGN.md §2). `public_web`: the operator allows web-public
# content; `public_closed`: they do not, so `public` behaves as `members`.
TABLE = """
                       self friend fof group other_group stranger anonymous blocked
public_web              Y    Y     Y    Y       Y         Y        Y        .
public_closed           Y    Y     Y    Y       Y         Y        .        .
members                 Y    Y     Y    Y       Y         Y        .        .
friends_of_friends      Y    Y     Y    Y       Y         .        .        .
friends                 Y    Y     .    Y       Y         .        .        .
friend_group            Y    .     .    Y       .         .        .        .
only_me                 Y    .     .    .       .         .        .        .
"""
SEES: dict[str, dict[str, bool]] = {
    row.split()[0]: dict(zip(VIEWERS, (mark == "Y" for mark in row.split()[1:]), strict=True))
    for row in TABLE.strip().splitlines()[1:]
}
CASES = list(SEES)
AUDIENCE = {case: "public" if case.startswith("public") else case for case in CASES}


def web_public(case: str) -> bool:
    """The operator's switch for a case: on, except where the case is about it being off."""
    return case != "public_closed"


def diary_visible(viewer: str, web: bool) -> bool:
    """Whether the viewer may open the author's diary at all (lists answer 404 otherwise)."""
    return {"blocked": False, "anonymous": web}.get(viewer, True)


# --- the world ----------------------------------------------------------------------------------------


@dataclass
class Item:
    """One entry of the author's, with the author's comment on it and their photos."""

    entry: DiaryEntry
    comment: DiaryComment
    entry_photo: DiaryPhoto
    comment_photo: DiaryPhoto

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def markers(self) -> list[str]:
        """Text that must never reach a viewer who may not see the entry."""
        return [self.entry.title, self.entry.body, self.comment.body]


@dataclass
class World:
    members: dict[str, Member]
    tokens: dict[str, str]
    items: dict[str, Item]  # by audience
    group_name: str
    media_root: str
    month: tuple[int, int] = (2024, 6)
    clients: dict[str, Client] = field(default_factory=dict)

    @property
    def author(self) -> Member:
        return self.members["self"]

    def item(self, case: str) -> Item:
        return self.items[AUDIENCE[case]]


def build_world(media_root: str) -> World:
    n = iter(range(1000))

    def sign_up(nickname: str) -> Member:
        return member_sign_up(email=f"matrix{next(n)}@example.com", password="matrix-password-42", nickname=nickname)

    members = {viewer: sign_up(f"{viewer}さん") for viewer in VIEWERS if viewer != "anonymous"}
    author = members["self"]
    for viewer in ("friend", "group_member", "friend_outside_group", "blocked"):
        friendship_create(author, members[viewer])
    friendship_create(members["friend"], members["friend_of_friend"])
    friendship_create(members["friend"], members["blocked"])
    group_name = "GROUPNAME-QZ仲良し"
    group = friend_group_create(owner=author, name=group_name, members=[members["group_member"].pk])
    friend_group_create(owner=author, name="同僚", members=[members["friend_outside_group"].pk])

    audiences = sorted(set(AUDIENCE.values()))
    entries = {}
    start = datetime(2024, 6, 10, 3, 0, tzinfo=UTC)  # June in every time zone
    for index, audience in enumerate(audiences):
        entry = diary_entry_create(
            author=author,
            title=f"TITLE-{audience}-QZ",
            body=f"BODY-{audience}-QZ",
            audience="members",
            photos=[jpeg()],
        )
        entry.created_at = start + timedelta(hours=index)
        entry.save(update_fields=["created_at"])
        entries[audience] = entry
        for viewer, member in members.items():
            if viewer != "self":
                diary_comment_create(author=member, entry_id=entry.pk, body="読みました")
    block_create(blocker=author, blocked_id=members["blocked"].pk)
    items = {}
    for audience, entry in entries.items():
        diary_entry_update(
            author=author,
            entry_id=entry.pk,
            audience=audience,
            friend_group=group.pk if audience == "friend_group" else None,
        )
        comment = diary_comment_create(
            author=author, entry_id=entry.pk, body=f"COMMENT-{audience}-QZ", photos=[jpeg(color=(0, 0, 200))]
        )
        iine_add(member=author, kind="diary_entry", item_id=entry.pk)
        iine_add(member=author, kind="diary_comment", item_id=comment.pk)
        items[audience] = Item(
            entry=DiaryEntry.objects.get(pk=entry.pk),
            comment=comment,
            entry_photo=DiaryPhoto.objects.get(entry=entry, comment__isnull=True),
            comment_photo=DiaryPhoto.objects.get(comment=comment),
        )
    tokens = {viewer: api_token_create(member=member) for viewer, member in members.items()}
    return World(members=members, tokens=tokens, items=items, group_name=group_name, media_root=media_root)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The world, in a transaction that is rolled back when the module is done (tests run in savepoints)."""
    media_root = str(tmp_path_factory.mktemp("matrix-media"))
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=media_root,
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield build_world(media_root)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _world_media(world: World, settings: Any, _fast_and_isolated: None) -> None:
    """The world's photos live in the module's media folder, not in each test's own."""
    settings.MEDIA_ROOT = world.media_root


# --- visiting --------------------------------------------------------------------------------------------


class Visitor:
    """A viewer on the web (session) and on the API (bearer token, as an app would)."""

    def __init__(self, world: World, viewer: str) -> None:
        self.viewer = viewer
        self.web = Client()
        self.api = Client()
        if viewer != "anonymous":
            self.web.force_login(world.members[viewer])
            self.api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[viewer]}"

    def page(self, path: str) -> Response:
        return self.web.get(path)

    def call(self, path: str) -> Response:
        return self.api.get(f"/api/v1{path}")


def text(response: Response) -> str:
    if response.get("Content-Type", "").startswith("image/"):
        return ""
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


class Checks:
    """Collects every mismatch, so one failing test names all the surfaces that failed."""

    def __init__(self, item: Item) -> None:
        self.item = item
        self.problems: list[str] = []

    def expect(self, surface: str, ok: bool, detail: str = "") -> None:
        if not ok:
            self.problems.append(f"{surface}: {detail}")

    def no_markers(self, surface: str, response: Response) -> None:
        body = text(response)
        leaked = [marker for marker in self.item.markers if marker in body]
        self.expect(surface, not leaked, f"leaks {leaked}")

    def single(self, surface: str, response: Response, visible: bool, *, image: bool = False) -> None:
        """One item: 200 (a JPEG for photos) when visible; else 404, with nothing of the item in the answer."""
        if visible:
            self.expect(surface, response.status_code == 200, f"status {response.status_code}, expected 200")
            if image and response.status_code == 200:
                self.expect(surface, response["Content-Type"] == "image/jpeg", response["Content-Type"])
                text(response)  # read and close the file
        else:
            self.expect(surface, response.status_code == 404, f"status {response.status_code}, expected 404")
            self.no_markers(surface, response)

    def listed(
        self, surface: str, response: Response, *, owner_visible: bool, visible: bool, complete: bool = True
    ) -> None:
        """A list: 404 when the viewer may not open the diary; else 200, with the item's title exactly if visible
        (only "not if hidden" for lists that show a few items, `complete=False`)."""
        if not owner_visible:
            self.expect(surface, response.status_code == 404, f"status {response.status_code}, expected 404")
            self.no_markers(surface, response)
            return
        self.expect(surface, response.status_code == 200, f"status {response.status_code}, expected 200")
        if visible:
            if complete:
                self.expect(surface, self.item.title in text(response), "title missing")
        else:
            self.no_markers(surface, response)
            self.expect(surface, f"/diary/{self.item.entry.pk}/" not in text(response), "links to the entry")


# --- the matrix ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("case", CASES)
def test_privacy_matrix(world: World, case: str, viewer: str) -> None:
    """Each surface answers exactly as the table says for this audience and this viewer."""
    web = web_public(case)
    site_settings_update(web_public_allowed=web)
    visible = SEES[case][viewer]
    owner_visible = diary_visible(viewer, web)
    item = world.item(case)
    entry, comment = item.entry, item.comment
    author = world.author.pk
    year, month = world.month
    visitor = Visitor(world, viewer)
    checks = Checks(item)

    # The entry page, with its comments.
    page = visitor.page(f"/diary/{entry.pk}/")
    checks.single("web entry page", page, visible)
    if visible and page.status_code == 200:
        body = text(page)
        for marker in item.markers:
            checks.expect("web entry page", marker in body, f"{marker} missing")

    # The entry, its comments and its イイネ! in the API.
    response = visitor.call(f"/diary/{entry.pk}")
    checks.single("api entry", response, visible)
    if visible and response.status_code == 200:
        data = response.json()
        checks.expect("api entry", data["title"] == item.title and data["body"] == entry.body, "wrong entry")
        checks.expect("api entry iine count", data["iine"]["count"] == 1, str(data["iine"]))
        checks.expect("api entry photos", [p["id"] for p in data["photos"]] == [item.entry_photo.pk], "photos")
    response = visitor.call(f"/diary/{entry.pk}/comments")
    checks.single("api comments", response, visible)
    if visible and response.status_code == 200:
        mine = [c for c in response.json()["items"] if c["id"] == comment.pk]
        checks.expect("api comments", len(mine) == 1 and mine[0].get("body") == comment.body, str(mine))
        checks.expect("api comment iine count", bool(mine) and mine[0].get("iine", {}).get("count") == 1, str(mine))
    for surface, path in [
        ("api entry reactors", f"/diary/{entry.pk}/iine"),
        ("api comment reactors", f"/diary/{entry.pk}/comments/{comment.pk}/iine"),
    ]:
        response = visitor.call(path)
        checks.single(surface, response, visible)
        if visible and response.status_code == 200:
            data = response.json()
            checks.expect(surface, data["count"] == 1, f"count {data['count']}")
            checks.expect(surface, [r["member"]["id"] for r in data["items"]] == [author], str(data["items"]))

    # Who said イイネ!, on the web.
    for surface, path in [
        ("web entry reactors", f"/iine/diary_entry/{entry.pk}/members/"),
        ("web comment reactors", f"/iine/diary_comment/{comment.pk}/members/"),
    ]:
        checks.single(surface, visitor.page(path), visible)

    # Photos of the entry and of the comment, full size and thumbnail, web and API.
    for name, photo in [("entry photo", item.entry_photo), ("comment photo", item.comment_photo)]:
        base = f"/diary/{entry.pk}/photos/{photo.pk}/"
        checks.single(f"web {name}", visitor.page(base), visible, image=True)
        checks.single(f"web {name} thumbnail", visitor.page(f"{base}thumbnail/"), visible, image=True)
        api = f"/diary/{entry.pk}/photos/{photo.pk}"
        checks.single(f"api {name}", visitor.call(api), visible, image=True)
        checks.single(f"api {name} thumbnail", visitor.call(f"{api}?size=thumbnail"), visible, image=True)

    # Lists: the diary, the month, the latest entries on the profile, the API list.
    for surface, path in [
        ("web diary list", f"/members/{author}/diary/"),
        ("web month archive", f"/members/{author}/diary/{year}/{month:02d}/"),
    ]:
        checks.listed(surface, visitor.page(path), owner_visible=owner_visible, visible=visible)
    latest = visitor.page(f"/members/{author}/diary/latest/")  # the newest five only
    checks.listed("web latest entries", latest, owner_visible=owner_visible, visible=visible, complete=False)
    response = visitor.call(f"/members/{author}/diary")
    checks.listed("api diary list", response, owner_visible=owner_visible, visible=visible)
    if owner_visible and response.status_code == 200:
        ids = [e["id"] for e in response.json()["items"]]
        checks.expect("api diary list", (entry.pk in ids) == visible, f"ids {ids}")

    # 「コメントした日記」: every member commented on every entry.
    response = visitor.page("/diary/commented/")
    if viewer == "anonymous":
        checks.expect("commented", response.status_code == 302, f"status {response.status_code}, expected 302")
    else:
        checks.listed("commented", response, owner_visible=True, visible=visible)

    assert not checks.problems, f"{case} × {viewer}:\n" + "\n".join(checks.problems)


@pytest.mark.parametrize("web", [True, False], ids=["web-public", "members-only-site"])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_no_page_leaks_a_hidden_entry(world: World, viewer: str, web: bool) -> None:
    """Every page and API answer the viewer can reach (the entries they may see, with their neighbours'
    links; the diary, month and latest lists; the profile; 「コメントした日記」; the home page) holds nothing
    of an entry hidden from them, and only the author ever sees the name of their friend group."""
    site_settings_update(web_public_allowed=web)
    visitor = Visitor(world, viewer)
    author = world.author.pk
    year, month = world.month
    cases = [case for case in CASES if web_public(case) == web or not case.startswith("public")]
    visible = {AUDIENCE[case]: SEES[case][viewer] for case in cases}
    responses: dict[str, Response] = {}
    for path in [
        "/",
        f"/members/{author}/",
        f"/members/{author}/diary/",
        f"/members/{author}/diary/{year}/{month:02d}/",
        f"/members/{author}/diary/latest/",
        "/diary/commented/",
    ]:
        responses[path] = visitor.page(path)
    responses["api list"] = visitor.call(f"/members/{author}/diary?limit=100")
    for audience, item in world.items.items():
        entry = item.entry
        for path in [f"/diary/{entry.pk}/", f"/iine/diary_entry/{entry.pk}/members/"]:
            responses[path] = visitor.page(path)
        for path in [f"/diary/{entry.pk}", f"/diary/{entry.pk}/comments", f"/diary/{entry.pk}/iine"]:
            responses[f"api {path}"] = visitor.call(path)
        assert responses[f"/diary/{entry.pk}/"].status_code == (200 if visible[audience] else 404), audience
    assert sum(response.status_code == 200 for response in responses.values()) > 0
    problems = []
    for where, response in responses.items():
        body = text(response)
        for audience, item in world.items.items():
            if not visible[audience]:
                problems += [f"{where} shows {marker}" for marker in item.markers if marker in body]
        if viewer != "self" and world.group_name in body:
            problems.append(f"{where} shows the author's group name")
    assert not problems, "\n".join(problems)


def test_the_author_sees_their_group_name_on_the_entry(world: World) -> None:
    """The check above could not fail if the name never appeared: the author does see it."""
    visitor = Visitor(world, "self")
    assert world.group_name in text(visitor.page(f"/diary/{world.items['friend_group'].entry.pk}/"))


def test_the_world_is_as_described(world: World) -> None:
    """The relationships the table assumes hold in the database (so a change to the world cannot pass unnoticed)."""
    from tsunagu.core import policy

    author, members = world.author, world.members
    facts = {viewer: policy.relationship(members[viewer], author) for viewer in members if viewer != "self"}
    assert {v for v, rel in facts.items() if rel.is_friend} == {"friend", "group_member", "friend_outside_group"}
    assert facts["friend_of_friend"].is_friend_of_friend and not facts["friend_of_friend"].is_friend
    # Blocked: no longer a friend, but still a friend of a friend in the graph (the block alone must hide).
    assert facts["blocked"].blocked_by_owner and not facts["blocked"].is_friend
    assert facts["blocked"].is_friend_of_friend
    assert not facts["stranger"].is_friend and not facts["stranger"].is_friend_of_friend
    assert {audience: item.entry.audience for audience, item in world.items.items()} == {
        audience: audience for audience in world.items
    }
    assert timezone.localtime(world.items["members"].entry.created_at).month == world.month[1]
