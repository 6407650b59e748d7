"""Writes for notifications: storing them (idempotently, never across a block or against a member's
settings), イイネ! grouped one per item, marking read, per-kind settings, and the daily birthday and
e-mail digest jobs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core.errors import Invalid, NotFound
from tsunagu.core.mail import mail_enqueue
from tsunagu.core.pagination import MAX_LIMIT
from tsunagu.notifications.models import Notification, NotificationDigest, NotificationKind, NotificationMute

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

BIRTHDAY_TARGET = "birthday"
# A digest lists at most this many notifications and says how many more there are.
DIGEST_MAX_ITEMS = 30


def notifications_create(
    *,
    recipient_ids: Iterable[Any],
    kind: str,
    actor_id: Any,
    target_kind: str,
    target_id: Any,
    renew: Q | None = None,
) -> int:
    """Store a notification of `kind` about one target for each recipient; returns how many are new (or renewed).

    Never for the actor, a closed account, anyone on either side of a block with the actor, or a member
    who turned the kind off. A recipient who already has one about this target gets nothing new (tasks can
    run twice), unless the stored row meets `renew`: then it comes back as new, unread and with this actor
    (a grouped イイネ! with a new reactor, next year's birthday).
    """
    from tsunagu.accounts.models import Member
    from tsunagu.friends.models import Block

    candidates = {pk for pk in recipient_ids if pk is not None and pk != actor_id}
    if not candidates:
        return 0
    recipients = set(
        Member.objects.filter(pk__in=candidates, is_active=True)
        .exclude(pk__in=Block.objects.filter(blocker_id=actor_id).values("blocked_id"))
        .exclude(pk__in=Block.objects.filter(blocked_id=actor_id).values("blocker_id"))
        .exclude(pk__in=NotificationMute.objects.filter(kind=kind).values("member_id"))
        .values_list("pk", flat=True)
    )
    if not recipients:
        return 0
    stored = Notification.objects.filter(
        recipient_id__in=recipients, kind=kind, target_kind=target_kind, target_id=target_id
    )
    already = set(stored.values_list("recipient_id", flat=True))
    renewed = 0
    if renew is not None and already:
        renewed = stored.filter(renew).update(actor_id=actor_id, created_at=timezone.now(), read_at=None)
    new = [
        Notification(recipient_id=pk, kind=kind, actor_id=actor_id, target_kind=target_kind, target_id=target_id)
        for pk in sorted(recipients - already)
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new) + renewed


def notifications_delete(*, target_kind: str, target_ids: Iterable[Any]) -> None:
    """Drop the notifications about targets that are going away (call in the deleting transaction)."""
    Notification.objects.filter(target_kind=target_kind, target_id__in=list(target_ids)).delete()


def iine_notify(*, kind: str, item_id: Any, reactor_id: Any) -> int:
    """Tell an item's author of an イイネ!: one notification per item, brought back as new (with the newest
    reactor as its actor) whenever someone other than its current actor reacts. Idempotent.

    Nothing when the イイネ! has been withdrawn meanwhile, or the reactor can no longer see the item.
    """
    from tsunagu.accounts.models import Member
    from tsunagu.reactions.models import Reaction
    from tsunagu.reactions.registry import REACTABLES

    reactable = REACTABLES.get(kind)
    reactor = Member.objects.filter(pk=reactor_id, is_active=True).first()
    if reactable is None or reactor is None:
        return 0
    if not Reaction.objects.filter(kind=kind, item_id=item_id, member_id=reactor.pk).exists():
        return 0
    try:
        item = reactable.item_for_viewer(reactor, item_id)
    except (Http404, NotFound):
        return 0
    return notifications_create(
        recipient_ids=[reactable.author_of(item)],
        kind=NotificationKind.IINE,
        actor_id=reactor.pk,
        target_kind=kind,
        target_id=item.pk,
        renew=~Q(actor_id=reactor.pk),
    )


# --- reading -----------------------------------------------------------------------------------------


def _ids_clean(raw: Any) -> list[int]:
    message = _("Give a list of at most %(max)d notification ids.") % {"max": MAX_LIMIT}
    if not isinstance(raw, list) or len(raw) > MAX_LIMIT:
        raise Invalid(message, fields={"ids": [message]})
    ids = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
            raise Invalid(message, fields={"ids": [message]})
        ids.append(int(value))
    return [pk for pk in ids if pk < 2**63]


def notifications_read(*, member: Member, ids: Any = None, everything: Any = False) -> int:
    """Mark the member's own notifications read: those of `ids`, or all of them (`everything=True`).

    Ids of other members' notifications, or of none, are ignored like ids already read: the answer is
    the same either way, so it reveals nothing. Returns how many were marked.
    """
    if everything is not False and everything is not True:
        message = _("Give true or false.")
        raise Invalid(message, fields={"all": [message]})
    if everything == (ids is not None):
        raise Invalid(_("Give either a list of ids or all: true."))
    unread = Notification.objects.filter(recipient_id=member.pk, read_at__isnull=True)
    if not everything:
        unread = unread.filter(pk__in=_ids_clean(ids))
    return unread.update(read_at=timezone.now())


# --- settings ----------------------------------------------------------------------------------------


def notification_settings_update(*, member: Member, kinds: Any = None, digest: Any = None) -> None:
    """Turn kinds of notification on or off (`{kind: bool}`, only those given) and the daily digest."""
    errors: dict[str, list[str]] = {}
    if kinds is not None:
        if not isinstance(kinds, dict):
            errors["kinds"] = [_("Give each kind with true or false.")]
        else:
            unknown = sorted(str(kind) for kind in kinds if kind not in NotificationKind.values)
            if unknown:
                errors["kinds"] = [_("Unknown kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)}]
            elif any(not isinstance(on, bool) for on in kinds.values()):
                errors["kinds"] = [_("Give each kind with true or false.")]
    if digest is not None and not isinstance(digest, bool):
        errors["digest"] = [_("Give true or false.")]
    if errors:
        raise Invalid(_("Please check the marked fields."), fields=errors)
    with transaction.atomic():
        if kinds:
            off = [kind for kind, on in kinds.items() if not on]
            NotificationMute.objects.filter(member_id=member.pk, kind__in=[k for k, on in kinds.items() if on]).delete()
            NotificationMute.objects.bulk_create(
                [NotificationMute(member_id=member.pk, kind=kind) for kind in off], ignore_conflicts=True
            )
        if digest is not None:
            row, _created = NotificationDigest.objects.select_for_update().get_or_create(member_id=member.pk)
            if digest and not row.enabled:
                # The first digest tells of what comes after it was turned on.
                row.enabled, row.since = True, timezone.now()
                row.save(update_fields=["enabled", "since"])
            elif not digest and row.enabled:
                row.enabled = False
                row.save(update_fields=["enabled"])


# --- daily jobs ----------------------------------------------------------------------------------------


def site_today() -> datetime.date:
    """Today in the site's time zone (the jobs run outside any member's time zone)."""
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def _birthdays_on(day: datetime.date) -> list[datetime.date]:
    """The birthdays celebrated on `day` (only month and day count): 29 February on the 28th in other years."""
    days = [day]
    if (day.month, day.day) == (2, 28) and not _is_leap(day.year):
        days.append(datetime.date(2000, 2, 29))
    return days


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthdays_notify(*, day: datetime.date | None = None) -> int:
    """Tell each member whose friend has a birthday on `day` (default: today in the site's time zone), where
    the birthday's own audience lets them see it. One notification per friend, renewed each year; running
    twice on a day adds nothing. Returns how many notifications were new or renewed."""
    from tsunagu.accounts.models import Member
    from tsunagu.friends.models import Friendship
    from tsunagu.friends.selectors import friends_with_birthday

    day = day or site_today()
    days = _birthdays_on(day)
    born = Q()
    for birthday in days:
        born |= Q(friend__profile__birthday__month=birthday.month, friend__profile__birthday__day=birthday.day)
    with_celebrant = Friendship.objects.filter(born, friend__is_active=True).values("member_id")
    told: dict[int, list[int]] = {}
    for member in Member.objects.filter(pk__in=with_celebrant, is_active=True).order_by("pk").iterator():
        for birthday in days:
            for friend_id in friends_with_birthday(viewer=member, day=birthday).values_list("pk", flat=True):
                told.setdefault(friend_id, []).append(member.pk)
    renew = Q(created_at__lt=_day_start(day))
    return sum(
        notifications_create(
            recipient_ids=recipients,
            kind=NotificationKind.BIRTHDAY,
            actor_id=friend_id,
            target_kind=BIRTHDAY_TARGET,
            target_id=friend_id,
            renew=renew,
        )
        for friend_id, recipients in told.items()
    )


def digest_send(*, member: Member, day: datetime.date | None = None) -> bool:
    """E-mail the member, in their language, the notifications they may see that are unread and came
    since the last digest; nothing when there are none, and nothing twice on one day. Returns whether one went out."""
    from tsunagu.notifications.selectors import digest_items

    day = day or site_today()
    row = NotificationDigest.objects.filter(member_id=member.pk, enabled=True).first()
    if row is None or row.last_sent_on == day or not member.is_active:
        return False
    started = timezone.now()
    items, total = digest_items(member=member, since=row.since, most=DIGEST_MAX_ITEMS)
    if not items:
        return False
    with transaction.atomic():
        # The claim: of two runs at once, one sends.
        claimed = (
            NotificationDigest.objects.filter(pk=row.pk, enabled=True)
            .exclude(last_sent_on=day)
            .update(last_sent_on=day, since=started)
        )
        if not claimed:
            return False
        mail_enqueue(
            to=member.email,
            language=member.language,
            template="notifications/email/digest",
            context={
                "member": member,
                "items": items,
                "total": total,
                "more": total - len(items),
                "list_url": settings.SITE_URL + reverse("notifications:list"),
                "settings_url": settings.SITE_URL + reverse("notifications:settings"),
            },
        )
    return True


def digests_send(*, day: datetime.date | None = None) -> int:
    """Send the day's digest to every member who turned it on; returns how many went out. Idempotent per day."""
    from tsunagu.accounts.models import Member

    day = day or site_today()
    due = NotificationDigest.objects.filter(enabled=True).exclude(last_sent_on=day).values("member_id")
    members = Member.objects.filter(pk__in=due, is_active=True).order_by("pk")
    return sum(digest_send(member=member, day=day) for member in members.iterator())
