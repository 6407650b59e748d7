"""The topic and event pages and lists cost a fixed number of queries (at most the budget, with 2 topics, events
or comments as with 20).

Budgets are maxima: with Redis-cached sessions (the production shape) a page costs one query fewer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.communities.topic_helpers import a_topic, an_event, community_of, join, jpeg
from tests.queries import PAGE_FRAME
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Topic
from tsunagu.communities.topic_services import event_join, topic_comment_create, topic_comment_delete
from tsunagu.core.models import SiteSettings
from tsunagu.friends.services import block_create
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

ROWS = [2, 20]


@pytest.fixture
def community(make_member: Callable[..., Member], member: Member) -> Community:
    community = community_of(make_member("管理人"))
    join(member, community)
    SiteSettings.load()  # cached after the first request of a process
    return community


@pytest.fixture
def busy(request: pytest.FixtureRequest, community: Community, make_member: Callable[..., Member]) -> int:
    """n topics and n events, each by a different member, with a photo and a comment; each event joined."""
    n: int = request.param
    for i in range(n):
        author = make_member(f"投稿者{i}")
        join(author, community)
        topic = a_topic(author, community, title=f"話題{i}", photos=[jpeg()])
        topic_comment_create(author=author, topic_id=topic.pk, body="自分で上げ")
        event = an_event(author, community, title=f"イベント{i}", capacity=50)
        event_join(member=author, topic_id=event.pk)
    return n


@pytest.fixture
def discussion(
    request: pytest.FixtureRequest, community: Community, member: Member, make_member: Callable[..., Member]
) -> Topic:
    """An event with n readable comments by n members (each with a photo and an イイネ!, each going), and two more:
    one deleted, one hidden from `member` (its author blocked them)."""
    n: int = request.param
    admin = community.memberships.get(role="admin").member
    event = an_event(admin, community, photos=[jpeg(), jpeg()])
    comments = []
    for i in range(n + 2):
        commenter = make_member(f"コメント{i}")
        join(commenter, community)
        event_join(member=commenter, topic_id=event.pk)
        comments.append(topic_comment_create(author=commenter, topic_id=event.pk, body=f"{i}番目", photos=[jpeg()]))
        iine_add(member=admin, kind="topic_comment", item_id=comments[-1].pk)
    topic_comment_delete(member=admin, topic_id=event.pk, comment_id=comments[0].pk)
    block_create(blocker=comments[1].author, blocked_id=member.pk)  # type: ignore[arg-type]
    event.refresh_from_db()
    return event


def get(viewer: Member, path: str, queries: int, assert_num: Any) -> str:
    client = Client()
    client.force_login(viewer)
    with assert_num(queries):
        response = client.get(path)
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("busy", ROWS, indirect=True)
def test_topic_list(busy: int, community: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """The frame, the community, the viewer's communities (policy), membership and the page of topics with authors
    (the session is read with the member)."""
    page = get(member, f"/communities/{community.pk}/topics/", PAGE_FRAME + 3, django_assert_max_num_queries)
    assert page.count("<li data-topic=") == busy


@pytest.mark.parametrize("busy", ROWS, indirect=True)
def test_event_list(busy: int, community: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    page = get(member, f"/communities/{community.pk}/events/", PAGE_FRAME + 3, django_assert_max_num_queries)
    assert page.count("<li data-topic=") == busy


@pytest.mark.parametrize("discussion", ROWS, indirect=True)
def test_topic_page(discussion: Topic, member: Member, django_assert_max_num_queries: Any) -> None:
    """The frame; the event with author, profile and community, its photos; the relationship and the viewer's
    communities (policy); the membership; whether the viewer is going; the comments with authors and photos;
    イイネ! counts and the viewer's own, for the comments and for the event."""
    page = get(member, f"/topics/{discussion.pk}/", PAGE_FRAME + 11, django_assert_max_num_queries)
    assert page.count('data-state="shown"') == discussion.comments.count() - 2
    assert 'data-state="hidden"' in page and 'data-state="deleted"' in page


@pytest.mark.parametrize("discussion", ROWS, indirect=True)
def test_participants_page(discussion: Topic, member: Member, django_assert_max_num_queries: Any) -> None:
    page = get(member, f"/events/{discussion.pk}/participants/", PAGE_FRAME + 5, django_assert_max_num_queries)
    # The member who blocked the viewer is left out.
    assert page.count("<li data-member=") == min(discussion.participant_count - 1, 20)


@pytest.mark.parametrize("busy", ROWS, indirect=True)
def test_api_lists(busy: int, community: Community, member: Member, django_assert_max_num_queries: Any) -> None:
    """Viewer (with the session), community, the viewer's communities, membership, the page, its photos, イイネ!
    counts and the viewer's own, and for events the viewer's own sign-ups."""
    client = Client()
    client.force_login(member)
    for kind in ("topics", "events"):
        with django_assert_max_num_queries(9):
            body = client.get(f"/api/v1/communities/{community.pk}/{kind}").json()
        assert len(body["items"]) == busy


@pytest.mark.parametrize("discussion", ROWS, indirect=True)
def test_api_comments(discussion: Topic, member: Member, django_assert_max_num_queries: Any) -> None:
    client = Client()
    client.force_login(member)
    with django_assert_max_num_queries(10):
        items = client.get(f"/api/v1/topics/{discussion.pk}/comments").json()["items"]
    assert len(items) == discussion.last_comment_number
