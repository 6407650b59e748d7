"""Pending is not membership, removal ends it, and the list of a member's communities follows its audience.

Community content is read through the policy (`Topic.shared`, audience `community`): a topic row made
directly here is checked with both faces, `policy.visible_to` and `policy.can_view`, for every standing a
viewer can have. The list of one's communities is checked on the profile, its page, its fragment and the API.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tests.communities.membership_helpers import joined, new_community, sub_admin
from tsunagu.accounts.models import Member
from tsunagu.communities import selectors
from tsunagu.communities.models import Community, Topic
from tsunagu.communities.services import community_join, community_leave, join_request_decline, member_remove
from tsunagu.core import policy
from tsunagu.friends.services import block_create, friend_group_create, friendship_create
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def topic_in(community: Community, author: Member) -> Topic:
    """A topic row made directly: topics have their own services; here only the policy is under test."""
    return Topic.objects.create(community=community, author=author, title="話題", body="本文", body_html="<p>本文</p>")


def sees(viewer: Member | AnonymousUser, topic: Topic) -> bool:
    """Whether the viewer sees the topic, asserting that the policy's two faces agree."""
    listed = policy.visible_to(viewer, Topic.objects.filter(pk=topic.pk)).exists()
    single = policy.can_view(viewer, Topic.objects.select_related("community", "author").get(pk=topic.pk))
    assert listed == single, (viewer, listed, single)
    return single


@pytest.fixture
def admin(make_member: MakeMember) -> Member:
    return make_member("管理人")


@pytest.mark.parametrize("topics_public", [False, True])
def test_who_reads_a_communitys_topics(admin: Member, make_member: MakeMember, topics_public: bool) -> None:
    community = new_community(admin, join_policy="approval", topics_public=topics_public)
    member, helper, pending, outsider, removed, barred = (make_member() for _ in range(6))
    joined(member, community)
    sub_admin(helper, community)
    community_join(member=pending, community_id=community.pk, message="入れてください")
    for someone in (removed, barred):
        joined(someone, community)
    member_remove(moderator=admin, community_id=community.pk, member_id=removed.pk)
    member_remove(moderator=admin, community_id=community.pk, member_id=barred.pk, bar=True)
    topic = topic_in(community, member)
    assert sees(admin, topic) and sees(helper, topic) and sees(member, topic)
    # A pending member sees exactly what a non-member sees; so do removed and barred members.
    for not_a_member in (pending, outsider, removed, barred):
        assert sees(not_a_member, topic) is topics_public
    assert not sees(AnonymousUser(), topic)


def test_a_declined_or_withdrawn_request_gives_nothing(admin: Member, make_member: MakeMember) -> None:
    community = new_community(admin, join_policy="approval", topics_public=False)
    declined, withdrawn = make_member(), make_member()
    topic = topic_in(community, admin)
    for someone in (declined, withdrawn):
        community_join(member=someone, community_id=community.pk)
    join_request_decline(moderator=admin, community_id=community.pk, member_id=declined.pk)
    community_leave(member=withdrawn, community_id=community.pk)
    assert not sees(declined, topic)
    assert not sees(withdrawn, topic)


def test_leaving_ends_reading_a_closed_community(admin: Member, member: Member) -> None:
    community = new_community(admin, topics_public=False)
    topic = topic_in(community, admin)
    joined(member, community)
    assert sees(member, topic)
    community_leave(member=member, community_id=community.pk)
    assert not sees(member, topic)


def test_the_community_itself_is_known_to_signed_in_members_only(admin: Member, member: Member) -> None:
    from django.http import Http404

    community = new_community(admin, topics_public=False, join_policy="approval")
    viewed = selectors.community_for_viewer(viewer=member, community_id=community.pk)
    assert viewed.community == community and viewed.state is None and not viewed.can_read_topics
    with pytest.raises(Http404):
        selectors.community_for_viewer(viewer=AnonymousUser(), community_id=community.pk)
    with pytest.raises(Http404):
        selectors.community_for_viewer(viewer=member, community_id=community.pk + 1000)


# --- the list of a member's communities ---------------------------------------------------------------


