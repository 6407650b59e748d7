"""The diary pages cost a fixed number of queries (at most the budget, with 2 entries or comments as with 20).

Budgets are maxima: with Redis-cached sessions (the production shape) a page costs one query fewer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from tests.friends.test_pages import as_member, befriend
from tests.queries import NAV_BADGES
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.services import diary_comment_create, diary_comment_delete, diary_entry_create
from tsunagu.friends.services import block_create
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

ROWS = [2, 20]


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def friend(make_member: Callable[..., Member], member: Member) -> Member:
    friend = make_member("田中友子")
    befriend(member, friend)
    SiteSettings.load()  # cached after the first request of a process
    return friend


@pytest.fixture
def diary(request: pytest.FixtureRequest, member: Member, friend: Member, make_member: Callable[..., Member]) -> int:
    """`member` has n entries, each with a photo, a comment and an イイネ! from a different friend."""
    n: int = request.param
    for i in range(n):
        entry = diary_entry_create(author=member, title=f"日記{i}", body="本文", photos=[jpeg()])
        fan = make_member()
        befriend(member, fan)
        diary_comment_create(author=fan, entry_id=entry.pk, body="コメント")
        iine_add(member=fan, kind="diary_entry", item_id=entry.pk)
    return n


@pytest.fixture
def discussion(
    request: pytest.FixtureRequest, member: Member, friend: Member, make_member: Callable[..., Member]
) -> DiaryEntry:
    """An entry between two others, with n comments by n members: each with a photo and an イイネ!, one of them
    deleted, one hidden from `friend` (its author blocked them)."""
    n: int = request.param
    diary_entry_create(author=member, title="前", body="前の日記")
    entry = diary_entry_create(author=member, title="題", body="本文", photos=[jpeg(), jpeg()])
    diary_entry_create(author=member, title="次", body="次の日記")
    comments = []
    for i in range(n):
        commenter = make_member(f"コメント{i}")
        befriend(member, commenter)
        comments.append(diary_comment_create(author=commenter, entry_id=entry.pk, body=f"{i}番目", photos=[jpeg()]))
        iine_add(member=member, kind="diary_comment", item_id=comments[-1].pk)
    diary_comment_delete(member=member, entry_id=entry.pk, comment_id=comments[0].pk)
    block_create(blocker=comments[1].author, blocked_id=friend.pk)
    iine_add(member=friend, kind="diary_entry", item_id=entry.pk)
    diary_comment_create(author=friend, entry_id=entry.pk, body="友人より")
    return entry


def get(viewer: Member, path: str, queries: int, assert_num: Any) -> str:
    client = as_member(viewer)
    with assert_num(queries + NAV_BADGES):
        response = client.get(path)
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("diary", ROWS, indirect=True)
def test_diary_list_for_a_friend(
    diary: int, member: Member, friend: Member, django_assert_max_num_queries: Any
) -> None:
    """Session, viewer, the author with profile, relationship, the page of entries, their photos, their イイネ!
    counts, the months, the nav's pending count, and the footprint (check, insert)."""
    page = get(friend, f"/members/{member.pk}/diary/", 11, django_assert_max_num_queries)
    assert page.count("<li data-entry=") == min(diary, 20)


@pytest.mark.parametrize("diary", ROWS, indirect=True)
def test_diary_list_for_the_author(diary: int, member: Member, django_assert_max_num_queries: Any) -> None:
    """The author's own list costs no more: no relationship query and no footprint."""
    get(member, f"/members/{member.pk}/diary/", 8, django_assert_max_num_queries)


@pytest.mark.parametrize("diary", ROWS, indirect=True)
def test_month_archive(diary: int, member: Member, friend: Member, django_assert_max_num_queries: Any) -> None:
    """As the list, with the month's entries in place of the page (all of them are in this month)."""
    local = timezone.localtime(DiaryEntry.objects.latest("created_at").created_at)
    page = get(friend, f"/members/{member.pk}/diary/{local.year}/{local.month:02d}/", 11, django_assert_max_num_queries)
    assert page.count("<li data-entry=") == diary


@pytest.mark.parametrize("discussion", ROWS, indirect=True)
def test_entry_page_for_a_friend(discussion: DiaryEntry, friend: Member, django_assert_max_num_queries: Any) -> None:
    """Session, viewer, the entry with author and profile, its photos, relationship, the comments with authors, their
    photos, the comments' イイネ! counts and the viewer's, previous and next entries, the footprint (check, insert),
    marking comments read, the entry's イイネ! count and the viewer's, and the nav's pending count."""
    page = get(friend, f"/diary/{discussion.pk}/", 17, django_assert_max_num_queries)
    assert page.count('data-state="shown"') == discussion.comments.count() - 2
    assert 'data-state="hidden"' in page and 'data-state="deleted"' in page


@pytest.mark.parametrize("discussion", ROWS, indirect=True)
def test_entry_page_for_the_author(discussion: DiaryEntry, member: Member, django_assert_max_num_queries: Any) -> None:
    """The author's view costs less: no relationship query and no footprint."""
    get(member, f"/diary/{discussion.pk}/", 14, django_assert_max_num_queries)


@pytest.mark.parametrize("discussion", ROWS, indirect=True)
def test_commented_page(
    discussion: DiaryEntry, friend: Member, member: Member, django_assert_max_num_queries: Any
) -> None:
    """「コメントした日記」: session, viewer, the count, the page with unread counts, the nav's pending count."""
    for i in range(3):
        entry = diary_entry_create(author=member, title=f"他{i}", body="本文")
        diary_comment_create(author=friend, entry_id=entry.pk, body="コメント")
    get(friend, "/diary/commented/", 5, django_assert_max_num_queries)


@pytest.mark.parametrize("discussion", ROWS, indirect=True)
def test_reactors_page(
    discussion: DiaryEntry,
    member: Member,
    friend: Member,
    make_member: Callable[..., Member],
    django_assert_max_num_queries: Any,
) -> None:
    """Who said イイネ!: session, viewer, the entry, its photos, relationship, the count, the page, pending count."""
    for _ in range(3):
        fan = make_member()
        befriend(member, fan)
        iine_add(member=fan, kind="diary_entry", item_id=discussion.pk)
    get(friend, f"/iine/diary_entry/{discussion.pk}/members/", 8, django_assert_max_num_queries)
