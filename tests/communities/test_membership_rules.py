"""The rules of membership and roles (DESIGN.md §3): joining open or by approval, pending is not membership, leaving
(never the admin without a hand-over), requests answered by the admin and sub-admins, removal and bars, role
offers that take effect only when accepted, the hand-over, and `member_count` right after every step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.communities.membership_helpers import (
    admin_of,
    assert_counted,
    joined,
    new_community,
    sub_admin,
)
from tsunagu.accounts.models import Member
from tsunagu.communities import selectors
from tsunagu.communities.models import Bar, Community, Membership, MembershipState, Role, RoleOffer
from tsunagu.communities.services import (
    bar_lift,
    community_join,
    community_leave,
    community_update,
    join_request_approve,
    join_request_decline,
    member_remove,
    role_offer_accept,
    role_offer_decline,
    role_offer_make,
    role_offer_withdraw,
    sub_admin_demote,
    sub_admin_resign,
)
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def role_of(member: Member, community: Community) -> tuple[str, str] | None:
    row = Membership.objects.filter(community=community, member=member).first()
    return (row.state, row.role) if row else None


@pytest.fixture
def admin(make_member: MakeMember) -> Member:
    return make_member("管理人")


@pytest.fixture
def open_community(admin: Member) -> Community:
    return new_community(admin, name="オープン")


@pytest.fixture
def approval_community(admin: Member) -> Community:
    return new_community(admin, name="承認制", join_policy="approval", topics_public=False)


# --- joining ------------------------------------------------------------------------------------------


def test_joining_an_open_community_makes_a_member_at_once(open_community: Community, member: Member) -> None:
    row = community_join(member=member, community_id=open_community.pk, message="よろしく")
    assert (row.state, row.role) == (MembershipState.ACTIVE, Role.MEMBER)
    assert row.joined_at is not None
    assert row.message == ""  # a message is for admins who approve
    assert_counted(open_community)
    assert open_community.member_count == 2


def test_asking_to_join_leaves_the_member_pending_and_uncounted(approval_community: Community, member: Member) -> None:
    row = community_join(member=member, community_id=approval_community.pk, message="  大学の同期です  ")
    assert (row.state, row.message, row.joined_at) == (MembershipState.PENDING, "大学の同期です", None)
    assert_counted(approval_community)
    assert approval_community.member_count == 1
    viewed = selectors.community_for_viewer(viewer=member, community_id=approval_community.pk)
    assert viewed.is_pending and not viewed.is_member and not viewed.can_read_topics


def test_a_too_long_message_is_refused(approval_community: Community, member: Member) -> None:
    with pytest.raises(Invalid) as caught:
        community_join(member=member, community_id=approval_community.pk, message="あ" * 301)
    assert caught.value.fields["message"]
    assert role_of(member, approval_community) is None


def test_joining_twice_is_a_conflict(open_community: Community, approval_community: Community, member: Member) -> None:
    community_join(member=member, community_id=open_community.pk)
    with pytest.raises(Conflict) as caught:
        community_join(member=member, community_id=open_community.pk)
    assert caught.value.code == "already_member"
    community_join(member=member, community_id=approval_community.pk)
    with pytest.raises(Conflict) as caught:
        community_join(member=member, community_id=approval_community.pk)
    assert caught.value.code == "already_requested"
    assert_counted(open_community)
    assert_counted(approval_community)


def test_the_admin_cannot_join_again(open_community: Community, admin: Member) -> None:
    with pytest.raises(Conflict):
        community_join(member=admin, community_id=open_community.pk)


def test_joining_an_unknown_community_is_not_found(member: Member) -> None:
    with pytest.raises(NotFound):
        community_join(member=member, community_id=424242)


# --- leaving ------------------------------------------------------------------------------------------


def test_a_member_leaves(open_community: Community, member: Member) -> None:
    joined(member, open_community)
    community_leave(member=member, community_id=open_community.pk)
    assert role_of(member, open_community) is None
    assert_counted(open_community)


def test_a_pending_member_takes_the_request_back(approval_community: Community, member: Member) -> None:
    community_join(member=member, community_id=approval_community.pk)
    community_leave(member=member, community_id=approval_community.pk)
    assert role_of(member, approval_community) is None
    assert_counted(approval_community)


def test_the_admin_cannot_leave_without_handing_over(open_community: Community, admin: Member, member: Member) -> None:
    joined(member, open_community)
    with pytest.raises(Forbidden) as caught:
        community_leave(member=admin, community_id=open_community.pk)
    assert caught.value.code == "admin_cannot_leave"
    assert "hand" in caught.value.message or "引き継" in caught.value.message
    assert role_of(admin, open_community) == (MembershipState.ACTIVE, Role.ADMIN)
    assert_counted(open_community)


def test_leaving_what_one_is_not_in_is_not_found(open_community: Community, member: Member) -> None:
    with pytest.raises(NotFound):
        community_leave(member=member, community_id=open_community.pk)


def test_leaving_drops_a_waiting_offer(open_community: Community, admin: Member, member: Member) -> None:
    joined(member, open_community)
    role_offer_make(admin=admin, community_id=open_community.pk, member_id=member.pk, role="sub_admin")
    community_leave(member=member, community_id=open_community.pk)
    assert not RoleOffer.objects.exists()


# --- requests -----------------------------------------------------------------------------------------


def test_the_admin_and_sub_admins_approve(
    approval_community: Community, admin: Member, make_member: MakeMember
) -> None:
    helper, first, second = make_member(), make_member(), make_member()
    sub_admin(helper, approval_community)
    for member in (first, second):
        community_join(member=member, community_id=approval_community.pk)
    join_request_approve(moderator=admin, community_id=approval_community.pk, member_id=first.pk)
    join_request_approve(moderator=helper, community_id=approval_community.pk, member_id=second.pk)
    assert role_of(first, approval_community) == (MembershipState.ACTIVE, Role.MEMBER)
    assert role_of(second, approval_community) == (MembershipState.ACTIVE, Role.MEMBER)
    assert_counted(approval_community)
    assert approval_community.member_count == 4


def test_ordinary_members_cannot_answer_requests(approval_community: Community, make_member: MakeMember) -> None:
    plain, asker = make_member(), make_member()
    joined(plain, approval_community)
    community_join(member=asker, community_id=approval_community.pk)
    for action in (join_request_approve, join_request_decline):
        with pytest.raises(Forbidden):
            action(moderator=plain, community_id=approval_community.pk, member_id=asker.pk)
    # Nor can the one asking let themself in.
    with pytest.raises(Forbidden):
        join_request_approve(moderator=asker, community_id=approval_community.pk, member_id=asker.pk)
    assert role_of(asker, approval_community) == (MembershipState.PENDING, Role.MEMBER)


def test_approving_needs_a_waiting_request(approval_community: Community, admin: Member, member: Member) -> None:
    with pytest.raises(NotFound):
        join_request_approve(moderator=admin, community_id=approval_community.pk, member_id=member.pk)
    joined(member, approval_community)
    with pytest.raises(NotFound):
        join_request_approve(moderator=admin, community_id=approval_community.pk, member_id=member.pk)
    assert_counted(approval_community)


def test_a_declined_member_may_ask_again(approval_community: Community, admin: Member, member: Member) -> None:
    community_join(member=member, community_id=approval_community.pk)
    join_request_decline(moderator=admin, community_id=approval_community.pk, member_id=member.pk)
    assert role_of(member, approval_community) is None
    community_join(member=member, community_id=approval_community.pk)
    assert role_of(member, approval_community) == (MembershipState.PENDING, Role.MEMBER)


def test_declining_with_a_bar_stops_asking_again(approval_community: Community, admin: Member, member: Member) -> None:
    community_join(member=member, community_id=approval_community.pk)
    join_request_decline(moderator=admin, community_id=approval_community.pk, member_id=member.pk, bar=True)
    with pytest.raises(Forbidden) as caught:
        community_join(member=member, community_id=approval_community.pk)
    assert caught.value.code == "barred"
    assert role_of(member, approval_community) is None


def test_an_active_member_cannot_be_declined(approval_community: Community, admin: Member, member: Member) -> None:
    joined(member, approval_community)
    with pytest.raises(NotFound):
        join_request_decline(moderator=admin, community_id=approval_community.pk, member_id=member.pk)
    assert role_of(member, approval_community) == (MembershipState.ACTIVE, Role.MEMBER)


def test_requests_stay_waiting_when_joining_becomes_open(
    approval_community: Community, admin: Member, member: Member
) -> None:
    community_join(member=member, community_id=approval_community.pk)
    community_update(member=admin, community_id=approval_community.pk, join_policy="open")
    assert role_of(member, approval_community) == (MembershipState.PENDING, Role.MEMBER)


# --- removing and barring -----------------------------------------------------------------------------


def test_removing_a_member(open_community: Community, admin: Member, member: Member) -> None:
    joined(member, open_community)
    member_remove(moderator=admin, community_id=open_community.pk, member_id=member.pk)
    assert role_of(member, open_community) is None
    assert_counted(open_community)
    # Not barred: they may come back.
    joined(member, open_community)
    assert_counted(open_community)


def test_a_removed_and_barred_member_cannot_come_back_until_the_bar_is_lifted(
    open_community: Community, admin: Member, make_member: MakeMember
) -> None:
    helper, member = make_member(), make_member()
    sub_admin(helper, open_community)
    joined(member, open_community)
    member_remove(moderator=helper, community_id=open_community.pk, member_id=member.pk, bar=True)
    assert Bar.objects.filter(community=open_community, member=member).exists()
    with pytest.raises(Forbidden) as caught:
        community_join(member=member, community_id=open_community.pk)
    assert caught.value.message
    viewed = selectors.community_for_viewer(viewer=member, community_id=open_community.pk)
    assert viewed.barred and not viewed.is_member
    bar_lift(moderator=helper, community_id=open_community.pk, member_id=member.pk)
    joined(member, open_community)
    assert_counted(open_community)


def test_lifting_a_bar_that_is_not_there(open_community: Community, admin: Member, member: Member) -> None:
    with pytest.raises(NotFound):
        bar_lift(moderator=admin, community_id=open_community.pk, member_id=member.pk)
    joined(member, open_community)
    with pytest.raises(Forbidden):
        bar_lift(moderator=member, community_id=open_community.pk, member_id=admin.pk)


def test_nobody_removes_the_admin(open_community: Community, admin: Member, make_member: MakeMember) -> None:
    helper = make_member()
    sub_admin(helper, open_community)
    with pytest.raises(Forbidden) as caught:
        member_remove(moderator=helper, community_id=open_community.pk, member_id=admin.pk)
    assert caught.value.message
    with pytest.raises(Forbidden):
        member_remove(moderator=admin, community_id=open_community.pk, member_id=admin.pk)
    assert role_of(admin, open_community) == (MembershipState.ACTIVE, Role.ADMIN)


def test_sub_admins_remove_members_but_not_sub_admins(
    open_community: Community, admin: Member, make_member: MakeMember
) -> None:
    first, second, plain = make_member(), make_member(), make_member()
    sub_admin(first, open_community)
    sub_admin(second, open_community)
    joined(plain, open_community)
    with pytest.raises(Forbidden):
        member_remove(moderator=first, community_id=open_community.pk, member_id=second.pk)
    member_remove(moderator=first, community_id=open_community.pk, member_id=plain.pk)
    # The admin may remove a sub-admin.
    member_remove(moderator=admin, community_id=open_community.pk, member_id=second.pk)
    assert role_of(second, open_community) is None
    assert_counted(open_community)
    assert open_community.member_count == 2


def test_members_cannot_remove_members(open_community: Community, make_member: MakeMember) -> None:
    first, second = make_member(), make_member()
    joined(first, open_community)
    joined(second, open_community)
    with pytest.raises(Forbidden):
        member_remove(moderator=first, community_id=open_community.pk, member_id=second.pk)
    with pytest.raises(Forbidden):
        member_remove(moderator=first, community_id=open_community.pk, member_id=first.pk)


def test_a_moderator_cannot_remove_themself(open_community: Community, make_member: MakeMember) -> None:
    helper = make_member()
    sub_admin(helper, open_community)
    with pytest.raises(Forbidden):
        member_remove(moderator=helper, community_id=open_community.pk, member_id=helper.pk)


def test_removing_someone_who_is_not_in(open_community: Community, admin: Member, member: Member) -> None:
    with pytest.raises(NotFound):
        member_remove(moderator=admin, community_id=open_community.pk, member_id=member.pk)
    with pytest.raises(NotFound):
        member_remove(moderator=admin, community_id=open_community.pk, member_id="x")


def test_a_removed_moderator_loses_the_role(open_community: Community, admin: Member, member: Member) -> None:
    sub_admin(member, open_community)
    member_remove(moderator=admin, community_id=open_community.pk, member_id=member.pk)
    joined(member, open_community)
    assert role_of(member, open_community) == (MembershipState.ACTIVE, Role.MEMBER)


# --- roles --------------------------------------------------------------------------------------------


def test_a_sub_admin_offer_takes_effect_only_when_accepted(
    open_community: Community, admin: Member, member: Member
) -> None:
    joined(member, open_community)
    offer = role_offer_make(admin=admin, community_id=open_community.pk, member_id=member.pk, role="sub_admin")
    assert (offer.role, offer.offered_by) == (Role.SUB_ADMIN, admin)
    assert role_of(member, open_community) == (MembershipState.ACTIVE, Role.MEMBER)
    assert selectors.community_for_viewer(viewer=member, community_id=open_community.pk).offered_role == "sub_admin"
    role_offer_accept(member=member, community_id=open_community.pk)
    assert role_of(member, open_community) == (MembershipState.ACTIVE, Role.SUB_ADMIN)
    assert not RoleOffer.objects.exists()


def test_an_offer_can_be_declined_or_withdrawn(open_community: Community, admin: Member, member: Member) -> None:
    joined(member, open_community)
    role_offer_make(admin=admin, community_id=open_community.pk, member_id=member.pk, role="sub_admin")
    role_offer_decline(member=member, community_id=open_community.pk)
    assert role_of(member, open_community) == (MembershipState.ACTIVE, Role.MEMBER)
    role_offer_make(admin=admin, community_id=open_community.pk, member_id=member.pk, role="admin")
    role_offer_withdraw(admin=admin, community_id=open_community.pk, member_id=member.pk)
    with pytest.raises(NotFound):
        role_offer_accept(member=member, community_id=open_community.pk)
    with pytest.raises(NotFound):
        role_offer_withdraw(admin=admin, community_id=open_community.pk, member_id=member.pk)
    assert role_of(admin, open_community) == (MembershipState.ACTIVE, Role.ADMIN)


def test_the_hand_over_happens_when_the_new_admin_accepts(
    open_community: Community, admin: Member, make_member: MakeMember
) -> None:
    heir, helper, other = make_member("後継者"), make_member(), make_member()
    joined(heir, open_community)
    sub_admin(helper, open_community)
    joined(other, open_community)
    role_offer_make(admin=admin, community_id=open_community.pk, member_id=other.pk, role="sub_admin")
    role_offer_make(admin=admin, community_id=open_community.pk, member_id=heir.pk, role="admin")
    # Until the heir accepts, the admin is still the admin and still cannot leave.
    assert role_of(admin, open_community) == (MembershipState.ACTIVE, Role.ADMIN)
    with pytest.raises(Forbidden):
        community_leave(member=admin, community_id=open_community.pk)
    role_offer_accept(member=heir, community_id=open_community.pk)
    assert role_of(heir, open_community) == (MembershipState.ACTIVE, Role.ADMIN)
    assert role_of(admin, open_community) == (MembershipState.ACTIVE, Role.SUB_ADMIN)
    assert role_of(helper, open_community) == (MembershipState.ACTIVE, Role.SUB_ADMIN)
    assert Membership.objects.filter(community=open_community, role=Role.ADMIN).count() == 1
    # Every other offer lapses with the old admin's authority.
    assert not RoleOffer.objects.exists()
    # Now the old admin may leave, and the new one may not.
    with pytest.raises(Forbidden):
        community_leave(member=heir, community_id=open_community.pk)
    community_leave(member=admin, community_id=open_community.pk)
    assert_counted(open_community)


def test_a_sub_admin_can_be_handed_the_admin_role(open_community: Community, admin: Member, member: Member) -> None:
    sub_admin(member, open_community)
    role_offer_make(admin=admin, community_id=open_community.pk, member_id=member.pk, role="admin")
    role_offer_accept(member=member, community_id=open_community.pk)
    assert admin_of(open_community) == member
    assert role_of(admin, open_community) == (MembershipState.ACTIVE, Role.SUB_ADMIN)


def test_one_hand_over_offer_at_a_time(open_community: Community, admin: Member, make_member: MakeMember) -> None:
    first, second = make_member(), make_member()
    joined(first, open_community)
    joined(second, open_community)
    role_offer_make(admin=admin, community_id=open_community.pk, member_id=first.pk, role="admin")
    with pytest.raises(Conflict) as caught:
        role_offer_make(admin=admin, community_id=open_community.pk, member_id=second.pk, role="admin")
    assert caught.value.code == "handover_waiting"
    with pytest.raises(Conflict) as caught:
        role_offer_make(admin=admin, community_id=open_community.pk, member_id=first.pk, role="sub_admin")
    assert caught.value.code == "offer_waiting"


@pytest.mark.parametrize("role", ["sub_admin", "admin"])
def test_only_the_admin_offers_roles(
    open_community: Community, admin: Member, make_member: MakeMember, role: str
) -> None:
    helper, member = make_member(), make_member()
    sub_admin(helper, open_community)
    joined(member, open_community)
    for someone in (helper, member):
        with pytest.raises(Forbidden):
            role_offer_make(admin=someone, community_id=open_community.pk, member_id=member.pk, role=role)
    assert not RoleOffer.objects.exists()


def test_roles_are_offered_only_to_active_members(
    approval_community: Community, admin: Member, make_member: MakeMember
) -> None:
    pending, stranger = make_member(), make_member()
    community_join(member=pending, community_id=approval_community.pk)
    for someone in (pending, stranger):
        with pytest.raises(NotFound):
            role_offer_make(admin=admin, community_id=approval_community.pk, member_id=someone.pk, role="admin")
    with pytest.raises(Invalid):
        role_offer_make(admin=admin, community_id=approval_community.pk, member_id=admin.pk, role="admin")
    with pytest.raises(Invalid):
        role_offer_make(admin=admin, community_id=approval_community.pk, member_id=pending.pk, role="owner")


def test_offering_sub_admin_to_a_sub_admin_is_a_conflict(
    open_community: Community, admin: Member, member: Member
) -> None:
    sub_admin(member, open_community)
    with pytest.raises(Conflict):
        role_offer_make(admin=admin, community_id=open_community.pk, member_id=member.pk, role="sub_admin")


def test_the_admin_demotes_a_sub_admin(open_community: Community, admin: Member, make_member: MakeMember) -> None:
    first, second = make_member(), make_member()
    sub_admin(first, open_community)
    sub_admin(second, open_community)
    with pytest.raises(Forbidden):
        sub_admin_demote(admin=first, community_id=open_community.pk, member_id=second.pk)
    sub_admin_demote(admin=admin, community_id=open_community.pk, member_id=second.pk)
    assert role_of(second, open_community) == (MembershipState.ACTIVE, Role.MEMBER)
    with pytest.raises(NotFound):
        sub_admin_demote(admin=admin, community_id=open_community.pk, member_id=second.pk)
    with pytest.raises(NotFound):
        sub_admin_demote(admin=admin, community_id=open_community.pk, member_id=admin.pk)


def test_a_sub_admin_steps_down(open_community: Community, member: Member) -> None:
    sub_admin(member, open_community)
    sub_admin_resign(member=member, community_id=open_community.pk)
    assert role_of(member, open_community) == (MembershipState.ACTIVE, Role.MEMBER)
    with pytest.raises(NotFound):
        sub_admin_resign(member=member, community_id=open_community.pk)


def test_a_demoted_sub_admin_cannot_moderate(
    approval_community: Community, admin: Member, make_member: MakeMember
) -> None:
    helper, asker = make_member(), make_member()
    sub_admin(helper, approval_community)
    sub_admin_demote(admin=admin, community_id=approval_community.pk, member_id=helper.pk)
    community_join(member=asker, community_id=approval_community.pk)
    with pytest.raises(Forbidden):
        join_request_approve(moderator=helper, community_id=approval_community.pk, member_id=asker.pk)


# --- member_count through a whole life ----------------------------------------------------------------


def test_member_count_follows_every_change(admin: Member, make_member: MakeMember) -> None:
    community = new_community(admin, join_policy="approval")
    people = [make_member() for _ in range(5)]
    steps: list[Callable[[], Any]] = [
        lambda: community_join(member=people[0], community_id=community.pk),
        lambda: community_join(member=people[1], community_id=community.pk),
        lambda: join_request_approve(moderator=admin, community_id=community.pk, member_id=people[0].pk),
        lambda: join_request_decline(moderator=admin, community_id=community.pk, member_id=people[1].pk),
        lambda: community_join(member=people[2], community_id=community.pk),
        lambda: community_leave(member=people[2], community_id=community.pk),
        lambda: community_join(member=people[3], community_id=community.pk),
        lambda: join_request_approve(moderator=admin, community_id=community.pk, member_id=people[3].pk),
        lambda: member_remove(moderator=admin, community_id=community.pk, member_id=people[3].pk, bar=True),
        lambda: community_leave(member=people[0], community_id=community.pk),
        lambda: community_join(member=people[4], community_id=community.pk),
        lambda: join_request_approve(moderator=admin, community_id=community.pk, member_id=people[4].pk),
    ]
    for step in steps:
        step()
        assert_counted(community)
    for refused in (
        lambda: community_join(member=people[3], community_id=community.pk),
        lambda: community_leave(member=admin, community_id=community.pk),
        lambda: join_request_approve(moderator=admin, community_id=community.pk, member_id=people[4].pk),
    ):
        with pytest.raises(ServiceError):
            refused()
        assert_counted(community)
    assert community.member_count == 2
