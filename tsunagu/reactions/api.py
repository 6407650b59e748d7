"""イイネ! in the JSON API: the shapes and helpers every reactable item's endpoints share (diary now; voice later).

Each app's API fetches the item for the viewer first (404 when hidden) and then calls these, so the
rules for who counts and who is listed live in `reactions.selectors` alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ninja import Schema

from tsunagu.core import policy
from tsunagu.core.pagination import MAX_LIMIT, limit_clean, newest_first
from tsunagu.friends.api import MemberSummary
from tsunagu.profiles.api import member_summary
from tsunagu.reactions import selectors, services

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


class IineState(Schema):
    """How many members (that the viewer may know of) said イイネ!, and whether the viewer did."""

    count: int
    given: bool


class ReactorOut(Schema):
    member: MemberSummary
    created_at: str


class IineList(Schema):
    count: int
    given: bool
    items: list[ReactorOut]
    next_cursor: str | None


def iine_states(*, viewer: policy.Viewer, kind: str, item_ids: Iterable[Any]) -> dict[Any, dict[str, Any]]:
    """`{count, given}` for each of a list of items the viewer may see: two queries, none for an empty list."""
    ids = list(item_ids)
    if not ids:
        return {}
    counts = selectors.iine_counts(viewer=viewer, kind=kind, item_ids=ids)
    given = selectors.iine_given(viewer=viewer, kind=kind, item_ids=ids)
    return {pk: {"count": counts.get(pk, 0), "given": pk in given} for pk in ids}


def iine_state(*, viewer: policy.Viewer, kind: str, item_id: int) -> dict[str, Any]:
    """`{count, given}` for one item the viewer may see."""
    return iine_states(viewer=viewer, kind=kind, item_ids=[item_id])[item_id]


def iine_give(*, member: Member, kind: str, item_id: int) -> dict[str, Any]:
    """Say イイネ! (a repeat changes nothing) and answer the new state; NotFound when the item is hidden."""
    services.iine_add(member=member, kind=kind, item_id=item_id)
    return iine_state(viewer=member, kind=kind, item_id=item_id)


def iine_take_back(*, member: Member, kind: str, item_id: int) -> dict[str, Any]:
    """Withdraw the member's イイネ! (none given changes nothing) and answer the new state; NotFound when hidden."""
    services.iine_withdraw(member=member, kind=kind, item_id=item_id)
    return iine_state(viewer=member, kind=kind, item_id=item_id)


def iine_list(
    *, viewer: policy.Viewer, kind: str, item_id: int, cursor: str | None = None, limit: Any = None
) -> dict[str, Any]:
    """Who said イイネ! to an item the viewer may see, newest first, a page at a time (`MAX_LIMIT` by default).

    Lists only reactors the viewer may know exist (not one who blocked the viewer, not closed accounts),
    and `count` counts the same people.
    """
    page = newest_first(
        selectors.reactors(viewer=viewer, kind=kind, item_id=item_id),
        cursor=cursor,
        limit=limit_clean(limit, default=MAX_LIMIT),
    )
    return {
        **iine_state(viewer=viewer, kind=kind, item_id=item_id),
        "items": [
            {"member": member_summary(reaction.member), "created_at": reaction.created_at.isoformat()}
            for reaction in page.items
        ],
        "next_cursor": page.next_cursor,
    }
