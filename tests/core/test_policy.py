"""The privacy policy (DESIGN.md §2), case by case; the random worlds are in test_policy_properties.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.errors import Conflict, Invalid
from tsunagu.core.models import SiteSettings
from tsunagu.core.services import site_settings_update
from tsunagu.friends.services import (
    block_create,
    block_remove,
    friend_group_create,
    friend_group_delete,
    friendship_create,
)
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db

SCHOOL = policy.Shared(owner="member", audience="school_audience", friend_group="school_friend_group")


def share(owner: Member, audience: str, group: int | None = None) -> Profile:
    """The owner shares their school with an audience (through the profile service)."""
    return profile_update(
        member=owner, fields={"school": {"value": "つなぐ大学", "audience": audience, "friend_group": group}}
    )


def sees(viewer: Any, owner: Member) -> bool:
    """Whether the viewer sees the owner's school; asserts first that both faces of the policy agree."""
    listed = policy.visible_to(viewer, Profile.objects.filter(member=owner), SCHOOL).exists()
    single = policy.can_view(viewer, Profile.objects.select_related("member").get(member=owner), SCHOOL)
    assert listed == single, f"visible_to says {listed}, can_view says {single}"
    return listed


@pytest.fixture
def owner(make_member: Callable[..., Member]) -> Member:
    return make_member("持ち主")


@pytest.fixture
def friend(make_member: Callable[..., Member], owner: Member) -> Member:
    friend = make_member("友達")
    friendship_create(owner, friend)
    return friend


@pytest.fixture
def friend_of_friend(make_member: Callable[..., Member], friend: Member) -> Member:
    fof = make_member("友達の友達")
    friendship_create(friend, fof)
    return fof


@pytest.fixture
def stranger(make_member: Callable[..., Member]) -> Member:
    return make_member("他人")


def test_anonymous_sees_nothing_unless_the_site_is_web_public(owner: Member) -> None:
    """Anonymous visitors see only `public` items, and only where the operator allows web-public content."""
    share(owner, Audience.PUBLIC)
    assert not sees(AnonymousUser(), owner)
    assert not policy.can_see_member(AnonymousUser(), owner)
    site_settings_update(web_public_allowed=True)
    assert sees(AnonymousUser(), owner)
    assert policy.can_see_member(AnonymousUser(), owner)
    share(owner, Audience.MEMBERS)
    assert not sees(AnonymousUser(), owner)


def test_public_behaves_as_members_without_the_web_public_switch(owner: Member, stranger: Member) -> None:
    """With the switch off, a public item still reaches every signed-in member."""
    share(owner, Audience.PUBLIC)
    assert sees(stranger, owner)


@pytest.mark.parametrize("audience", [a.value for a in Audience])
def test_the_author_always_sees_their_own(owner: Member, audience: str) -> None:
    """The author sees their own item whatever its audience."""
    if audience == Audience.FRIEND_GROUP:
        group = friend_group_create(owner=owner, name="仲良し")
        share(owner, audience, group.pk)
    elif audience == Audience.COMMUNITY:
        Profile.objects.filter(member=owner).update(school_audience=audience)
    else:
        share(owner, audience)
    assert sees(owner, owner)


def test_friend_sees_friends_items_but_not_only_me(owner: Member, friend: Member) -> None:
    """A friend sees friends, friends-of-friends and members items, never only-me ones."""
    for audience in (Audience.FRIENDS, Audience.FRIENDS_OF_FRIENDS, Audience.MEMBERS):
        share(owner, audience)
        assert sees(friend, owner), audience
    share(owner, Audience.ONLY_ME)
    assert not sees(friend, owner)


def test_friend_of_friend_sees_friends_of_friends_but_not_friends(owner: Member, friend_of_friend: Member) -> None:
    """A friend of a friend sees friends-of-friends items and not friends-only ones."""
    share(owner, Audience.FRIENDS_OF_FRIENDS)
    assert sees(friend_of_friend, owner)
    share(owner, Audience.FRIENDS)
    assert not sees(friend_of_friend, owner)


def test_stranger_sees_members_items_only(owner: Member, stranger: Member) -> None:
    """A member with no connection sees members (and public) items only."""
    share(owner, Audience.MEMBERS)
    assert sees(stranger, owner)
    for audience in (Audience.FRIENDS_OF_FRIENDS, Audience.FRIENDS, Audience.ONLY_ME):
        share(owner, audience)
        assert not sees(stranger, owner), audience


def test_blocked_member_never_sees_the_blockers_items(owner: Member, friend: Member) -> None:
    """After a block, the blocked member sees nothing of the blocker's, not even that they exist."""
    share(owner, Audience.PUBLIC)
    site_settings_update(web_public_allowed=True)
    block_create(blocker=owner, blocked_id=friend.pk)
    assert not sees(friend, owner)
    assert not policy.can_see_member(friend, owner)
    assert not policy.members_visible_to(friend, Member.objects.filter(pk=owner.pk)).exists()
    # One direction only: the blocker still sees what the blocked member shares with members.
    share(friend, Audience.MEMBERS)
    assert sees(owner, friend)
    block_remove(blocker=owner, blocked_id=friend.pk)
    assert sees(friend, owner)


