"""Property-based tests of the privacy policy (DESIGN.md §2) over random small worlds.

Each example builds a world from scratch through the services — members (some closed), friendships
(made directly or by request and acceptance), declined and cancelled requests, removals, blocks and
unblocks, friend groups with random subsets of the owner's friends, group edits and deletions,
profile fields shared with random audiences, and the operator's web-public switch — while keeping
its own plain-Python model of what the services should have done. It then checks:

- the services did what the model says (every refusal of the right kind and with a message), and the
  database tables (friendships, blocks, requests, groups, profile audiences) equal the model;
- the invariants hold: no friendship across a block, groups hold only their owner's friends;
- for every viewer (each member, and an anonymous visitor) and every item (the `school` and
  `workplace` fields of every profile), the SQL face (`visible_to`), the single-object face
  (`can_view`), the batch face (`visible_items`) and a brute-force reference written here from DESIGN.md §2
  all agree;
- `relationship(viewer, owner).allows(audience, group)` agrees with the reference for every audience
  and every group id of the world, whatever the profile actually holds;
- an item pointing (behind the services' back) at another owner's group never reaches that group;
- `can_see_member`, `members_visible_to` and the reference agree on which members the viewer may know of;
- items with a co-author (`Shared.co_author`: voice replies, which follow the audience of the post they
  answer) are visible exactly when the owner's audience allows it and the viewer may know the co-author;
- community content (a topic by every member in each of two communities with random settings and random
  active or pending memberships) is visible exactly to the community's active members, or to every
  signed-in member where its topics are public — never across a block, never of a closed account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Membership, Topic
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.errors import Conflict, Invalid, NotFound, ServiceError
from tsunagu.core.services import site_settings_update
from tsunagu.friends import services
from tsunagu.friends.models import Block, FriendGroup, FriendGroupMembership, FriendRequest, Friendship
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import profile_create, profile_update
from tsunagu.voice.models import VoicePost

pytestmark = pytest.mark.django_db

MAX_MEMBERS = 7
AUDIENCES = [
    Audience.PUBLIC,
    Audience.MEMBERS,
    Audience.FRIENDS_OF_FRIENDS,
    Audience.FRIENDS,
    Audience.FRIEND_GROUP,
    Audience.ONLY_ME,
]
# The relational audiences twice as often, as they are where the policy has work to do.
WEIGHTED_AUDIENCES = [*AUDIENCES, Audience.FRIENDS_OF_FRIENDS, Audience.FRIEND_GROUP]
# Every audience a stored item may hold, including `community` (reserved: nobody but the owner).
ALL_AUDIENCES = [*AUDIENCES, Audience.COMMUNITY]
FIELDS = ("school", "workplace")
SHARED = {
    name: policy.Shared(owner="member", audience=f"{name}_audience", friend_group=f"{name}_friend_group")
    for name in FIELDS
}
DEFAULT_AUDIENCE = {"school": Audience.FRIENDS, "workplace": Audience.FRIENDS}
NO_SUCH_GROUP = 10**9
PAIR_KINDS = ("befriend", "request", "accept", "decline", "cancel", "unfriend", "block", "unblock")


# --- the world, in plain Python ----------------------------------------------------------------------


@dataclass
class Group:
    owner: int
    members: set[int]


@dataclass
class World:
    """What the services should have made of the operations: members are indexes 0…n-1."""

    n: int
    friends: set[frozenset[int]] = field(default_factory=set)
    requests: dict[tuple[int, int], bool] = field(default_factory=dict)  # (sender, recipient) → declined
    blocks: set[tuple[int, int]] = field(default_factory=set)  # (blocker, blocked)
    groups: dict[int, Group] = field(default_factory=dict)  # database id → group, in creation order
    shares: dict[tuple[int, str], tuple[str, int | None]] = field(default_factory=dict)
    inactive: set[int] = field(default_factory=set)
    standing: dict[int, list[str]] = field(default_factory=dict)  # community id → each member's standing
    web: bool = False
    groups_made: int = 0  # for fresh group names

    def are_friends(self, a: int, b: int) -> bool:
        return frozenset((a, b)) in self.friends

    def friends_of(self, a: int) -> set[int]:
        return {b for b in range(self.n) if self.are_friends(a, b)}

    def groups_of(self, owner: int) -> list[int]:
        return [gid for gid, group in self.groups.items() if group.owner == owner]

    def end_friendship(self, a: int, b: int) -> None:
        self.friends.discard(frozenset((a, b)))
        for group in self.groups.values():
            if group.owner == a:
                group.members.discard(b)
            if group.owner == b:
                group.members.discard(a)

    def drop_requests(self, a: int, b: int) -> None:
        self.requests.pop((a, b), None)
        self.requests.pop((b, a), None)


# --- the reference: DESIGN.md §2, written out without the policy module -------------------------------


def signed_in(world: World, viewer: int | None) -> bool:
    return viewer is not None and viewer not in world.inactive


def ref_can_see_member(world: World, viewer: int | None, member: int) -> bool:
    if member in world.inactive:
        return False
    if not signed_in(world, viewer):
        return world.web
    return viewer == member or (member, viewer) not in world.blocks


def ref_allows(world: World, viewer: int | None, owner: int, audience: str, group_id: int | None) -> bool:
    """Whether `viewer` (None: anonymous) may see an item of `owner`'s shared with `audience`."""
    if owner in world.inactive:
        return False  # nothing of a closed account is shown
    if signed_in(world, viewer) and viewer == owner:
        return True  # the author always sees their own
    if audience == Audience.PUBLIC and not world.web:
        audience = Audience.MEMBERS  # without the operator's switch, public behaves as members
    if not signed_in(world, viewer):
        return audience == Audience.PUBLIC
    assert viewer is not None
    if (owner, viewer) in world.blocks:
        return False  # the blocked member sees nothing of the blocker's
    if audience in (Audience.PUBLIC, Audience.MEMBERS):
        return True
    if audience == Audience.FRIENDS:
        return world.are_friends(owner, viewer)
    if audience == Audience.FRIENDS_OF_FRIENDS:
        # The owner's friends and their friends; never through someone who blocked the viewer.
        return world.are_friends(owner, viewer) or any(
            world.are_friends(owner, middle)
            and world.are_friends(middle, viewer)
            and (middle, viewer) not in world.blocks
            for middle in range(world.n)
        )
    if audience == Audience.FRIEND_GROUP:
        group = world.groups.get(group_id) if group_id is not None else None
        return group is not None and group.owner == owner and viewer in group.members
    return False  # only_me, and community (reserved for the communities issue)


