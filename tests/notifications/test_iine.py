"""イイネ! is one notification per item: the newest reactor is its actor, it comes back as new when someone
else reacts, and "A and 3 others" is counted when shown, from the reactors the recipient may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.notifications.helpers import World, shown, stored, unread
from tsunagu.accounts.models import Member
from tsunagu.friends.services import block_create
from tsunagu.notifications.models import Notification
from tsunagu.notifications.services import notifications_read
from tsunagu.reactions.services import iine_withdraw

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def only(member: Member) -> tuple[int | None, int, str]:
    """(actor id, others, English text) of the member's one notification."""
    [item] = shown(member)
    with translation.override("en"):
        return (item.actor.pk if item.actor else None, item.others, item.text)


def test_one_notification_per_item_with_the_newest_reactor(
    member: Member, make_member: MakeMember, world: World
) -> None:
    a, b, c, d = (make_member(name) for name in ("A", "B", "C", "D"))
    entry = world.entry(member, "members", title="花見")
    world.iine(a, "diary_entry", entry.pk)
    assert only(member) == (a.pk, 0, "A liked your diary entry “花見”.")
    for reactor in (b, c, d):
        world.iine(reactor, "diary_entry", entry.pk)
    assert len(stored(member)) == 1
    assert only(member) == (d.pk, 3, "D and 3 others liked your diary entry “花見”.")
    with translation.override("ja"):
        assert shown(member)[0].text == "Dさん他3人があなたの日記「花見」にイイネ!しました"


def test_a_new_reactor_brings_it_back_unread_and_newest(
    member: Member, other: Member, make_member: MakeMember, world: World
) -> None:
    entry = world.entry(member, "members")
    world.iine(other, "diary_entry", entry.pk)
    later = world.entry(member, "members", title="後の日記")
    world.comment(other, later)
    notifications_read(member=member, everything=True)
    old = timezone.now() - timedelta(days=3)
    Notification.objects.filter(kind="iine").update(created_at=old)
    assert unread(member) == 0
    newcomer = make_member()
    world.iine(newcomer, "diary_entry", entry.pk)
    row = Notification.objects.get(kind="iine")
    assert (row.actor_id, row.read_at) == (newcomer.pk, None) and row.created_at > old
    assert shown(member)[0].kind == "iine", "newest first again"
    assert unread(member) == 1


def test_the_same_reactor_again_does_not_bring_it_back(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    world.iine(other, "diary_entry", entry.pk)
    notifications_read(member=member, everything=True)
    iine_withdraw(member=other, kind="diary_entry", item_id=entry.pk)
    world.iine(other, "diary_entry", entry.pk)
    assert unread(member) == 0


def test_withdrawn_hidden_and_blocked_reactors_do_not_count(
    member: Member, make_member: MakeMember, world: World
) -> None:
    a, b, c, d = (make_member(name) for name in ("A", "B", "C", "D"))
    entry = world.entry(member, "members", title="花見")
    for reactor in (a, b, c, d):
        world.iine(reactor, "diary_entry", entry.pk)
    iine_withdraw(member=d, kind="diary_entry", item_id=entry.pk)
    assert only(member) == (c.pk, 2, "C and 2 others liked your diary entry “花見”.")
    c.is_active = False
    c.save(update_fields=["is_active"])
    assert only(member)[:2] == (b.pk, 1)
    block_create(blocker=member, blocked_id=b.pk)
    assert only(member) == (a.pk, 0, "A liked your diary entry “花見”.")
    block_create(blocker=a, blocked_id=member.pk)
    assert shown(member) == [] and unread(member) == 0, "no one left: not shown"
    assert len(stored(member)) == 1


def test_the_recipients_own_iine_is_not_counted(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    world.iine(member, "diary_entry", entry.pk)
    world.iine(other, "diary_entry", entry.pk)
    assert only(member)[:2] == (other.pk, 0)


def test_grouping_is_per_item(member: Member, make_member: MakeMember, world: World) -> None:
    first, second = world.entry(member, "members", title="一"), world.entry(member, "members", title="二")
    fans = [make_member() for _ in range(3)]
    for fan in fans:
        world.iine(fan, "diary_entry", first.pk)
    world.iine(fans[0], "diary_entry", second.pk)
    items = shown(member)
    assert [(item.shown.title, item.others) for item in items] == [("二", 0), ("一", 2)]
