"""Exact query budgets of the community lists, pages and API (members, requests, topics, events, comments, search,
discovery, reports): the same with 2 rows of each as with 20."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest

from tests.api.helpers import png
from tests.budgets import FRAGMENT, FRAME, ROWS, TOKEN, Budget, World, measure
from tests.communities.membership_helpers import joined, new_community, sub_admin
from tests.communities.topic_helpers import a_topic, an_event, community_of, join, jpeg
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Category
from tsunagu.communities.moderation import MESSAGES_PER_DAY, community_message_send, report_create
from tsunagu.communities.services import community_join, join_request_decline, role_offer_make
from tsunagu.communities.topic_services import event_join, topic_comment_create
from tsunagu.core.models import SiteSettings
from tsunagu.friends.services import friendship_create
from tsunagu.profiles.services import avatar_set
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]

# --- communities and their members ------------------------------------------------------------------------------

MEMBERS = lambda n: 3 * n + 2  # noqa: E731  (the admin, the viewer, n members, n sub-admins, n offered a role)
MINE = lambda n: min(2 * n + 1, 20)  # noqa: E731  (the community, n others, n requests waiting; a page of 20)

COMMUNITY_BUDGETS = {
    # the community with the viewer's standing, the topic and event counts, the admins
    "communities:detail": Budget("/communities/{c}/", FRAME + 3, marker='data-role="sub_admin"'),
    # the community with the viewer's standing, the page of members with profiles
    "communities:members": Budget(
        "/communities/{c}/members/", FRAME + 2, lambda n: min(MEMBERS(n), 30), "<li data-member="
    ),
    # the community with the viewer's standing, requests, bars and offers with members and profiles
    "communities:manage": Budget(
        "/communities/{c}/manage/", FRAME + 4, lambda n: 3 * n, "<li data-member=", viewer="owner"
    ),
    # the page of memberships with communities and categories
    "communities:mine": Budget("/communities/mine/", FRAME + 1, MINE, "<li data-community=", viewer="owner"),
    # the member with profile, relationship, the page of memberships with communities and categories
    "communities:member": Budget(
        "/members/{owner}/communities/", FRAME + 3, lambda n: min(n + 1, 20), "<li data-community="
    ),
    "communities:member_latest": Budget(
        "/members/{owner}/communities/latest/", FRAGMENT + 3, lambda n: min(n + 1, 10), "<li data-community="
    ),
    # the community with the viewer's standing, the admins
    "GET /api/v1/communities/{community_id}": Budget("/api/v1/communities/{c}", TOKEN + 2, key="sub_admins"),
    # the community with the viewer's standing, the page of members with profiles
    "GET /api/v1/communities/{community_id}/members": Budget(
        "/api/v1/communities/{c}/members?limit=100", TOKEN + 2, MEMBERS
    ),
    # the community with the moderator's standing, the page of requests (bars, offers) with members and profiles
    "GET /api/v1/communities/{community_id}/requests": Budget(
        "/api/v1/communities/{c}/requests?limit=100", TOKEN + 2, viewer="owner"
    ),
    "GET /api/v1/communities/{community_id}/bars": Budget(
        "/api/v1/communities/{c}/bars?limit=100", TOKEN + 2, viewer="owner"
    ),
    "GET /api/v1/communities/{community_id}/offers": Budget(
        "/api/v1/communities/{c}/offers", TOKEN + 2, viewer="owner"
    ),
    # the page of memberships with communities and categories
    "GET /api/v1/me/communities": Budget(
        "/api/v1/me/communities?limit=100", TOKEN + 1, lambda n: 2 * n + 1, viewer="owner"
    ),
    # the member with profile, relationship, the page
    "GET /api/v1/members/{member_id}/communities": Budget(
        "/api/v1/members/{owner}/communities?limit=100", TOKEN + 3, lambda n: n + 1
    ),
    # the offers with communities
    "GET /api/v1/me/community-offers": Budget("/api/v1/me/community-offers", TOKEN + 1, viewer="owner"),
    # the requests with communities
    "GET /api/v1/me/community-requests": Budget("/api/v1/me/community-requests", TOKEN + 1, viewer="owner"),
}


def build_community(make_member: MakeMember, n: int) -> World:
    """`owner` runs a community (approval needed) with n members, n sub-admins, n members offered the role, n
    requests waiting and n barred, all with avatars; `owner` is in n other communities (each offering them a role,
    each in a category) and waits on n requests; `viewer`, a friend of `owner`, is a member."""
    owner, viewer = make_member("管理人"), make_member("見る人")
    friendship_create(owner, viewer)
    community = new_community(owner, name="大きなコミュ", join_policy="approval")
    joined(viewer, community)

    def person(name: str) -> Member:
        somebody = make_member(name)
        avatar_set(member=somebody, data=png((8, 8)))
        return somebody

    for i in range(n):
        joined(person(f"メンバー{i}"), community)
        sub_admin(person(f"副管理人{i}"), community)
        offered = person(f"候補{i}")
        joined(offered, community)
        role_offer_make(admin=owner, community_id=community.pk, member_id=offered.pk, role="sub_admin")
        community_join(member=person(f"申請{i}"), community_id=community.pk, message="よろしく")
        barred = person(f"拒否{i}")
        community_join(member=barred, community_id=community.pk)
        join_request_decline(moderator=owner, community_id=community.pk, member_id=barred.pk, bar=True)
        category = Category.objects.create(name_ja=f"分類{i}", name_en=f"Category {i}", position=i)
        other_admin = make_member()
        others = new_community(other_admin, name=f"ほかのコミュ{i}", category=category.pk)
        joined(owner, others)
        role_offer_make(admin=other_admin, community_id=others.pk, member_id=owner.pk, role="sub_admin")
        closed = new_community(make_member(), name=f"承認制{i}", join_policy="approval")
        community_join(member=owner, community_id=closed.pk, message="入れてください")
    SiteSettings.load()  # cached after the first request of a process
    return World({"owner": owner, "viewer": viewer}, {"c": community.pk, "owner": owner.pk})


@pytest.mark.parametrize("rows", ROWS)
def test_community_lists(rows: int, make_member: MakeMember) -> None:
    measure(build_community(make_member, rows), COMMUNITY_BUDGETS, rows)


# --- topics and events ---------------------------------------------------------------------------------------------

EVENTS = lambda n: n + 1  # noqa: E731  (n events and the discussion)
EVENT_PAGE = lambda n: min(n + 1, 20)  # noqa: E731

TOPIC_BUDGETS = {
    # the community, the viewer's membership, the page of topics (or events) with authors
    "communities:topic_list": Budget("/communities/{c}/topics/", FRAME + 3, marker="<li data-topic="),
    "communities:event_list": Budget("/communities/{c}/events/", FRAME + 3, EVENT_PAGE, "<li data-topic="),
    # the community, the latest topics and the latest events (the viewer's standing read with the community)
    "communities:topics_latest": Budget(
        "/communities/{c}/topics/latest/", FRAGMENT + 3, lambda n: min(n, 5) + min(n + 1, 5), "<li data-topic="
    ),
    # the event with author, profile and community, its photos; relationship; membership; whether the viewer is
    # going; the comments with authors, their photos; イイネ! counts and the viewer's own, for the comments and for
    # the event
    "communities:topic": Budget("/topics/{talk}/", FRAME + 11, lambda n: n + 1, 'data-state="shown"'),
    # the event with its photos, relationship, membership, the page of participants with profiles
    "communities:event_participants": Budget(
        "/events/{talk}/participants/", FRAME + 5, lambda n: min(n + 1, 20), "<li data-member="
    ),
    # the community, membership, the page, photos, イイネ! counts and the viewer's
    "GET /api/v1/communities/{community_id}/topics": Budget("/api/v1/communities/{c}/topics?limit=100", TOKEN + 6),
    # and the viewer's own sign-ups
    "GET /api/v1/communities/{community_id}/events": Budget(
        "/api/v1/communities/{c}/events?limit=100", TOKEN + 7, EVENTS
    ),
    # the topic with its photos, relationship, membership, the comments with their photos, イイネ! counts and the
    # viewer's
    "GET /api/v1/topics/{topic_id}/comments": Budget("/api/v1/topics/{talk}/comments", TOKEN + 8, lambda n: n + 1),
    "GET /api/v1/events/{topic_id}/participants": Budget(
        "/api/v1/events/{talk}/participants?limit=100", TOKEN + 5, lambda n: n + 1
    ),
    # the topic with its photos, relationship, membership, the page of reactors with profiles, the count and the
    # viewer's
    "GET /api/v1/topics/{topic_id}/iine": Budget("/api/v1/topics/{talk}/iine", TOKEN + 7),
    # the comment's topic, then as above with the comment and its photos
    "GET /api/v1/topics/{topic_id}/comments/{comment_id}/iine": Budget(
        "/api/v1/topics/{talk}/comments/{first}/iine", TOKEN + 10
    ),
}


def build_topics(make_member: MakeMember, n: int) -> World:
    """In an open community `viewer` belongs to: n topics and n events by n members, each with a photo and a
    comment, each event joined; and a discussion (an event with two photos, joined by its organiser) with n
    comments by n members, each with a photo and the organiser's イイネ!, each going, each saying イイネ! to the event
    and to its first comment."""
    admin, viewer = make_member("管理人"), make_member("見る人")
    community = community_of(admin)
    join(viewer, community)
    talk = an_event(admin, community, title="話し合い", photos=[jpeg(), jpeg()])
    event_join(member=admin, topic_id=talk.pk)
    first = topic_comment_create(author=admin, topic_id=talk.pk, body="はじめに")
    for i in range(n):
        author = make_member(f"投稿者{i}")
        join(author, community)
        topic = a_topic(author, community, title=f"話題{i}", photos=[jpeg()])
        topic_comment_create(author=author, topic_id=topic.pk, body="自分で上げ")
        event = an_event(author, community, title=f"イベント{i}", capacity=50)
        event_join(member=author, topic_id=event.pk)
        commenter = make_member(f"コメント{i}")
        join(commenter, community)
        event_join(member=commenter, topic_id=talk.pk)
        comment = topic_comment_create(author=commenter, topic_id=talk.pk, body=f"{i}番目", photos=[jpeg()])
        iine_add(member=admin, kind="topic_comment", item_id=comment.pk)
        iine_add(member=commenter, kind="topic", item_id=talk.pk)
        iine_add(member=commenter, kind="topic_comment", item_id=first.pk)
    SiteSettings.load()  # cached after the first request of a process
    return World({"viewer": viewer}, {"c": community.pk, "talk": talk.pk, "first": first.pk})


@pytest.mark.parametrize("rows", ROWS)
def test_topic_lists(rows: int, make_member: MakeMember) -> None:
    measure(build_topics(make_member, rows), TOPIC_BUDGETS, rows)


# --- finding communities ---------------------------------------------------------------------------------------------

FOUND = quote("会")

DISCOVERY_BUDGETS = {
    # the categories (for the form), the page of communities with categories
    "community_search:search": Budget(f"/communities/search/?q={FOUND}", FRAME + 2, marker="<li data-community="),
    # the categories with counts; the communities friends joined, the friends named
    "community_search:discover": Budget("/communities/discover/", FRAME + 3, lambda n: n + min(n, 10), "<li data-"),
    "GET /api/v1/communities": Budget(f"/api/v1/communities?q={FOUND}&limit=50", TOKEN + 1),
    "GET /api/v1/community-categories": Budget("/api/v1/community-categories", TOKEN + 1),
    "GET /api/v1/me/community-suggestions": Budget("/api/v1/me/community-suggestions", TOKEN + 2, lambda n: min(n, 10)),
}


def build_discovery(make_member: MakeMember, n: int) -> World:
    """n categories, each with a community 会<i>, which a friend of `viewer` (with an avatar) joined."""
    viewer, founder = make_member("探す人"), make_member("創設者")
    for i in range(n):
        category = Category.objects.create(name_ja=f"分類{i}", name_en=f"Category {i}", position=i)
        friend = make_member(f"友達{i}")
        avatar_set(member=friend, data=png((8, 8)))
        friendship_create(viewer, friend)
        join(friend, community_of(founder, name=f"会{i}", category=category.pk))
    SiteSettings.load()  # cached after the first request of a process
    return World({"viewer": viewer})


@pytest.mark.parametrize("rows", ROWS)
def test_discovery_lists(rows: int, make_member: MakeMember) -> None:
    measure(build_discovery(make_member, rows), DISCOVERY_BUDGETS, rows)


# --- moderation ---------------------------------------------------------------------------------------------------------

MODERATION_BUDGETS = {
    # the community with the admin's standing, the page of reports with topics, comments and their readability
    "community_moderation:reports": Budget(
        "/communities/{c}/reports/", FRAME + 4, marker="<li data-report=", viewer="admin"
    ),
    # the community with the admin's standing, the messages of the last 24 hours (MESSAGES_PER_DAY at most)
    "community_moderation:message": Budget(
        "/communities/{c}/message/",
        FRAME + 2,
        lambda n: min(n, MESSAGES_PER_DAY),
        "<li data-community-message=",
        viewer="admin",
    ),
    "GET /api/v1/communities/{community_id}/reports": Budget(
        "/api/v1/communities/{c}/reports?limit=100", TOKEN + 4, viewer="admin"
    ),
}


def build_moderation(make_member: MakeMember, n: int) -> World:
    """n members each reported a comment of another member on a topic; the admin wrote to all members up to the
    day's limit."""
    admin = make_member("管理人")
    community = community_of(admin)
    topic = a_topic(admin, community, title="問題のトピック")
    for i in range(n):
        reporter, author = make_member(f"通報者{i}"), make_member(f"書いた人{i}")
        join(reporter, community)
        join(author, community)
        comment = topic_comment_create(author=author, topic_id=topic.pk, body=f"コメント{i}")
        report_create(reporter=reporter, topic_id=topic.pk, comment_id=comment.pk, reason="ひどい書き込み")
    for i in range(min(n, MESSAGES_PER_DAY)):
        community_message_send(sender=admin, community_id=community.pk, subject=f"お知らせ{i}", body="本文")
    SiteSettings.load()  # cached after the first request of a process
    return World({"admin": admin}, {"c": community.pk})


@pytest.mark.parametrize("rows", ROWS)
def test_moderation_lists(rows: int, make_member: MakeMember) -> None:
    measure(build_moderation(make_member, rows), MODERATION_BUDGETS, rows)