@pytest.fixture
def world(make_member: MakeMember) -> dict[str, Member]:
    """`owner` (in two communities) with a friend, a friend of that friend, a grouped friend, a stranger and a
    member the owner blocked."""
    people = {name: make_member(name) for name in ("owner", "friend", "fof", "grouped", "stranger", "blocked")}
    friendship_create(people["owner"], people["friend"])
    friendship_create(people["friend"], people["fof"])
    friendship_create(people["owner"], people["grouped"])
    block_create(blocker=people["owner"], blocked_id=people["blocked"].pk)
    admin = make_member("管理人")
    for name in ("料理部", "下北沢"):
        joined(people["owner"], new_community(admin, name=name))
    return people


def shown(client: Client, viewer: Member, owner: Member) -> dict[str, bool]:
    """Where the viewer finds the owner's communities: profile section, page, fragment, API."""
    client.force_login(viewer)
    profile = client.get(f"/members/{owner.pk}/").content.decode()
    page = client.get(f"/members/{owner.pk}/communities/")
    fragment = client.get(f"/members/{owner.pk}/communities/latest/")
    api = client.get(f"/api/v1/members/{owner.pk}/communities")
    assert page.status_code in (200, 404) and fragment.status_code in (200, 404) and api.status_code in (200, 404)
    result = {
        "profile": 'data-section="communities"' in profile,
        "page": page.status_code == 200 and "料理部" in page.content.decode(),
        "fragment": fragment.status_code == 200 and "下北沢" in fragment.content.decode(),
        "api": api.status_code == 200 and len(api.json()["items"]) == 2,
    }
    client.logout()
    return result


@pytest.mark.parametrize(
    ("audience", "allowed"),
    [
        ("members", {"owner", "friend", "fof", "grouped", "stranger"}),
        ("friends_of_friends", {"owner", "friend", "fof", "grouped"}),
        ("friends", {"owner", "friend", "grouped"}),
        ("friend_group", {"owner", "grouped"}),
        ("only_me", {"owner"}),
    ],
)
def test_the_list_follows_its_audience_everywhere(
    client: Client, world: dict[str, Member], audience: str, allowed: set[str]
) -> None:
    owner = world["owner"]
    change: dict[str, object] = {"audience": audience}
    if audience == "friend_group":
        change["friend_group"] = friend_group_create(owner=owner, name="仲良し", members=[world["grouped"].pk]).pk
    profile_update(member=owner, communities=change)
    owner = Member.objects.select_related("profile").get(pk=owner.pk)
    for name, viewer in world.items():
        expected = name in allowed
        assert shown(client, viewer, owner) == dict.fromkeys(["profile", "page", "fragment", "api"], expected), name
        profile = Profile.objects.get(member=owner)
        listed = selectors.profiles_showing_communities(viewer).filter(pk=profile.pk).exists()
        assert listed is selectors.can_see_communities(viewer, owner) is expected, name


def test_anonymous_visitors_never_see_the_list(client: Client, world: dict[str, Member], settings: object) -> None:
    from tsunagu.core.models import SiteSettings

    owner = world["owner"]
    profile_update(member=owner, communities={"audience": "public"})
    site = SiteSettings.load()
    site.web_public_allowed = True
    site.save()
    assert client.get(f"/members/{owner.pk}/communities/latest/").status_code == 404
    assert client.get(f"/api/v1/members/{owner.pk}/communities").status_code == 404
    assert client.get(f"/members/{owner.pk}/communities/").status_code == 302
    assert not selectors.can_see_communities(AnonymousUser(), owner)


def test_the_list_shows_only_active_memberships(client: Client, member: Member, make_member: MakeMember) -> None:
    admin = make_member()
    waiting = new_community(admin, name="承認待ち", join_policy="approval")
    community_join(member=member, community_id=waiting.pk)
    client.force_login(make_member())
    assert "承認待ち" not in client.get(f"/members/{member.pk}/communities/").content.decode()
    assert client.get(f"/api/v1/members/{member.pk}/communities").json()["items"] == []


def test_joining_is_not_announced_in_feeds(client: Client, admin: Member, member: Member, other: Member) -> None:
    """Friends see nothing of a join in their news feed, on the page or in the API."""
    friendship_create(member, other)
    community = new_community(admin, name="ひっそり")
    joined(member, community)
    client.force_login(other)
    assert client.get("/api/v1/feed").json()["items"] == []
    assert "ひっそり" not in client.get("/").content.decode()
