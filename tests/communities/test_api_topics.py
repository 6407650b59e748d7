"""The topic and event API: shapes, who may write, times with their offset (a time without one is a clear 422),
joining at capacity and after sign-up closes, comments, deleting, paging, and bad input (always a 4xx JSON error,
never a 500, and a refused write changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.helpers import assert_error, call
from tests.communities.topic_helpers import a_topic, an_event, community_of, join, jpeg
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Participation, Topic, TopicComment, TopicPhoto
from tsunagu.notifications.selectors import notifications_page
from tsunagu.reactions.models import Reaction

pytestmark = pytest.mark.django_db

LATER = "2031-04-02T19:00:00+09:00"


@pytest.fixture
def admin(make_member: Callable[..., Member]) -> Member:
    return make_member("管理人")


@pytest.fixture
def community(admin: Member, member: Member) -> Community:
    community = community_of(admin, name="京都の大学OB会")
    join(member, community)
    return community


def as_member(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_starting_a_topic_answers_201_with_its_shape(community: Community, member: Member) -> None:
    response = call(
        as_member(member), "post", f"/api/v1/communities/{community.pk}/topics", {"title": "同窓会", "body": "やろう"}
    )
    assert response.status_code == 201
    body = response.json()
    topic = Topic.objects.get()
    assert body["id"] == topic.pk
    assert body["kind"] == "topic"
    assert body["community"] == {"id": community.pk, "name": "京都の大学OB会"}
    assert body["author"]["id"] == member.pk
    assert (body["title"], body["body"], body["comment_count"], body["photos"]) == ("同窓会", "やろう", 0, [])
    assert "starts_at" not in body and "joined" not in body
    assert call(as_member(member), "get", f"/api/v1/topics/{topic.pk}").json() == body


def test_a_topic_with_photos_from_a_form(community: Community, member: Member) -> None:
    response = as_member(member).post(
        f"/api/v1/communities/{community.pk}/topics",
        {"title": "写真", "body": "どうぞ", "photos": [_file(), _file()]},
    )
    assert response.status_code == 201, response.content
    photos = response.json()["photos"]
    assert len(photos) == 2
    image = as_member(member).get(photos[0]["url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert as_member(member).get(photos[0]["thumbnail_url"]).status_code == 200


def _file() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.jpg", jpeg(), "image/jpeg")


def test_who_may_not_start_a_topic(admin: Member, community: Community, other: Member) -> None:
    assert_error(
        call(as_member(other), "post", f"/api/v1/communities/{community.pk}/topics", {"title": "t", "body": "b"}),
        403,
        "forbidden",
    )
    assert_error(call(as_member(other), "post", "/api/v1/communities/999999/topics", {"title": "t", "body": "b"}), 404)
    assert_error(call(Client(), "post", f"/api/v1/communities/{community.pk}/topics", {"title": "t", "body": "b"}), 401)
    refused = assert_error(
        call(as_member(admin), "post", f"/api/v1/communities/{community.pk}/topics", {"body": "b", "extra": 1}), 422
    )
    assert set(refused["fields"]) == {"title", "extra"}
    assert not Topic.objects.exists()


def test_creating_an_event_takes_times_with_their_offset(community: Community, member: Member) -> None:
    client = as_member(member)
    url = f"/api/v1/communities/{community.pk}/events"
    event = {"title": "花見", "body": "上野で", "place": "上野公園", "starts_at": LATER, "deadline": None}
    refused = assert_error(call(client, "post", url, {**event, "starts_at": "2031-04-02T19:00:00"}), 422, "invalid")
    assert list(refused["fields"]) == ["starts_at"]
    assert "UTC" in refused["fields"]["starts_at"][0]
    assert not Topic.objects.exists()
    response = call(client, "post", url, {**event, "deadline": "2031-03-31T12:00:00Z", "capacity": 20})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "event"
    assert body["starts_at"] == "2031-04-02T10:00:00+00:00"
    assert body["deadline"] == "2031-03-31T12:00:00+00:00"
    assert body["sign_up_closes_at"] == "2031-04-01T12:00:00+00:00"
    assert (body["place"], body["capacity"], body["participant_count"]) == ("上野公園", 20, 1)
    assert (body["sign_up_open"], body["full"], body["joined"]) == (True, False, True)


def test_joining_and_leaving(community: Community, admin: Member, member: Member, other: Member) -> None:
    join(other, community)
    event = an_event(admin, community, capacity=2)
    joined = call(as_member(member), "post", f"/api/v1/events/{event.pk}/join")
    assert joined.status_code == 200
    assert (joined.json()["joined"], joined.json()["participant_count"], joined.json()["full"]) == (True, 2, True)
    assert_error(call(as_member(other), "post", f"/api/v1/events/{event.pk}/join"), 409, "full")
    left = call(as_member(member), "post", f"/api/v1/events/{event.pk}/leave")
    assert (left.json()["joined"], left.json()["participant_count"]) == (False, 1)
    assert call(as_member(other), "post", f"/api/v1/events/{event.pk}/join").status_code == 200
    topic = a_topic(admin, community)
    assert_error(call(as_member(member), "post", f"/api/v1/events/{topic.pk}/join"), 404)
    assert_error(call(as_member(member), "post", "/api/v1/events/abc/join"), 422)


def test_joining_after_sign_up_closes_is_a_conflict(community: Community, admin: Member, member: Member) -> None:
    event = an_event(admin, community)
    Topic.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(days=1))
    assert_error(call(as_member(member), "post", f"/api/v1/events/{event.pk}/join"), 409, "closed")
    assert not Participation.objects.filter(member=member).exists()


def test_events_and_topics_are_listed_apart_latest_activity_first(
    community: Community, admin: Member, member: Member
) -> None:
    first = a_topic(admin, community, title="一")
    second = a_topic(admin, community, title="二")
    event = an_event(admin, community)
    call(as_member(member), "post", f"/api/v1/topics/{first.pk}/comments", {"body": "上げ"})
    client = as_member(member)
    topics = client.get(f"/api/v1/communities/{community.pk}/topics").json()
    assert [t["id"] for t in topics["items"]] == [first.pk, second.pk]
    assert topics["next_cursor"] is None
    events = client.get(f"/api/v1/communities/{community.pk}/events").json()["items"]
    assert [e["id"] for e in events] == [event.pk]
    assert events[0]["joined"] is False
    page = client.get(f"/api/v1/communities/{community.pk}/topics?limit=1").json()
    assert [t["id"] for t in page["items"]] == [first.pk]
    rest = client.get(f"/api/v1/communities/{community.pk}/topics?limit=1&cursor={page['next_cursor']}").json()
    assert [t["id"] for t in rest["items"]] == [second.pk]
    assert_error(client.get(f"/api/v1/communities/{community.pk}/topics?limit=0"), 422)
    assert_error(client.get(f"/api/v1/communities/{community.pk}/topics?cursor=nonsense"), 422)


def test_comments_numbered_and_deleted(community: Community, admin: Member, member: Member, other: Member) -> None:
    topic = a_topic(admin, community)
    client = as_member(member)
    created = call(client, "post", f"/api/v1/topics/{topic.pk}/comments", {"body": "こんにちは"})
    assert created.status_code == 201
    assert created.json()["number"] == 1 and created.json()["author"]["id"] == member.pk
    second = call(client, "post", f"/api/v1/topics/{topic.pk}/comments", {"body": "二つ目"}).json()
    assert second["number"] == 2
    assert_error(call(as_member(other), "post", f"/api/v1/topics/{topic.pk}/comments", {"body": "外から"}), 403)
    assert_error(call(client, "post", f"/api/v1/topics/{topic.pk}/comments", {"body": ""}), 422)
    assert_error(call(as_member(other), "delete", f"/api/v1/topics/{topic.pk}/comments/{second['id']}"), 403)
    assert call(as_member(admin), "delete", f"/api/v1/topics/{topic.pk}/comments/{second['id']}").status_code == 204
    items = client.get(f"/api/v1/topics/{topic.pk}/comments").json()["items"]
    assert [c["number"] for c in items] == [1, 2]
    assert items[1] == {"id": second["id"], "number": 2, "deleted": True}
    assert TopicComment.objects.filter(topic=topic, deleted_at__isnull=True).count() == 1


def test_changing_and_deleting_a_topic(community: Community, admin: Member, member: Member, other: Member) -> None:
    join(other, community)
    topic = a_topic(member, community)
    changed = call(as_member(member), "patch", f"/api/v1/topics/{topic.pk}", {"title": "新しい題"})
    assert changed.status_code == 200 and changed.json()["title"] == "新しい題"
    assert_error(call(as_member(member), "patch", f"/api/v1/topics/{topic.pk}", {"title": None}), 422)
    assert_error(call(as_member(other), "patch", f"/api/v1/topics/{topic.pk}", {"title": "x"}), 403)
    assert_error(call(as_member(other), "delete", f"/api/v1/topics/{topic.pk}"), 403)
    assert call(as_member(admin), "delete", f"/api/v1/topics/{topic.pk}").status_code == 204
    assert_error(call(as_member(member), "get", f"/api/v1/topics/{topic.pk}"), 404)


def test_changing_an_event_through_the_api(community: Community, admin: Member) -> None:
    event = an_event(admin, community, capacity=5, deadline=timezone.now() + timedelta(days=3))
    client = as_member(admin)
    body = call(client, "patch", f"/api/v1/topics/{event.pk}", {"capacity": None, "deadline": None}).json()
    assert (body["capacity"], body["deadline"]) == (None, None)
    refused = assert_error(call(client, "patch", f"/api/v1/topics/{event.pk}", {"starts_at": "2031-04-02 19:00"}), 422)
    assert list(refused["fields"]) == ["starts_at"]


def test_topic_photos_are_added_and_removed_by_the_author(community: Community, member: Member) -> None:
    topic = a_topic(member, community)
    client = as_member(member)
    added = client.post(f"/api/v1/topics/{topic.pk}/photos", {"photos": [_file()]})
    assert added.status_code == 201
    photo_id = added.json()[0]["id"]
    assert call(client, "delete", f"/api/v1/topics/{topic.pk}/photos/{photo_id}").status_code == 204
    assert not TopicPhoto.objects.exists()


def test_participants(community: Community, admin: Member, member: Member) -> None:
    event = an_event(admin, community)
    call(as_member(member), "post", f"/api/v1/events/{event.pk}/join")
    body = as_member(member).get(f"/api/v1/events/{event.pk}/participants").json()
    assert [p["member"]["id"] for p in body["items"]] == [member.pk, admin.pk]
    assert set(body["items"][0]) == {"member", "joined_at"}
    assert body["next_cursor"] is None


def test_iine_on_topics_and_comments(
    django_capture_on_commit_callbacks: Callable[..., object], community: Community, admin: Member, member: Member
) -> None:
    topic = a_topic(admin, community, title="好きなラーメン")
    comment = call(as_member(admin), "post", f"/api/v1/topics/{topic.pk}/comments", {"body": "味噌派"}).json()
    client = as_member(member)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        assert call(client, "post", f"/api/v1/topics/{topic.pk}/iine").json() == {"count": 1, "given": True}
        given = call(client, "post", f"/api/v1/topics/{topic.pk}/comments/{comment['id']}/iine").json()
    assert given == {"count": 1, "given": True}
    assert client.get(f"/api/v1/topics/{topic.pk}").json()["iine"] == {"count": 1, "given": True}
    assert client.get(f"/api/v1/topics/{topic.pk}/comments").json()["items"][0]["iine"]["count"] == 1
    reactors = client.get(f"/api/v1/topics/{topic.pk}/iine").json()
    assert [r["member"]["id"] for r in reactors["items"]] == [member.pk]
    texts = sorted(item.text for item in notifications_page(recipient=admin).items)
    assert len(texts) == 2 and all("好きなラーメン" in text for text in texts)
    assert_error(call(client, "post", f"/api/v1/topics/{topic.pk + 1}/comments/{comment['id']}/iine"), 404)
    assert call(client, "delete", f"/api/v1/topics/{topic.pk}/iine").json() == {"count": 0, "given": False}
    call(as_member(admin), "delete", f"/api/v1/topics/{topic.pk}")
    assert not Reaction.objects.exists()
    assert notifications_page(recipient=admin).items == []