# --- operations -----------------------------------------------------------------------------------------


def pairs(n: int) -> st.SearchStrategy[tuple[int, int]]:
    """Two different members (drawn without rejection, so that small worlds are not starved)."""
    return st.tuples(st.integers(0, n - 1), st.integers(0, n - 2)).map(lambda p: (p[0], (p[0] + 1 + p[1]) % n))


def operations(n: int) -> st.SearchStrategy[tuple[Any, ...]]:
    index = st.integers(0, n - 1)
    pair = pairs(n)
    subset = st.frozensets(index)
    slot = st.integers(0, 5)

    def between(kind: str) -> st.SearchStrategy[tuple[Any, ...]]:
        return pair.map(lambda p: (kind, p[0], p[1]))

    return st.one_of(
        *[between(kind) for kind in PAIR_KINDS],
        st.tuples(st.just("group_create"), index, subset, st.booleans()),
        st.tuples(st.just("group_update"), index, slot, subset),
        st.tuples(st.just("group_delete"), index, slot),
        st.tuples(st.just("share"), index, st.sampled_from(FIELDS), st.sampled_from(AUDIENCES), slot, st.booleans()),
        st.tuples(st.just("force_group"), index, st.sampled_from(FIELDS), slot),
    )


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    """A world as a list of operations: a start (friendships, groups, shared fields), then anything at all."""
    n = draw(st.integers(2, MAX_MEMBERS))
    index = st.integers(0, n - 1)
    slot = st.integers(0, 5)
    ops: list[tuple[Any, ...]] = []
    # Each pair are friends or not (made directly, or by request and acceptance): dense enough for
    # friends of friends to be common.
    for (a, b), (friends, directly) in zip(
        combinations(range(n), 2),
        draw(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)),
        strict=True,
    ):
        if friends:
            ops.extend([("befriend", a, b)] if directly else [("request", a, b), ("accept", a, b)])
    # Some groups of the owner's friends.
    for owner, subset in draw(st.lists(st.tuples(index, st.frozensets(index)), max_size=n)):
        ops.append(("group_create", owner, subset, True))
    # Every item gets an audience (a group: one of the owner's own).
    for owner in range(n):
        for name in FIELDS:
            ops.append(("share", owner, name, draw(st.sampled_from(WEIGHTED_AUDIENCES)), draw(slot), False))
    # Sometimes a field pointing at another owner's group, as no service would allow.
    ops.extend(
        ("force_group", owner, name, s)
        for owner, name, s in draw(st.lists(st.tuples(index, st.sampled_from(FIELDS), slot), max_size=1))
    )
    ops.extend(draw(st.lists(operations(n), max_size=15)))
    return {
        "n": n,
        "ops": ops,
        "inactive": draw(st.frozensets(index, max_size=2)),
        "web": draw(st.booleans()),
        # Two communities: whether non-members may read topics, and each member's standing (none, pending, active).
        "communities": draw(
            st.lists(
                st.tuples(
                    st.booleans(), st.lists(st.sampled_from(["none", "pending", "active"]), min_size=n, max_size=n)
                ),
                min_size=2,
                max_size=2,
            )
        ),
    }