def test_blocked_member_is_never_a_friend_of_friend_through_the_blocker(
    owner: Member, friend: Member, friend_of_friend: Member
) -> None:
    """The friend in the middle blocks the friend of a friend: the path through them is gone, and stays gone."""
    share(owner, Audience.FRIENDS_OF_FRIENDS)
    assert sees(friend_of_friend, owner)
    block_create(blocker=friend, blocked_id=friend_of_friend.pk)
    assert not sees(friend_of_friend, owner)
    with pytest.raises(Conflict) as refused:
        friendship_create(friend, friend_of_friend)
    assert refused.value.code == "blocked" and refused.value.message
    assert not sees(friend_of_friend, owner)


def test_blocked_friend_of_friend_sees_nothing_of_the_blocker(
    owner: Member, friend: Member, friend_of_friend: Member
) -> None:
    """The owner blocks a friend of a friend: their friends-of-friends items are out of reach."""
    share(owner, Audience.FRIENDS_OF_FRIENDS)
    block_create(blocker=owner, blocked_id=friend_of_friend.pk)
    assert not sees(friend_of_friend, owner)
    assert sees(friend, owner)


def test_friend_group_reaches_its_members_only(
    make_member: Callable[..., Member], owner: Member, friend: Member
) -> None:
    """An item shared with a group reaches its members, not the owner's other friends; deleting the group narrows it to the owner."""
    other_friend = make_member("別の友達")
    friendship_create(owner, other_friend)
    group = friend_group_create(owner=owner, name="仲良し", members=[friend.pk])
    share(owner, Audience.FRIEND_GROUP, group.pk)
    assert sees(friend, owner)
    assert not sees(other_friend, owner)
    friend_group_delete(owner=owner, group_id=group.pk)
    assert not sees(friend, owner)
    assert sees(owner, owner)


def test_another_owners_group_never_grants_access(make_member: Callable[..., Member], owner: Member) -> None:
    """A field pointing at someone else's group (which the viewer is in) shows nothing; the service refuses it anyway."""
    someone = make_member("他の人")
    viewer = make_member("見る人")
    friendship_create(someone, viewer)
    theirs = friend_group_create(owner=someone, name="仲良し", members=[viewer.pk])
    with pytest.raises(Invalid) as refused:
        share(owner, Audience.FRIEND_GROUP, theirs.pk)
    assert refused.value.message
    Profile.objects.filter(member=owner).update(school_audience=Audience.FRIEND_GROUP, school_friend_group=theirs)
    assert not sees(viewer, owner)
    assert not policy.relationship(viewer, owner).allows(Audience.FRIEND_GROUP, theirs.pk)


def test_web_public_switch_turns_public_items_on_and_off_for_anonymous_visitors(owner: Member) -> None:
    """Turning the operator's switch off hides public items from anonymous visitors again at once."""
    share(owner, Audience.PUBLIC)
    site_settings_update(web_public_allowed=True)
    assert sees(AnonymousUser(), owner)
    site_settings_update(web_public_allowed=False)
    assert not sees(AnonymousUser(), owner)


def test_closed_accounts_show_nothing(owner: Member, friend: Member) -> None:
    """A closed (inactive) account's items and existence are hidden from everyone."""
    share(owner, Audience.MEMBERS)
    Member.objects.filter(pk=owner.pk).update(is_active=False)
    owner.refresh_from_db()
    assert not sees(friend, owner)
    assert not policy.can_see_member(friend, owner)


def test_community_audience_is_reserved(owner: Member, friend: Member) -> None:
    """Until communities exist, a community item reaches nobody but its owner."""
    Profile.objects.filter(member=owner).update(school_audience=Audience.COMMUNITY)
    assert not sees(friend, owner)


def test_visible_to_is_one_query_for_a_list(make_member: Callable[..., Member], django_assert_num_queries: Any) -> None:
    """Filtering a list of profiles with every audience for a member viewer costs exactly one query."""
    viewer = make_member("見る人")
    audiences = [a for a in Audience if a not in (Audience.FRIEND_GROUP, Audience.COMMUNITY)]
    for number in range(12):
        owner = make_member()
        if number % 2:
            friendship_create(owner, viewer)
        if number % 3 == 0:
            group = friend_group_create(owner=owner, name="仲良し", members=[viewer.pk] if number % 2 else [])
            share(owner, Audience.FRIEND_GROUP, group.pk)
        else:
            share(owner, audiences[number % len(audiences)])
    SiteSettings.load()  # cached, as in any running process
    with django_assert_num_queries(1):
        visible = list(policy.visible_to(viewer, Profile.objects.select_related("member"), SCHOOL))
    assert viewer.profile in visible
    with django_assert_num_queries(0):  # nothing to ask: anonymous visitors see nothing on a members-only site
        assert list(policy.visible_to(AnonymousUser(), Profile.objects.all(), SCHOOL)) == []
    site_settings_update(web_public_allowed=True)
    SiteSettings.load()
    with django_assert_num_queries(1):
        list(policy.visible_to(AnonymousUser(), Profile.objects.all(), SCHOOL))


def test_relationship_is_one_query_per_owner(owner: Member, friend: Member, django_assert_num_queries: Any) -> None:
    """How a member stands to an owner is one query, whatever non-group audiences are then asked."""
    SiteSettings.load()
    with django_assert_num_queries(1):
        facts = policy.relationship(friend, owner)
        assert [facts.allows(a) for a in (Audience.MEMBERS, Audience.FRIENDS, Audience.ONLY_ME)] == [True, True, False]
    with django_assert_num_queries(0):
        policy.relationship(AnonymousUser(), owner)
        policy.relationship(owner, owner)
