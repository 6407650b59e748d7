"""The demo messages: Japanese conversations with replies, unread and trashed ones, loaded once through the services."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import pytest
from django.utils import timezone

from tests.messaging.helpers import block
from tsunagu.accounts.models import Member
from tsunagu.demo import graph
from tsunagu.demo.members import MEMBERS
from tsunagu.demo.messages import CONVERSATIONS, FRIENDS_ONLY, demo_messages_load
from tsunagu.messaging import selectors
from tsunagu.messaging.models import Box, Message, MessagePolicy, MessageSending, SideState

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture
def members(make_member: Callable[..., Member]) -> list[Member]:
    """The demo's members, in the order of members.py (signed up like any member: the messages need no more)."""
    return [make_member(nickname, email=f"{local}@demo.example") for local, nickname, *_rest in MEMBERS]


def by_local(members: list[Member]) -> dict[str, Member]:
    return {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}


def test_the_demo_conversations_load_once(members: list[Member]) -> None:
    demo_messages_load(members)
    total = sum(len(conversation.messages) for conversation in CONVERSATIONS)
    assert Message.objects.count() == total
    assert all(JAPANESE.search(message.body) and JAPANESE.search(message.subject) for message in Message.objects.all())
    assert not MessageSending.objects.exists()  # nobody starts with a used-up allowance
    demo_messages_load(members)
    assert Message.objects.count() == total


def test_conversations_are_threads_of_replies_in_the_past(members: list[Member]) -> None:
    demo_messages_load(members)
    now = timezone.now()
    for conversation in CONVERSATIONS:
        messages = list(Message.objects.filter(subject__endswith=conversation.subject).order_by("created_at"))
        assert len(messages) == len(conversation.messages)
        assert len({message.conversation for message in messages}) == 1
        assert messages[0].in_reply_to_id is None and messages[0].subject == conversation.subject
        for earlier, later in pairwise(messages):
            assert later.in_reply_to_id == earlier.pk and later.subject == f"Re: {conversation.subject}"
            assert earlier.created_at < later.created_at < now
        assert (messages[-1].read_at is None) == conversation.unread
        assert all(message.read_at is not None for message in messages[:-1])


def test_the_demo_has_unread_and_trashed_messages_and_a_friends_only_member(members: list[Member]) -> None:
    demo_messages_load(members)
    people = by_local(members)
    assert selectors.unread_count(people["yamada.taro"]) == 1
    assert selectors.unread_count(people["takahashi.yui"]) == 1
    trashed = [c for c in CONVERSATIONS if c.trashed_by]
    assert trashed
    for conversation in trashed:
        owner = people[conversation.trashed_by]
        in_trash = selectors.box_page(member=owner, box=Box.TRASH).items
        assert {item.message.subject.removeprefix("Re: ") for item in in_trash} == {conversation.subject}
        other = next(local for local in conversation.between if local != conversation.trashed_by)
        kept = Message.objects.filter(subject__endswith=conversation.subject)
        assert all(SideState.KEPT in (m.sender_state, m.recipient_state) for m in kept)
        assert selectors.box_page(member=people[other], box=Box.TRASH).items == []
    for local in FRIENDS_ONLY:
        assert selectors.message_settings_of(people[local]).accept_from == MessagePolicy.FRIENDS


def test_no_demo_conversation_crosses_a_block() -> None:
    blocked = {frozenset(pair) for pair in graph.BLOCKS}
    assert all(frozenset(conversation.between) not in blocked for conversation in CONVERSATIONS)
    assert all(said.author in conversation.between for conversation in CONVERSATIONS for said in conversation.messages)


def test_a_conversation_stops_where_the_rules_no_longer_allow_it(members: list[Member]) -> None:
    """Someone playing with the demo before it loads its messages: a block ends that conversation, quietly."""
    people = by_local(members)
    block(people["yamada.taro"], people["hasegawa.ken"])
    demo_messages_load(members)
    assert not Message.objects.filter(subject__endswith="北アルプスの計画").exists()
    assert Message.objects.filter(subject__endswith="さくらんぼ、ありがとう！").count() == 3
