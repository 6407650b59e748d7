"""The benchmark data set (benchmarks/dataset.py), generated at its tiny size: rows as the services would write
them, the designated members and objects as the manifest promises, and visible to the viewers it names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from benchmarks.dataset import DESIGNATED_COMMENTS, DESIGNATED_TOPICS, FRIEND_LIMIT, SIZES, Manifest, generate
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Membership, Topic, TopicComment
from tsunagu.communities.search import communities_search, query_clean
from tsunagu.core import policy
from tsunagu.core.text import hashtags, plain_text_html
from tsunagu.diary.models import CommentedEntry, DiaryComment, DiaryEntry
from tsunagu.feed.timeline import timeline
from tsunagu.footprints.models import Footprint
from tsunagu.friends.models import Block, Friendship
from tsunagu.voice import selectors as voice_selectors
from tsunagu.voice.models import VoiceHashtag, VoicePost
from tsunagu.voice.services import LINKER


@pytest.fixture(scope="module")
def network(django_db_setup: None, django_db_blocker: Any) -> Iterator[Manifest]:
    """One tiny network for the whole module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate("tiny")
        transaction.set_rollback(True)


@pytest.fixture
def manifest(network: Manifest, db: None) -> Manifest:
    return network


def member(pk: int) -> Member:
    return Member.objects.get(pk=pk)


def test_counts_match_the_size(manifest: Manifest) -> None:
    """Every table got about what the size asks for, and the manifest counts what is there."""
    size = SIZES["tiny"]
    assert Member.objects.count() == size.members == manifest.counts["accounts_member"]
    assert VoicePost.objects.count() == size.voice_posts == manifest.counts["voice_voicepost"]
    assert DiaryEntry.objects.count() == size.diary_entries
    assert size.footprints * 0.9 < Footprint.objects.count() <= size.footprints
    assert Community.objects.count() == size.communities
    assert manifest.counts["friends_friendship"] == Friendship.objects.count()


def test_friendships_are_mutual_and_the_viewers_have_their_exact_counts(manifest: Manifest) -> None:
    """Both directions of every friendship are stored; viewer_300 has 300 friends, viewer_1000 as many as promised."""
    one_way = Friendship.objects.exclude(
        Exists(Friendship.objects.filter(member=OuterRef("friend"), friend=OuterRef("member")))
    )
    assert not one_way.exists()
    assert Friendship.objects.filter(member_id=manifest.viewer_300).count() == 300
    assert Friendship.objects.filter(member_id=manifest.viewer_1000).count() == manifest.viewer_1000_friends
    assert manifest.viewer_1000_friends == min(FRIEND_LIMIT, SIZES["tiny"].members - 1)
    most = Friendship.objects.values("member").annotate(n=Count("pk")).aggregate(top=Max("n"))["top"]
    assert most <= FRIEND_LIMIT
    blocks = Block.objects.values_list("blocker_id", "blocked_id")
    assert not Friendship.objects.filter(member_id__in=[a for a, _ in blocks], friend_id__in=[b for _, b in blocks])


def test_every_member_signs_in_with_the_manifest_password(manifest: Manifest) -> None:
    """One real Argon2 hash (the site's hasher) that needs no upgrade on log-in, so log-in can be measured."""
    hasher = Argon2PasswordHasher()
    stored = set(Member.objects.values_list("password", flat=True))
    assert len(stored) == 1
    (encoded,) = stored
    assert hasher.verify(manifest.password, encoded)
    assert not hasher.must_update(encoded)
    assert Member.objects.filter(email=manifest.login_emails[0]).exists()


def test_texts_are_rendered_as_the_services_render_them(manifest: Manifest) -> None:
    """Voice, diary and comment HTML is exactly what the renderer makes of the text."""
    for text, html in VoicePost.objects.values_list("text", "text_html"):
        assert html == plain_text_html(text, LINKER)
    for text, html in DiaryEntry.objects.values_list("body", "body_html")[:200]:
        assert html == plain_text_html(text)
    for text, html in DiaryComment.objects.values_list("body", "body_html")[:200]:
        assert html == plain_text_html(text)
    for text, html in TopicComment.objects.values_list("body", "body_html")[:200]:
        assert html == plain_text_html(text)


def test_hashtag_rows_are_the_posts_tags(manifest: Manifest) -> None:
    """Each post's VoiceHashtag rows are the tags of its text, in order, with the post's audience and time."""
    tags: dict[int, list[str]] = {}
    for post_id, name in VoiceHashtag.objects.order_by("pk").values_list("post_id", "hashtag__name"):
        tags.setdefault(post_id, []).append(name)
    for post_id, text in VoicePost.objects.values_list("pk", "text"):
        assert tags.get(post_id, []) == hashtags(text)
    assert not VoiceHashtag.objects.exclude(audience=F("post__audience")).exists()
    assert not VoiceHashtag.objects.exclude(created_at=F("post__created_at")).exists()


def test_trending_counts_what_the_posts_say(manifest: Manifest) -> None:
    """Trending (the voice selector) counts the tags of the last day's members and public posts."""
    viewer = member(manifest.viewer_300)
    since = timezone.now() - timedelta(hours=24)
    recent = VoicePost.objects.filter(created_at__gte=since, audience__in=["members", "public"])
    expected = Counter(tag for text in recent.values_list("text", flat=True) for tag in hashtags(text))
    assert expected
    assert dict(voice_selectors.trending(viewer=viewer, limit=1000)) == dict(expected)


