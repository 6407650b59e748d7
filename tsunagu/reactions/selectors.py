"""Reads of イイネ! for a viewer: counts and reactors include only members the viewer may know exist.

Callers first fetch the item for the viewer (404 when hidden); these functions never reveal the item.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from tsunagu.core import policy
from tsunagu.reactions.models import Reaction


def _visible(viewer: policy.Viewer, kind: str) -> QuerySet[Reaction]:
    return policy.members_visible_to(viewer, Reaction.objects.filter(kind=kind), member_field="member")


def iine_counts(*, viewer: policy.Viewer, kind: str, item_ids: Iterable[Any]) -> dict[Any, int]:
    """Visible reactors per item, for a list of items the viewer may see: one query."""
    rows = (
        _visible(viewer, kind)
        .filter(item_id__in=list(item_ids))
        .values("item_id")
        .annotate(count=Count("pk"))
        .values_list("item_id", "count")
    )
    return dict(rows)


def iine_given(*, viewer: policy.Viewer, kind: str, item_ids: Iterable[Any]) -> set[Any]:
    """The items among `item_ids` the viewer has said イイネ! to: one query (none for anonymous viewers)."""
    if not policy.is_member(viewer) or viewer.pk is None:
        return set()
    return set(
        Reaction.objects.filter(kind=kind, item_id__in=list(item_ids), member_id=viewer.pk).values_list(
            "item_id", flat=True
        )
    )


def reactors(*, viewer: policy.Viewer, kind: str, item_id: Any) -> QuerySet[Reaction]:
    """Who said イイネ!, newest first, with their profiles; only reactors the viewer may know exist."""
    return (
        _visible(viewer, kind).filter(item_id=item_id).select_related("member__profile").order_by("-created_at", "-pk")
    )
