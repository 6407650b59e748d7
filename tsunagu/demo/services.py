"""Loading the demo network; safe to run any number of times."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.handles import handle_derive
from tsunagu.accounts.models import Member
from tsunagu.core.audience import Audience
from tsunagu.demo import graph
from tsunagu.demo.members import DEMO_DOMAIN, DEMO_PASSWORD, MEMBERS
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.friends.models import Block, FriendGroup, FriendIntro, FriendRequest, Friendship
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


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def demo_load() -> list[Member]:
    """Create the demo members that are missing (the first one is an operator) and, the first time,
    their friend graph; return all the members.

    The graph is loaded once: after that the demo belongs to whoever plays with it, so running the
    command again (every `make run`) does not bring back a friend someone removed or a block they lifted.
    """
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is deliberately slow
    members = []
    for index, (local, nickname, gender, birthday, lives, home, school, work, interests, intro) in enumerate(MEMBERS):
        member = Member.objects.filter(email=demo_email(local)).first()
        if member is None:
            member = Member.objects.create(
                email=demo_email(local),
                nickname=nickname,
                handle=handle_derive(demo_email(local)),
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
