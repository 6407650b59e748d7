"""The privacy policy (DESIGN.md §2): the one place that decides who may see what.

Three faces over the same rules, proven to agree by property-based tests:
- `visible_to(viewer, queryset, shared)` filters a list in one SQL query (subqueries, no N+1);
- `can_view(viewer, item)` / `relationship(viewer, owner).allows(...)` decide for one object;
- `visible_items(viewer, items)` decides for a short list already loaded (a page of ids from a cache), with
  the facts about all its owners fetched in one query.

A model opts in by naming its fields in a `Shared` (`shared = Shared(owner="author")` on the
model, or passed explicitly for rows with several audiences, like profile fields).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet

from tsunagu.core.audience import Audience
from tsunagu.core.models import SiteSettings

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tsunagu.accounts.models import Member

    Viewer = Member | AnonymousUser

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Shared:
    """The names of the fields that carry an item's owner, audience and (optional) friend group.

    `co_author` names a second member whose say also counts, for items written by someone other than the
    owner of the audience (a reply to a voice post follows the post's audience, decided by the post's
    author): if that member has blocked the viewer or closed their account, the item is hidden too.

    `community` names the community of items with the audience `community`: its active members may see
    them, and so may every signed-in member where the community lets non-members read (`topics_public`).
    """

    owner: str = "author"
    audience: str = "audience"
    friend_group: str | None = "friend_group"
    co_author: str | None = None
    # For community content: the field naming the item's community (audience `community`).
    community: str | None = None


def is_member(viewer: Viewer) -> bool:
    """A signed-in, active member (anonymous visitors and closed accounts are not)."""
    return bool(viewer.is_authenticated and viewer.is_active)


def web_public_allowed() -> bool:
    return SiteSettings.load().web_public_allowed


def effective_audience(audience: str) -> str:
    """`public` behaves as `members` unless the operator allows web-public content."""
    if audience == Audience.PUBLIC and not web_public_allowed():
        return Audience.MEMBERS
    return audience


# --- the relations, as subqueries ---------------------------------------------------------------


def friend_ids(member_id: Any) -> QuerySet[Any]:
    from tsunagu.friends.models import Friendship

    return Friendship.objects.filter(member_id=member_id).values("friend_id")


def blocker_ids(member_id: Any) -> QuerySet[Any]:
    """Members who have blocked `member_id`."""
    from tsunagu.friends.models import Block

    return Block.objects.filter(blocked_id=member_id).values("blocker_id")


def community_ids_of(member_id: Any) -> QuerySet[Any]:
    """The communities `member_id` is an active member of (a pending request is not membership)."""
    from tsunagu.communities.models import Membership, MembershipState

    return Membership.objects.filter(member_id=member_id, state=MembershipState.ACTIVE).values("community_id")


def group_ids_containing(member_id: Any) -> QuerySet[Any]:
    from tsunagu.friends.models import FriendGroupMembership

    return FriendGroupMembership.objects.filter(member_id=member_id).values("group_id")


# --- lists: one query ------------------------------------------------------------------------------


def visibility_q(viewer: Viewer, shared: Shared) -> Q:
    """The condition an item must meet to be shown to `viewer`, as a Q over the item's model."""
    condition = _audience_q(viewer, shared)
    if shared.co_author:
        condition &= _co_author_q(viewer, shared.co_author)
    return condition


def _co_author_q(viewer: Viewer, co_author: str) -> Q:
    """The co-author (see `Shared`) is the viewer, or is active and has not blocked them."""
    active = Q(**{f"{co_author}__is_active": True})
    if not is_member(viewer):
        return active
    return Q(**{co_author: viewer.pk}) | (active & ~Q(**{f"{co_author}__in": blocker_ids(viewer.pk)}))


