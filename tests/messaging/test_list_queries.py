"""Exact query budgets of the message boxes, a conversation, the friend picker and the API's boxes: the same with 2
messages (or friends) as with 20."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.helpers import png
from tests.budgets import FRAME, ROWS, TOKEN, Budget, World, measure
from tests.messaging.helpers import block, close, send
from tsunagu.accounts.models import Member
from tsunagu.core.models import SiteSettings
from tsunagu.friends.services import friendship_create
from tsunagu.messaging import services
from tsunagu.profiles.services import avatar_set

pytestmark = pytest.mark.django_db

# n messages in each box, and the conversation's: n // 2 received, the rest sent.
INBOX = lambda n: n + n // 2  # noqa: E731
SENT = lambda n: n + n - n // 2  # noqa: E731
PAGE = 20

BUDGETS = {
    # the page of messages, with both members, their profiles and the block checks in one query
    "messaging:inbox": Budget(
        "/messages/", FRAME + 1, lambda n: min(INBOX(n), PAGE), "<li data-message=", viewer="owner"
    ),
    "messaging:sent": Budget(
        "/messages/sent/", FRAME + 1, lambda n: min(SENT(n), PAGE), "<li data-message=", viewer="owner"
    ),
    "messaging:trash": Budget("/messages/trash/", FRAME + 1, marker="<li data-message=", viewer="owner"),
    # the message with both members and the block checks, the conversation (read by the first visit already)
    "messaging:detail": Budget("/messages/{latest}/", FRAME + 2, marker='<li class="comment', viewer="owner"),
    # the friends to choose from: the pen friend and n - 2 correspondents (one ended the friendship with a block,
    # one's account is closed), listed with the empty choice and the two of the language switch
    "messaging:compose": Budget("/messages/new/", FRAME + 1, lambda n: n + 2, '<option value="', viewer="owner"),
    # the page of messages
    "GET /api/v1/messages": Budget("/api/v1/messages?limit=100", TOKEN + 1, INBOX, viewer="owner"),
    "GET /api/v1/messages?box=sent": Budget("/api/v1/messages?box=sent&limit=100", TOKEN + 1, SENT, viewer="owner"),
    "GET /api/v1/messages?box=trash": Budget("/api/v1/messages?box=trash&limit=100", TOKEN + 1, viewer="owner"),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """`owner` has n messages in each box, from and to n friends with avatars (one of whom has since blocked them,
    another closed their account), and a conversation of n messages with a friend."""
    owner, friend = make_member("受信者"), make_member("文通相手")
    friendship_create(owner, friend)
    for i in range(n):
        correspondent = make_member(f"相手{i}")
        avatar_set(member=correspondent, data=png((8, 8)))
        friendship_create(owner, correspondent)
        received = send(correspondent, owner, subject=f"受信{i}")
        send(owner, correspondent, subject=f"送信{i}")
        trashed = send(correspondent, owner, subject=f"ゴミ箱{i}")
        services.message_trash(member=owner, message_id=trashed.pk)
        if i % 2:
            services.message_read(member=owner, message=received)
        if i == 0:
            block(correspondent, owner)
        if i == 1:
            close(correspondent)
    latest = send(owner, friend, subject="はじめまして")
    for i in range(1, n):
        sender = friend if i % 2 else owner
        latest = send(sender, subject="Re", in_reply_to=latest.pk)
    SiteSettings.load()  # cached after the first request of a process
    return World({"owner": owner}, {"latest": latest.pk})


@pytest.mark.parametrize("rows", ROWS)
def test_message_lists(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
