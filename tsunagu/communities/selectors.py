"""Reads of communities and memberships for a viewer: the community as the viewer stands to it, members, requests.

A community's own page (name, description, counts, admins) is known to every signed-in member and to
nobody else: anonymous visitors and unknown ids are 404 alike. Members in every list go through
`policy.members_visible_to` (closed accounts and members who blocked the viewer are left out). Community
content (topics, events) is read through the policy with `Topic.shared`, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.urls import reverse

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Bar, Category, Community, Membership, MembershipState, Role, RoleOffer
from tsunagu.core import policy
from tsunagu.core.pagination import CursorPage, newest_first
from tsunagu.diary.selectors import id_or_404
from tsunagu.profiles.models import Profile

# Who may see the communities a member belongs to: the profile's "friend-list style" audience.
COMMUNITIES_SHARED = policy.Shared(
    owner="member", audience="communities_audience", friend_group="communities_friend_group"
)
MODERATOR_ROLES = (Role.ADMIN, Role.SUB_ADMIN)


@dataclass(frozen=True)
class ViewedCommunity:
    """A community and how the viewer stands to it: their membership (state, role), a bar, a role offered to them."""

    community: Community
    state: str | None
    role: str | None
    barred: bool
    offered_role: str | None

    @property
    def is_member(self) -> bool:
        """An active member (a pending request is not membership)."""
        return self.state == MembershipState.ACTIVE

    @property
    def is_pending(self) -> bool:
        return self.state == MembershipState.PENDING

    @property
    def is_admin(self) -> bool:
        return self.is_member and self.role == Role.ADMIN

    @property
    def is_sub_admin(self) -> bool:
        return self.is_member and self.role == Role.SUB_ADMIN

    @property
    def is_moderator(self) -> bool:
        """The admin or a sub-admin: they answer join requests, remove members and delete content."""
        return self.is_member and self.role in MODERATOR_ROLES

    @property
    def can_read_topics(self) -> bool:
        """Whether the community's own settings let the viewer read its topics (authors' blocks aside)."""
        return self.is_member or self.community.topics_public


def _communities() -> QuerySet[Community]:
    return Community.objects.select_related("category")


def community_or_404(community_id: Any) -> Community:
    """The community with this id, whoever asks (for services and the admin); Http404 for any other id."""
    community = _communities().filter(pk=id_or_404(community_id)).first()
    if community is None:
        raise Http404
    return community


def community_for_viewer(*, viewer: policy.Viewer, community_id: Any) -> ViewedCommunity:
    """The community and the viewer's standing in it, in one query; Http404 for anonymous viewers and unknown ids."""
    if not policy.is_member(viewer):
        raise Http404
    mine = Membership.objects.filter(community=OuterRef("pk"), member=viewer.pk)
    community = (
        _communities()
        .filter(pk=id_or_404(community_id))
        .annotate(
            viewer_state=Subquery(mine.values("state")[:1]),
            viewer_role=Subquery(mine.values("role")[:1]),
            viewer_barred=Exists(Bar.objects.filter(community=OuterRef("pk"), member=viewer.pk)),
            viewer_offer=Subquery(RoleOffer.objects.filter(community=OuterRef("pk"), member=viewer.pk).values("role")),
        )
        .first()
    )
    if community is None:
        raise Http404
    return ViewedCommunity(
        community=community,
        state=community.viewer_state,
        role=community.viewer_role,
        barred=community.viewer_barred,
        offered_role=community.viewer_offer,
    )


def moderator_view(*, viewer: policy.Viewer, community_id: Any) -> ViewedCommunity:
    """The community, for its admin and sub-admins only; Http404 for everyone else (pages that only they have)."""
    viewed = community_for_viewer(viewer=viewer, community_id=community_id)
    if not viewed.is_moderator:
        raise Http404
    return viewed


def image_url(community: Community) -> str | None:
    """Where signed-in members fetch the community's image (the name changes with each upload, so it busts caches)."""
    if not community.image:
        return None
    version = community.image.rsplit("/", 1)[-1].split(".", 1)[0][:8]
    return reverse("communities:image", kwargs={"community_id": community.pk}) + f"?v={version}"


def category_name(category: Category | None, language: str) -> str:
    """The category's name in the viewer's language."""
    if category is None:
        return ""
    return category.name_en if language == "en" else category.name_ja


def categories() -> list[Category]:
    return list(Category.objects.order_by("position", "pk"))


# --- members ------------------------------------------------------------------------------------------------


