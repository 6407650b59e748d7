"""Exact query budgets of the news feed (the home page, its polling fragment and the API): the same with 2 friends'
posts, entries and topics as with 20."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db.models import F

from tests.api.helpers import png
from tests.budgets import FRAGMENT, FRAME, ROWS, TOKEN, Budget, World, measure
from tests.communities.topic_helpers import a_topic, community_of, join
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Topic
from tsunagu.core.models import SiteSettings
from tsunagu.diary.models import DiaryEntry
from tsunagu.diary.services import diary_comment_create, diary_entry_create
from tsunagu.feed.timeline import RECENT, feed_cursor_encode, timeline
from tsunagu.feed.views import NEWER_MOST
from tsunagu.friends.services import friendship_create
from tsunagu.profiles.services import avatar_set
from tsunagu.reactions.services import iine_add
from tsunagu.voice.models import VoicePost
from tsunagu.voice.services import voice_post_create

pytestmark = pytest.mark.django_db

ITEMS = lambda n: 3 * n  # noqa: E731  (a voice post, a diary entry and a community topic by each friend)
# What came after the 21st newest item (or the oldest): as many as one poll shows, NEWER_MOST (20).
NEWER = lambda n: min(3 * n - 1, NEWER_MOST)  # noqa: E731

BUDGETS = {
    # the friend groups for the audience picker, trending tags, the items of each source (diary entries, voice
    # posts, community topics) of the last days and then the older ones, diary and topic photos, イイネ! counts and
    # the viewer's for entries and for posts
    "core:home": Budget("/", FRAME + 14, lambda n: min(ITEMS(n), 20), 'data-feed-item="'),
    # as the page, without the navigation, the audience picker and trending
    "feed:newer": Budget("/feed/new/?since={since}", FRAGMENT + 9, NEWER, 'data-feed-item="'),
    # the items of each source (the last days', then the older ones), diary and topic photos, voice tags, イイネ!
    # counts and the viewer's for entries and for posts
    "GET /api/v1/feed": Budget("/api/v1/feed?limit=100", TOKEN + 13, ITEMS),
    "GET /api/v1/feed/new": Budget("/api/v1/feed/new?since={since}&limit=100", TOKEN + 10, NEWER),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """`viewer` has n friends (with avatars), each with a voice post with a photo, a diary entry with a photo and
    the viewer's comment, and a topic with a photo in a community the viewer is in; the viewer said イイネ! to each."""
    viewer = make_member("読む人")
    community = community_of(make_member("管理人"))
    join(viewer, community)
    friends = []
    for i in range(n):
        friend = make_member(f"友達{i}")
        friends.append(friend)
        avatar_set(member=friend, data=png((8, 8)))
        friendship_create(viewer, friend)
        join(friend, community)
        post = voice_post_create(author=friend, text=f"#元気 {i}", photo=png((8, 8)))
        iine_add(member=viewer, kind="voice", item_id=post.pk)
        entry = diary_entry_create(author=friend, title=f"日記{i}", body="本文", photos=[png((8, 8))])
        diary_comment_create(author=viewer, entry_id=entry.pk, body="コメント")
        iine_add(member=viewer, kind="diary_entry", item_id=entry.pk)
        topic = a_topic(friend, community, title=f"話題{i}", photos=[png((8, 8))])
        iine_add(member=viewer, kind="topic", item_id=topic.pk)
    # All but the first friend's items are older than the days a page is read from first (`timeline.RECENT`), so
    # that the database store reads every source twice, each time finding items: the most a page costs.
    older = RECENT + timedelta(days=1)
    for model in (DiaryEntry, VoicePost, Topic):
        model.objects.exclude(author=friends[0]).update(created_at=F("created_at") - older)
    SiteSettings.load()  # cached after the first request of a process
    since = timeline().page(viewer, cursor=None, limit=NEWER_MOST + 1).items[-1]
    return World({"viewer": viewer}, {"since": feed_cursor_encode(since.key)})


@pytest.mark.parametrize("rows", ROWS)
def test_feed_lists(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
