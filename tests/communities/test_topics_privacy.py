"""Privacy of a closed community's topics and events across every surface: the pages, the API, comments, photos,
participants and notifications, for a member, a pending member, a non-member, an anonymous visitor and a
member the author blocked. Whatever a viewer may not read answers 404, exactly like a missing id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.communities.topic_helpers import a_topic, an_event, ask_to_join, closed_community, community_of, join, jpeg
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Topic, TopicComment, TopicPhoto
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.communities.topic_services import event_join, topic_comment_create
from tsunagu.friends.services import block_create
from tsunagu.notifications.registry import TARGETS

pytestmark = pytest.mark.django_db

VIEWERS = ["member", "pending", "non_member", "anonymous", "blocked"]
READERS = {"member"}
MISSING = 999_999


@dataclass
class World:
    community: Community
    author: Member
    topic: Topic
    event: Topic
    comment: TopicComment
    topic_photo: TopicPhoto
    comment_photo: TopicPhoto
    viewers: dict[str, Member | None]


def build(make_member: Callable[..., Member], community: Community, admin: Member) -> World:
    author, commenter = make_member("書いた人"), make_member("コメントした人")
    viewers: dict[str, Member | None] = {
        "member": make_member("メンバー"),
        "pending": make_member("承認待ち"),
        "non_member": make_member("外の人"),
        "anonymous": None,
        "blocked": make_member("ブロックされた人"),
    }
    for someone in (author, commenter, viewers["member"], viewers["blocked"]):
        assert someone is not None
        join(someone, community)
    pending = viewers["pending"]
    assert pending is not None
    if community.join_policy == "approval":
        ask_to_join(pending, community)
    topic = a_topic(author, community, title="秘密の話", photos=[jpeg()])
    event = an_event(author, community, title="秘密のオフ会")
    comment = topic_comment_create(author=commenter, topic_id=topic.pk, body="なるほど", photos=[jpeg()])
    event_join(member=commenter, topic_id=event.pk)
    blocked = viewers["blocked"]
    assert blocked is not None
    block_create(blocker=author, blocked_id=blocked.pk)
    return World(
        community=community,
        author=author,
        topic=topic,
        event=event,
        comment=comment,
        topic_photo=TopicPhoto.objects.get(topic=topic, comment__isnull=True),
        comment_photo=TopicPhoto.objects.get(comment=comment),
        viewers=viewers,
    )


@pytest.fixture
def closed(make_member: Callable[..., Member]) -> World:
    admin = make_member("管理人")
    return build(make_member, closed_community(admin), admin)


@pytest.fixture
def public(make_member: Callable[..., Member]) -> World:
    admin = make_member("管理人")
    return build(make_member, community_of(admin, join_policy="approval", topics_public=True), admin)


def client_for(viewer: Member | None) -> Client:
    client = Client()
    if viewer is not None:
        client.force_login(viewer)
    return client


def item_urls(world: World) -> dict[str, str]:
    """Every address that shows one topic's or event's content."""
    topic, event = world.topic.pk, world.event.pk
    return {
        "topic page": f"/topics/{topic}/",
        "event page": f"/topics/{event}/",
        "participants page": f"/events/{event}/participants/",
        "topic photo": f"/topics/{topic}/photos/{world.topic_photo.pk}/",
        "topic thumbnail": f"/topics/{topic}/photos/{world.topic_photo.pk}/thumbnail/",
        "comment photo": f"/topics/{topic}/photos/{world.comment_photo.pk}/",
        "api topic": f"/api/v1/topics/{topic}",
        "api event": f"/api/v1/topics/{event}",
        "api comments": f"/api/v1/topics/{topic}/comments",
        "api photo": f"/api/v1/topics/{topic}/photos/{world.topic_photo.pk}",
        "api comment photo": f"/api/v1/topics/{topic}/photos/{world.comment_photo.pk}?size=thumbnail",
        "api participants": f"/api/v1/events/{event}/participants",
        "api iine": f"/api/v1/topics/{topic}/iine",
        "api comment iine": f"/api/v1/topics/{topic}/comments/{world.comment.pk}/iine",
    }


def list_urls(world: World) -> dict[str, str]:
    community = world.community.pk
    return {
        "topic list": f"/communities/{community}/topics/",
        "event list": f"/communities/{community}/events/",
        "api topic list": f"/api/v1/communities/{community}/topics",
        "api event list": f"/api/v1/communities/{community}/events",
    }


def statuses(client: Client, urls: dict[str, str]) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_closed_communitys_topics_answer_404_to_whoever_may_not_read_them(closed: World, viewer: str) -> None:
    client = client_for(closed.viewers[viewer])
    expected = 200 if viewer in READERS else 404
    assert statuses(client, item_urls(closed)) == dict.fromkeys(item_urls(closed), expected)
    missing = {
        "topic page": f"/topics/{MISSING}/",
        "api topic": f"/api/v1/topics/{MISSING}",
        "api comments": f"/api/v1/topics/{MISSING}/comments",
    }
    assert statuses(client, missing) == dict.fromkeys(missing, 404)
    if viewer in READERS:
        assert "秘密の話" in client.get(f"/topics/{closed.topic.pk}/").content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_lists_show_only_what_the_viewer_may_read(closed: World, viewer: str) -> None:
    client = client_for(closed.viewers[viewer])
    urls = list_urls(closed)
    if viewer in ("pending", "non_member", "anonymous"):
        assert statuses(client, urls) == dict.fromkeys(urls, 404)
        return
    assert statuses(client, urls) == dict.fromkeys(urls, 200)
    topics = client.get(urls["api topic list"]).json()["items"]
    events = client.get(urls["api event list"]).json()["items"]
    page = client.get(urls["topic list"]).content.decode()
    if viewer == "blocked":
        # A member of the community, but the author blocked them: the author's topics are not there.
        assert (topics, events) == ([], [])
        assert "秘密の話" not in page
    else:
        assert [t["id"] for t in topics] == [closed.topic.pk]
        assert [e["id"] for e in events] == [closed.event.pk]
        assert "秘密の話" in page


@pytest.mark.parametrize("viewer", VIEWERS)
def test_writes_answer_404_where_the_topic_cannot_be_read(closed: World, viewer: str) -> None:
    member = closed.viewers[viewer]
    client = client_for(member)
    topic, event = closed.topic.pk, closed.event.pk
    if viewer in READERS:
        return
    api = {
        "comment": client.post(f"/api/v1/topics/{topic}/comments", {"body": "やあ"}, content_type="application/json"),
        "join": client.post(f"/api/v1/events/{event}/join"),
        "leave": client.post(f"/api/v1/events/{event}/leave"),
        "delete": client.delete(f"/api/v1/topics/{topic}"),
        "delete comment": client.delete(f"/api/v1/topics/{topic}/comments/{closed.comment.pk}"),
        "iine": client.post(f"/api/v1/topics/{topic}/iine"),
        "comment iine": client.post(f"/api/v1/topics/{topic}/comments/{closed.comment.pk}/iine"),
    }
    expected = 401 if member is None else 404
    assert {name: response.status_code for name, response in api.items()} == dict.fromkeys(api, expected)
    if member is not None:
        pages = {
            "comment": client.post(f"/topics/{topic}/comments/", {"body": "やあ"}),
            "join": client.post(f"/events/{event}/join/"),
            "delete": client.get(f"/topics/{topic}/delete/"),
            "iine": client.post(f"/iine/topic/{topic}/"),
        }
        assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 404)
    assert TopicComment.objects.filter(topic_id=topic).count() == 1


@pytest.mark.parametrize("viewer", ["member", "pending", "non_member", "blocked"])
def test_notifications_about_topics_show_only_to_readers(closed: World, viewer: str) -> None:
    recipient = closed.viewers[viewer]
    assert recipient is not None
    topics = TARGETS[TOPIC_KIND].visible(recipient, [closed.topic.pk, closed.event.pk])
    comments = TARGETS[COMMENT_KIND].visible(recipient, [closed.comment.pk])
    visible_topic_ids = TARGETS[TOPIC_KIND].visible_ids
    assert visible_topic_ids is not None
    counted = set(visible_topic_ids(recipient).filter(pk__in=[closed.topic.pk]).values_list("pk", flat=True))
    if viewer in READERS:
        assert set(topics) == {closed.topic.pk, closed.event.pk}
        assert set(comments) == {closed.comment.pk}
        assert counted == {closed.topic.pk}
    else:
        assert (topics, comments, counted) == ({}, {}, set())


def test_the_community_page_fragment_tells_non_members_the_topics_are_for_members(closed: World) -> None:
    url = f"/communities/{closed.community.pk}/topics/latest/"
    outsider = client_for(closed.viewers["non_member"]).get(url)
    assert outsider.status_code == 200
    assert "秘密の話" not in outsider.content.decode()
    assert 'data-topics="members-only"' in outsider.content.decode()
    member = client_for(closed.viewers["member"]).get(url).content.decode()
    assert "秘密の話" in member and "秘密のオフ会" in member
    assert client_for(None).get(url).status_code == 404


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_public_communitys_topics_are_read_by_everyone_signed_in_but_the_blocked(public: World, viewer: str) -> None:
    client = client_for(public.viewers[viewer])
    expected = 404 if viewer in ("anonymous", "blocked") else 200
    assert statuses(client, item_urls(public)) == dict.fromkeys(item_urls(public), expected)


def test_a_comment_by_someone_who_blocked_the_viewer_shows_as_not_shown_with_its_number(
    closed: World, make_member: Callable[..., Member]
) -> None:
    reader = closed.viewers["member"]
    assert reader is not None
    block_create(blocker=closed.comment.author, blocked_id=reader.pk)  # type: ignore[arg-type]
    client = client_for(reader)
    page = client.get(f"/topics/{closed.topic.pk}/").content.decode()
    assert 'data-number="1" data-state="hidden"' in page
    assert "なるほど" not in page
    assert client.get(f"/api/v1/topics/{closed.topic.pk}/comments").json()["items"] == [
        {"id": closed.comment.pk, "number": 1, "hidden": True}
    ]
    assert client.get(f"/topics/{closed.topic.pk}/photos/{closed.comment_photo.pk}/").status_code == 404
    assert TARGETS[COMMENT_KIND].visible(reader, [closed.comment.pk]) == {}


def test_participants_the_viewer_may_not_see_are_left_out(closed: World) -> None:
    reader = closed.viewers["member"]
    assert reader is not None
    commenter = closed.comment.author
    assert commenter is not None
    client = client_for(reader)
    names = [p["member"]["id"] for p in client.get(f"/api/v1/events/{closed.event.pk}/participants").json()["items"]]
    assert names == [commenter.pk, closed.author.pk]
    block_create(blocker=commenter, blocked_id=reader.pk)
    names = [p["member"]["id"] for p in client.get(f"/api/v1/events/{closed.event.pk}/participants").json()["items"]]
    assert names == [closed.author.pk]
    assert commenter.nickname not in client.get(f"/events/{closed.event.pk}/participants/").content.decode()
