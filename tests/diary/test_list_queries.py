"""Exact query budgets of the diary lists, pages and API: the same with 2 entries, comments or イイネ! as with 20."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from tests.api.helpers import png
from tests.budgets import FRAGMENT, FRAME, ROWS, TOKEN, Budget, World, measure
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.diary.services import diary_comment_create, diary_entry_create
from tsunagu.friends.services import friendship_create
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

# The owner's n entries and the discussion: a page of 20 at most.
ENTRIES = lambda n: min(n + 1, 20)  # noqa: E731

BUDGETS = {
    # the author with profile, relationship, the page, photos, イイネ! counts, the months
    "diary:list": Budget("/members/{owner}/diary/", FRAME + 6, ENTRIES, "<li data-entry="),
    # as the list, with the month's entries in place of the page
    "diary:month": Budget("/members/{owner}/diary/{year}/{month}/", FRAME + 6, lambda n: n + 1, "<li data-entry="),
    # the author with profile, relationship, the latest entries (titles: no photos)
    "diary:latest": Budget("/members/{owner}/diary/latest/", FRAGMENT + 3, lambda n: min(n + 1, 5), "<li data-entry="),
    # the entry with author and profile, its photos, relationship, the comments with authors and photos, イイネ!
    # counts and the viewer's for comments and entry, previous and next entries, marking the comments read
    "diary:entry": Budget("/diary/{talk}/", FRAME + 12, lambda n: n + 1, 'data-state="shown"'),
    # the count, the page of entries the viewer commented on with their unread counts
    "diary:commented": Budget("/diary/commented/", FRAME + 2, ENTRIES, "<li data-entry="),
    # the entry, its photos, relationship, the count, the page of reactors with profiles
    "reactions:list": Budget("/iine/diary_entry/{talk}/members/", FRAME + 5, marker="<li data-member="),
    # the author with profile, relationship, the page, photos, イイネ! counts and the viewer's
    "GET /api/v1/members/{member_id}/diary": Budget(
        "/api/v1/members/{owner}/diary?limit=50", TOKEN + 6, lambda n: n + 1
    ),
    # the entry with author, its photos, relationship, the comments, their photos, イイネ! counts and the viewer's,
    # marking them read
    "GET /api/v1/diary/{entry_id}/comments": Budget("/api/v1/diary/{talk}/comments", TOKEN + 8, lambda n: n + 1),
    # the entry with its photos, relationship, the page of reactors with profiles, the count and the viewer's
    "GET /api/v1/diary/{entry_id}/iine": Budget("/api/v1/diary/{talk}/iine", TOKEN + 6),
    # the comment's entry, the entry with its photos, relationship, the comment with its photos, then as above
    "GET /api/v1/diary/{entry_id}/comments/{comment_id}/iine": Budget(
        "/api/v1/diary/{talk}/comments/{first}/iine", TOKEN + 9
    ),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """`owner` has n entries, each with a photo, a comment from the viewer and from a fan, and the fan's イイネ!; and
    a discussion with a photo, the viewer's comment and n more by n fans, each with a photo and the owner's イイネ!;
    all n fans said イイネ! to the discussion and to the viewer's comment on it."""
    owner, viewer = make_member("日記の主"), make_member("読む人")
    friendship_create(owner, viewer)
    talk = diary_entry_create(author=owner, title="話題", body="みんなで", photos=[png((8, 8))])
    first = diary_comment_create(author=viewer, entry_id=talk.pk, body="一番乗り")
    for i in range(n):
        fan = make_member(f"ファン{i}")
        friendship_create(owner, fan)
        entry = diary_entry_create(author=owner, title=f"日記{i}", body="本文", photos=[png((8, 8))])
        diary_comment_create(author=viewer, entry_id=entry.pk, body="読みました")
        diary_comment_create(author=fan, entry_id=entry.pk, body="いいね")
        iine_add(member=fan, kind="diary_entry", item_id=entry.pk)
        comment = diary_comment_create(author=fan, entry_id=talk.pk, body=f"{i}番目", photos=[png((8, 8))])
        iine_add(member=owner, kind="diary_comment", item_id=comment.pk)
        iine_add(member=fan, kind="diary_entry", item_id=talk.pk)
        iine_add(member=fan, kind="diary_comment", item_id=first.pk)
    SiteSettings.load()  # cached after the first request of a process
    now = timezone.localtime()
    ids = {"owner": owner.pk, "talk": talk.pk, "first": first.pk, "year": now.year, "month": f"{now.month:02d}"}
    return World({"owner": owner, "viewer": viewer}, ids)


@pytest.mark.parametrize("rows", ROWS)
def test_diary_lists(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
