"""The notifications page, the badge and the API list cost a fixed number of queries: at most the same
budget with 2 notifications of mixed kinds as with 20 (budgets are maxima: with Redis-cached sessions a
page costs one query fewer)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.friends.api.helpers import auth
from tests.friends.test_pages import as_member
from tests.notifications.helpers import World, shown
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.friends.services import friend_request_accept, friend_request_send
from tsunagu.messaging.services import message_send
from tsunagu.notifications.selectors import unread_count
from tsunagu.notifications.services import birthdays_notify
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db

SIZES = [2, 20]
SHAPES = 9
BUDGET = {
    # session, member, notifications, one per target kind (diary comment, diary entry, voice, friend request,
    # member, birthday, message), イイネ! counts, actors with profiles, the badge, the pending count, unread
    # messages; with the badge's batch check of unread messages (below), three more
    "page": 18,
    # one query for every target kind with `visible_ids`; messages (registered without it) add the batch check
    # of their rows: the rows, the messages, the actors
    "badge": 4,
    # token, notifications, seven target kinds, イイネ! counts, actors, the badge
    "api": 15,
}


def mixed(world: World, recipient: Member, make_member: Callable[..., Member], n: int) -> None:
    """`n` notifications for the recipient, going round all eight kinds (イイネ! twice: on an entry, on a
    comment), each by a different member."""
    entry = world.entry(recipient, "members", title="日記")
    post = world.voice(recipient, "つぶやき", audience="members")
    for index in range(n):
        actor = make_member()
        shape = index % SHAPES
        if shape == 0:
            world.comment(actor, entry)
        elif shape == 1:
            world.iine(actor, "diary_entry", world.entry(recipient, "members").pk)
        elif shape == 2:
            world.iine(actor, "diary_comment", world.comment(recipient, world.entry(actor, "members")).pk)
        elif shape == 3:
            world.voice(actor, "返信", in_reply_to=post.pk)
        elif shape == 4:
            world.voice(actor, f"@{recipient.handle} こんにちは", audience="members")
        elif shape == 5:
            friend_request_send(sender=actor, recipient_id=recipient.pk, message="よろしく")
        elif shape == 6:
            with world.committed():
                request = friend_request_send(sender=recipient, recipient_id=actor.pk)
                friend_request_accept(recipient=actor, request_id=request.pk)
        elif shape == 7:
            world.befriend(actor, recipient)
            with world.committed():
                message_send(sender=actor, to=recipient.pk, subject="件名", body="本文")
        else:
            world.befriend(actor, recipient)
            day = datetime.date(2000, 1, 1) + datetime.timedelta(days=index)
            profile_update(member=actor, fields={"birthday": {"value": day.isoformat(), "audience": "friends"}})
            birthdays_notify(day=day.replace(year=2025))
    SiteSettings.load()  # cached after the first request of a process


def built(world: World, member: Member, make_member: Callable[..., Member], n: int) -> None:
    mixed(world, member, make_member, n)
    assert len(shown(member)) == n
    assert len({item.kind for item in shown(member)}) == (8 if n > SHAPES else n)


@pytest.mark.parametrize("n", SIZES)
def test_the_page(
    n: int, member: Member, make_member: Callable[..., Member], world: World, django_assert_max_num_queries: Any
) -> None:
    built(world, member, make_member, n)
    client = as_member(member)
    with django_assert_max_num_queries(BUDGET["page"]):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.decode().count("data-notification=") == n


@pytest.mark.parametrize("n", SIZES)
def test_the_badge(
    n: int, member: Member, make_member: Callable[..., Member], world: World, django_assert_max_num_queries: Any
) -> None:
    built(world, member, make_member, n)
    with django_assert_max_num_queries(BUDGET["badge"]):
        assert unread_count(recipient=member) == n


@pytest.mark.parametrize("n", SIZES)
def test_the_api_list(n: int, member: Member, make_member: Callable[..., Member], world: World, client: Any) -> None:
    built(world, member, make_member, n)
    headers = auth(member)
    client.get("/api/v1/notifications", headers=headers)  # the token's first use is stamped
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/notifications", headers=headers)
    assert response.status_code == 200 and len(response.json()["items"]) == n
    assert len(queries) <= BUDGET["api"], [query["sql"][:120] for query in queries]
