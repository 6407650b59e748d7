"""Membership under parallel requests, against PostgreSQL (`production`): joins, approvals and hand-overs queue on
the community's row, so `member_count` stays the number of active members and there is always exactly one admin.

Threads in the test process, each on its own connection, in a `transaction=True` test so the row locks are real.
(On the embedded shape SQLite's IMMEDIATE transactions serialise every write anyway.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tests.communities.membership_helpers import admin_of, assert_counted, joined, new_community, sub_admin
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Membership, MembershipState, Role, RoleOffer
from tsunagu.communities.services import (
    community_join,
    community_leave,
    join_request_approve,
    member_remove,
    role_offer_accept,
    role_offer_make,
    role_offer_withdraw,
    sub_admin_demote,
)
from tsunagu.core.errors import ServiceError

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

MakeMember = Callable[..., Member]
THREADS = 8


def in_parallel(work: list[Callable[[], Any]]) -> tuple[list[Any], list[ServiceError], list[str]]:
    """Run the callables at once (a barrier starts them together); their results, refusals and other errors."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = []
    refused: list[ServiceError] = []
    errors: list[str] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=60)
            results.append(job())
        except ServiceError as error:
            refused.append(error)
        except BaseException as error:
            errors.append(repr(error))
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, refused, errors


def assert_one_admin(community: Community) -> Member:
    admins = list(Membership.objects.filter(community=community, role=Role.ADMIN))
    assert len(admins) == 1
    assert admins[0].state == MembershipState.ACTIVE
    return admins[0].member


def test_parallel_joins_are_all_counted(make_member: MakeMember) -> None:
    community = new_community(make_member("管理人"))
    people = [make_member(f"参加者{n}") for n in range(THREADS)]
    results, refused, errors = in_parallel(
        [lambda m=m: community_join(member=m, community_id=community.pk) for m in people]
    )
    assert errors == [] and refused == [] and len(results) == THREADS
    assert_counted(community)
    assert community.member_count == THREADS + 1


def test_the_same_member_joining_twice_at_once_joins_once(make_member: MakeMember) -> None:
    community = new_community(make_member("管理人"))
    member = make_member("二度押し")
    _results, refused, errors = in_parallel(
        [lambda: community_join(member=member, community_id=community.pk) for _ in range(4)]
    )
    assert errors == [] and len(refused) == 3
    assert Membership.objects.filter(community=community, member=member).count() == 1
    assert_counted(community)


def test_parallel_approvals_let_each_member_in_once(make_member: MakeMember) -> None:
    admin = make_member("管理人")
    community = new_community(admin, join_policy="approval")
    moderators = [admin]
    for n in range(3):
        helper = make_member(f"副管理人{n}")
        sub_admin(helper, community)
        moderators.append(helper)
    askers = [make_member(f"申請者{n}") for n in range(THREADS)]
    for asker in askers:
        community_join(member=asker, community_id=community.pk)

    def approve_all(moderator: Member, order: list[Member]) -> int:
        done = 0
        for asker in order:
            try:
                join_request_approve(moderator=moderator, community_id=community.pk, member_id=asker.pk)
                done += 1
            except ServiceError:
                pass  # another moderator was first
        return done

    orders = [askers, askers[::-1], askers[1::2] + askers[::2], askers[::2] + askers[1::2]]
    results, refused, errors = in_parallel(
        [lambda m=m, o=o: approve_all(m, o) for m, o in zip(moderators, orders, strict=True)]
    )
    assert errors == [] and refused == []
    assert sum(results) == THREADS
    assert Membership.objects.filter(community=community, state=MembershipState.PENDING).count() == 0
    assert_counted(community)
    assert community.member_count == 1 + 3 + THREADS


def _race(community: Community, admin: Member, heir: Member, helper: Member, walker: Member) -> list[Callable[[], Any]]:
    """The heir accepts (twice, as a double click would) while the admin removes them, withdraws the offer, demotes
    a sub-admin and tries to leave, and another member leaves."""
    pk = community.pk
    return [
        lambda: role_offer_accept(member=heir, community_id=pk),
        lambda: role_offer_accept(member=heir, community_id=pk),
        lambda: member_remove(moderator=admin, community_id=pk, member_id=heir.pk),
        lambda: role_offer_withdraw(admin=admin, community_id=pk, member_id=heir.pk),
        lambda: sub_admin_demote(admin=admin, community_id=pk, member_id=helper.pk),
        lambda: community_leave(member=walker, community_id=pk),
        lambda: community_leave(member=admin, community_id=pk),
    ]


def test_a_hand_over_races_removal_withdrawal_and_demotion(make_member: MakeMember) -> None:
    """Round after round, the heir accepts while the admin removes them, withdraws the offer, demotes a
    sub-admin and a member leaves and rejoins: whatever wins, there is exactly one admin and the count is right."""
    first_admin = make_member("初代")
    community = new_community(first_admin)
    people = [make_member(f"メンバー{n}") for n in range(6)]
    for person in people:
        joined(person, community)
    outcomes = set()
    for round_number in range(6):
        admin = assert_one_admin(community)
        candidates = [p for p in [first_admin, *people] if p.pk != admin.pk]
        heir, helper, walker = candidates[round_number % 3], candidates[3], candidates[4]
        for someone in (heir, helper, walker):
            if not Membership.objects.filter(community=community, member=someone).exists():
                joined(someone, community)
        RoleOffer.objects.filter(community=community).delete()
        role_offer_make(admin=admin, community_id=community.pk, member_id=heir.pk, role=Role.ADMIN)
        if Membership.objects.get(community=community, member=helper).role == Role.MEMBER:
            role_offer_make(admin=admin, community_id=community.pk, member_id=helper.pk, role=Role.SUB_ADMIN)
            role_offer_accept(member=helper, community_id=community.pk)
        _results, _refused, errors = in_parallel(_race(community, admin, heir, helper, walker))
        assert errors == []
        now = assert_one_admin(community)
        assert now.pk in (admin.pk, heir.pk)
        if now.pk == heir.pk:
            # The old admin stayed, as a sub-admin (leaving was refused while they were admin, or came after).
            old = Membership.objects.filter(community=community, member=admin).first()
            assert old is None or old.role == Role.SUB_ADMIN
            outcomes.add("handed over")
        else:
            assert not Membership.objects.filter(community=community, member=heir, role=Role.ADMIN).exists()
            outcomes.add("kept")
        assert_counted(community)
    assert admin_of(community) == assert_one_admin(community)
    assert outcomes  # at least one round ran to the end


def test_two_hand_over_offers_cannot_be_made_at_once(make_member: MakeMember) -> None:
    admin = make_member("管理人")
    community = new_community(admin)
    heirs = [make_member(f"候補{n}") for n in range(4)]
    for heir in heirs:
        joined(heir, community)
    results, refused, errors = in_parallel(
        [
            lambda h=h: role_offer_make(admin=admin, community_id=community.pk, member_id=h.pk, role=Role.ADMIN)
            for h in heirs
        ]
    )
    assert errors == [] and len(results) == 1 and len(refused) == 3
    assert RoleOffer.objects.filter(community=community, role=Role.ADMIN).count() == 1