def _memberships(viewer: policy.Viewer, queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    """Rows whose member the viewer may know exists, with their profiles."""
    return policy.members_visible_to(viewer, queryset, member_field="member").select_related("member__profile")


def leaders(*, viewer: policy.Viewer, community: Community) -> list[Membership]:
    """The admin, then the sub-admins longest in the role first (those the viewer may see): one query."""
    rows = Membership.objects.filter(community=community, state=MembershipState.ACTIVE, role__in=MODERATOR_ROLES)
    admin_first = Case(When(role=Role.ADMIN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(_memberships(viewer, rows).order_by(admin_first, "joined_at", "pk"))


def members_page(
    *, viewer: policy.Viewer, community: Community, cursor: str | None = None, limit: int = 20
) -> CursorPage[Membership]:
    """Active members the viewer may see, newest first, a page at a time (pending requests are not members)."""
    rows = Membership.objects.filter(community=community, state=MembershipState.ACTIVE)
    return newest_first(_memberships(viewer, rows), cursor=cursor, limit=limit, time_field="joined_at")


def membership_of(*, community: Community, member_id: Any) -> Membership | None:
    """A member's row in the community (active or pending), or None."""
    try:
        pk = id_or_404(member_id)
    except Http404:
        return None
    return Membership.objects.filter(community=community, member_id=pk).select_related("member__profile").first()


def join_requests_page(
    *, viewer: policy.Viewer, community: Community, cursor: str | None = None, limit: int = 20
) -> CursorPage[Membership]:
    """Requests waiting for an answer (for the community's admins), newest first."""
    rows = Membership.objects.filter(community=community, state=MembershipState.PENDING)
    return newest_first(_memberships(viewer, rows), cursor=cursor, limit=limit)


def offers_of(*, viewer: policy.Viewer, community: Community) -> list[RoleOffer]:
    """Role offers not yet answered, for the community's admins."""
    offers = RoleOffer.objects.filter(community=community)
    return list(
        policy.members_visible_to(viewer, offers, member_field="member")
        .select_related("member__profile")
        .order_by("-created_at", "-pk")
    )


def bars_page(
    *, viewer: policy.Viewer, community: Community, cursor: str | None = None, limit: int = 20
) -> CursorPage[Bar]:
    """Members barred from joining again, newest first (for the community's admins)."""
    rows = policy.members_visible_to(viewer, Bar.objects.filter(community=community), member_field="member")
    return newest_first(rows.select_related("member__profile"), cursor=cursor, limit=limit)


# --- one member's communities -------------------------------------------------------------------------------


def can_see_communities(viewer: policy.Viewer, member: Member, rel: policy.Relationship | None = None) -> bool:
    """Whether the member's communities are the viewer's to see: signed-in members only (like the communities
    themselves), as the profile's `communities_audience` allows."""
    if not policy.is_member(viewer):
        return False
    profile = member.profile
    rel = rel or policy.relationship(viewer, member)
    return rel.member_visible and rel.allows(profile.communities_audience, profile.communities_friend_group_id)


def member_for_communities(*, viewer: policy.Viewer, member_id: Any) -> Member:
    """The member whose communities are asked for, if the viewer may see that list; Http404 otherwise."""
    member = Member.objects.select_related("profile").filter(pk=id_or_404(member_id)).first()
    if member is None or not can_see_communities(viewer, member):
        raise Http404
    return member


def communities_of_page(*, member: Member, cursor: str | None = None, limit: int = 20) -> CursorPage[Membership]:
    """The communities a member belongs to (active), latest joined first; callers check `can_see_communities`."""
    rows = Membership.objects.filter(member=member, state=MembershipState.ACTIVE).select_related("community__category")
    return newest_first(rows, cursor=cursor, limit=limit, time_field="joined_at")


def my_communities_page(*, member: Member, cursor: str | None = None, limit: int = 20) -> CursorPage[Membership]:
    """The member's own communities and the requests they are waiting on, newest first."""
    rows = Membership.objects.filter(member=member).select_related("community__category")
    return newest_first(rows, cursor=cursor, limit=limit)


def profiles_showing_communities(viewer: policy.Viewer) -> QuerySet[Profile]:
    """Profiles whose community lists the viewer may see (for suggestions built from friends' communities)."""
    return policy.visible_to(viewer, Profile.objects.all(), COMMUNITIES_SHARED)


# --- the confirmation page (確認) ----------------------------------------------------------------------------


def join_requests_waiting(member: Member) -> QuerySet[Membership]:
    """Requests to join the communities the member runs (admin or sub-admin), from members they may see."""
    runs = Membership.objects.filter(member=member, state=MembershipState.ACTIVE, role__in=MODERATOR_ROLES)
    rows = Membership.objects.filter(state=MembershipState.PENDING, community__in=runs.values("community_id"))
    return (
        policy.members_visible_to(member, rows, member_field="member")
        .select_related("member__profile", "community")
        .order_by("-created_at", "-pk")
    )


def role_offers_waiting(member: Member) -> QuerySet[RoleOffer]:
    """Roles offered to the member, in communities they are still an active member of."""
    return (
        RoleOffer.objects.filter(
            member=member,
            community__in=Membership.objects.filter(member=member, state=MembershipState.ACTIVE).values("community_id"),
        )
        .select_related("community", "offered_by__profile")
        .order_by("-created_at", "-pk")
    )


def confirm_waiting(member: Member) -> list[QuerySet[Any]]:
    """What this app puts on the confirmation page, as querysets the nav's badge counts in its one query."""
    return [join_requests_waiting(member), role_offers_waiting(member)]
