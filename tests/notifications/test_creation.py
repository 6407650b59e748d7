"""Each kind of notification is stored when it should be, and never to the actor, across a block, to a
closed account, or to a member who turned the kind off."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import translation

from tests.notifications.helpers import World, kinds, shown, stored
from tsunagu.accounts.models import Member
from tsunagu.friends.models import FriendRequest
from tsunagu.friends.services import (
    block_create,
    friend_request_accept,
    friend_request_cancel,
    friend_request_decline,
    friend_request_send,
)
from tsunagu.notifications import services
from tsunagu.notifications.models import Notification
from tsunagu.reactions.services import iine_withdraw

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def turn_off(member: Member, kind: str) -> None:
    services.notification_settings_update(member=member, kinds={kind: False})


def test_a_friend_request_tells_its_recipient_with_its_message(member: Member, other: Member) -> None:
    request = friend_request_send(sender=member, recipient_id=other.pk, message="同じ高校です")
    assert kinds(other) == [("friend_request", member.pk)]
    assert kinds(member) == []
    item = shown(other)[0]
    assert (item.shown.url, item.shown.excerpt) == (reverse("friends:confirm"), "同じ高校です")
    assert item.notification.target_id == request.pk
    with translation.override("en"):
        assert item.text == f"{member.nickname} sent you a friend request."


def test_accepting_tells_the_sender_and_the_request_notification_goes(member: Member, other: Member) -> None:
    request = friend_request_send(sender=member, recipient_id=other.pk)
    friend_request_accept(recipient=other, request_id=request.pk)
    assert kinds(member) == [("friend_accepted", other.pk)]
    assert stored(other) == [], "the answered request is no longer announced"
    item = shown(member)[0]
    assert item.shown.url == reverse("profiles:detail", args=[other.pk])
    with translation.override("en"):
        assert item.text == f"{other.nickname} accepted your friend request."


@pytest.mark.parametrize("answer", ["declined", "withdrawn", "blocked"])
def test_a_request_that_is_no_longer_waiting_leaves_no_notification(member: Member, other: Member, answer: str) -> None:
    request = friend_request_send(sender=member, recipient_id=other.pk)
    assert len(stored(other)) == 1
    if answer == "declined":
        friend_request_decline(recipient=other, request_id=request.pk)
    elif answer == "withdrawn":
        friend_request_cancel(sender=member, request_id=request.pk)
    else:
        block_create(blocker=other, blocked_id=member.pk)
    assert stored(other) == [] and kinds(other) == []
    assert kinds(member) == []


def test_friend_requests_and_acceptances_can_be_turned_off(member: Member, other: Member) -> None:
    turn_off(other, "friend_request")
    turn_off(member, "friend_accepted")
    request = friend_request_send(sender=member, recipient_id=other.pk)
    friend_request_accept(recipient=other, request_id=request.pk)
    assert stored(other) == [] and stored(member) == []
    assert FriendRequest.objects.count() == 0


def test_a_diary_comment_is_shown_with_its_entry_and_anchor(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members", title="京都旅行")
    world.comment(other, entry, "楽しそう!")
    second = world.comment(other, entry, "写真も見たい")
    items = shown(member)
    assert [(item.kind, item.actor.pk if item.actor else None) for item in items] == [
        ("diary_comment", other.pk),
        ("diary_comment", other.pk),
    ]
    assert items[0].shown.url == reverse("diary:entry", args=[entry.pk]) + f"#comment-{second.number}"
    assert items[0].shown.excerpt == "写真も見たい"
    with translation.override("en"):
        assert items[0].text == f"{other.nickname} commented on the diary entry “京都旅行”."


def test_voice_replies_and_mentions_link_to_the_post(member: Member, other: Member, world: World) -> None:
    post = world.voice(member, "お昼なに食べよう", audience="members")
    reply = world.voice(other, f"ラーメン! @{member.handle}", in_reply_to=post.pk)
    items = shown(member)
    assert sorted(item.kind for item in items) == ["mention", "voice_reply"]
    assert {item.shown.url for item in items} == {reverse("voice:post", args=[reply.pk])}
    with translation.override("en"):
        assert {item.text for item in items} == {
            f"{other.nickname} replied to your voice post.",
            f"{other.nickname} mentioned you in a voice post.",
        }


def test_iine_tells_the_author_but_not_a_member_liking_their_own(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    world.iine(member, "diary_entry", entry.pk)
    assert stored(member) == []
    world.iine(other, "diary_entry", entry.pk)
    assert kinds(member) == [("iine", other.pk)]
    item = shown(member)[0]
    assert item.shown.url == reverse("diary:entry", args=[entry.pk])


def test_iine_on_comments_and_voice_posts_tells_their_authors(
    member: Member, other: Member, make_member: MakeMember, world: World
) -> None:
    third = make_member()
    entry = world.entry(third, "members", title="週末")
    comment = world.comment(member, entry)
    post = world.voice(member, "こんにちは", audience="members")
    world.iine(other, "diary_comment", comment.pk)
    world.iine(other, "voice", post.pk)
    assert sorted(kinds(member)) == [("iine", other.pk), ("iine", other.pk)]
    with translation.override("en"):
        assert sorted(item.text for item in shown(member)) == [
            f"{other.nickname} liked your comment on “週末”.",
            f"{other.nickname} liked your voice post.",
        ]
    comment_item = next(item for item in shown(member) if item.notification.target_kind == "diary_comment")
    assert comment_item.shown.url == reverse("diary:entry", args=[entry.pk]) + f"#comment-{comment.number}"


def test_iine_across_a_block_tells_no_one(member: Member, other: Member, world: World) -> None:
    """The reactor blocked the author (they can still see the author's public entry): the author hears nothing."""
    entry = world.entry(member, "members")
    block_create(blocker=other, blocked_id=member.pk)
    world.iine(other, "diary_entry", entry.pk)
    assert stored(member) == []


def test_iine_withdrawn_before_the_task_runs_tells_no_one(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    with world.committed():
        from tsunagu.reactions.services import iine_add

        iine_add(member=other, kind="diary_entry", item_id=entry.pk)
        iine_withdraw(member=other, kind="diary_entry", item_id=entry.pk)
    assert stored(member) == []
    assert services.iine_notify(kind="diary_entry", item_id=entry.pk, reactor_id=other.pk) == 0
    assert services.iine_notify(kind="nothing", item_id=entry.pk, reactor_id=other.pk) == 0


def test_iine_can_be_turned_off_and_on_again(
    member: Member, other: Member, make_member: MakeMember, world: World
) -> None:
    entry = world.entry(member, "members")
    turn_off(member, "iine")
    world.iine(other, "diary_entry", entry.pk)
    assert stored(member) == []
    services.notification_settings_update(member=member, kinds={"iine": True})
    world.iine(make_member(), "diary_entry", entry.pk)
    assert [row.kind for row in stored(member)] == ["iine"]


def test_a_kind_turned_off_stops_only_that_kind(member: Member, other: Member, world: World) -> None:
    turn_off(member, "diary_comment")
    entry = world.entry(member, "members")
    world.comment(other, entry)
    world.iine(other, "diary_entry", entry.pk)
    assert [kind for kind, _actor in kinds(member)] == ["iine"]


def test_never_the_actor_nor_a_closed_account_nor_across_a_block(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    """The service itself refuses, whoever calls it: the actor, closed accounts, and either side of a block."""
    closed, blocker, blocked, fine = make_member(), make_member(), make_member(), make_member()
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    block_create(blocker=blocker, blocked_id=member.pk)
    block_create(blocker=member, blocked_id=blocked.pk)
    made = services.notifications_create(
        recipient_ids=[member.pk, closed.pk, blocker.pk, blocked.pk, fine.pk, None],
        kind="mention",
        actor_id=member.pk,
        target_kind="voice",
        target_id=1,
    )
    assert made == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [fine.pk]
    again = services.notifications_create(
        recipient_ids=[fine.pk], kind="mention", actor_id=member.pk, target_kind="voice", target_id=1
    )
    assert again == 0 and Notification.objects.count() == 1


def test_settings_refuse_unknown_kinds_and_non_booleans(member: Member) -> None:
    from tsunagu.core.errors import Invalid

    for kinds_given, digest in [({"nope": False}, None), ({"iine": "no"}, None), (["iine"], None), (None, "yes")]:
        with pytest.raises(Invalid) as caught:
            services.notification_settings_update(member=member, kinds=kinds_given, digest=digest)
        assert caught.value.fields
