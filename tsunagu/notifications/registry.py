"""What a notification points at, checked again when it is shown: each target kind says which of its items
a recipient may still see, and how to show one.

Features register their target kinds when the app is ready (like `reactions.registry`). A kind's
`visible` answers for a whole page of notifications in a fixed number of queries; ids it leaves out
are not shown at all, so a notification never reveals an item its recipient may no longer see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


@dataclass(frozen=True)
class Shown:
    """A target as a notification shows it: where it links, and a short excerpt (may be empty)."""

    url: str
    excerpt: str = ""


@dataclass(frozen=True)
class NotificationTarget:
    kind: str
    # Of `ids`, those the recipient may still see, each with how to show it.
    visible: Callable[[Member, Iterable[Any]], dict[Any, Shown]]


TARGETS: dict[str, NotificationTarget] = {}


def target_register(target: NotificationTarget) -> None:
    TARGETS[target.kind] = target


def targets_visible(recipient: Member, refs: Iterable[tuple[str, Any]]) -> dict[tuple[str, Any], Shown]:
    """For (target kind, id) pairs, those the recipient may see: one batch per kind; unknown kinds show nothing."""
    by_kind: dict[str, set[Any]] = {}
    for kind, target_id in refs:
        by_kind.setdefault(kind, set()).add(target_id)
    shown: dict[tuple[str, Any], Shown] = {}
    for kind, ids in by_kind.items():
        target = TARGETS.get(kind)
        if target is None:
            continue
        for target_id, item in target.visible(recipient, ids).items():
            shown[(kind, target_id)] = item
    return shown
