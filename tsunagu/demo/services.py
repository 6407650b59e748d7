"""Loading the demo network; safe to run any number of times."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.handles import handle_derive, handle_taken
from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.errors import NotFound
from tsunagu.demo import communities, diaries, graph, voice
from tsunagu.demo.members import DEMO_DOMAIN, DEMO_PASSWORD, HANDLES, MEMBERS
from tsunagu.demo.messages import demo_messages_load
from tsunagu.demo.photos import demo_photo
from tsunagu.diary.models import CommentedEntry, DiaryComment, DiaryEntry, DiaryPhoto
from tsunagu.diary.reactables import COMMENT_KIND, ENTRY_KIND
from tsunagu.diary.services import (
    diary_comment_create,
    diary_comment_delete,
    diary_entry_create,
    diary_entry_update,
)
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.friends.models import (
    Block,
    FriendGroup,
    FriendGroupMembership,
    FriendIntro,
    FriendRequest,
    Friendship,
)
from tsunagu.friends.services import (
    block_create,
    friend_group_create,
    friend_request_decline,
    friend_request_send,
    friendship_create,
    intro_set_hidden,
    intro_write,
)
from tsunagu.profiles.services import profile_create, profile_update
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def demo_handle(local: str) -> str:
    """The handle the member chose (members.HANDLES), or one derived from the address if someone took it."""
    chosen = HANDLES.get(local, "")
    return chosen if chosen and not handle_taken(chosen) else handle_derive(demo_email(local))


@transaction.atomic
def demo_load() -> list[Member]:
    """Create the demo members that are missing (the first one is an operator) and, the first time,
    their friend graph, their diaries, their voice posts, their messages and their communities; return all the
    members.

    The graph and the diaries are loaded once: after that the demo belongs to whoever plays with it, so
    running the command again (every `make run`) does not bring back a friend someone removed, a block
    they lifted or a diary entry they deleted.
    """
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is deliberately slow
    members = []
    for index, (local, nickname, gender, birthday, lives, home, school, work, interests, intro) in enumerate(MEMBERS):
        member = Member.objects.filter(email=demo_email(local)).first()
        if member is None:
            member = Member.objects.create(
                email=demo_email(local),
                nickname=nickname,
                handle=demo_handle(local),
                password=password_hash,
                is_staff=index == 0,
                is_superuser=index == 0,
            )
            profile_create(member=member)
            profile_update(
                member=member,
                introduction=intro,
                fields={
                    "gender": {"value": gender},
                    "birthday": {"value": datetime.date.fromisoformat(birthday)},
                    "current_prefecture": {"value": lives, "audience": Audience.MEMBERS},
                    "home_prefecture": {"value": home},
                    "school": {"value": school},
                    "workplace": {"value": work},
                    "interests": {"value": interests},
                },
            )
        members.append(member)
    if not demo_graph_loaded(members):
        demo_graph_load(members)
    if not demo_diaries_loaded(members):
        demo_diaries_load(members)
    if not voice.demo_voice_loaded(members):
        voice.demo_voice_load(members)
    demo_messages_load(members)
    if not communities.demo_communities_loaded(members):
        communities.demo_communities_load(members)
    return members


def demo_graph_loaded(members: list[Member]) -> bool:
    """Whether the demo members already have a friend graph (from an earlier run)."""
    return (
        Friendship.objects.filter(member__in=members).exists() or FriendGroup.objects.filter(owner__in=members).exists()
    )


@transaction.atomic
def demo_graph_load(members: list[Member]) -> None:
    """Friendships, friend groups, profile audiences, blocks, requests and intros; each created only if missing."""
    by_local = {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}
    blocked = {frozenset(pair) for pair in graph.BLOCKS}
    for a, b in graph.friendships():
        assert frozenset((a, b)) not in blocked, f"the demo graph befriends {a} and {b} across a block"
        friendship_create(by_local[a], by_local[b])

    groups: dict[tuple[str, str], int] = {}
    for owner, owned in graph.GROUPS.items():
        for name, names in owned.items():
            group = FriendGroup.objects.filter(owner=by_local[owner], name=name).first()
            if group is None:
                group = friend_group_create(owner=by_local[owner], name=name, members=[by_local[n].pk for n in names])
            groups[(owner, name)] = group.pk

    for index, row in enumerate(MEMBERS):
        _profile_audiences_set(by_local[row[0]], row, index, groups)

    for blocker, blocked_member in graph.BLOCKS:
        block_create(blocker=by_local[blocker], blocked_id=by_local[blocked_member].pk)

    for sender, recipient, message in graph.REQUESTS:
        _request_send(by_local[sender], by_local[recipient], message)
    for sender, recipient, message in graph.DECLINED_REQUESTS:
        request = _request_send(by_local[sender], by_local[recipient], message)
        if request is not None:
            friend_request_decline(recipient=by_local[recipient], request_id=request.pk)

    for author, subject, body in graph.INTROS:
        _intro_write(by_local[author], by_local[subject], body)
    for author, subject, body in graph.HIDDEN_INTROS:
        intro = _intro_write(by_local[author], by_local[subject], body)
        if intro is not None:
            intro_set_hidden(subject=by_local[subject], intro_id=intro.pk, hidden=True)

    _footprints_leave(by_local)


def _footprints_leave(by_local: dict[str, Member]) -> None:
    """あしあと over the last few days: friends dropping by each other's profiles and friend lists."""
    now = timezone.now()
    for index, (a, b) in enumerate(graph.friendships()):
        if index % 3 == 0:
            footprint_record(
                owner=by_local[a], visitor=by_local[b], page=FootprintPage.PROFILE, now=now - timedelta(hours=index)
            )
        if index % 4 == 1:
            footprint_record(
                owner=by_local[b],
                visitor=by_local[a],
                page=FootprintPage.FRIEND_LIST,
                now=now - timedelta(hours=2 * index),
            )


