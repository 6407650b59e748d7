"""Writers tell the timeline store of every new and deleted feed item, and of every change to what a member
reads, after commit (what a fan-out store needs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tsunagu.diary.services import diary_entry_create, diary_entry_delete
from tsunagu.feed.timeline import STORES, DatabaseTimeline, timeline
from tsunagu.voice.services import voice_post_create, voice_post_delete

pytestmark = pytest.mark.django_db


class RecordingTimeline(DatabaseTimeline):
    """The database store that also writes down what it was told."""

    told: list[tuple[str, str, int]] = []

    def item_added(self, type_: str, item: Any) -> None:
        self.told.append(("added", type_, item.pk))

    def item_removed(self, type_: str, item_id: Any) -> None:
        self.told.append(("removed", type_, item_id))

    def reader_changed(self, member_id: Any) -> None:
        self.told.append(("reader", "", member_id))


@pytest.fixture
def told(settings: Any) -> Iterator[list[tuple[str, str, int]]]:
    STORES["recording"] = f"{__name__}.RecordingTimeline"
    settings.TIMELINE_STORE = "recording"
    timeline.cache_clear()
    RecordingTimeline.told = []
    yield RecordingTimeline.told
    del STORES["recording"]
    timeline.cache_clear()


def test_diary_entries_are_announced_after_commit(member, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = diary_entry_create(author=member, title="秋", body="紅葉がきれい")
    assert told == []  # nothing before the commit
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        diary_entry_delete(author=member, entry_id=entry.pk)
    assert [t for t in told if t[1] == "diary_entry"] == [
        ("added", "diary_entry", entry.pk),
        ("removed", "diary_entry", entry.pk),
    ]


def test_voice_posts_are_announced_and_replies_are_not(member, other, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = voice_post_create(author=member, text="こんにちは", audience="members")
        reply = voice_post_create(author=other, text="どうも", in_reply_to=post.pk)
        voice_post_delete(member=other, post_id=reply.pk)
        voice_post_delete(member=member, post_id=post.pk)
    assert told == [("added", "voice", post.pk), ("removed", "voice", post.pk)]


def test_a_refused_post_announces_nothing(member, told, django_capture_on_commit_callbacks):
    from tsunagu.core.errors import Invalid

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Invalid):
        voice_post_create(author=member, text="あ" * 151)
    assert told == []


def test_community_topics_are_announced_after_commit(member, told, django_capture_on_commit_callbacks):
    from tsunagu.communities.services import community_create
    from tsunagu.communities.topic_services import topic_create, topic_delete

    with django_capture_on_commit_callbacks(execute=True):
        community = community_create(
            creator=member,
            name="下北沢ご近所",
            description="下北沢の近所の集まりです。",
            join_policy="open",
            topics_public=True,
            topic_creation="members",
        )
        topic = topic_create(author=member, community_id=community.pk, title="お花見", body="いつにしましょう")
        topic_delete(member=member, topic_id=topic.pk)
    assert told == [("added", "community_topic", topic.pk), ("removed", "community_topic", topic.pk)]


def test_an_audience_change_announces_the_entry_again(member, told, django_capture_on_commit_callbacks):
    """A wider audience must reach readers the entry was not fanned out to; other edits announce nothing."""
    from tsunagu.diary.services import diary_entry_update

    with django_capture_on_commit_callbacks(execute=True):
        entry = diary_entry_create(author=member, title="秋", body="紅葉", audience="only_me")
        diary_entry_update(author=member, entry_id=entry.pk, title="秋の日")
        diary_entry_update(author=member, entry_id=entry.pk, audience="friends")
    assert told == [("added", "diary_entry", entry.pk), ("added", "diary_entry", entry.pk)]


def test_a_new_friendship_changes_what_both_read(member, other, told, django_capture_on_commit_callbacks):
    from tsunagu.friends.services import friendship_create

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        friendship_create(member, other)
    assert told == []
    for callback in callbacks:
        callback()
    assert sorted(told) == sorted([("reader", "", member.pk), ("reader", "", other.pk)])


def test_joining_a_community_or_switching_its_feed_on_changes_what_one_reads(
    make_member, member, other, told, django_capture_on_commit_callbacks
):
    from tsunagu.communities.feed_source import in_feed_set
    from tsunagu.communities.services import community_create, community_join, join_request_approve

    third = make_member()
    with django_capture_on_commit_callbacks(execute=True):
        open_one = community_create(
            creator=member, name="朝活の会", description="朝の集まり", join_policy="open", topics_public=True
        )
        closed = community_create(
            creator=member, name="秘密の会", description="承認制", join_policy="approval", topics_public=False
        )
    told.clear()
    with django_capture_on_commit_callbacks(execute=True):
        community_join(member=other, community_id=open_one.pk)
        community_join(member=third, community_id=closed.pk)  # a request is not membership yet
    assert told == [("reader", "", other.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        join_request_approve(moderator=member, community_id=closed.pk, member_id=third.pk)
        in_feed_set(member=other, community_id=open_one.pk, in_feed=False)
        in_feed_set(member=other, community_id=open_one.pk, in_feed=True)
    assert told == [("reader", "", other.pk), ("reader", "", third.pk), ("reader", "", other.pk)]
