"""Measuring list routes against exact query budgets: the same count with 2 rows as with 20.

A budget test module builds a world through the services (`rows` of everything a list shows, each row with what
it carries: authors, avatars, photos, イイネ!, …), then calls `measure` with its `BUDGETS`, a mapping from the route
(a URL name, `GET /api/v1/…` or an admin changelist's URL name) to a `Budget`. Each route is asked twice by the
same client and the second request is counted, as a member's next visit would be: the first stamps the API token,
leaves the footprint and fills the caches a running process has warm. tests/test_query_budgets.py checks that every
list route has a budget somewhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import production_shape
from tests.queries import PAGE_FRAME
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.notifications.services import notifications_read

ROWS = [2, 20]

# Reading the session: a query on the embedded shape; the production shape keeps sessions in Redis in front of the
# database (SESSION_ENGINE cached_db), so there it costs none and every signed-in page one query fewer.
SESSION = 0 if production_shape() else 1
# A signed-in page before its own queries, for a viewer with nothing unread in お知らせ: PAGE_FRAME (tests/queries.py)
# without the count of unread notifications (skipped when there are none) and with the session as this shape reads
# it. `measure` marks the viewers' notifications read first: what the badge costs for each kind of unread
# notification is the notification tests' to measure (tests/notifications/test_list_queries.py).
FRAME = PAGE_FRAME - 1 - (1 - SESSION)
# An htmx fragment: the session and the member, no navigation.
FRAGMENT = SESSION + 1
# An API call with a bearer token: the token with its member (stamped on the first call, not on the next).
TOKEN = 1


@dataclass(frozen=True)
class Budget:
    """What one list route costs with the world of a budget test, and how to see that its rows were listed.

    `path` is formatted with the world's ids; `queries` is the exact count of the second request; `rows(n)` is
    how many rows the response lists when the world was built with n; a page's rows are counted by `marker`
    (a string each row carries once), an API response's by the length of its `key` array. `viewer` names who
    asks, from the world's members (None: an anonymous visitor).
    """

    path: str
    queries: int
    rows: Callable[[int], int] = field(default=lambda n: n)
    marker: str = ""
    key: str = "items"
    viewer: str | None = "viewer"

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


@dataclass
class World:
    """The members of a budget test by role, and the ids its paths name."""

    members: dict[str, Member]
    ids: dict[str, object] = field(default_factory=dict)


def _shown(budget: Budget, response: HttpResponse) -> int:
    if budget.is_api:
        return len(json.loads(response.content)[budget.key])
    return response.content.decode().count(budget.marker)


def _ask(client: Client, path: str, headers: dict[str, str]) -> tuple[HttpResponse, list[str]]:
    """Ask twice; the second answer and its queries."""
    client.get(path, headers=headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code, response.content[:500])
    return response, [query["sql"] for query in queries.captured_queries]


def measure(world: World, budgets: Mapping[str, Budget], n: int, *, read_notifications: bool = True) -> None:
    """Ask every route of `budgets` as its viewer; fail unless each lists its rows and costs exactly its budget."""
    if read_notifications:
        for member in world.members.values():
            notifications_read(member=member, everything=True)
    tokens: dict[str, dict[str, str]] = {}
    costs: dict[str, int] = {}
    sql: dict[str, list[str]] = {}
    for route, budget in budgets.items():
        client, headers = Client(), {}
        if budget.viewer is not None:
            member = world.members[budget.viewer]
            if budget.is_api:
                if budget.viewer not in tokens:
                    tokens[budget.viewer] = {"Authorization": f"Bearer {api_token_create(member=member)}"}
                headers = tokens[budget.viewer]
            else:
                client.force_login(member)
        path = budget.path.format(**world.ids)
        response, sql[route] = _ask(client, path, headers)
        shown = _shown(budget, response)
        assert shown == budget.rows(n), f"{route} ({path}) listed {shown} rows, not {budget.rows(n)}"
        costs[route] = len(sql[route])
    expected = {route: budget.queries for route, budget in budgets.items()}
    over = [route for route in costs if costs[route] != expected[route]]
    assert not over, "\n\n".join(
        f"{route}: {costs[route]} queries, budget {expected[route]}\n  " + "\n  ".join(q[:160] for q in sql[route])
        for route in over
    )
