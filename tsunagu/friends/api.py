"""Friend endpoints: requests, friends, blocks, friend groups and intros (紹介文).

Every read goes through `tsunagu.friends.selectors` (and so through the privacy policy), every write
through `tsunagu.friends.services`. Anything the viewer may not see answers 404, exactly like
something that does not exist. A declined request looks, to its sender, exactly like a waiting one.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictBool, StrictInt

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.api_auth import ANYONE
from tsunagu.core.errors import NotFound
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.friends import selectors, services
from tsunagu.friends.models import Block, FriendGroup, FriendIntro, FriendRequest
from tsunagu.profiles.api import member_summary

router = Router(tags=["friends"])

FRIENDS_PER_PAGE = 50
# The largest id a database key can hold; larger ones in a list would overflow the query (a 500).
MAX_ID = 2**63 - 1
MemberId = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]


# --- shapes -----------------------------------------------------------------------------------------


class MemberSummary(Schema):
    id: int
    # Unique, lower-case a–z, 0–9 and _; what @mentions name.
    handle: str
    nickname: str
    avatar_url: str | None


class FriendRequestOut(Schema):
    id: int
    from_: MemberSummary = Field(alias="from")
    to: MemberSummary
    message: str
    created_at: str


class FriendRequestList(Schema):
    items: list[FriendRequestOut]


class FriendOut(Schema):
    friend: MemberSummary


class MemberList(Schema):
    items: list[MemberSummary]


class FriendPage(Schema):
    items: list[MemberSummary]
    count: int
    next_page: int | None


class BlockOut(Schema):
    member: MemberSummary
    created_at: str


class BlockList(Schema):
    items: list[BlockOut]


class FriendGroupOut(Schema):
    id: int
    name: str
    members: list[MemberSummary]


class FriendGroupList(Schema):
    items: list[FriendGroupOut]


class IntroOut(Schema):
    id: int
    author: MemberSummary
    body: str
    hidden: bool
    created_at: str


class IntroList(Schema):
    items: list[IntroOut]


class FriendStatusOut(Schema):
    is_friend: bool
    request_sent: int | None
    request_received: int | None
    blocked: bool


class FriendRequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: StrictInt
    message: str | None = None


class BlockIn(Schema):
    model_config = ConfigDict(extra="forbid")

    member: StrictInt


class FriendGroupIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str
    members: list[MemberId] = []


class FriendGroupChange(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    members: list[MemberId] | None = None


class IntroIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: str


class IntroChange(Schema):
    model_config = ConfigDict(extra="forbid")

    hidden: StrictBool


# --- JSON -------------------------------------------------------------------------------------------


def _request_json(request: FriendRequest, *, sender: Member, recipient: Member) -> dict[str, Any]:
    # Nothing here may differ between a declined request and a waiting one (the sender must never tell).
    return {
        "id": request.pk,
        "from": member_summary(sender),
        "to": member_summary(recipient),
        "message": request.message,
        "created_at": request.created_at.isoformat(),
    }


def _block_json(block: Block) -> dict[str, Any]:
    return {"member": member_summary(block.blocked), "created_at": block.created_at.isoformat()}


def _group_json(group: FriendGroup) -> dict[str, Any]:
    return {"id": group.pk, "name": group.name, "members": [member_summary(m) for m in group.members.all()]}


def _intro_json(intro: FriendIntro) -> dict[str, Any]:
    return {
        "id": intro.pk,
        "author": member_summary(intro.author),
        "body": intro.body,
        "hidden": intro.hidden,
        "created_at": intro.created_at.isoformat(),
    }


def _viewer(request: HttpRequest) -> policy.Viewer:
    return request.auth  # type: ignore[attr-defined]


def _me(request: HttpRequest) -> Member:
    return request.auth  # type: ignore[attr-defined]


# --- friend requests --------------------------------------------------------------------------------


@router.post("/friend-requests", response={201: FriendRequestOut}, by_alias=True, summary="Send a friend request")
def friend_request_create(request: HttpRequest, payload: FriendRequestIn) -> Status[dict[str, Any]]:
    me = _me(request)
    sent = services.friend_request_send(sender=me, recipient_id=payload.to, message=payload.message)
    return Status(201, _request_json(sent, sender=me, recipient=sent.recipient))


@router.get(
    "/friend-requests",
    response=FriendRequestList,
    by_alias=True,
    summary="Friend requests waiting for me (incoming) or sent by me (outgoing)",
)
def friend_request_list(
    request: HttpRequest, direction: Literal["incoming", "outgoing"] = "incoming"
) -> dict[str, Any]:
    me = _me(request)
    if direction == "incoming":
        items = [_request_json(r, sender=r.sender, recipient=me) for r in selectors.incoming_requests(me)]
    else:
        items = [_request_json(r, sender=me, recipient=r.recipient) for r in selectors.outgoing_requests(me)]
    return {"items": items}


@router.post("/friend-requests/{request_id}/accept", response=FriendOut, summary="Accept a friend request sent to me")
def friend_request_accept(request: HttpRequest, request_id: int) -> dict[str, Any]:
    friend = services.friend_request_accept(recipient=_me(request), request_id=request_id)
    return {"friend": member_summary(friend)}


@router.post(
    "/friend-requests/{request_id}/decline",
    response={204: None},
    summary="Decline a friend request silently (the sender is never told)",
)
def friend_request_decline(request: HttpRequest, request_id: int) -> Status[None]:
    services.friend_request_decline(recipient=_me(request), request_id=request_id)
    return Status(204, None)


@router.delete("/friend-requests/{request_id}", response={204: None}, summary="Cancel a friend request I sent")
def friend_request_cancel(request: HttpRequest, request_id: int) -> Status[None]:
    services.friend_request_cancel(sender=_me(request), request_id=request_id)
    return Status(204, None)


# --- friends ----------------------------------------------------------------------------------------


@router.get(
    "/members/{member_id}/friends",
    auth=ANYONE,
    response=FriendPage,
    summary="A member's friends, as far as the member's friend-list audience lets the viewer see them",
)
def friend_list(request: HttpRequest, member_id: int, page: int = Query(1, ge=1)) -> dict[str, Any]:
    member, friends = selectors.friends_for_viewer(viewer=_viewer(request), member_id=member_id)
    footprint_record(owner=member, visitor=_viewer(request), page=FootprintPage.FRIEND_LIST)
    count = friends.count()
    start = (page - 1) * FRIENDS_PER_PAGE
    # Past the end there is nothing to fetch (and a huge page would overflow the database's OFFSET).
    rows = list(friends[start : start + FRIENDS_PER_PAGE]) if start < count else []
    return {
        "items": [member_summary(friend) for friend in rows],
        "count": count,
        "next_page": page + 1 if start + FRIENDS_PER_PAGE < count else None,
    }


@router.get(
    "/members/{member_id}/mutual-friends",
    auth=ANYONE,
    response=MemberList,
    summary="共通の友人: my friends who are also this member's (where their friend list is visible to me)",
)
def mutual_friend_list(request: HttpRequest, member_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    member = selectors.member_for_viewer(viewer=viewer, member_id=member_id)
    return {"items": [member_summary(m) for m in selectors.mutual_friends(viewer=viewer, member=member)]}


@router.get(
    "/members/{member_id}/friend-status",
    response=FriendStatusOut,
    summary="How I stand with a member: friends, a request either way (ids), blocked by me",
)
def friend_status(request: HttpRequest, member_id: int) -> dict[str, Any]:
    me = _me(request)
    member = selectors.member_for_viewer(viewer=me, member_id=member_id)
    status = selectors.friend_status(viewer=me, member=member)
    return {
        "is_friend": status.is_friend,
        "request_sent": status.request_sent.pk if status.request_sent else None,
        "request_received": status.request_received.pk if status.request_received else None,
        "blocked": status.blocked_by_viewer,
    }


@router.delete("/friends/{member_id}", response={204: None}, summary="Remove a friend (silently, on both sides)")
def friend_remove(request: HttpRequest, member_id: int) -> Status[None]:
    services.friend_remove(member=_me(request), friend_id=member_id)
    return Status(204, None)


# --- blocks -----------------------------------------------------------------------------------------


@router.get("/blocks", response=BlockList, summary="The members I have blocked")
def block_list(request: HttpRequest) -> dict[str, Any]:
    return {"items": [_block_json(block) for block in selectors.blocks_of(_me(request))]}


@router.post(
    "/blocks",
    response={201: BlockOut},
    summary="Block a member (ends any friendship, request and intro between us; they are not told)",
)
def block_create(request: HttpRequest, payload: BlockIn) -> Status[dict[str, Any]]:
    block = services.block_create(blocker=_me(request), blocked_id=payload.member)
    return Status(201, _block_json(block))


@router.delete("/blocks/{member_id}", response={204: None}, summary="Unblock a member")
def block_remove(request: HttpRequest, member_id: int) -> Status[None]:
    if not -MAX_ID <= member_id <= MAX_ID:
        # services.block_remove filters on a foreign key, which an out-of-range id overflows (a 500).
        raise NotFound(_("You have not blocked this member."))
    services.block_remove(blocker=_me(request), blocked_id=member_id)
    return Status(204, None)


# --- friend groups (seen by their owner alone) ------------------------------------------------------


@router.get("/friend-groups", response=FriendGroupList, summary="My friend groups with their members")
def friend_group_list(request: HttpRequest) -> dict[str, Any]:
    return {"items": [_group_json(group) for group in selectors.friend_groups_of(_me(request))]}


@router.post("/friend-groups", response={201: FriendGroupOut}, summary="Create a friend group of my friends")
def friend_group_create(request: HttpRequest, payload: FriendGroupIn) -> Status[dict[str, Any]]:
    me = _me(request)
    group = services.friend_group_create(owner=me, name=payload.name, members=payload.members)
    return Status(201, _group_json(selectors.friend_group_for_owner(owner=me, group_id=group.pk)))


@router.get("/friend-groups/{group_id}", response=FriendGroupOut, summary="One of my friend groups")
def friend_group_detail(request: HttpRequest, group_id: int) -> dict[str, Any]:
    return _group_json(selectors.friend_group_for_owner(owner=_me(request), group_id=group_id))


@router.patch("/friend-groups/{group_id}", response=FriendGroupOut, summary="Rename a group and/or replace its members")
def friend_group_update(request: HttpRequest, group_id: int, payload: FriendGroupChange) -> dict[str, Any]:
    me = _me(request)
    group = services.friend_group_update(owner=me, group_id=group_id, name=payload.name, members=payload.members)
    return _group_json(selectors.friend_group_for_owner(owner=me, group_id=group.pk))


@router.delete("/friend-groups/{group_id}", response={204: None}, summary="Delete one of my friend groups")
def friend_group_delete(request: HttpRequest, group_id: int) -> Status[None]:
    services.friend_group_delete(owner=_me(request), group_id=group_id)
    return Status(204, None)


# --- intros (紹介文) ---------------------------------------------------------------------------------


@router.get(
    "/members/{member_id}/intros",
    auth=ANYONE,
    response=IntroList,
    summary="The intros on a member's profile (hidden ones only for the member themself)",
)
def intro_list(request: HttpRequest, member_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    member = selectors.member_for_viewer(viewer=viewer, member_id=member_id)
    return {"items": [_intro_json(intro) for intro in selectors.intros_for_viewer(viewer=viewer, member=member)]}


@router.put("/members/{member_id}/intro", response=IntroOut, summary="Write or rewrite my intro for a friend's profile")
def intro_write(request: HttpRequest, member_id: int, payload: IntroIn) -> dict[str, Any]:
    intro = services.intro_write(author=_me(request), subject_id=member_id, body=payload.body)
    return _intro_json(intro)


@router.patch("/intros/{intro_id}", response=IntroOut, summary="Hide or show an intro on my profile")
def intro_update(request: HttpRequest, intro_id: int, payload: IntroChange) -> dict[str, Any]:
    me = _me(request)
    # Read through the selector first: an intro I may not see is not found, and nothing changes.
    intro = selectors.intros_for_viewer(viewer=me, member=me).filter(pk=intro_id).first()
    if intro is None:
        raise NotFound(_("There is no such introduction."))
    intro.hidden = services.intro_set_hidden(subject=me, intro_id=intro.pk, hidden=payload.hidden).hidden
    return _intro_json(intro)


@router.delete("/intros/{intro_id}", response={204: None}, summary="Delete an intro I wrote or one about me")
def intro_delete(request: HttpRequest, intro_id: int) -> Status[None]:
    services.intro_delete(member=_me(request), intro_id=intro_id)
    return Status(204, None)