def _profile_audiences_set(
    member: Member, row: tuple[str, ...], index: int, groups: dict[tuple[str, str], int]
) -> None:
    """The member's profile values (as in members.py) with a mix of audiences, some fields shared with a group."""
    local, _nickname, gender, birthday, lives, home, school, work, interests, _intro = row
    values: dict[str, Any] = {
        "gender": gender,
        "birthday": datetime.date.fromisoformat(birthday),
        "current_prefecture": lives,
        "home_prefecture": home,
        "school": school,
        "workplace": work,
        "interests": interests,
    }
    mix = graph.AUDIENCE_MIXES[index % len(graph.AUDIENCE_MIXES)]
    shared_with = graph.FIELD_GROUPS.get(local, {})

    def audience(name: str) -> dict[str, Any]:
        if name in shared_with:
            return {"audience": Audience.FRIEND_GROUP, "friend_group": groups[(local, shared_with[name])]}
        return {"audience": mix[name]}

    fields = {name: {"value": value, **audience(name)} for name, value in values.items()}
    fields["birthday"]["year_audience"] = mix["birth_year"]
    profile_update(member=member, fields=fields, friend_list=audience("friend_list"))


def _request_send(sender: Member, recipient: Member, message: str) -> FriendRequest | None:
    """Send the request unless it exists (or the two are friends already); the new request, if any."""
    if FriendRequest.objects.filter(sender=sender, recipient=recipient).exists():
        return None
    if Friendship.objects.filter(member=sender, friend=recipient).exists():
        return None
    if Block.objects.filter(blocker__in=[sender, recipient], blocked__in=[sender, recipient]).exists():
        return None
    return friend_request_send(sender=sender, recipient_id=recipient.pk, message=message)


def _intro_write(author: Member, subject: Member, body: str) -> FriendIntro | None:
    """Write the intro unless the author already wrote one for the subject; the new intro, if any."""
    if FriendIntro.objects.filter(author=author, subject=subject).exists():
        return None
    return intro_write(author=author, subject_id=subject.pk, body=body)


# --- diaries -------------------------------------------------------------------------------------

# Diary footprints are left only for reads in the last days, like the profile visits above.
FOOTPRINT_DAYS = 14


def demo_diaries_loaded(members: list[Member]) -> bool:
    """Whether any demo diary entry (same author, same title) exists from an earlier run."""
    by_local = {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}
    wanted = {(by_local[spec.author].pk, spec.title) for spec in diaries.ENTRIES}
    found = DiaryEntry.objects.filter(
        author__in=members, title__in={spec.title for spec in diaries.ENTRIES}
    ).values_list("author_id", "title")
    return any(pair in wanted for pair in found)


@transaction.atomic
def demo_diaries_load(members: list[Member]) -> None:
    """The demo diaries, written through the diary services as the members would write them.

    Comments come only from members who may see the entry (never across a block); イイネ! from members
    who may see the item; footprints from friends who read an entry in the last days. The services
    stamp everything with the present, so the demo rows are then back-dated to when they were written.
    """
    load = _DiaryLoad(members)
    for spec in diaries.ENTRIES:
        load.entry(spec)
    load.finish()


@dataclass(frozen=True)
class _Visit:
    at: datetime.datetime
    owner: Member
    visitor: Member
    page: str


