"""Joining an event under parallel sign-ups on PostgreSQL (`production`): eight members try for the last two
places at the same moment; joins queue on the event's row, so exactly two get in and six are refused as full.

Threads in the test process, each on its own connection, in a `transaction=True` test so the row locks are real.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from tests.communities.topic_helpers import an_event, community_of, members_of
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Participation, Topic
from tsunagu.communities.topic_services import event_join
from tsunagu.core.errors import Conflict

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

THREADS = 8
PLACES_LEFT = 2


def test_parallel_joins_cannot_overfill_an_event(make_member: Callable[..., Member]) -> None:
    assert connection.vendor == "postgresql"
    organiser = make_member("幹事")
    community = community_of(organiser)
    # The organiser holds one place already.
    event = an_event(organiser, community, capacity=1 + PLACES_LEFT)
    hopefuls = [member.pk for member in members_of(community, make_member, THREADS)]
    barrier = threading.Barrier(THREADS)
    refused: list[str] = []
    errors: list[str] = []

    def work(member_id: int) -> None:
        try:
            member = Member.objects.get(pk=member_id)
            barrier.wait(timeout=60)
            event_join(member=member, topic_id=event.pk)
        except Conflict as conflict:
            refused.append(conflict.code)
        except BaseException as error:
            errors.append(f"{member_id}: {error!r}")
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(member_id,)) for member_id in hopefuls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert errors == []
    assert refused == ["full"] * (THREADS - PLACES_LEFT)
    assert Participation.objects.filter(topic=event).count() == 1 + PLACES_LEFT
    assert Topic.objects.get(pk=event.pk).participant_count == 1 + PLACES_LEFT
