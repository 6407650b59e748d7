"""The box pages and the API's box list cost a fixed number of queries, with 2 messages as with 20.

Budgets are maxima: with Redis-cached sessions (the production shape) a page costs one query fewer. The
messages come from many members, some of whom have blocked the reader or closed their account since.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.helpers import png
from tests.friends.api.helpers import auth
from tests.friends.test_pages import as_member
from tests.messaging.helpers import block, close, send
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.messaging import services
from tsunagu.profiles.services import avatar_set

pytestmark = pytest.mark.django_db

ROWS = [2, 20]
# session, member, the page of messages (with both members, their profiles and the block checks in one query),
# and the nav's badges (friend requests, unread messages, notifications).
PAGE_BUDGET = 6
# token, token touch, the page of messages.
API_BUDGET = 3


@pytest.fixture
def mailbox(request: pytest.FixtureRequest, member: Member, make_member: Callable[..., Member]) -> int:
    """`member` has n messages in each box, from and to n different members (with avatars); one of the
    senders has since blocked them and another has closed their account."""
    n: int = request.param
    for i in range(n):
        correspondent = make_member(f"相手{i}")
        avatar_set(member=correspondent, data=png())
        received = send(correspondent, member, subject=f"受信{i}")
        send(member, correspondent, subject=f"送信{i}")
        trashed = send(correspondent, member, subject=f"ゴミ箱{i}")
        services.message_trash(member=member, message_id=trashed.pk)
        if i % 2:
            services.message_read(member=member, message=received)
        if i == 0:
            block(correspondent, member)
        if i == 1:
            close(correspondent)
    SiteSettings.load()  # cached after the first request of a process
    return n


@pytest.mark.parametrize("mailbox", ROWS, indirect=True)
@pytest.mark.parametrize("path", ["/messages/", "/messages/sent/", "/messages/trash/"])
def test_box_pages(member: Member, mailbox: int, path: str, django_assert_max_num_queries: Any) -> None:
    client = as_member(member)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode().count("data-message=") == mailbox


@pytest.mark.parametrize("mailbox", ROWS, indirect=True)
@pytest.mark.parametrize("box", ["inbox", "sent", "trash"])
def test_api_box_list(client: Any, member: Member, mailbox: int, box: str, django_assert_max_num_queries: Any) -> None:
    headers = auth(member)
    with django_assert_max_num_queries(API_BUDGET):
        response = client.get(f"/api/v1/messages?box={box}&limit=50", headers=headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == mailbox
    if box == "inbox":
        # Of the two senders the reader may no longer see, neither is named.
        assert sum(item["from"] is None for item in items) == 2
