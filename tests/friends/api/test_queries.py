"""Every list in the friend API costs a fixed number of queries, however long the list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.friends.api.helpers import auth, befriend, friend_list_audience
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.friends import services

# The most each list may cost with a bearer token (token lookup included), measured with 2 and with 8 rows.
BUDGET = {
    "incoming": 3,  # token, me.profile, requests with senders and profiles
    "outgoing": 3,
    "friends": 7,  # token, member, block check, relationship, count, page, footprint check (a repeat visit)
    "friends_anonymous": 3,  # member, count, page
    "mutual": 5,  # token, member, block check, relationship, list
    "blocks": 2,  # token, blocks with members and profiles
    "groups": 3,  # token, groups, members with profiles (prefetch)
    "intros": 4,  # token, member, block check, intros with authors and profiles
}


def build(make_member: Callable[..., Member], owner: Member, viewer: Member, n: int) -> None:
    """`n` of everything: requests both ways, friends shared with the viewer, blocks, groups, intros."""
    people = [make_member() for _ in range(n)]
    for person in people:
        services.friend_request_send(sender=make_member(), recipient_id=owner.pk, message="よろしく")
        services.friend_request_send(sender=owner, recipient_id=make_member().pk)
        befriend(owner, person)
        befriend(viewer, person)
        services.intro_write(author=person, subject_id=owner.pk, body="いい人です")
        services.block_create(blocker=owner, blocked_id=make_member().pk)
    for index in range(n):
        services.friend_group_create(owner=owner, name=f"グループ{index}", members=[p.pk for p in people])
    site_settings_update(web_public_allowed=True)
    friend_list_audience(owner, "public")


PATHS = {
    "incoming": "/friend-requests?direction=incoming",
    "outgoing": "/friend-requests?direction=outgoing",
    "friends": "/members/{owner}/friends",
    "friends_anonymous": "/members/{owner}/friends",
    "mutual": "/members/{owner}/mutual-friends",
    "blocks": "/blocks",
    "groups": "/friend-groups",
    "intros": "/members/{owner}/intros",
}
# Who asks: the owner for their own lists, another member for lists about the owner.
ASKER = {"friends": "viewer", "mutual": "viewer", "intros": "viewer", "friends_anonymous": None}


def cost(client: Client, owner: Member, viewer: Member, name: str, n: int) -> int:
    asker = ASKER.get(name, "owner")
    headers = {} if asker is None else auth(owner if asker == "owner" else viewer)
    path = "/api/v1" + PATHS[name].format(owner=owner.pk)
    client.get(path, headers=headers)  # warm the site-settings cache and the token's last-used stamp
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["items"]) == n, (name, body)
    return len(queries)


@pytest.mark.parametrize("name", list(BUDGET))
def test_lists_cost_a_fixed_number_of_queries(client: Client, make_member: Callable[..., Member], name: str) -> None:
    """2 rows and 8 rows cost the same number of queries, within the budget."""
    counts = []
    for n in (2, 8):
        owner, viewer = make_member(), make_member()
        build(make_member, owner, viewer, n)
        counts.append(cost(client, owner, viewer, name, n))
    assert counts[0] == counts[1], counts
    assert counts[1] <= BUDGET[name], counts


def test_friend_list_page_within_budget(
    client: Client, make_member: Callable[..., Member], member: Member, django_assert_max_num_queries: Callable
) -> None:
    """A full page of 50 friends out of 55 stays within the friend-list budget."""
    for _ in range(55):
        befriend(member, make_member())
    headers = auth(member)
    client.get(f"/api/v1/members/{member.pk}/friends", headers=headers)
    with django_assert_max_num_queries(BUDGET["friends"]):
        body = client.get(f"/api/v1/members/{member.pk}/friends", headers=headers).json()
    assert len(body["items"]) == 50
    assert body["next_page"] == 2
