"""Topic and event pages, used as a member would without JavaScript: starting topics and events through the
forms, commenting, editing, deleting, joining and leaving, the participants list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.communities.topic_helpers import a_topic, an_event, community_of, join, jpeg
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Participation, Topic, TopicComment, TopicPhoto
from tsunagu.communities.services import community_leave
from tsunagu.communities.topic_services import event_join, topic_comment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_member: Callable[..., Member]) -> Member:
    return make_member("管理人")


@pytest.fixture
def community(admin: Member, member: Member) -> Community:
    community = community_of(admin, name="下北沢ラーメン部")
    join(member, community)
    return community


def as_member(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_a_member_starts_a_topic_with_a_photo(community: Community, member: Member) -> None:
    client = as_member(member)
    page = html(client.get(f"/communities/{community.pk}/topics/"))
    assert f'href="/communities/{community.pk}/topics/new/"' in page
    assert 'data-empty="topics"' in page
    form = client.get(f"/communities/{community.pk}/topics/new/")
    assert form.status_code == 200 and 'name="photo3"' in html(form)
    response = client.post(
        f"/communities/{community.pk}/topics/new/",
        {
            "title": "おすすめの店",
            "body": "教えてください",
            "photo1": SimpleUploadedFile("a.jpg", jpeg(), "image/jpeg"),
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/topics/{topic.pk}/"
    assert TopicPhoto.objects.filter(topic=topic).count() == 1
    page = html(client.get(f"/topics/{topic.pk}/"))
    assert "おすすめの店" in page and "教えてください" in page and 'data-form="comment"' in page
    assert f'data-iine="topic:{topic.pk}"' in page
    assert "おすすめの店" in html(client.get(f"/communities/{community.pk}/topics/"))


def test_a_refused_topic_shows_the_form_again(community: Community, member: Member) -> None:
    response = as_member(member).post(f"/communities/{community.pk}/topics/new/", {"title": "", "body": "本文"})
    assert response.status_code == 400
    assert 'role="alert"' in html(response) or "errorlist" in html(response)
    assert not Topic.objects.exists()


def test_where_only_admins_start_topics_members_are_told_so(admin: Member, member: Member) -> None:
    community = community_of(admin, topic_creation="admins")
    join(member, community)
    client = as_member(member)
    assert "/topics/new/" not in html(client.get(f"/communities/{community.pk}/topics/"))
    response = client.get(f"/communities/{community.pk}/topics/new/")
    assert response.status_code == 302 and response["Location"] == f"/communities/{community.pk}/topics/"
    response = client.post(f"/communities/{community.pk}/topics/new/", {"title": "題", "body": "本文"})
    assert response.status_code == 302
    assert not Topic.objects.exists()


def test_an_event_is_created_in_the_members_time_zone_and_joined_from_its_page(
    community: Community, member: Member, admin: Member
) -> None:
    client = as_member(admin)
    next_year = timezone.localdate().year + 1
    response = client.post(
        f"/communities/{community.pk}/events/new/",
        {
            "title": "忘年会",
            "body": "今年もやります",
            "place": "新宿",
            "starts_at": f"{next_year}-12-20T19:00",
            "deadline": f"{next_year}-12-10T23:00",
            "capacity": "2",
        },
    )
    event = Topic.objects.get()
    assert response.status_code == 302
    # Asia/Tokyo, the member's time zone by default.
    assert event.starts_at == datetime(next_year, 12, 20, 10, 0, tzinfo=UTC)
    assert event.deadline == datetime(next_year, 12, 10, 14, 0, tzinfo=UTC)
    assert event.capacity == 2
    page = html(as_member(member).get(f"/topics/{event.pk}/"))
    assert 'data-sign-up="open"' in page and 'data-action="join-event"' in page
    response = as_member(member).post(f"/events/{event.pk}/join/")
    assert response.status_code == 302
    page = html(as_member(member).get(f"/topics/{event.pk}/"))
    assert 'data-sign-up="joined"' in page and 'data-action="leave-event"' in page
    assert 'data-participants="2"' in page
    assert "忘年会" in html(as_member(member).get(f"/communities/{community.pk}/events/"))
    participants = html(as_member(member).get(f"/events/{event.pk}/participants/"))
    assert member.nickname in participants and admin.nickname in participants
    as_member(member).post(f"/events/{event.pk}/leave/")
    assert not Participation.objects.filter(topic=event, member=member).exists()


def test_a_full_event_says_so(community: Community, member: Member, admin: Member, other: Member) -> None:
    join(other, community)
    event = an_event(admin, community, capacity=2)
    event_join(member=other, topic_id=event.pk)
    client = as_member(member)
    page = html(client.get(f"/topics/{event.pk}/"))
    assert 'data-sign-up="full"' in page and 'data-action="join-event"' not in page
    response = client.post(f"/events/{event.pk}/join/", follow=True)
    with translation.override(member.language):
        assert [str(message) for message in response.context["messages"]] == [gettext("This event is full.")]
    assert not Participation.objects.filter(topic=event, member=member).exists()


def test_a_closed_sign_up_says_so(community: Community, member: Member, admin: Member) -> None:
    event = an_event(admin, community, starts_at=timezone.now() + timedelta(hours=1))
    Topic.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(days=1, seconds=1))
    page = html(as_member(member).get(f"/topics/{event.pk}/"))
    assert 'data-sign-up="closed"' in page and 'data-action="join-event"' not in page


def test_comments_are_posted_numbered_and_deleted_from_the_page(
    community: Community, member: Member, admin: Member
) -> None:
    topic = a_topic(admin, community)
    client = as_member(member)
    response = client.post(f"/topics/{topic.pk}/comments/", {"body": "一番乗り"})
    assert response.status_code == 302 and response["Location"] == f"/topics/{topic.pk}/#comment-1"
    refused = client.post(f"/topics/{topic.pk}/comments/", {"body": ""})
    assert refused.status_code == 400
    comment = TopicComment.objects.get()
    as_member(admin).post(f"/topics/{topic.pk}/comments/{comment.pk}/delete/")
    page = html(client.get(f"/topics/{topic.pk}/"))
    assert 'data-number="1" data-state="deleted"' in page and "一番乗り" not in page


def test_non_members_read_public_topics_but_get_no_comment_form(
    community: Community, admin: Member, other: Member
) -> None:
    topic = a_topic(admin, community)
    page = html(as_member(other).get(f"/topics/{topic.pk}/"))
    assert 'data-form="comment"' not in page and 'data-comments="members-only"' in page
    as_member(other).post(f"/topics/{topic.pk}/comments/", {"body": "通りすがり"})
    assert not TopicComment.objects.exists()


def test_the_author_edits_while_a_member_and_only_the_author(
    community: Community, member: Member, admin: Member, other: Member
) -> None:
    join(other, community)
    topic = a_topic(member, community, photos=[jpeg()])
    client = as_member(member)
    assert client.get(f"/topics/{topic.pk}/edit/").status_code == 200
    response = client.post(f"/topics/{topic.pk}/edit/", {"title": "直した題", "body": "直した本文"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "直した題"
    photo = TopicPhoto.objects.get(topic=topic)
    client.post(f"/topics/{topic.pk}/photos/{photo.pk}/delete/")
    assert not TopicPhoto.objects.exists()
    assert as_member(other).get(f"/topics/{topic.pk}/edit/").status_code == 404
    assert as_member(admin).get(f"/topics/{topic.pk}/edit/").status_code == 404
    community_leave(member=member, community_id=community.pk)
    response = client.get(f"/topics/{topic.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == f"/topics/{topic.pk}/"
    assert 'data-action="edit-topic"' not in html(client.get(f"/topics/{topic.pk}/"))


def test_an_event_is_edited_with_its_details(community: Community, admin: Member) -> None:
    event = an_event(admin, community)
    client = as_member(admin)
    form = html(client.get(f"/topics/{event.pk}/edit/"))
    assert 'name="starts_at"' in form and 'type="datetime-local"' in form
    starts = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")  # type: ignore[arg-type]
    response = client.post(
        f"/topics/{event.pk}/edit/",
        {"title": "オフ会", "body": "場所が変わりました", "place": "吉祥寺", "starts_at": starts, "capacity": "8"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.place, event.capacity, event.deadline) == ("吉祥寺", 8, None)


def test_topics_are_deleted_by_the_author_or_admins_from_the_page(
    community: Community, member: Member, admin: Member, other: Member
) -> None:
    join(other, community)
    topic = a_topic(member, community)
    topic_comment_create(author=other, topic_id=topic.pk, body="返信")
    assert as_member(other).get(f"/topics/{topic.pk}/delete/").status_code == 404
    page = html(as_member(admin).get(f"/topics/{topic.pk}/"))
    assert 'data-action="delete-topic"' in page and 'data-action="delete-comment"' in page
    assert as_member(admin).get(f"/topics/{topic.pk}/delete/").status_code == 200
    response = as_member(admin).post(f"/topics/{topic.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/communities/{community.pk}/topics/"
    assert not Topic.objects.exists()


def test_the_community_page_fragment_lists_the_latest(community: Community, member: Member, admin: Member) -> None:
    a_topic(admin, community, title="最新の話題")
    an_event(admin, community, title="次のオフ会")
    page = html(as_member(member).get(f"/communities/{community.pk}/topics/latest/"))
    assert "最新の話題" in page and "次のオフ会" in page
