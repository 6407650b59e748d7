"""Messages to all members (一斉メッセージ): sent by the admin or a sub-admin, delivered once by a task as a
message to each active member except across blocks (a member's "friends only" setting does not stop it), at
most three a community in 24 hours; the page and `POST /api/v1/communities/{id}/message`. And the per-community
news feed switch, page and API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from freezegun import freeze_time

from tests.api.helpers import assert_error
from tests.communities.topic_helpers import ask_to_join, closed_community, community_of, join, make_sub_admin
from tests.friends.api.helpers import api
from tests.friends.test_pages import as_member, html
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, CommunityMessage, Membership
from tsunagu.communities.moderation import community_message_deliver, community_message_send
from tsunagu.core.errors import Forbidden, Invalid, NotFound, TooManyRequests
from tsunagu.friends.services import block_create
from tsunagu.messaging.models import Message
from tsunagu.messaging.services import message_settings_update
from tsunagu.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_member: Callable[..., Member]) -> Member:
    return make_member("管理人")


@pytest.fixture
def community(admin: Member) -> Community:
    return community_of(admin, name="北海道ラーメン")


@pytest.fixture
def members(community: Community, make_member: Callable[..., Member]) -> list[Member]:
    joined = [make_member(f"メンバー{i}") for i in range(3)]
    for someone in joined:
        join(someone, community)
    return joined


def send(sender: Member, community: Community, subject: str = "オフ会のお知らせ", body: str = "来週です") -> Any:
    return community_message_send(sender=sender, community_id=community.pk, subject=subject, body=body)


def recipients(subject_part: str = "オフ会") -> set[int]:
    return set(Message.objects.filter(subject__contains=subject_part).values_list("recipient_id", flat=True))


def test_every_active_member_gets_it_with_the_communitys_name_in_front(
    admin: Member,
    community: Community,
    members: list[Member],
    make_member: Callable[..., Member],
    django_capture_on_commit_callbacks: Any,
) -> None:
    waiting = make_member("承認待ち")
    closed = closed_community(admin, name="別の会")
    ask_to_join(waiting, closed)
    join(waiting, community)  # a member here
    other_pending = make_member("別の承認待ち")
    ask_to_join(other_pending, closed)
    with django_capture_on_commit_callbacks(execute=True):
        message = send(admin, community)
    message.refresh_from_db()
    assert message.delivered_at is not None and message.recipient_count == 4
    assert recipients() == {m.pk for m in members} | {waiting.pk}
    sent = Message.objects.filter(recipient=members[0]).get()
    assert (sent.sender_id, sent.subject, sent.body) == (admin.pk, "【北海道ラーメン】オフ会のお知らせ", "来週です")
    assert Notification.objects.filter(recipient=members[0], kind=NotificationKind.MESSAGE, target_id=sent.pk).exists()


def test_pending_members_get_nothing(
    admin: Member, make_member: Callable[..., Member], django_capture_on_commit_callbacks: Any
) -> None:
    closed = closed_community(admin)
    waiting = make_member("承認待ち")
    ask_to_join(waiting, closed)
    with django_capture_on_commit_callbacks(execute=True):
        send(admin, closed)
    assert recipients() == set()


def test_sub_admins_may_send_members_may_not(
    admin: Member, community: Community, members: list[Member], other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    make_sub_admin(admin, members[0], community)
    with django_capture_on_commit_callbacks(execute=True):
        send(members[0], community)
    assert recipients() == {admin.pk, members[1].pk, members[2].pk}
    for refused in (members[1], other):
        with pytest.raises(Forbidden):
            send(refused, community, subject="勝手に")
    with pytest.raises(NotFound):
        community_message_send(sender=admin, community_id=999_999, subject="件名", body="本文")
    assert CommunityMessage.objects.count() == 1


def test_blocks_either_way_stop_it_friends_only_does_not(
    admin: Member, community: Community, members: list[Member], django_capture_on_commit_callbacks: Any
) -> None:
    blocker, blocked, friends_only = members
    block_create(blocker=blocker, blocked_id=admin.pk)
    block_create(blocker=admin, blocked_id=blocked.pk)
    message_settings_update(member=friends_only, accept_from="friends")
    with django_capture_on_commit_callbacks(execute=True):
        message = send(admin, community)
    assert recipients() == {friends_only.pk}
    message.refresh_from_db()
    assert message.recipient_count == 1


def test_three_a_day_per_community_whoever_sends(
    admin: Member, community: Community, members: list[Member], django_capture_on_commit_callbacks: Any
) -> None:
    make_sub_admin(admin, members[0], community)
    with freeze_time("2026-05-01 09:00"):
        send(admin, community, subject="一通目")
    with freeze_time("2026-05-01 12:00"):
        send(members[0], community, subject="二通目")
        send(admin, community, subject="三通目")
        with pytest.raises(TooManyRequests) as error:
            send(members[0], community, subject="四通目")
    assert "3" in error.value.message
    assert CommunityMessage.objects.count() == 3
    with freeze_time("2026-05-02 09:00:01"):
        send(admin, community, subject="翌日")
    other_community = community_of(admin, name="別のコミュニティ")
    with freeze_time("2026-05-01 12:30"):
        send(admin, other_community, subject="別の会は別枠")
    assert CommunityMessage.objects.count() == 5


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [("", "本文", "subject"), ("件名", "", "body"), ("あ" * 92, "本文", "subject"), (None, "本文", "subject")],
)
def test_subject_and_body_are_checked(admin: Member, community: Community, subject: Any, body: Any, field: str) -> None:
    """The subject leaves room for the community's name in 【】 (here 7 + 2 characters of 100)."""
    with pytest.raises(Invalid) as error:
        send(admin, community, subject=subject, body=body)
    assert field in error.value.fields
    assert send(admin, community, subject="あ" * 91).subject == "あ" * 91


