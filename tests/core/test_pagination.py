"""Cursor pages (newest first): cursors round-trip exactly, ties on the time are broken by id, pages stay
stable while new items arrive, and anything that is not a cursor we handed out is refused as Invalid."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.accounts.models import Member
from tsunagu.core.errors import Invalid
from tsunagu.core.pagination import MAX_LIMIT, cursor_decode, cursor_encode, limit_clean, newest_first
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.services import diary_entry_create


def encoded(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@given(
    moment=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
    pk=st.integers(min_value=1, max_value=2**63 - 1),
)
def test_cursors_round_trip_to_the_microsecond(moment: datetime, pk: int) -> None:
    cursor = cursor_encode(moment, pk)
    assert cursor_decode(cursor) == (moment, pk)
    assert "=" not in cursor and "/" not in cursor and "+" not in cursor, "safe in a URL as it is"


def test_cursors_from_other_time_zones_name_the_same_instant() -> None:
    from zoneinfo import ZoneInfo

    tokyo = datetime(2024, 4, 1, 9, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert cursor_decode(cursor_encode(tokyo, 7)) == (tokyo.astimezone(UTC), 7)


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        "a",
        "ü",
        encoded("abc"),
        encoded("1:2:3"),
        encoded("x:1"),
        encoded("1:x"),
        encoded("1"),
        encoded(":"),
        encoded("1.5:2"),
        encoded("99999999999999999999:1"),
        encoded("-99999999999999999999:1"),
        base64.urlsafe_b64encode(b"\xff\xfe:1").decode(),
    ],
)
def test_malformed_cursors_are_invalid(cursor: str) -> None:
    with pytest.raises(Invalid) as caught:
        cursor_decode(cursor)
    assert caught.value.message and caught.value.fields["cursor"]


@pytest.mark.parametrize(("raw", "limit"), [(None, 20), ("", 20), ("1", 1), (5, 5), ("100", MAX_LIMIT), (" 7 ", 7)])
def test_limits_within_range(raw: Any, limit: int) -> None:
    assert limit_clean(raw) == limit


@pytest.mark.parametrize("raw", [0, "0", -1, "101", 10**9, "abc", "1e3", "2.5", [3], object()])
def test_limits_out_of_range_are_invalid(raw: Any) -> None:
    with pytest.raises(Invalid) as caught:
        limit_clean(raw)
    assert caught.value.fields["limit"]


def test_default_limit_can_be_chosen() -> None:
    assert limit_clean(None, default=50) == 50


# --- pages from the database ------------------------------------------------------------------------------


def entries_at(author: Member, moments: list[datetime]) -> list[DiaryEntry]:
    made = []
    for n, moment in enumerate(moments):
        item = diary_entry_create(author=author, title=f"{n}", body="本文", audience="members")
        item.created_at = moment
        item.save(update_fields=["created_at"])
        made.append(item)
    return made


def walk(queryset: Any, limit: int) -> list[list[int]]:
    """Every page of `queryset`, following the cursors to the end."""
    pages, cursor = [], None
    while True:
        page = newest_first(queryset, cursor=cursor, limit=limit)
        pages.append([item.pk for item in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor
        assert len(pages) < 100


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [1, 2, 3, 7, 8, 100])
def test_pages_cover_every_item_once_even_with_equal_times(member: Member, limit: int) -> None:
    """Items sharing a creation time (to the microsecond) are ordered by id and none is skipped or repeated."""
    base = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    same = base + timedelta(microseconds=1)
    made = entries_at(member, [base, same, same, same, base + timedelta(seconds=1), same, base - timedelta(days=1)])
    expected = [e.pk for e in sorted(made, key=lambda e: (e.created_at, e.pk), reverse=True)]
    pages = walk(DiaryEntry.objects.all(), limit)
    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == limit for page in pages[:-1])
    assert len(pages) == max(1, -(-len(made) // limit))


@pytest.mark.django_db
def test_pages_stay_stable_while_new_items_arrive(member: Member) -> None:
    """A newer item written between two pages appears on neither the next page nor twice."""
    base = datetime(2024, 5, 1, tzinfo=UTC)
    made = entries_at(member, [base + timedelta(minutes=n) for n in range(5)])
    first = newest_first(DiaryEntry.objects.all(), cursor=None, limit=2)
    entries_at(member, [base + timedelta(days=1)])
    second = newest_first(DiaryEntry.objects.all(), cursor=first.next_cursor, limit=2)
    assert [e.pk for e in first.items + second.items] == [e.pk for e in reversed(made)][:4]


@pytest.mark.django_db
def test_empty_and_exact_pages_have_no_next_cursor(member: Member) -> None:
    assert newest_first(DiaryEntry.objects.all(), cursor=None, limit=3).next_cursor is None
    entries_at(member, [datetime(2024, 1, d, tzinfo=UTC) for d in (1, 2, 3)])
    page = newest_first(DiaryEntry.objects.all(), cursor=None, limit=3)
    assert (len(page.items), page.next_cursor) == (3, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [encoded("1714521600000000:99999999999999999999999"), encoded("1714521600000000:-5"), encoded("0:0")],
)
def test_decodable_cursors_we_never_made_do_not_crash_the_query(member: Member, cursor: str) -> None:
    """Positions no item has (huge or negative ids, the epoch) give a page or Invalid, never a database error."""
    entries_at(member, [datetime(2024, 5, 1, tzinfo=UTC)])
    try:
        page = newest_first(DiaryEntry.objects.all(), cursor=cursor, limit=5)
    except Invalid:
        return
    assert len(page.items) <= 1
