"""What a notification points at, checked again when it is shown: each target kind says which of its items
a recipient may still see, and how to show one.

Features register their target kinds when the app is ready (like `reactions.registry`). A kind's
`visible` answers for a whole page of notifications in a fixed number of queries; ids it leaves out
are not shown at all, so a notification never reveals an item its recipient may no longer see.
`visible_ids` gives the same answer as a subquery, for counting unread notifications in one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.text import Truncator

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


@dataclass(frozen=True)
class Shown:
    """A target as a notification shows it: where it links, a short excerpt (may be empty), and the title
    of what it belongs to, for the sentence (a diary entry's title, also for a comment on it; may be empty)."""

    url: str
    excerpt: str = ""
    title: str = ""


@dataclass(frozen=True)
class NotificationTarget:
    kind: str
    # Of `ids`, those the recipient may still see, each with how to show it.
    visible: Callable[[Member, Iterable[Any]], dict[Any, Shown]]
    # The same rule as a subquery of the ids the recipient may see (`.values("pk")`), so that the unread
    # badge is counted in one query; build both from one queryset. Kinds without it are counted in a batch.
    visible_ids: Callable[[Member], QuerySet[Any]] | None = None


TARGETS: dict[str, NotificationTarget] = {}

EXCERPT_CHARS = 80


def excerpt(text: str) -> str:
    """A target's text shortened for a notification (on one line)."""
    return Truncator(" ".join(text.split())).chars(EXCERPT_CHARS)


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