def test_delivery_happens_once(
    admin: Member, community: Community, members: list[Member], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send(admin, community)
    assert community_message_deliver(community_message_id=message.pk) == 0
    assert Message.objects.count() == 3


def test_the_page(
    admin: Member, community: Community, members: list[Member], django_capture_on_commit_callbacks: Any
) -> None:
    client = as_member(admin)
    page = html(client.get(f"/communities/{community.pk}/message/"))
    assert 'data-left="3"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/communities/{community.pk}/message/", {"subject": "オフ会", "body": "来てね"})
    assert response.status_code == 302
    assert recipients() == {m.pk for m in members}
    page = html(client.get(f"/communities/{community.pk}/message/"))
    assert 'data-left="2"' in page and "オフ会" in page
    assert as_member(members[0]).get(f"/communities/{community.pk}/message/").status_code == 404


def test_the_page_shows_the_limit(admin: Member, community: Community) -> None:
    for i in range(3):
        send(admin, community, subject=f"お知らせ{i}")
    response = as_member(admin).post(f"/communities/{community.pk}/message/", {"subject": "四通目", "body": "本文"})
    assert response.status_code == 400
    assert "24" in html(response)


def test_the_api(
    client: Client, admin: Member, community: Community, members: list[Member], django_capture_on_commit_callbacks: Any
) -> None:
    path = f"/communities/{community.pk}/message"
    with django_capture_on_commit_callbacks(execute=True):
        response = api(client, "post", path, admin, {"subject": "オフ会", "body": "来てね"})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["subject"] == "オフ会" and body["delivered"] is False and body["recipient_count"] == 0
    assert recipients() == {m.pk for m in members}
    assert_error(api(client, "post", path, members[0], {"subject": "件名", "body": "本文"}), 403, "forbidden")
    assert_error(api(client, "post", path, admin, {"subject": "件名"}), 422, "invalid")
    api(client, "post", path, admin, {"subject": "2", "body": "本文"})
    api(client, "post", path, admin, {"subject": "3", "body": "本文"})
    assert_error(api(client, "post", path, admin, {"subject": "4", "body": "本文"}), 429, "too_many_requests")
    assert_error(api(client, "post", path, None, {"subject": "件名", "body": "本文"}), 401)


# --- the news feed switch -----------------------------------------------------------------------------------


def test_the_switch_page(admin: Member, community: Community, members: list[Member], other: Member) -> None:
    client = as_member(members[0])
    page = html(client.get(f"/communities/{community.pk}/feed/"))
    assert 'data-in-feed="1"' in page
    response = client.post(f"/communities/{community.pk}/feed/", {"in_feed": "0", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == f"/communities/{community.pk}/feed/"
    assert not Membership.objects.get(community=community, member=members[0]).in_feed
    assert 'data-in-feed="0"' in html(client.get(f"/communities/{community.pk}/feed/"))
    assert as_member(other).get(f"/communities/{community.pk}/feed/").status_code == 404


def test_the_switch_in_the_api(client: Client, community: Community, members: list[Member], other: Member) -> None:
    path = f"/communities/{community.pk}/feed"
    body = api(client, "post", path, members[0], {"in_feed": False}).json()
    assert body == {"community_id": community.pk, "in_feed": False}
    assert api(client, "post", path, members[0], {"in_feed": True}).json()["in_feed"] is True
    assert_error(api(client, "post", path, members[0], {"in_feed": "yes"}), 422, "invalid")
    assert_error(api(client, "post", path, other, {"in_feed": False}), 404)


def test_switching_is_for_active_members_only(admin: Member, make_member: Callable[..., Member]) -> None:
    closed = closed_community(admin)
    waiting = make_member("承認待ち")
    ask_to_join(waiting, closed)
    assert as_member(waiting).post(f"/communities/{closed.pk}/feed/", {"in_feed": "0"}).status_code == 404
    assert Membership.objects.get(community=closed, member=waiting).in_feed