class _DiaryLoad:
    """One run of `demo_diaries_load`: the friend graph in memory, and what is to be back-dated at the end.

    The graph in memory only suggests who might like an entry cheaply (asking the policy for every
    member and entry would be a query each); each イイネ! still goes through `iine_add`, which asks the
    policy, and each comment is checked with `policy.can_view` first.
    """

    def __init__(self, members: list[Member]) -> None:
        self.members = members
        self.by_local = {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}
        self.now = timezone.now()
        self.friends: dict[int, set[int]] = {member.pk: set() for member in members}
        for member_id, friend_id in Friendship.objects.filter(member__in=members).values_list("member_id", "friend_id"):
            self.friends[member_id].add(friend_id)
        self.blocked = {frozenset(pair) for pair in Block.objects.values_list("blocker_id", "blocked_id")}
        self.group_members: dict[int, set[int]] = {}
        for group_id, member_id in FriendGroupMembership.objects.filter(group__owner__in=members).values_list(
            "group_id", "member_id"
        ):
            self.group_members.setdefault(group_id, set()).add(member_id)
        self.reactions: dict[tuple[str, int, int], datetime.datetime] = {}
        self.visits: list[_Visit] = []

    def blocks(self, a: int | None, b: int | None) -> bool:
        """Whether either of the two has blocked the other."""
        return frozenset((a, b)) in self.blocked

    def likely_sees(self, viewer: Member, entry: DiaryEntry) -> bool:
        """The policy's answer for the audiences the demo uses, from the graph in memory (a first guess)."""
        author_id = entry.author_id
        if viewer.pk == author_id or self.blocks(viewer.pk, author_id):
            return False
        if entry.audience in (Audience.PUBLIC, Audience.MEMBERS):
            return True
        if entry.audience == Audience.FRIENDS:
            return viewer.pk in self.friends[author_id]
        if entry.audience == Audience.FRIENDS_OF_FRIENDS:
            return viewer.pk in self.friends[author_id] or bool(self.friends[viewer.pk] & self.friends[author_id])
        if entry.audience == Audience.FRIEND_GROUP:
            return viewer.pk in self.group_members.get(entry.friend_group_id or 0, set())
        return False

    def iine(self, member: Member, kind: str, item_id: int, at: datetime.datetime) -> bool:
        """イイネ! through the service (which asks the policy); False if the member may not see the item."""
        try:
            iine_add(member=member, kind=kind, item_id=item_id)
        except NotFound:
            return False
        self.reactions[(kind, item_id, member.pk)] = min(at, self.now)
        return True

    def written_at(self, spec: diaries.Entry) -> datetime.datetime:
        """When the entry was written: `days_ago` days back at its local time, and at least two hours ago."""
        hour, minute = (int(part) for part in spec.time.split(":"))
        day = timezone.localtime(self.now) - timedelta(days=spec.days_ago)
        return min(day.replace(hour=hour, minute=minute, second=0, microsecond=0), self.now - timedelta(hours=2))

    def entry(self, spec: diaries.Entry) -> None:
        """One entry with its photos, comments, イイネ! and the footprints of the friends who read it."""
        rng = random.Random(f"{spec.author}:{spec.title}")
        author = self.by_local[spec.author]
        audience, group_id = spec.audience, None
        if spec.group:
            group_id = FriendGroup.objects.filter(owner=author, name=spec.group).values_list("pk", flat=True).first()
            if group_id is None:  # someone playing with the demo deleted the group: friends it is
                audience = Audience.FRIENDS
        entry = diary_entry_create(
            author=author,
            title=spec.title,
            body=spec.body,
            audience=audience,
            friend_group=group_id,
            photos=[demo_photo(scene, seed) for scene, seed in spec.photos],
        )
        written = self.written_at(spec)
        comments, read = self.comments(spec, entry, written)
        last = max((comment.created_at for comment in comments), default=None)
        updated = written
        if spec.close_comments:
            diary_entry_update(author=author, entry_id=entry.pk, comments_open=False)
            updated = min((last or written) + timedelta(hours=1), self.now - timedelta(minutes=1))
        DiaryEntry.objects.filter(pk=entry.pk).update(created_at=written, updated_at=updated, last_commented_at=last)
        if spec.photos:
            DiaryPhoto.objects.filter(entry=entry, comment__isnull=True).update(created_at=written)

        live = [comment for comment in comments if comment.deleted_at is None]
        commenters = {comment.author_id for comment in live}
        for member in self.members:
            if not self.likely_sees(member, entry):
                continue
            friend = member.pk in self.friends[author.pk]
            chance = 0.55 if member.pk in commenters else 0.35 if friend else 0.08
            if rng.random() < chance:
                at = read.get(member.pk) or written + timedelta(hours=rng.uniform(0.2, 30))
                if self.iine(member, ENTRY_KIND, entry.pk, at + timedelta(minutes=rng.randint(1, 4))):
                    read.setdefault(member.pk, min(at, self.now - timedelta(minutes=5)))
            if friend and member.pk in read and read[member.pk] > self.now - timedelta(days=FOOTPRINT_DAYS):
                self.visits.append(_Visit(read[member.pk], author, member, FootprintPage.DIARY_ENTRY))

        for comment in live:
            # The entry's author likes many comments on it; now and then someone who commented earlier does too.
            likers = [author] if comment.author_id != author.pk and rng.random() < 0.5 else []
            likers += [c.author for c in live if c.number < comment.number and c.author and rng.random() < 0.1]
            for liker in {m.pk: m for m in likers if m.pk != comment.author_id}.values():
                if not self.blocks(liker.pk, comment.author_id):
                    self.iine(
                        liker, COMMENT_KIND, comment.pk, comment.created_at + timedelta(minutes=rng.randint(5, 300))
                    )

    def comments(
        self, spec: diaries.Entry, entry: DiaryEntry, written: datetime.datetime
    ) -> tuple[list[DiaryComment], dict[int, datetime.datetime]]:
        """The entry's comments, by those who may see it, back-dated in order; and when each commenter read it."""
        rng = random.Random(f"{spec.title}:comments")
        comments: list[DiaryComment] = []
        read: dict[int, datetime.datetime] = {}
        last_by: dict[int, datetime.datetime] = {}
        previous = written
        for index, comment_spec in enumerate(spec.comments):
            commenter = self.by_local[comment_spec.author]
            if self.blocks(commenter.pk, entry.author_id) or not policy.can_view(commenter, entry):
                continue
            comment = diary_comment_create(
                author=commenter,
                entry_id=entry.pk,
                body=comment_spec.body,
                photos=[demo_photo(scene, seed) for scene, seed in comment_spec.photos],
            )
            # In order, a minute apart at least, and in the past even for an entry of last night.
            at = min(
                written + timedelta(hours=comment_spec.hours), self.now - timedelta(minutes=len(spec.comments) - index)
            )
            comment.created_at = previous = max(at, previous + timedelta(minutes=1))
            read.setdefault(commenter.pk, comment.created_at - timedelta(minutes=rng.randint(3, 20)))
            last_by[commenter.pk] = comment.created_at
            if comment_spec.photos:
                DiaryPhoto.objects.filter(comment=comment).update(created_at=comment.created_at)
            if comment_spec.deleted:
                diary_comment_delete(member=commenter, entry_id=entry.pk, comment_id=comment.pk)
                comment.deleted_at = comment.created_at + timedelta(minutes=2)
            comments.append(comment)
        if comments:
            DiaryComment.objects.bulk_update(comments, ["created_at", "deleted_at"])
            commented = list(CommentedEntry.objects.filter(entry=entry))
            for row in commented:
                row.last_commented_at = last_by[row.member_id]
            CommentedEntry.objects.bulk_update(commented, ["last_commented_at"])
        return comments, read

    def finish(self) -> None:
        """Back-date the イイネ!, leave the footprints, and add friends browsing each other's diary lists."""
        rows = list(
            Reaction.objects.filter(member__in=self.members, kind__in=[ENTRY_KIND, COMMENT_KIND]).filter(
                item_id__in={item_id for _kind, item_id, _member in self.reactions}
            )
        )
        for row in rows:
            row.created_at = self.reactions.get((row.kind, row.item_id, row.member_id), row.created_at)
        Reaction.objects.bulk_update(rows, ["created_at"], batch_size=500)

        rng = random.Random("diary lists")
        for local in sorted({spec.author for spec in diaries.ENTRIES}):
            owner = self.by_local[local]
            friends = [m for m in self.members if m.pk in self.friends[owner.pk] and not self.blocks(m.pk, owner.pk)]
            for visitor in rng.sample(friends, min(len(friends), rng.randint(1, 3))):
                at = self.now - timedelta(hours=rng.uniform(1, 24 * 7))
                self.visits.append(_Visit(at, owner, visitor, FootprintPage.DIARY_LIST))
        # Oldest first: a visit is not recorded when a later one by the same visitor already is.
        for visit in sorted(self.visits, key=lambda v: v.at):
            footprint_record(owner=visit.owner, visitor=visit.visitor, page=visit.page, now=visit.at)