def _audience_q(viewer: Viewer, shared: Shared) -> Q:
    from tsunagu.friends.models import Friendship

    owner, audience = shared.owner, shared.audience
    active_owner = Q(**{f"{owner}__is_active": True})
    if not is_member(viewer):
        if not web_public_allowed():
            return Q(pk__in=[])
        return active_owner & Q(**{audience: Audience.PUBLIC})
    viewer_id = viewer.pk
    friends = friend_ids(viewer_id)
    open_to_members = Q(**{f"{audience}__in": [Audience.PUBLIC, Audience.MEMBERS]})
    to_friends = Q(**{audience: Audience.FRIENDS, f"{owner}__in": friends})
    # Per item, whether the owner has a friend among the viewer's friends (the question `relationship` asks):
    # index probes per row, where `owner IN (friends' friends)` built every path first (430,000 rows for 1,000
    # friends on PostgreSQL, larger than its work_mem, for any page, whatever it showed).
    to_friends_of_friends = Q(**{audience: Audience.FRIENDS_OF_FRIENDS}) & (
        Q(**{f"{owner}__in": friends})
        | Q(Exists(Friendship.objects.filter(member_id=OuterRef(owner), friend_id__in=friend_ids(viewer_id))))
    )
    reaches = open_to_members | to_friends | to_friends_of_friends
    if shared.friend_group:
        group = shared.friend_group
        reaches |= Q(
            **{
                audience: Audience.FRIEND_GROUP,
                f"{group}__in": group_ids_containing(viewer_id),
                f"{group}__owner": F(owner),
            }
        )
    if shared.community:
        community = shared.community
        reaches |= Q(**{audience: Audience.COMMUNITY}) & (
            Q(**{f"{community}__in": community_ids_of(viewer_id)}) | Q(**{f"{community}__topics_public": True})
        )
    not_blocked = ~Q(**{f"{owner}__in": blocker_ids(viewer_id)})
    return Q(**{owner: viewer_id}) | (active_owner & not_blocked & reaches)


def visible_to(viewer: Viewer, queryset: QuerySet[M], shared: Shared | None = None) -> QuerySet[M]:
    """The items of `queryset` that `viewer` may see, filtered in the database."""
    shared = shared or queryset.model.shared  # type: ignore[attr-defined]
    return queryset.filter(visibility_q(viewer, shared))


# --- one object ------------------------------------------------------------------------------------


@dataclass
class Relationship:
    """What the policy needs to know about a viewer and one owner, fetched in one query."""

    viewer_is_member: bool
    owner_id: Any = None
    viewer_id: Any = None
    is_owner: bool = False
    owner_active: bool = True
    blocked_by_owner: bool = False
    is_friend: bool = False
    is_friend_of_friend: bool | None = False  # None: not fetched (see `relationships`)
    _group_ids: set[int] | None = field(default=None, repr=False)
    _community_ids: set[int] | None = field(default=None, repr=False)

    @property
    def member_visible(self) -> bool:
        """Whether the viewer may know the owner exists (see `can_see_member`)."""
        if not self.owner_active:
            return False
        if not self.viewer_is_member:
            return web_public_allowed()
        return self.is_owner or not self.blocked_by_owner

    @property
    def group_ids(self) -> set[int]:
        """The owner's friend groups the viewer is in (fetched only when an item is shared with a group)."""
        if self._group_ids is None:
            from tsunagu.friends.models import FriendGroupMembership

            self._group_ids = (
                set(
                    FriendGroupMembership.objects.filter(
                        member_id=self.viewer_id, group__owner_id=self.owner_id
                    ).values_list("group_id", flat=True)
                )
                if self.viewer_is_member and not self.is_owner
                else set()
            )
        return self._group_ids

    @property
    def community_ids(self) -> set[int]:
        """The communities the viewer is an active member of (fetched only for community content)."""
        if self._community_ids is None:
            self._community_ids = (
                set(community_ids_of(self.viewer_id).values_list("community_id", flat=True))
                if self.viewer_is_member
                else set()
            )
        return self._community_ids

    def allows(self, audience: str, friend_group_id: int | None = None, community: Any = None) -> bool:
        """Whether an item of the owner's with this audience may be shown to the viewer (for the audience
        `community`, `community` is the item's community)."""
        if not self.owner_active:
            return False
        if self.is_owner:
            return True
        audience = effective_audience(audience)
        if not self.viewer_is_member:
            return audience == Audience.PUBLIC
        if self.blocked_by_owner:
            return False
        if audience in (Audience.PUBLIC, Audience.MEMBERS):
            return True
        if audience == Audience.FRIENDS:
            return self.is_friend
        if audience == Audience.FRIENDS_OF_FRIENDS:
            if not self.is_friend and self.is_friend_of_friend is None:
                raise ValueError("Fetch friend_of_friend before deciding on friends of friends.")
            return self.is_friend or bool(self.is_friend_of_friend)
        if audience == Audience.FRIEND_GROUP:
            return friend_group_id is not None and friend_group_id in self.group_ids
        if audience == Audience.COMMUNITY:
            return community is not None and (community.topics_public or community.pk in self.community_ids)
        return False