def test_replies_follow_their_posts(manifest: Manifest) -> None:
    """A reply has its post's audience and author as root_author, its author may see the post; counts match."""
    replies = VoicePost.objects.filter(in_reply_to__isnull=False).select_related("in_reply_to__author", "author")
    assert replies.count() == manifest.counts["voice_replies"]
    assert not replies.exclude(audience=F("in_reply_to__audience")).exists()
    assert not replies.exclude(root_author=F("in_reply_to__author")).exists()
    for reply in replies[:100]:
        assert reply.in_reply_to is not None
        assert policy.can_view(reply.author, reply.in_reply_to)
    counted = VoicePost.objects.filter(in_reply_to__isnull=True).annotate(n=Count("replies"))
    assert not counted.exclude(reply_count=F("n")).exists()


def test_diary_comments_are_numbered_and_counted(manifest: Manifest) -> None:
    """Comments are numbered 1…n per entry; the entry's counters and the commenters' history agree."""
    entry = DiaryEntry.objects.get(pk=manifest.diary_entry)
    assert entry.audience == "friends"
    assert list(entry.comments.order_by("number").values_list("number", flat=True)) == list(
        range(1, DESIGNATED_COMMENTS + 1)
    )
    counted = DiaryEntry.objects.annotate(n=Count("comments"), top=Max("comments__number"))
    assert not counted.exclude(comment_count=F("n")).exists()
    assert not counted.filter(n__gt=0).exclude(last_comment_number=F("top")).exists()
    history = CommentedEntry.objects.filter(member_id=manifest.diary_viewer, entry=entry).get()
    assert (
        history.last_read_number
        == entry.comments.filter(author_id=manifest.diary_viewer).aggregate(top=Max("number"))["top"]
    )


def test_communities_keep_their_counts_and_one_admin(manifest: Manifest) -> None:
    """member_count is the active members, each community has one admin, topics' comment counters agree."""
    active = Membership.objects.filter(community=OuterRef("pk"), state="active")
    communities = Community.objects.annotate(
        active=Count("memberships", filter=Q(memberships__state="active")),
        admins=Count("memberships", filter=Q(memberships__role="admin", memberships__state="active")),
    )
    assert not communities.exclude(member_count=F("active")).exists()
    assert not communities.exclude(admins=1).exists()
    assert Community.objects.filter(Exists(active)).count() == Community.objects.count()
    topics = Topic.objects.annotate(n=Count("comments"))
    assert not topics.exclude(comment_count=F("n")).exists()
    assert Topic.objects.filter(community_id=manifest.community).count() >= DESIGNATED_TOPICS
    everyone = Community.objects.get(joined_by_everyone=True)
    assert everyone.member_count == Member.objects.count()


def test_search_finds_the_manifest_queries(manifest: Manifest) -> None:
    """Community search (the trigram path and the one-character path) finds communities for both queries."""
    for query in (manifest.search_query, manifest.search_query_short):
        found = communities_search(query=query_clean(query)).communities
        assert found
        assert all(query in c.name or query in c.description for c in found)


def test_the_named_viewers_see_the_benchmark_pages(manifest: Manifest) -> None:
    """Every page the benchmarks read answers 200 to the member the manifest names for it, with content in it."""
    client = Client()
    client.force_login(member(manifest.profile_visitor))
    owner = member(manifest.profile_owner)
    assert policy.relationship(member(manifest.profile_visitor), owner).is_friend
    page = client.get(reverse("profiles:detail", args=[owner.pk]))
    assert page.status_code == 200
    assert owner.nickname in page.content.decode()

    client.force_login(member(manifest.diary_viewer))
    entry = DiaryEntry.objects.get(pk=manifest.diary_entry)
    assert policy.can_view(member(manifest.diary_viewer), entry)
    page = client.get(reverse("diary:entry", args=[entry.pk]))
    assert page.status_code == 200
    assert entry.title in page.content.decode()

    viewer = member(manifest.viewer_300)
    client.force_login(viewer)
    tagged = voice_selectors.hashtag_page(viewer=viewer, tag=manifest.hashtag).items
    assert tagged
    page = client.get(reverse("voice:hashtag", args=[manifest.hashtag]))
    assert page.status_code == 200
    assert tagged[0].text_html in page.content.decode()
    feed = client.get("/api/v1/feed?limit=20")
    assert feed.status_code == 200
    assert len(feed.json()["items"]) == 20
    assert len(timeline().page(viewer, cursor=None, limit=20).items) == 20

    client.force_login(member(manifest.community_viewer))
    topics = client.get(reverse("communities:topic_list", args=[manifest.community]))
    assert topics.status_code == 200
    newest = Topic.objects.filter(community_id=manifest.community).order_by("-last_activity_at", "-pk").first()
    assert newest is not None and newest.title in topics.content.decode()
    search = client.get(reverse("community_search:search"), {"q": manifest.search_query})
    assert search.status_code == 200
    assert manifest.search_query in search.content.decode()


def test_every_reference_points_at_a_row(manifest: Manifest) -> None:
    """The foreign keys hold, checked by the database itself (the loader writes past its per-row checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # raises if a deferred check fails
        else:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []


def test_no_footprint_from_a_blocked_visitor(manifest: Manifest) -> None:
    """Blocked members leave no footprints on the member who blocked them."""
    blocked = Block.objects.filter(blocker=OuterRef("owner"), blocked=OuterRef("visitor"))
    assert Block.objects.exists()
    assert not Footprint.objects.filter(Exists(blocked)).exists()


def test_explain_measures_and_explains_every_hot_path(manifest: Manifest, monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks.explain runs each hot path as its named member, explains the slowest SELECTs and reports them."""
    from benchmarks import explain

    monkeypatch.setattr(explain, "RUNS", 1)
    paths = explain.hot_paths(manifest)
    results = [explain.measure(path, Client()) for path in paths]
    for result in results:
        assert result.queries > 0
        assert result.explained and all(e.plan for e in result.explained)
    text = explain.report(results, manifest, connection.vendor, before=results)
    for path in paths:
        assert path.name in text
