"""Reads for footprints: the owner's visitors per day, and the footprints a member left."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tsunagu.core import policy
from tsunagu.footprints.models import Footprint, FootprintPage, FootprintPreference, FootprintTotal

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

# The rows read for one page of visitors; older ones are reachable only until pruning anyway.
MAX_ROWS = 1000


@dataclass
class VisitorDay:
    """One line of the footprints page: a visitor on one (local) day."""

    visitor: Member
    date: date
    last_visited_at: datetime
    pages: list[str] = field(default_factory=list)

    @property
    def page_labels(self) -> list[str]:
        return [str(FootprintPage(page).label) for page in self.pages]


def footprint_days(*, owner: Member, limit: int = MAX_ROWS) -> list[VisitorDay]:
    """The owner's footprints, one line per visitor per day, newest first (visitors the owner may not see left out)."""
    rows = (
        policy.members_visible_to(owner, Footprint.objects.filter(owner=owner), member_field="visitor")
        .select_related("visitor__profile")
        .order_by("-visited_at", "-pk")[:limit]
    )
    days: dict[tuple[int, date], VisitorDay] = {}
    for row in rows:
        day = timezone.localdate(row.visited_at)
        line = days.get((row.visitor_id, day))
        if line is None:
            line = days[(row.visitor_id, day)] = VisitorDay(row.visitor, day, row.visited_at)
        if row.page not in line.pages:
            line.pages.append(row.page)
    return list(days.values())  # insertion order is newest first


def footprint_total(*, owner: Member) -> int:
    """Every visit the owner ever received: stored footprints plus those pruned or deleted, in one query."""
    from tsunagu.accounts.models import Member

    stored = Footprint.objects.filter(owner=OuterRef("pk")).order_by().values("owner").annotate(n=Count("pk"))
    gone = FootprintTotal.objects.filter(owner=OuterRef("pk")).values("count")
    row = (
        Member.objects.filter(pk=owner.pk)
        .annotate(
            stored=Coalesce(Subquery(stored.values("n")), 0),
            gone=Coalesce(Subquery(gone), 0),
        )
        .values("stored", "gone")
        .first()
    )
    return int(row["stored"] + row["gone"]) if row else 0


def footprints_left(*, visitor: Member, limit: int = 100) -> list[Footprint]:
    """The footprints the member left on others' pages, newest first (owners they may not see left out)."""
    return list(
        policy.members_visible_to(visitor, Footprint.objects.filter(visitor=visitor), member_field="owner")
        .select_related("owner__profile")
        .order_by("-visited_at", "-pk")[:limit]
    )


def leaves_footprints(*, member: Member) -> bool:
    preference = FootprintPreference.objects.filter(member=member).first()
    return preference.leave_footprints if preference else True