def relationship(viewer: Viewer, owner: Member) -> Relationship:
    """How `viewer` stands to `owner`: one query, none for anonymous viewers or the owner."""
    from tsunagu.accounts.models import Member
    from tsunagu.friends.models import Block, Friendship

    if not is_member(viewer):
        return Relationship(viewer_is_member=False, owner_id=owner.pk, owner_active=owner.is_active)
    if viewer.pk == owner.pk:
        return Relationship(
            viewer_is_member=True, owner_id=owner.pk, viewer_id=viewer.pk, is_owner=True, owner_active=owner.is_active
        )
    facts = (
        Member.objects.filter(pk=owner.pk)
        .annotate(
            blocked=Exists(Block.objects.filter(blocker_id=OuterRef("pk"), blocked_id=viewer.pk)),
            friend=Exists(Friendship.objects.filter(member_id=OuterRef("pk"), friend_id=viewer.pk)),
            friend_of_friend=Exists(
                Friendship.objects.filter(member_id=OuterRef("pk"), friend_id__in=friend_ids(viewer.pk))
            ),
        )
        .values("blocked", "friend", "friend_of_friend")
        .first()
    ) or {"blocked": False, "friend": False, "friend_of_friend": False}
    return Relationship(
        viewer_is_member=True,
        owner_id=owner.pk,
        viewer_id=viewer.pk,
        owner_active=owner.is_active,
        blocked_by_owner=facts["blocked"],
        is_friend=facts["friend"],
        is_friend_of_friend=facts["friend_of_friend"],
    )


def relationships(viewer: Viewer, owners: list[Member], *, friend_of_friend: bool = True) -> dict[Any, Relationship]:
    """How `viewer` stands to each of `owners`, by owner id: one query for all (none for anonymous viewers).
    Without `friend_of_friend` that fact is left unknown (None) — the costly part, needed only for items
    shared with friends of friends by someone who is not a friend; `visible_items` fetches it when it is."""
    from tsunagu.accounts.models import Member
    from tsunagu.friends.models import Block, Friendship

    by_id = {owner.pk: owner for owner in owners}
    if not is_member(viewer):
        return {pk: relationship(viewer, owner) for pk, owner in by_id.items()}
    others = [pk for pk in by_id if pk != viewer.pk]
    facts = Member.objects.filter(pk__in=others).annotate(
        blocked=Exists(Block.objects.filter(blocker_id=OuterRef("pk"), blocked_id=viewer.pk)),
        friend=Exists(Friendship.objects.filter(member_id=OuterRef("pk"), friend_id=viewer.pk)),
    )
    if friend_of_friend:
        facts = facts.annotate(
            friend_of_friend=Exists(
                Friendship.objects.filter(member_id=OuterRef("pk"), friend_id__in=friend_ids(viewer.pk))
            )
        )
    names = ["blocked", "friend", *(["friend_of_friend"] if friend_of_friend else [])]
    rows = {row["pk"]: row for row in facts.values("pk", *names)} if others else {}
    found: dict[Any, Relationship] = {}
    for pk, owner in by_id.items():
        if pk == viewer.pk:
            found[pk] = relationship(viewer, owner)
            continue
        row = rows.get(pk, {"blocked": False, "friend": False, "friend_of_friend": False})
        found[pk] = Relationship(
            viewer_is_member=True,
            owner_id=pk,
            viewer_id=viewer.pk,
            owner_active=owner.is_active,
            blocked_by_owner=row["blocked"],
            is_friend=row["friend"],
            is_friend_of_friend=row.get("friend_of_friend") if friend_of_friend else None,
        )
    return found


