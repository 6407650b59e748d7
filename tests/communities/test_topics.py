"""Topic rules: who may start topics, numbered comments, bumping, deleting, editing only while a member, photos,
and the notifications of replies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from freezegun import freeze_time

from tests.communities.topic_helpers import (
    a_topic,
    an_event,
    ask_to_join,
    closed_community,
    community_of,
    join,
    jpeg,
    make_sub_admin,
)
from tests.conftest import PASSWORD
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_delete
from tsunagu.communities.models import Community, Topic, TopicComment, TopicPhoto
from tsunagu.communities.services import community_leave, member_remove
from tsunagu.communities.topic_selectors import topics_page
from tsunagu.communities.topic_services import (
    event_join,
    topic_comment_create,
    topic_comment_delete,
    topic_create,
    topic_delete,
    topic_photo_delete,
    topic_photos_add,
    topic_update,
)
from tsunagu.core.errors import Forbidden, Invalid, NotFound
from tsunagu.friends.services import block_create
from tsunagu.notifications.models import Notification, NotificationKind
from tsunagu.notifications.selectors import notifications_page
from tsunagu.notifications.services import notification_settings_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_member: Callable[..., Member]) -> Member:
    return make_member("管理人")


@pytest.fixture
def community(admin: Member) -> Community:
    return community_of(admin)


# --- who may start topics -------------------------------------------------------------------------


def test_members_start_topics_in_a_community_that_lets_them(
    community: Community, member: Member, other: Member
) -> None:
    join(member, community)
    topic = a_topic(member, community, title="はじめまして", body="よろしく")
    assert (topic.community_id, topic.author_id, topic.audience, topic.title) == (
        community.pk,
        member.pk,
        "community",
        "はじめまして",
    )
    with pytest.raises(Forbidden):
        a_topic(other, community)  # not a member


def test_only_admins_and_sub_admins_start_topics_where_the_community_says_so(
    admin: Member, member: Member, other: Member
) -> None:
    community = community_of(admin, topic_creation="admins")
    join(member, community)
    join(other, community)
    make_sub_admin(admin, other, community)
    with pytest.raises(Forbidden):
        a_topic(member, community)
    assert a_topic(admin, community).pk
    assert a_topic(other, community).pk


def test_a_pending_member_is_not_a_member(admin: Member, member: Member) -> None:
    community = closed_community(admin)
    ask_to_join(member, community)
    with pytest.raises(Forbidden):
        a_topic(member, community)


def test_a_topic_needs_a_title_and_a_body_and_stores_nothing_otherwise(community: Community, admin: Member) -> None:
    with pytest.raises(Invalid) as refused:
        topic_create(author=admin, community_id=community.pk, title=" ", body=42)
    assert set(refused.value.fields) == {"title", "body"}
    with pytest.raises(Invalid):
        topic_create(author=admin, community_id=community.pk, title="x" * 101, body="本文")
    assert not Topic.objects.exists()


def test_an_unknown_community_is_not_found(admin: Member) -> None:
    for community_id in (999_999, "abc", 2**70):
        with pytest.raises(NotFound):
            topic_create(author=admin, community_id=community_id, title="題", body="本文")


def test_a_topic_takes_up_to_three_photos(community: Community, admin: Member) -> None:
    topic = a_topic(admin, community, photos=[jpeg(), jpeg()])
    assert TopicPhoto.objects.filter(topic=topic, comment__isnull=True).count() == 2
    topic_photos_add(author=admin, topic_id=topic.pk, photos=[jpeg()])
    with pytest.raises(Invalid):
        topic_photos_add(author=admin, topic_id=topic.pk, photos=[jpeg()])
    with pytest.raises(Invalid):
        a_topic(admin, community, photos=[jpeg()] * 4)
    first = TopicPhoto.objects.filter(topic=topic).first()
    assert first is not None
    topic_photo_delete(author=admin, topic_id=topic.pk, photo_id=first.pk)
    assert TopicPhoto.objects.filter(topic=topic).count() == 2


# --- comments -------------------------------------------------------------------------------------


def test_comments_are_numbered_per_topic_and_deleted_ones_keep_their_number(
    community: Community, admin: Member, member: Member
) -> None:
    join(member, community)
    first, second = a_topic(admin, community), a_topic(admin, community)
    numbers = [topic_comment_create(author=member, topic_id=first.pk, body=f"{n}").number for n in range(3)]
    assert numbers == [1, 2, 3]
    assert topic_comment_create(author=admin, topic_id=second.pk, body="別").number == 1
    two = TopicComment.objects.get(topic=first, number=2)
    topic_comment_delete(member=member, topic_id=first.pk, comment_id=two.pk)
    assert topic_comment_create(author=member, topic_id=first.pk, body="次").number == 4
    two.refresh_from_db()
    assert (two.deleted_at is not None, two.body, two.author_id) == (True, "", None)
    first.refresh_from_db()
    assert (first.last_comment_number, first.comment_count) == (4, 3)


def test_only_active_members_comment(admin: Member, member: Member, other: Member) -> None:
    community = community_of(admin, join_policy="approval")  # topics public: everyone signed in reads them
    topic = a_topic(admin, community)
    ask_to_join(member, community)
    for outsider in (member, other):
        with pytest.raises(Forbidden):
            topic_comment_create(author=outsider, topic_id=topic.pk, body="こんにちは")
    with pytest.raises(Invalid):
        topic_comment_create(author=admin, topic_id=topic.pk, body="  ")
    assert not TopicComment.objects.exists()


def test_a_comment_bumps_its_topic_and_community_and_lists_follow_the_latest_activity(
    community: Community, admin: Member
) -> None:
    start = timezone.now()
    with freeze_time(start):
        old = a_topic(admin, community, title="古い")
    with freeze_time(start + timedelta(minutes=1)):
        new = a_topic(admin, community, title="新しい")
    order = [t.title for t in topics_page(viewer=admin, community=community, events=False).items]
    assert order == ["新しい", "古い"]
    with freeze_time(start + timedelta(minutes=2)):
        topic_comment_create(author=admin, topic_id=old.pk, body="上げ")
    old.refresh_from_db()
    community.refresh_from_db()
    assert old.last_activity_at == community.last_activity_at == start + timedelta(minutes=2)
    order = [t.title for t in topics_page(viewer=admin, community=community, events=False).items]
    assert order == ["古い", "新しい"]
    assert new.last_activity_at == start + timedelta(minutes=1)


def test_topic_lists_are_cursor_paginated_by_latest_activity(community: Community, admin: Member) -> None:
    start = timezone.now()
    for n in range(5):
        with freeze_time(start + timedelta(seconds=n)):
            a_topic(admin, community, title=f"題{n}")
    first = topics_page(viewer=admin, community=community, events=False, limit=2)
    second = topics_page(viewer=admin, community=community, events=False, cursor=first.next_cursor, limit=2)
    third = topics_page(viewer=admin, community=community, events=False, cursor=second.next_cursor, limit=2)
    assert [t.title for t in first.items + second.items + third.items] == [f"題{n}" for n in range(4, -1, -1)]
    assert third.next_cursor is None


def test_comments_are_deleted_by_their_author_or_the_admins_only(
    admin: Member, member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    community = community_of(admin)
    sub = make_member("副管理人")
    for someone in (member, other, sub):
        join(someone, community)
    make_sub_admin(admin, sub, community)
    topic = a_topic(member, community)
    comments = [topic_comment_create(author=other, topic_id=topic.pk, body=f"{n}") for n in range(3)]
    with pytest.raises(Forbidden):
        # Not the topic's author either: moderation is the admins'.
        topic_comment_delete(member=member, topic_id=topic.pk, comment_id=comments[0].pk)
    topic_comment_delete(member=other, topic_id=topic.pk, comment_id=comments[0].pk)
    topic_comment_delete(member=admin, topic_id=topic.pk, comment_id=comments[1].pk)
    topic_comment_delete(member=sub, topic_id=topic.pk, comment_id=comments[2].pk)
    assert TopicComment.objects.filter(topic=topic, deleted_at__isnull=True).count() == 0
    with pytest.raises(NotFound):
        topic_comment_delete(member=admin, topic_id=topic.pk, comment_id=comments[0].pk)  # already deleted


# --- deleting and editing topics ------------------------------------------------------------------


def test_topics_are_deleted_by_their_author_or_the_admins(
    django_capture_on_commit_callbacks: Callable[..., object],
    admin: Member,
    member: Member,
    other: Member,
    make_member: Callable[..., Member],
) -> None:
    community = community_of(admin)
    sub = make_member("副管理人")
    for someone in (member, other, sub):
        join(someone, community)
    make_sub_admin(admin, sub, community)
    topics = [a_topic(member, community, photos=[jpeg()]) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        comment = topic_comment_create(author=other, topic_id=topics[0].pk, body="返信")
    assert Notification.objects.filter(target_kind="topic_comment", target_id=comment.pk).exists()
    with pytest.raises(Forbidden):
        topic_delete(member=other, topic_id=topics[0].pk)
    topic_delete(member=member, topic_id=topics[0].pk)
    topic_delete(member=admin, topic_id=topics[1].pk)
    topic_delete(member=sub, topic_id=topics[2].pk)
    assert not Topic.objects.exists()
    assert not TopicComment.objects.exists()
    assert not Notification.objects.filter(target_kind="topic_comment").exists()


def test_edits_only_by_the_author_while_still_a_member(admin: Member, member: Member, other: Member) -> None:
    community = community_of(admin)
    join(member, community)
    join(other, community)
    topic = a_topic(member, community)
    updated = topic_update(author=member, topic_id=topic.pk, title="新しい題", body="直しました")
    assert (updated.title, updated.body) == ("新しい題", "直しました")
    with pytest.raises(NotFound):
        topic_update(author=other, topic_id=topic.pk, title="乗っ取り")
    with pytest.raises(NotFound):
        topic_update(author=admin, topic_id=topic.pk, title="管理人でも")
    with pytest.raises(Invalid):
        topic_update(author=member, topic_id=topic.pk, place="どこか")  # not an event
    community_leave(member=member, community_id=community.pk)
    with pytest.raises(Forbidden):
        topic_update(author=member, topic_id=topic.pk, title="退会後")
    with pytest.raises(Forbidden):
        topic_photos_add(author=member, topic_id=topic.pk, photos=[jpeg()])
    topic.refresh_from_db()
    assert topic.title == "新しい題"
    # The author may still delete what they wrote.
    topic_delete(member=member, topic_id=topic.pk)


def test_a_removed_member_can_no_longer_comment_or_edit(admin: Member, member: Member) -> None:
    community = community_of(admin)
    join(member, community)
    topic = a_topic(member, community)
    member_remove(moderator=admin, community_id=community.pk, member_id=member.pk)
    with pytest.raises(Forbidden):
        topic_comment_create(author=member, topic_id=topic.pk, body="まだいます")
    with pytest.raises(Forbidden):
        topic_update(author=member, topic_id=topic.pk, body="まだいます")


# --- notifications of replies ---------------------------------------------------------------------


def test_replies_notify_the_topic_author_and_earlier_commenters(
    django_capture_on_commit_callbacks: Callable[..., object],
    admin: Member,
    member: Member,
    other: Member,
    make_member: Callable[..., Member],
) -> None:
    community = community_of(admin)
    third = make_member("三人目")
    for someone in (member, other, third):
        join(someone, community)
    topic = a_topic(member, community, title="ラーメン")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        first = topic_comment_create(author=other, topic_id=topic.pk, body="行きたい")
        topic_comment_create(author=third, topic_id=topic.pk, body="私も")

    def told(recipient: Member) -> list[int]:
        return sorted(
            Notification.objects.filter(recipient=recipient, kind=NotificationKind.TOPIC_COMMENT).values_list(
                "target_id", flat=True
            )
        )

    assert len(told(member)) == 2
    assert told(other) == sorted(TopicComment.objects.filter(number=2).values_list("pk", flat=True))
    assert told(third) == []
    assert first.pk in told(member)
    page = notifications_page(recipient=member)
    assert "ラーメン" in page.items[0].text
    assert page.items[0].shown.url.endswith("#comment-2")


def test_reply_notifications_respect_blocks_both_ways_and_settings(
    django_capture_on_commit_callbacks: Callable[..., object],
    admin: Member,
    member: Member,
    other: Member,
    make_member: Callable[..., Member],
) -> None:
    community = community_of(admin)
    muted, blocker = make_member("通知オフ"), make_member("ブロックした人")
    for someone in (member, other, muted, blocker):
        join(someone, community)
    topic = a_topic(member, community)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        topic_comment_create(author=muted, topic_id=topic.pk, body="1")
        topic_comment_create(author=blocker, topic_id=topic.pk, body="2")
    notification_settings_update(member=muted, kinds={NotificationKind.TOPIC_COMMENT: False})
    block_create(blocker=blocker, blocked_id=other.pk)
    block_create(blocker=member, blocked_id=other.pk)  # the topic's author blocked the commenter too
    Notification.objects.all().delete()
    # `other` can no longer see `member`'s topic at all.
    with pytest.raises(NotFound):
        topic_comment_create(author=other, topic_id=topic.pk, body="3")
    other_topic = a_topic(admin, community)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        topic_comment_create(author=muted, topic_id=other_topic.pk, body="1")
        topic_comment_create(author=blocker, topic_id=other_topic.pk, body="2")
        topic_comment_create(author=other, topic_id=other_topic.pk, body="3")
    recipients = set(
        Notification.objects.filter(kind=NotificationKind.TOPIC_COMMENT).values_list("recipient_id", "actor_id")
    )
    # The admin hears of all three; nobody hears of `other` across the block; `muted` turned the kind off.
    assert recipients == {(admin.pk, muted.pk), (admin.pk, blocker.pk), (admin.pk, other.pk)}


def test_a_reply_notification_disappears_when_the_reader_loses_access(
    django_capture_on_commit_callbacks: Callable[..., object], admin: Member, member: Member, other: Member
) -> None:
    community = closed_community(admin)
    join(member, community)
    join(other, community)
    topic = a_topic(member, community)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        topic_comment_create(author=other, topic_id=topic.pk, body="返信")
        topic_comment_create(author=member, topic_id=topic.pk, body="ありがとう")
    assert len(notifications_page(recipient=other).items) == 1
    member_remove(moderator=admin, community_id=community.pk, member_id=other.pk)
    assert notifications_page(recipient=other).items == []


def test_deleting_an_account_erases_its_comments_and_topics_but_keeps_numbers(
    django_capture_on_commit_callbacks: Callable[..., object], admin: Member, member: Member, other: Member
) -> None:
    community = community_of(admin)
    join(member, community)
    join(other, community)
    others_topic = a_topic(admin, community)
    event = an_event(admin, community)
    event_join(member=member, topic_id=event.pk)
    topic_comment_create(author=other, topic_id=others_topic.pk, body="前")
    topic_comment_create(author=member, topic_id=others_topic.pk, body="消える言葉", photos=[jpeg()])
    own = a_topic(member, community, photos=[jpeg()])
    files = [name for photo in TopicPhoto.objects.all() for name in (photo.image, photo.thumbnail)]
    assert all(default_storage.exists(name) for name in files)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        member_delete(member=member, password=PASSWORD)
    gone = TopicComment.objects.get(topic=others_topic, number=2)
    assert (gone.body, gone.author_id, gone.deleted_at is not None) == ("", None, True)
    assert not Topic.objects.filter(pk=own.pk).exists()
    assert not TopicPhoto.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    event.refresh_from_db()
    assert event.participant_count == 1
