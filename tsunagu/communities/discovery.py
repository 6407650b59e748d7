"""Finding communities beyond search: categories with their counts, and "communities your friends joined"
(マイミクが参加しているコミュニティ).

Suggestions come only from friends whose community list the viewer may see (the profile's
`communities_audience`, through the policy: friends who blocked the viewer or closed their account are left
out with it), never name a community the viewer belongs to, has asked to join or is barred from, and rank
communities by how many such friends joined them. Two queries, however many friends and communities.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from tsunagu.accounts.models import Member
from tsunagu.communities import selectors
from tsunagu.communities.models import Bar, Category, Community, Membership, MembershipState
from tsunagu.core import policy

SUGGESTIONS = 10
# Friends named under each suggestion ("佐藤さん、鈴木さん ほか3人").
FRIENDS_NAMED = 3


@dataclass(frozen=True)
class CategoryRow:
    category: Category
    community_count: int


@dataclass(frozen=True)
class Suggestion:
    """A community, how many of the viewer's friends (whose lists the viewer may see) joined it, and a few of them."""

    community: Community
    friend_count: int
    friends: list[Member]

    @property
    def more_friends(self) -> int:
        return self.friend_count - len(self.friends)


def categories_with_counts() -> list[CategoryRow]:
    """Every category in the operator's order, with how many communities it holds: one query."""
    rows = Category.objects.annotate(community_count=Count("communities")).order_by("position", "pk")
    return [CategoryRow(category, category.community_count) for category in rows]


def suggestions(*, viewer: Member, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Communities the viewer's friends joined, most such friends first (then most members, then newest)."""
    if not policy.is_member(viewer):
        return []
    showing = (
        selectors.profiles_showing_communities(viewer)
        .filter(member_id__in=policy.friend_ids(viewer.pk))
        .values("member_id")
    )
    joined = Q(memberships__state=MembershipState.ACTIVE, memberships__member_id__in=showing)
    communities = list(
        Community.objects.filter(joined)
        .exclude(pk__in=Membership.objects.filter(member_id=viewer.pk).values("community_id"))
        .exclude(pk__in=Bar.objects.filter(member_id=viewer.pk).values("community_id"))
        .annotate(friend_count=Count("memberships"))
        .select_related("category")
        .order_by("-friend_count", "-member_count", "-pk")[:limit]
    )
    if not communities:
        return []
    named: dict[int, list[Member]] = {community.pk: [] for community in communities}
    rows = (
        Membership.objects.filter(community_id__in=named, state=MembershipState.ACTIVE, member_id__in=showing)
        .select_related("member__profile")
        .order_by("-joined_at", "-pk")
    )
    for row in rows:
        if len(named[row.community_id]) < FRIENDS_NAMED:
            named[row.community_id].append(row.member)
    return [Suggestion(community, community.friend_count, named[community.pk]) for community in communities]