class _Rollback(Exception):
    """Raised at the end of every example so that the next one starts from an empty database."""


def expect(outcome: type[ServiceError] | None, code: str | None, service: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a service and check it succeeds, or fails with the expected error (and code, and a message)."""
    try:
        result = service(*args, **kwargs)
    except ServiceError as error:
        assert outcome is not None and type(error) is outcome, f"unexpected {type(error).__name__}: {error.message}"
        assert error.message.strip(), "every error carries a message"
        assert code is None or error.code == code, f"code {error.code}, expected {code}"
        return None
    assert outcome is None, f"{service.__name__} succeeded, expected {outcome.__name__}"
    return result


def request_id(members: list[Member], sender: int, recipient: int) -> int:
    found = FriendRequest.objects.filter(sender=members[sender], recipient=members[recipient]).first()
    return found.pk if found else NO_SUCH_GROUP


def apply(world: World, members: list[Member], op: tuple[Any, ...]) -> None:
    """Carry out one operation through the services, checking the outcome the model predicts, and update the model."""
    if op[0] in PAIR_KINDS:
        apply_between(world, members, op[0], op[1], op[2])
    else:
        apply_groups(world, members, op)


def apply_between(world: World, members: list[Member], kind: str, a: int, b: int) -> None:
    """Operations of member `a` towards member `b`."""
    if kind == "befriend":
        blocked = (a, b) in world.blocks or (b, a) in world.blocks
        expect(Conflict if blocked else None, "blocked", services.friendship_create, members[a], members[b])
        if not blocked:
            world.friends.add(frozenset((a, b)))
            world.drop_requests(a, b)
    elif kind == "request":
        if (b, a) in world.blocks:
            outcome, code = NotFound, "not_found"  # exactly as for an id that does not exist
        elif (a, b) in world.blocks:
            outcome, code = Conflict, "blocked"
        elif world.are_friends(a, b):
            outcome, code = Conflict, "already_friends"
        elif (a, b) in world.requests:
            outcome, code = Conflict, "duplicate"  # also after a silent decline
        else:
            outcome, code = None, None
        send = services.friend_request_send
        expect(outcome, code, send, sender=members[a], recipient_id=members[b].pk, message="よろしく")
        if outcome is None:
            world.requests[(a, b)] = False
    elif kind in ("accept", "decline"):
        pending = world.requests.get((a, b)) is False
        answer = services.friend_request_accept if kind == "accept" else services.friend_request_decline
        expect(None if pending else NotFound, None, answer, recipient=members[b], request_id=request_id(members, a, b))
        if pending and kind == "accept":
            world.friends.add(frozenset((a, b)))
            world.drop_requests(a, b)
        elif pending:
            world.requests[(a, b)] = True
    elif kind == "cancel":
        outcome = None if (a, b) in world.requests else NotFound
        expect(outcome, None, services.friend_request_cancel, sender=members[a], request_id=request_id(members, a, b))
        world.requests.pop((a, b), None)
    elif kind == "unfriend":
        outcome = None if world.are_friends(a, b) else NotFound
        expect(outcome, None, services.friend_remove, member=members[a], friend_id=members[b].pk)
        world.end_friendship(a, b)
    elif kind == "block":
        # Always possible, even against a member who blocked the blocker first (or a block could be pre-empted).
        expect(None, None, services.block_create, blocker=members[a], blocked_id=members[b].pk)
        world.blocks.add((a, b))
        world.end_friendship(a, b)
        world.drop_requests(a, b)
    elif kind == "unblock":
        outcome = None if (a, b) in world.blocks else NotFound
        expect(outcome, None, services.block_remove, blocker=members[a], blocked_id=members[b].pk)
        world.blocks.discard((a, b))
    else:  # pragma: no cover
        raise AssertionError(kind)


def apply_groups(world: World, members: list[Member], op: tuple[Any, ...]) -> None:
    """Friend groups and the profile fields shared with an audience."""
    kind, owner = op[0], op[1]
    own = world.groups_of(owner)
    if kind == "group_create":
        subset, only_friends = op[2], op[3]
        wanted = set(subset) & world.friends_of(owner) if only_friends else set(subset)
        outcome = None if wanted <= world.friends_of(owner) else Invalid  # only one's friends
        ids = [members[i].pk for i in wanted]
        world.groups_made += 1
        name = f"グループ{world.groups_made}"
        group = expect(outcome, None, services.friend_group_create, owner=members[owner], name=name, members=ids)
        if group is not None:
            world.groups[group.pk] = Group(owner, wanted)
    elif kind == "group_update" and own:
        gid, wanted = own[op[2] % len(own)], set(op[3]) & world.friends_of(owner)
        ids = [members[i].pk for i in wanted]
        expect(None, None, services.friend_group_update, owner=members[owner], group_id=gid, members=ids)
        world.groups[gid].members = wanted
    elif kind == "group_delete" and own:
        gid = own[op[2] % len(own)]
        expect(None, None, services.friend_group_delete, owner=members[owner], group_id=gid)
        del world.groups[gid]
        for key, (audience, group_id) in world.shares.items():
            if group_id == gid:
                world.shares[key] = (audience, None)  # what was shared with the group: the owner alone
    elif kind == "force_group" and world.groups:
        # Behind the services' back: a field pointing at any group, perhaps another owner's. The policy itself
        # must never let another owner's group grant access (defence in depth).
        name = op[2]
        every = [g for g in world.groups if world.groups[g].owner != owner] or list(world.groups)
        gid = every[op[3] % len(every)]
        columns = {f"{name}_audience": Audience.FRIEND_GROUP, f"{name}_friend_group_id": gid}
        Profile.objects.filter(member=members[owner]).update(**columns)
        world.shares[(owner, name)] = (Audience.FRIEND_GROUP, gid)
    elif kind == "share":
        name, audience, slot, any_group = op[2], op[3], op[4], op[5]
        every = list(world.groups) if any_group else own  # any group: perhaps another owner's, which is refused
        gid = every[slot % len(every)] if every else NO_SUCH_GROUP
        fine = audience != Audience.FRIEND_GROUP or (gid in world.groups and world.groups[gid].owner == owner)
        change = {"value": f"値{owner}", "audience": str(audience), "friend_group": gid}
        expect(None if fine else Invalid, None, profile_update, member=members[owner], fields={name: change})
        if fine:
            world.shares[(owner, name)] = (audience, gid if audience == Audience.FRIEND_GROUP else None)


# --- checks -------------------------------------------------------------------------------------------


def assert_tables_match(world: World, members: list[Member]) -> None:
    """The database holds exactly what the model says, and the invariants of the graph hold."""
    index = {m.pk: i for i, m in enumerate(members)}
    rows = {(index[m], index[f]) for m, f in Friendship.objects.values_list("member_id", "friend_id")}
    assert rows == {(a, b) for edge in world.friends for a in edge for b in edge if a != b}
    assert {(index[a], index[b]) for a, b in Block.objects.values_list("blocker_id", "blocked_id")} == world.blocks
    requests = {
        (index[s], index[r]): declined is not None
        for s, r, declined in FriendRequest.objects.values_list("sender_id", "recipient_id", "declined_at")
    }
    assert requests == world.requests
    groups = {g.pk: (index[g.owner_id], set()) for g in FriendGroup.objects.all()}
    for gid, member_id in FriendGroupMembership.objects.values_list("group_id", "member_id"):
        groups[gid][1].add(index[member_id])
    assert groups == {gid: (g.owner, g.members) for gid, g in world.groups.items()}
    for profile in Profile.objects.filter(member__in=members):
        owner = index[profile.member_id]
        for name in FIELDS:
            stored = (getattr(profile, f"{name}_audience"), getattr(profile, f"{name}_friend_group_id"))
            assert stored == world.shares.get((owner, name), (DEFAULT_AUDIENCE[name], None))
    # Invariants: a block ends the friendship; groups hold only their owner's friends.
    assert not any(world.are_friends(a, b) for a, b in world.blocks)
    assert all(group.members <= world.friends_of(group.owner) for group in world.groups.values())


def note_why(world: World, viewer: int | None, owner: int, share: tuple[str, int | None]) -> None:
    """Record (in hypothesis' statistics) the interesting reasons an item was visible, to show what was covered."""
    audience = share[0]
    if viewer is None or viewer == owner:
        return
    if audience == Audience.FRIENDS_OF_FRIENDS and not world.are_friends(owner, viewer):
        event("visible: friend of a friend")
    elif audience == Audience.FRIEND_GROUP:
        event("visible: friend group")
    elif audience == Audience.FRIENDS:
        event("visible: friend")


def note_world(world: World) -> None:
    """Record (in hypothesis' statistics) what the world held."""
    event(f"friendships: {'6+' if len(world.friends) >= 6 else len(world.friends)}")
    if world.blocks:
        event("has blocks")
    if any(group.members for group in world.groups.values()):
        event("has a non-empty group")
    if any(
        gid is not None and gid in world.groups and world.groups[gid].owner != owner and world.groups[gid].members
        for (owner, _name), (_audience, gid) in world.shares.items()
    ):
        event("an item points at another owner's non-empty group")
    if any(world.are_friends(a, b) for a in world.inactive for b in range(world.n)):
        event("a closed account with friends")


def assert_faces_agree(world: World, members: list[Member]) -> None:
    """Every viewer, every item: SQL face, single-object face and reference agree; and so for members."""
    index = {m.pk: i for i, m in enumerate(members)}
    profiles = list(Profile.objects.filter(member__in=members).select_related("member"))
    group_ids = [None, *world.groups, NO_SUCH_GROUP]
    viewers: list[tuple[int | None, Any]] = [(i, m) for i, m in enumerate(members)] + [(None, AnonymousUser())]
    for v, viewer in viewers:
        where = f"viewer {v} in {world}"
        facts = [policy.relationship(viewer, owner) for owner in members]
        for name, shared in SHARED.items():
            listed = {
                index[pk]
                for pk in policy.visible_to(viewer, Profile.objects.filter(member__in=members), shared).values_list(
                    "member_id", flat=True
                )
            }
            if name == "school":  # `can_view` itself, with its own query per item
                single = {index[p.member_id] for p in profiles if policy.can_view(viewer, p, shared)}
            else:  # the same decision through the relationship already fetched (what `can_view` does)
                single = {
                    index[p.member_id]
                    for p in profiles
                    if facts[index[p.member_id]].allows(
                        getattr(p, shared.audience), getattr(p, f"{shared.friend_group}_id")
                    )
                }
            reference = {
                o
                for o in range(world.n)
                if ref_allows(world, v, o, *world.shares.get((o, name), (DEFAULT_AUDIENCE[name], None)))
            }
            batch = {index[p.member_id] for p in policy.visible_items(viewer, profiles, shared)}
            assert listed == single == batch == reference, (
                f"{name}: sql={listed} single={single} batch={batch} ref={reference}; {where}"
            )
            for o in reference:
                note_why(world, v, o, world.shares.get((o, name), (DEFAULT_AUDIENCE[name], None)))
        for o in range(world.n):
            for audience in ALL_AUDIENCES:
                for gid in group_ids if audience == Audience.FRIEND_GROUP else [None]:
                    expected = ref_allows(world, v, o, audience, gid)
                    assert facts[o].allows(audience, gid) == expected, f"owner {o}, {audience}, group {gid}; {where}"
        known = {
            index[pk]
            for pk in policy.members_visible_to(viewer, Member.objects.filter(pk__in=list(index))).values_list(
                "pk", flat=True
            )
        }
        single_members = {index[m.pk] for m in members if policy.can_see_member(viewer, m)}
        reference_members = {m for m in range(world.n) if ref_can_see_member(world, v, m)}
        assert known == single_members == reference_members, (
            f"members: {known} {single_members} {reference_members}; {where}"
        )
        assert_co_authored_agree(world, members, v, viewer)
        assert_community_content_agrees(world, members, v, viewer)


def ref_reads_community(world: World, viewer: int | None, author: int, public: bool, standing: list[str]) -> bool:
    """DESIGN.md §2 for the audience `community`, without the policy module."""
    if author in world.inactive or not signed_in(world, viewer):
        return False
    assert viewer is not None
    if viewer == author:
        return True
    if (author, viewer) in world.blocks:
        return False
    return public or standing[viewer] == "active"


def community_items(world: World, members: list[Member], communities: list[tuple[bool, list[str]]]) -> None:
    """The two communities with their memberships, and a topic by every member in each."""
    for index, (public, standing) in enumerate(communities):
        community = Community.objects.create(name=f"会{index}", name_key=f"会{index}", topics_public=public)
        Membership.objects.bulk_create(
            Membership(community=community, member=members[m], state=state)
            for m, state in enumerate(standing)
            if state != "none"
        )
        Topic.objects.bulk_create(
            Topic(community=community, author=member, title=f"話題{a}", body="本文", body_html="<p>本文</p>")
            for a, member in enumerate(members)
        )


def assert_community_content_agrees(world: World, members: list[Member], v: int | None, viewer: Any) -> None:
    """SQL face, single-object face and reference agree on every topic of both communities."""
    index = {m.pk: i for i, m in enumerate(members)}
    topics = list(Topic.objects.select_related("author", "community").order_by("community_id", "pk"))
    settings_of = {c.pk: (c.topics_public, world.standing[c.pk]) for c in {t.community for t in topics}}
    key = {t.pk: (t.community_id, index[t.author_id]) for t in topics}
    listed = {
        key[pk] for pk in policy.visible_to(viewer, Topic.objects.all(), Topic.shared).values_list("pk", flat=True)
    }
    single = {key[t.pk] for t in topics if policy.can_view(viewer, t)}
    batch = {key[t.pk] for t in policy.visible_items(viewer, topics)}
    reference = {
        (t.community_id, index[t.author_id])
        for t in topics
        if ref_reads_community(world, v, index[t.author_id], *settings_of[t.community_id])
    }
    assert listed == single == batch == reference, (
        f"community: sql={listed} single={single} batch={batch} ref={reference}; viewer {v}"
    )
    if v is not None and any(standing[v] == "pending" and not public for public, standing in settings_of.values()):
        event("a pending member of a closed community")


def co_authored_items(world: World, members: list[Member]) -> list[VoicePost]:
    """A reply by every member (co-author) to a post by every member (owner), with the owner's `school` audience."""
    rows = []
    for o in range(world.n):
        audience, gid = world.shares.get((o, "school"), (DEFAULT_AUDIENCE["school"], None))
        for c in range(world.n):
            rows.append(
                VoicePost(
                    author=members[c], root_author=members[o], text="返信", audience=audience, friend_group_id=gid
                )
            )
    return VoicePost.objects.bulk_create(rows)


def assert_co_authored_agree(world: World, members: list[Member], v: int | None, viewer: Any) -> None:
    """SQL face, single-object face (for the replies of each owner's self and next member) and reference agree."""
    index = {m.pk: i for i, m in enumerate(members)}
    items = list(VoicePost.objects.filter(root_author__in=members).select_related("author", "root_author"))
    listed = {(index[p.root_author_id], index[p.author_id]) for p in policy.visible_to(viewer, VoicePost.objects.all())}
    reference = {
        (o, c)
        for o in range(world.n)
        for c in range(world.n)
        if ref_allows(world, v, o, *world.shares.get((o, "school"), (DEFAULT_AUDIENCE["school"], None)))
        and ref_can_see_member(world, v, c)
    }
    assert listed == reference, f"co-authored: sql={listed} ref={reference}; viewer {v} in {world}"
    sampled = [
        p for p in items if index[p.author_id] in (index[p.root_author_id], (index[p.root_author_id] + 1) % world.n)
    ]
    single = {(index[p.root_author_id], index[p.author_id]) for p in sampled if policy.can_view(viewer, p)}
    batch = {(index[p.root_author_id], index[p.author_id]) for p in policy.visible_items(viewer, items)}
    assert batch == reference, f"co-authored batch: {batch} ref={reference}; viewer {v} in {world}"
    assert single == {(index[p.root_author_id], index[p.author_id]) for p in sampled} & reference, (
        f"co-authored single: {single}; viewer {v} in {world}"
    )
    if any(o != c and (o, c) in reference and (c, o) in world.blocks for o, c in reference):
        event("a visible reply whose author blocked the post's author")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=worlds())
def test_policy_faces_agree_with_the_reference(spec: dict[str, Any]) -> None:
    """Over random worlds, the services match a model, and SQL face, single-object face and reference agree."""
    cache.clear()  # site settings are cached, and the previous example's were rolled back
    try:
        with transaction.atomic():
            n = spec["n"]
            members = []
            for i in range(n):
                member = Member.objects.create(email=f"w{i}@example.com", nickname=f"メンバー{i}", handle=f"w{i}")
                profile_create(member=member)
                members.append(member)
            world = World(n=n)
            for op in spec["ops"]:
                apply(world, members, op)
            world.inactive = set(spec["inactive"])
            Member.objects.filter(pk__in=[members[i].pk for i in world.inactive]).update(is_active=False)
            world.web = spec["web"]
            site_settings_update(web_public_allowed=world.web)
            members = list(Member.objects.filter(pk__in=[m.pk for m in members]).order_by("pk"))
            assert_tables_match(world, members)
            note_world(world)
            co_authored_items(world, members)
            community_items(world, members, spec["communities"])
            for community, (_public, standing) in zip(
                Community.objects.order_by("pk"), spec["communities"], strict=True
            ):
                world.standing[community.pk] = standing
            assert_faces_agree(world, members)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        cache.clear()
