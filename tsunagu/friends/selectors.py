"""Reads of the friendship graph for a viewer, through the policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.friends.models import Block, FriendGroup, FriendIntro, FriendRequest, Friendship
from tsunagu.profiles.models import Profile

FRIEND_LIST_SHARED = policy.Shared(
    owner="member", audience="friend_list_audience", friend_group="friend_list_friend_group"
)
BIRTHDAY_SHARED = policy.Shared(owner="member", audience="birthday_audience", friend_group="birthday_friend_group")


def _members(queryset: QuerySet[Member]) -> QuerySet[Member]:
    return queryset.select_related("profile").order_by("nickname", "pk")


def can_see_friend_list(viewer: policy.Viewer, member: Member) -> bool:
    profile = member.profile
    return policy.relationship(viewer, member).allows(profile.friend_list_audience, profile.friend_list_friend_group_id)


def friends_for_viewer(*, viewer: policy.Viewer, member_id: int) -> tuple[Member, QuerySet[Member]]:
    """The member and their friends the viewer may know of, or 404 when the friend list is not theirs to see."""
    member = Member.objects.select_related("profile").filter(pk=member_id).first()
    if member is None or not policy.can_see_member(viewer, member) or not can_see_friend_list(viewer, member):
        raise Http404
    friends = Member.objects.filter(pk__in=Friendship.objects.filter(member=member).values("friend_id"))
    return member, _members(policy.members_visible_to(viewer, friends))


def mutual_friends(*, viewer: policy.Viewer, member: Member) -> QuerySet[Member]:
    """共通の友人: the viewer's friends who are also the member's — only where the member's friend list is visible."""
    if not policy.is_member(viewer) or viewer.pk == member.pk or not can_see_friend_list(viewer, member):
        return Member.objects.none()
    both = Member.objects.filter(
        pk__in=Friendship.objects.filter(member=member).values("friend_id"),
    ).filter(pk__in=policy.friend_ids(viewer.pk))
    return _members(policy.members_visible_to(viewer, both))


def incoming_requests(member: Member) -> QuerySet[FriendRequest]:
    """Requests waiting for the member's answer (declined ones are gone from here)."""
    return (
        FriendRequest.objects.filter(recipient=member, declined_at__isnull=True, sender__is_active=True)
        .select_related("sender__profile")
        .order_by("-created_at", "-pk")
    )


def outgoing_requests(member: Member) -> QuerySet[FriendRequest]:
    """Requests the member sent; a declined one looks exactly like one still waiting."""
    return (
        FriendRequest.objects.filter(sender=member).select_related("recipient__profile").order_by("-created_at", "-pk")
    )


def pending_count(member: Member) -> int:
    """How many things wait on the confirmation page (friend requests now; more kinds plug in later)."""
    return incoming_requests(member).count()


def blocks_of(member: Member) -> QuerySet[Block]:
    return Block.objects.filter(blocker=member).select_related("blocked__profile").order_by("-created_at", "-pk")


def friend_groups_of(owner: Member) -> QuerySet[FriendGroup]:
    """The owner's groups with their members; for the owner's eyes only."""
    members = Member.objects.select_related("profile").order_by("nickname", "pk")
    return (
        FriendGroup.objects.filter(owner=owner)
        .annotate(size=Count("memberships"))
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("name", "pk")
    )


def friend_group_for_owner(*, owner: Member, group_id: int) -> FriendGroup:
    group = friend_groups_of(owner).filter(pk=group_id).first()
    if group is None:
        raise Http404
    return group


def intros_for_viewer(*, viewer: policy.Viewer, member: Member) -> QuerySet[FriendIntro]:
    """The intros on a profile: hidden ones only for the member themself; authors the viewer may know of."""
    intros = FriendIntro.objects.filter(subject=member).select_related("author__profile").order_by("-updated_at", "-pk")
    if not (policy.is_member(viewer) and viewer.pk == member.pk):
        intros = intros.filter(hidden=False)
    return policy.members_visible_to(viewer, intros, member_field="author")


@dataclass(frozen=True)
class FriendStatus:
    """How the viewer stands with a member, for the buttons on a profile."""

    is_friend: bool = False
    request_sent: FriendRequest | None = None
    request_received: FriendRequest | None = None
    blocked_by_viewer: bool = False


def friend_status(*, viewer: Member, member: Member) -> FriendStatus:
    if viewer.pk == member.pk:
        return FriendStatus()
    requests = {
        (r.sender_id, r.recipient_id): r
        for r in FriendRequest.objects.filter(
            Q(sender=viewer, recipient=member) | Q(sender=member, recipient=viewer, declined_at__isnull=True)
        )
    }
    return FriendStatus(
        is_friend=Friendship.objects.filter(member=viewer, friend=member).exists(),
        request_sent=requests.get((viewer.pk, member.pk)),
        request_received=requests.get((member.pk, viewer.pk)),
        blocked_by_viewer=Block.objects.filter(blocker=viewer, blocked=member).exists(),
    )


def friends_with_birthday(*, viewer: Member, day: datetime.date) -> QuerySet[Member]:
    """The birthday-reminder hook: the viewer's friends born on this month and day whose birthday the viewer may see."""
    profiles = policy.visible_to(
        viewer,
        Profile.objects.filter(
            member__in=Friendship.objects.filter(member=viewer).values("friend_id"),
            birthday__month=day.month,
            birthday__day=day.day,
        ),
        BIRTHDAY_SHARED,
    )
    return _members(Member.objects.filter(profile__in=profiles))
