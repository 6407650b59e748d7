"""Writes for footprints (あしあと): recording a visit, deleting one's own, settings and pruning.

Repeat visits: a visit by the same visitor to the same owner within `REPEAT_WINDOW` of their last
recorded footprint changes nothing (no new row, no new time, no count). So a visitor who keeps
refreshing leaves at most one footprint per five minutes, and the check is one indexed EXISTS.
The time of the last recorded footprint is also kept in the cache for the window, so a repeat
visit — the common case — costs a cache read and no query at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core import policy
from tsunagu.core.errors import NotFound, TooManyRequests
from tsunagu.core.models import SiteSettings
from tsunagu.footprints.models import Footprint, FootprintDeletion, FootprintPreference, FootprintTotal

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

REPEAT_WINDOW = timedelta(minutes=5)


def footprint_record(
    *,
    owner: Member,
    visitor: policy.Viewer,
    page: str,
    rel: policy.Relationship | None = None,
    now: datetime | None = None,
) -> Footprint | None:
    """Record that `visitor` successfully viewed `page` of `owner`'s; returns the new footprint or None.

    Call it only after the page was fetched (never on a 404). A repeat visit answered by the cache
    costs no query; otherwise one lookup (repeat, and block / opt-out where needed) and, when
    something is recorded, the INSERT. Pass the `rel` the page already has to reuse its block check.
    """
    from tsunagu.accounts.models import Member
    from tsunagu.friends.models import Block

    if not policy.is_member(visitor) or visitor.pk == owner.pk or not owner.is_active:
        return None
    if rel is not None and rel.blocked_by_owner:
        return None
    assert isinstance(visitor, Member)  # is_member() is False for anonymous visitors
    now = now or timezone.now()
    recent_key = f"footprints:recent:{owner.pk}:{visitor.pk}"
    last = cache.get(recent_key)
    if last is not None and timedelta(0) <= now - last < REPEAT_WINDOW:
        return None
    recent = Footprint.objects.filter(owner_id=owner.pk, visitor_id=visitor.pk, visited_at__gt=now - REPEAT_WINDOW)
    opt_out_allowed = SiteSettings.load().footprint_opt_out_allowed
    if rel is not None and not opt_out_allowed:
        # The common case (the page already checked the block): one plain indexed lookup.
        last_recorded = recent.order_by("-visited_at").values_list("visited_at", flat=True).first()
        if last_recorded is not None:
            cache.set(recent_key, last_recorded, REPEAT_WINDOW.total_seconds())
            return None
    else:
        checks: dict[str, Any] = {"recent": Exists(recent)}
        if rel is None:
            checks["blocked"] = Exists(Block.objects.filter(blocker_id=owner.pk, blocked_id=visitor.pk))
        if opt_out_allowed:
            checks["opted_out"] = Exists(
                FootprintPreference.objects.filter(member_id=visitor.pk, leave_footprints=False)
            )
        facts = Member.objects.filter(pk=visitor.pk).annotate(**checks).values(*checks).first()
        if facts is None or any(facts.values()):
            return None
    # One INSERT and nothing else: the total is the live rows plus those pruned or deleted (`FootprintTotal`),
    # so the hot path needs no counter update and no transaction.
    footprint = Footprint.objects.create(owner_id=owner.pk, visitor_id=visitor.pk, page=page, visited_at=now)
    cache.set(recent_key, now, REPEAT_WINDOW.total_seconds())
    return footprint


def month_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def deletions_left(*, visitor: Member, now: datetime | None = None) -> int:
    """How many more footprints the member may delete this (local) calendar month."""
    now = now or timezone.now()
    used = FootprintDeletion.objects.filter(visitor=visitor, deleted_at__gte=month_start(now)).count()
    return max(SiteSettings.load().footprint_deletions_per_month - used, 0)


def footprint_delete(*, visitor: Member, footprint_id: Any, now: datetime | None = None) -> None:
    """Delete one footprint the member left, within the operator's monthly allowance.

    The owner's total stays as it is: it counts visits received, not rows still stored.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the member's row so two parallel deletions cannot both slip under the allowance.
        from tsunagu.accounts.models import Member

        Member.objects.select_for_update().filter(pk=visitor.pk).first()
        if deletions_left(visitor=visitor, now=now) <= 0:
            raise TooManyRequests(
                _("You have used this month's allowance for deleting footprints. You can delete more next month.")
            )
        footprint = Footprint.objects.filter(pk=footprint_id, visitor=visitor).first()
        if footprint is None:
            raise NotFound(_("That footprint does not exist."))
        deleted, _rows = Footprint.objects.filter(pk=footprint.pk).delete()
        _total_keep(footprint.owner_id, deleted)
        FootprintDeletion.objects.create(visitor=visitor, deleted_at=now)


def footprint_preference_set(*, member: Member, leave_footprints: bool) -> FootprintPreference:
    """Choose whether to leave footprints; refused unless the operator allows opting out."""
    from tsunagu.core.errors import Forbidden

    if not leave_footprints and not SiteSettings.load().footprint_opt_out_allowed:
        raise Forbidden(_("This site does not allow browsing without leaving footprints."))
    preference, _created = FootprintPreference.objects.update_or_create(
        member=member, defaults={"leave_footprints": leave_footprints}
    )
    return preference


def _total_keep(owner_id: Any, removed: int) -> None:
    """Keep `removed` visits in the owner's total when their rows go (call inside a transaction)."""
    if not removed:
        return
    FootprintTotal.objects.bulk_create([FootprintTotal(owner_id=owner_id, count=0)], ignore_conflicts=True)
    FootprintTotal.objects.filter(owner_id=owner_id).update(count=F("count") + removed)


def footprints_prune(*, now: datetime | None = None) -> int:
    """Delete footprints older than the retention period, keeping them in their owners' totals; returns how many.

    Each owner's rows go in one transaction with the total, and the total grows by the rows that DELETE
    really removed, so two prunes running at once cannot count a row twice.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=SiteSettings.load().footprint_retention_days)
    old = Footprint.objects.filter(visited_at__lt=cutoff)
    removed = 0
    # A list, not a cursor: rows are deleted while looping (SQLite cannot hold a read open across writes).
    for owner_id in list(old.values_list("owner_id", flat=True).distinct().order_by("owner_id")):
        with transaction.atomic():
            deleted, _rows = old.filter(owner_id=owner_id).delete()
            _total_keep(owner_id, deleted)
        removed += deleted
    return removed