def visible_items(
    viewer: Viewer, items: list[M], shared: Shared | None = None, *, relations: dict[Any, Relationship] | None = None
) -> list[M]:
    """The items of a loaded list that `viewer` may see, in their order: the batch face of `can_view`, with the
    owners' (and co-authors') facts fetched in one query (or passed in as `relations`), and the viewer's friend
    groups and communities in one query each, only when an item needs them."""
    if not items:
        return []
    shared = shared or type(items[0]).shared  # type: ignore[attr-defined]
    if relations is None:
        people = [getattr(item, shared.owner) for item in items]
        if shared.co_author:
            people += [getattr(item, shared.co_author) for item in items]
        relations = relationships(viewer, people, friend_of_friend=False)
    audiences = {getattr(item, shared.audience) for item in items}
    unknown = [
        getattr(item, shared.owner)
        for item in items
        if effective_audience(getattr(item, shared.audience)) == Audience.FRIENDS_OF_FRIENDS
        and relations[getattr(item, f"{shared.owner}_id")].is_friend_of_friend is None
        and not relations[getattr(item, f"{shared.owner}_id")].is_friend
    ]
    if unknown:
        relations = {**relations, **relationships(viewer, unknown)}
    if is_member(viewer) and Audience.FRIEND_GROUP in audiences and shared.friend_group:
        from tsunagu.friends.models import FriendGroupMembership

        viewer_id: Any = viewer.pk
        owners_of = dict(
            FriendGroupMembership.objects.filter(
                member_id=viewer_id, group__owner_id__in=[r.owner_id for r in relations.values()]
            ).values_list("group_id", "group__owner_id")
        )
        for relation in relations.values():
            relation._group_ids = {g for g, owner in owners_of.items() if owner == relation.owner_id}
    if is_member(viewer) and Audience.COMMUNITY in audiences:
        mine = set(community_ids_of(viewer.pk).values_list("community_id", flat=True))
        for relation in relations.values():
            relation._community_ids = mine
    shown = []
    for item in items:
        relation = relations[getattr(item, f"{shared.owner}_id")]
        group_id = getattr(item, f"{shared.friend_group}_id") if shared.friend_group else None
        community = getattr(item, shared.community) if shared.community else None
        if not relation.allows(getattr(item, shared.audience), group_id, community):
            continue
        if shared.co_author and not relations[getattr(item, f"{shared.co_author}_id")].member_visible:
            continue
        shown.append(item)
    return shown


def can_view(viewer: Viewer, item: Model, shared: Shared | None = None) -> bool:
    """Whether `viewer` may see `item` (the single-object face of `visible_to`)."""
    shared = shared or type(item).shared  # type: ignore[attr-defined]
    owner = getattr(item, shared.owner)
    group_id = getattr(item, f"{shared.friend_group}_id") if shared.friend_group else None
    community = getattr(item, shared.community) if shared.community else None
    if not relationship(viewer, owner).allows(getattr(item, shared.audience), group_id, community):
        return False
    return shared.co_author is None or can_see_member(viewer, getattr(item, shared.co_author))


def can_see_member(viewer: Viewer, member: Member) -> bool:
    """Whether the viewer may know this member exists: not for closed accounts, not for members who
    blocked the viewer, and for anonymous visitors only where the site allows web-public content."""
    if not member.is_active:
        return False
    if not is_member(viewer):
        return web_public_allowed()
    if viewer.pk == member.pk:
        return True
    from tsunagu.friends.models import Block

    return not Block.objects.filter(blocker_id=member.pk, blocked_id=viewer.pk).exists()


def members_visible_to(viewer: Viewer, queryset: QuerySet[M], member_field: str = "pk") -> QuerySet[M]:
    """Rows of `queryset` whose member (`member_field`) the viewer may know exists; the list face of `can_see_member`."""
    prefix = "" if member_field == "pk" else f"{member_field}__"
    active = Q(**{f"{prefix}is_active": True})
    if not is_member(viewer):
        return queryset.filter(active) if web_public_allowed() else queryset.none()
    key = "pk" if member_field == "pk" else member_field
    return queryset.filter(Q(**{key: viewer.pk}) | (active & ~Q(**{f"{key}__in": blocker_ids(viewer.pk)})))
