"""Exact query budgets of the footprint lists (あしあと), page and API: the same with 2 visitors as with 20."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.helpers import png
from tests.budgets import FRAME, ROWS, TOKEN, Budget, World, measure
from tests.footprints.test_queries import crowd
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.footprints import services
from tsunagu.footprints.models import FootprintPage
from tsunagu.profiles.services import avatar_set

pytestmark = pytest.mark.django_db

BUDGETS = {
    # the lines of visitors with profiles, the total
    "footprints:mine": Budget("/footprints/", FRAME + 2, lambda n: 2 * n, 'data-date="', viewer="owner"),
    # the footprints left, with owners and profiles; the deletions this month (an allowance)
    "footprints:left": Budget("/footprints/left/", FRAME + 2, marker='data-footprint="', viewer="owner"),
    # the lines of visitors with profiles, the total
    "GET /api/v1/footprints": Budget("/api/v1/footprints", TOKEN + 2, lambda n: 2 * n, viewer="owner"),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """`owner` was visited by n members (with avatars) on two days and two pages each, and visited n profiles."""
    owner = make_member("持ち主")
    crowd(owner, make_member, n)
    for i in range(n):
        visited = make_member(f"訪問先{i}")
        avatar_set(member=visited, data=png((8, 8)))
        services.footprint_record(owner=visited, visitor=owner, page=FootprintPage.PROFILE)
    SiteSettings.load()  # cached after the first request of a process
    return World({"owner": owner})


@pytest.mark.parametrize("rows", ROWS)
def test_footprint_lists(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
