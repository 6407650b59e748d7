"""Reads of the friendship graph for a viewer, through the policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Func, Prefetch, Q, QuerySet, Subquery, Window
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
    """How many things wait on the confirmation page, counted in one query (a subquery per kind)."""
    from tsunagu.communities.selectors import confirm_waiting

    kinds = [incoming_requests(member), *confirm_waiting(member)]
    counts = {
        f"kind{n}": Subquery(kind.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])
        for n, kind in enumerate(kinds)
    }
    row = Member.objects.filter(pk=member.pk).annotate(**counts).values_list(*counts).first() or ()
    return sum(value or 0 for value in row)


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
    """The intros on a profile, for signed-in members: hidden ones only for the member themself; authors the viewer may know of."""
    if not policy.is_member(viewer):
        # Intros speak about the member in friends' words, like the self-introduction: members only.
        return FriendIntro.objects.none()
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


# --- for the web pages --------------------------------------------------------------------------------

MUTUAL_FRIENDS_SHOWN = 12


def member_for_viewer(*, viewer: policy.Viewer, member_id: int) -> Member:
    """The member, or 404 when they do not exist or the viewer may not know they do (closed, or a block)."""
    member = Member.objects.select_related("profile").filter(pk=member_id).first()
    if member is None or not policy.can_see_member(viewer, member):
        raise Http404
    return member


def friends_of(member: Member) -> QuerySet[Member]:
    """The member's own friends, for their own pages (/friends/, the group member and message pickers): through
    the policy like anyone's list, so a friend whose account an operator suspended is not among them."""
    friends = Member.objects.filter(pk__in=Friendship.objects.filter(member=member).values("friend_id"))
    return _members(policy.members_visible_to(member, friends))


@dataclass(frozen=True)
class ProfileFriends:
    """The friends part of a profile page as the viewer may see it, fetched in a fixed number of queries."""

    status: FriendStatus
    friend_list_visible: bool
    friend_count: int | None
    mutual: list[Member]
    mutual_count: int
    intros: list[FriendIntro]
    own_intro: FriendIntro | None
    can_write_intro: bool


def _friend_status_for(viewer: Member, member: Member, rel: policy.Relationship) -> FriendStatus:
    """`friend_status`, taking friendship from the relationship already read (two queries instead of three)."""
    requests = {
        (r.sender_id, r.recipient_id): r
        for r in FriendRequest.objects.filter(
            Q(sender=viewer, recipient=member) | Q(sender=member, recipient=viewer, declined_at__isnull=True)
        )
    }
    return FriendStatus(
        is_friend=rel.is_friend,
        request_sent=requests.get((viewer.pk, member.pk)),
        request_received=requests.get((member.pk, viewer.pk)),
        blocked_by_viewer=Block.objects.filter(blocker=viewer, blocked=member).exists(),
    )


def _mutual(viewer: policy.Viewer, member: Member) -> QuerySet[Member]:
    """`mutual_friends` without deciding again whether the friend list is visible (the caller did)."""
    both = Member.objects.filter(pk__in=Friendship.objects.filter(member=member).values("friend_id")).filter(
        pk__in=policy.friend_ids(viewer.pk)
    )
    return _members(policy.members_visible_to(viewer, both))


def profile_friends(*, viewer: policy.Viewer, member: Member, rel: policy.Relationship) -> ProfileFriends:
    """Friend status, friend count, mutual friends and intros for `member`'s profile, reusing the
    relationship the profile was read with (`rel` is `policy.relationship(viewer, member)`)."""
    profile = member.profile
    list_visible = rel.allows(profile.friend_list_audience, profile.friend_list_friend_group_id)
    signed_in_other = policy.is_member(viewer) and not rel.is_owner
    status = FriendStatus()
    if signed_in_other:
        assert isinstance(viewer, Member)
        status = _friend_status_for(viewer, member, rel)
    friend_count = None
    if list_visible:
        friends = Member.objects.filter(pk__in=Friendship.objects.filter(member=member).values("friend_id"))
        friend_count = policy.members_visible_to(viewer, friends).count()
    mutual: list[Member] = []
    mutual_count = 0
    if signed_in_other and list_visible and friend_count:
        # The count rides on the rows shown (a window over all of them): one query, however many there are.
        mutual = list(_mutual(viewer, member).annotate(total=Window(Count("pk")))[:MUTUAL_FRIENDS_SHOWN])
        mutual_count = getattr(mutual[0], "total", 0) if mutual else 0
    intros = list(intros_for_viewer(viewer=viewer, member=member))
    own_intro = None
    if signed_in_other and status.is_friend:
        own_intro = next((intro for intro in intros if intro.author_id == viewer.pk), None)
        if own_intro is None:
            # A hidden intro is left out of the list for its author; they may still rewrite it.
            own_intro = FriendIntro.objects.filter(author_id=viewer.pk, subject=member).first()
    return ProfileFriends(
        status=status,
        friend_list_visible=list_visible,
        friend_count=friend_count,
        mutual=mutual,
        mutual_count=mutual_count,
        intros=intros,
        own_intro=own_intro,
        can_write_intro=signed_in_other and status.is_friend,
    )
