"""The diary API's lists cost a fixed number of queries, however many entries or comments they hold."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import png
from tests.friends.api.helpers import auth, block
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.diary import services
from tsunagu.diary.reactables import COMMENT_KIND, ENTRY_KIND
from tsunagu.friends.services import friend_request_accept, friend_request_send
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

# The most each list may cost with a bearer token (token lookup included), measured with 2 and with 20 items.
BUDGET = {
    # token, owner with profile, relationship, page, photos, iine counts, iine given (a repeat visit's footprint
    # is answered by the cache)
    "diary": 7,
    # owner, page, photos, iine counts (anonymous: no token, no relationship query, nothing given)
    "diary_anonymous": 4,
    # token, entry with author, entry photos, relationship, comments, comment photos, iine counts, iine given,
    # marking them read
    "comments": 9,
    "comments_anonymous": 5,
}


def befriend(a: Member, b: Member) -> None:
    request = friend_request_send(sender=a, recipient_id=b.pk)
    friend_request_accept(recipient=b, request_id=request.pk)


def build_diary(make_member: Callable[..., Member], owner: Member, viewer: Member, n: int) -> None:
    """`n` public entries, each with a photo, a comment and イイネ! from the viewer and from someone else."""
    fan = make_member()
    for index in range(n):
        entry = services.diary_entry_create(
            author=owner, title=f"日記{index}", body="本文", audience="public", photos=[png((8, 8))]
        )
        services.diary_comment_create(author=fan, entry_id=entry.pk, body="いいね")
        iine_add(member=viewer, kind=ENTRY_KIND, item_id=entry.pk)
        iine_add(member=fan, kind=ENTRY_KIND, item_id=entry.pk)


def build_comments(make_member: Callable[..., Member], owner: Member, viewer: Member, n: int) -> int:
    """One public entry with `n` comments by different members: some with photos and イイネ!, one deleted and
    one by a member who blocked the viewer (so all three shapes are listed)."""
    entry = services.diary_entry_create(author=owner, title="日記", body="本文", audience="public", photos=[png()])
    services.diary_comment_create(author=viewer, entry_id=entry.pk, body="最初")
    for index in range(n - 1):
        author = make_member()
        comment = services.diary_comment_create(
            author=author, entry_id=entry.pk, body=f"コメント{index}", photos=[png((8, 8))] if index % 2 else []
        )
        iine_add(member=viewer, kind=COMMENT_KIND, item_id=comment.pk)
        iine_add(member=owner, kind=COMMENT_KIND, item_id=comment.pk)
        if index == 0:
            services.diary_comment_delete(member=author, entry_id=entry.pk, comment_id=comment.pk)
        elif index == 1:
            block(author, viewer)
    return entry.pk


def cost(client: Client, path: str, viewer: Member | None, n: int) -> int:
    headers = auth(viewer) if viewer is not None else {}
    client.get(path, headers=headers)  # warm the site settings, the token's last-used stamp and the footprint
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.content
    assert len(response.json()["items"]) == n
    return len(queries)


@pytest.mark.parametrize("name", list(BUDGET))
def test_lists_cost_a_fixed_number_of_queries(client: Client, make_member: Callable[..., Member], name: str) -> None:
    """2 items and 20 items cost the same number of queries, within the budget."""
    site_settings_update(web_public_allowed=True)
    counts = []
    for n in (2, 20):
        owner, viewer = make_member(), make_member()
        befriend(owner, viewer)
        asker = None if name.endswith("_anonymous") else viewer
        if name.startswith("diary"):
            build_diary(make_member, owner, viewer, n)
            path = f"/api/v1/members/{owner.pk}/diary"
        else:
            entry_id = build_comments(make_member, owner, viewer, n)
            path = f"/api/v1/diary/{entry_id}/comments"
        counts.append(cost(client, path, asker, n))
    assert counts[0] == counts[1], (name, counts)
    assert counts[1] <= BUDGET[name], (name, counts)


def test_the_comment_list_shows_all_three_shapes(client: Client, make_member: Callable[..., Member]) -> None:
    """The data the comment budget is measured on really has deleted, hidden and readable comments with photos."""
    owner, viewer = make_member(), make_member()
    entry_id = build_comments(make_member, owner, viewer, 5)
    items = client.get(f"/api/v1/diary/{entry_id}/comments", headers=auth(viewer)).json()["items"]
    assert [item.get("deleted", False) for item in items] == [False, True, False, False, False]
    assert [item.get("hidden", False) for item in items] == [False, False, True, False, False]
    assert items[4]["photos"] and items[4]["iine"] == {"count": 2, "given": True}
    assert not items[3]["photos"] and items[3]["iine"] == {"count": 2, "given": True}
