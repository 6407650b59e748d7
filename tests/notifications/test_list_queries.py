"""Exact query budgets of the notification list (お知らせ), page and API, for each kind of notification: the same with
2 notifications of a kind as with 20, all unread, so the page's badge counts them too.

The list reads the targets of each kind present with a query of their own, so each kind is measured apart; all cost
the same but イイネ!, which also counts who reacted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.budgets import FRAME, ROWS, TOKEN, Budget, World, measure
from tests.communities.topic_helpers import a_topic, an_event, community_of, join
from tests.notifications.helpers import World as Acting
from tsunagu.accounts.models import Member
from tsunagu.communities.topic_services import event_join, event_reminders_send, topic_comment_create
from tsunagu.core.models import SiteSettings
from tsunagu.friends.services import friend_request_accept, friend_request_send
from tsunagu.messaging.services import message_send
from tsunagu.notifications.services import birthdays_notify
from tsunagu.profiles.services import profile_update

pytestmark = pytest.mark.django_db

# For n unread notifications of one kind. The page: the notifications, the kind's targets, the actors with profiles,
# and the badge's count (the kinds unread are the frame's). The API: the notifications, the kind's targets, the
# actors, and the unread count's two queries.
BUDGETS = {
    "notifications:list": Budget("/notifications/", FRAME + 4, marker="data-notification=", viewer="recipient"),
    "GET /api/v1/notifications": Budget("/api/v1/notifications", TOKEN + 5, viewer="recipient"),
}
# What each kind adds: イイネ! counts who reacted.
IINE = 1
SHAPES = {
    "diary_comment": 0,
    "iine_diary_entry": IINE,
    "iine_diary_comment": IINE,
    "voice_reply": 0,
    "mention": 0,
    "friend_request": 0,
    "friend_accepted": 0,
    "message": 0,
    "birthday": 0,
    "topic_comment": 0,
    "event_reminder": 0,
    "iine_voice": IINE,
    "iine_topic": IINE,
    "iine_topic_comment": IINE,
}


def notify(acting: Acting, recipient: Member, make_member: Callable[..., Member], shape: str, n: int) -> None:
    """n notifications of one kind for `recipient`, each from a different member."""
    entry = acting.entry(recipient, "members")
    post = acting.voice(recipient, "つぶやき", audience="members")
    community = community_of(make_member("管理人"))
    join(recipient, community)
    topic = a_topic(recipient, community)
    for i in range(n):
        actor = make_member(f"相手{i}")
        with acting.committed():
            if shape == "diary_comment":
                acting.comment(actor, entry)
            elif shape == "iine_diary_entry":
                acting.iine(actor, "diary_entry", acting.entry(recipient, "members").pk)
            elif shape == "iine_diary_comment":
                acting.iine(actor, "diary_comment", acting.comment(recipient, acting.entry(actor, "members")).pk)
            elif shape == "voice_reply":
                acting.voice(actor, "返信", in_reply_to=post.pk)
            elif shape == "mention":
                acting.voice(actor, f"@{recipient.handle} こんにちは", audience="members")
            elif shape == "friend_request":
                friend_request_send(sender=actor, recipient_id=recipient.pk, message="よろしく")
            elif shape == "friend_accepted":
                request = friend_request_send(sender=recipient, recipient_id=actor.pk)
                friend_request_accept(recipient=actor, request_id=request.pk)
            elif shape == "message":
                acting.befriend(actor, recipient)
                message_send(sender=actor, to=recipient.pk, subject="件名", body="本文")
            elif shape == "birthday":
                acting.befriend(actor, recipient)
                day = datetime.date(2000, 1, 1) + timedelta(days=i)
                profile_update(member=actor, fields={"birthday": {"value": day.isoformat(), "audience": "friends"}})
                birthdays_notify(day=day.replace(year=2025))
            elif shape == "topic_comment":
                join(actor, community)
                topic_comment_create(author=actor, topic_id=topic.pk, body="返信")
            elif shape == "event_reminder":
                join(actor, community)
                event = an_event(actor, community, title=f"イベント{i}")
                event_join(member=recipient, topic_id=event.pk)
            elif shape == "iine_voice":
                acting.iine(actor, "voice", acting.voice(recipient, f"つぶやき{i}", audience="members").pk)
            elif shape == "iine_topic":
                join(actor, community)
                acting.iine(actor, "topic", a_topic(recipient, community, title=f"話題{i}").pk)
            elif shape == "iine_topic_comment":
                join(actor, community)
                theirs = a_topic(actor, community, title=f"話題{i}")
                comment = topic_comment_create(author=recipient, topic_id=theirs.pk, body="コメント")
                acting.iine(actor, "topic_comment", comment.pk)
    if shape == "event_reminder":
        event_reminders_send(now=timezone.now() + timedelta(days=6, hours=12))


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_notification_lists(shape: str, rows: int, make_member: Callable[..., Member], world: Acting) -> None:
    recipient = make_member("受け取る人")
    notify(world, recipient, make_member, shape, rows)
    SiteSettings.load()  # cached after the first request of a process
    budgets = {route: replace(budget, queries=budget.queries + SHAPES[shape]) for route, budget in BUDGETS.items()}
    measure(World({"recipient": recipient}), budgets, rows, read_notifications=False)
