"""Comment numbering under parallel posting on PostgreSQL (`production`): eight members post ten comments each at
the same moment, each deleting every fifth of their own; numbers must come out exactly 1…80, with the topic's
counters agreeing with the rows.

Threads in the test process, each on its own connection, in a `transaction=True` test so the row locks are real
(on the embedded shape SQLite's IMMEDIATE transactions serialise every write anyway; the diary's numbering test
runs that shape in child processes for the same mechanism).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from tests.communities.topic_helpers import a_topic, community_of, members_of
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Topic, TopicComment
from tsunagu.communities.topic_services import topic_comment_create, topic_comment_delete

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

THREADS = 8
PER_THREAD = 10
DELETE_EVERY = 5
TOTAL = THREADS * PER_THREAD


def test_parallel_comments_are_numbered_without_gaps_or_repeats(make_member: Callable[..., Member]) -> None:
    assert connection.vendor == "postgresql"
    admin = make_member("管理人")
    community = community_of(admin)
    topic = a_topic(admin, community)
    authors = [member.pk for member in members_of(community, make_member, THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def work(author_id: int) -> None:
        try:
            author = Member.objects.get(pk=author_id)
            barrier.wait(timeout=60)
            for n in range(1, PER_THREAD + 1):
                comment = topic_comment_create(author=author, topic_id=topic.pk, body=f"{author_id}の{n}")
                if n % DELETE_EVERY == 0:
                    topic_comment_delete(member=author, topic_id=topic.pk, comment_id=comment.pk)
        except BaseException as error:
            errors.append(f"{author_id}: {error!r}")
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(author_id,)) for author_id in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert errors == []
    rows = list(TopicComment.objects.filter(topic=topic).values_list("number", "deleted_at"))
    assert sorted(number for number, _ in rows) == list(range(1, TOTAL + 1))
    deleted = THREADS * (PER_THREAD // DELETE_EVERY)
    assert sum(1 for _, deleted_at in rows if deleted_at is not None) == deleted
    topic = Topic.objects.get(pk=topic.pk)
    assert (topic.last_comment_number, topic.comment_count) == (TOTAL, TOTAL - deleted)
