"""Reads of messages for a member: their boxes, one message and its thread, and whom they may write to.

A member reads only their own mailbox: messages they sent or received and have not deleted for good.
Anything else answers 404, exactly like a message that does not exist. The other member of a message
is shown only while the policy lets the reader know they exist (`policy.can_see_member`): a sender who
later blocked the reader, or closed their account, stays in the box as an unnamed member.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.pagination import newest_first
from tsunagu.diary.selectors import id_or_404
from tsunagu.friends.models import Block, Friendship
from tsunagu.messaging.models import Box, Message, MessagePolicy, MessageSettings, SideState

# A thread shows at most this many of its latest messages.
THREAD_SHOWN = 50


def subject_shown(subject: str) -> str:
    """A subject as pages show it: an empty one reads 「(件名なし)」 / "(no subject)"."""
    return subject or _("(no subject)")


@dataclass(frozen=True)
class MailboxMessage:
    """A message as one of its two members sees it."""

    message: Message
    viewer_id: Any
    # Whether the other member has blocked the viewer (see `_with_blocks`).
    sender_blocked_viewer: bool = False
    recipient_blocked_viewer: bool = False

    @property
    def is_sender(self) -> bool:
        return bool(self.message.sender_id == self.viewer_id)

    @property
    def state(self) -> str:
        return self.message.sender_state if self.is_sender else self.message.recipient_state

    @property
    def box(self) -> str:
        if self.state == SideState.TRASHED:
            return Box.TRASH
        return Box.SENT if self.is_sender else Box.INBOX

    @property
    def subject(self) -> str:
        return subject_shown(self.message.subject)

    @property
    def unread(self) -> bool:
        """Unread by the viewer (the recipient); one's own messages are never unread."""
        return not self.is_sender and self.message.read_at is None

    @property
    def sender(self) -> Member | None:
        """The sender, or None where the viewer may no longer know they exist."""
        if self.is_sender:
            return self.message.sender
        return self._shown(self.message.sender, self.sender_blocked_viewer)

    @property
    def recipient(self) -> Member | None:
        """The recipient, or None where the viewer may no longer know they exist (or the account is gone)."""
        if not self.is_sender:
            return self.message.recipient
        return self._shown(self.message.recipient, self.recipient_blocked_viewer)

    @property
    def other(self) -> Member | None:
        """The other member of the message, as far as the viewer may see them."""
        return self.recipient if self.is_sender else self.sender

    @staticmethod
    def _shown(member: Member | None, blocked_viewer: bool) -> Member | None:
        # The list face of `policy.can_see_member`, from what the query already fetched.
        if member is None or not member.is_active or blocked_viewer:
            return None
        return member


def _messages() -> QuerySet[Message]:
    return Message.objects.select_related("sender__profile", "recipient__profile")


def _with_blocks(messages: QuerySet[Message], viewer: Member) -> QuerySet[Message]:
    """Annotate whether the sender and the recipient have blocked the viewer (two subqueries in the same query)."""
    return messages.annotate(
        sender_blocked_viewer=Exists(Block.objects.filter(blocker_id=OuterRef("sender_id"), blocked_id=viewer.pk)),
        recipient_blocked_viewer=Exists(
            Block.objects.filter(blocker_id=OuterRef("recipient_id"), blocked_id=viewer.pk)
        ),
    )


def _shown(message: Message, viewer: Member) -> MailboxMessage:
    return MailboxMessage(
        message=message,
        viewer_id=viewer.pk,
        sender_blocked_viewer=getattr(message, "sender_blocked_viewer", False),
        recipient_blocked_viewer=getattr(message, "recipient_blocked_viewer", False),
    )


def mailbox_q(member: Member) -> Q:
    """The messages the member still has, in any box."""
    return (Q(sender_id=member.pk) & ~Q(sender_state=SideState.DELETED)) | (
        Q(recipient_id=member.pk) & ~Q(recipient_state=SideState.DELETED)
    )


def box_q(member: Member, box: str) -> Q:
    """The messages in one of the member's boxes."""
    if box == Box.INBOX:
        return Q(recipient_id=member.pk, recipient_state=SideState.KEPT)
    if box == Box.SENT:
        return Q(sender_id=member.pk, sender_state=SideState.KEPT)
    if box == Box.TRASH:
        return Q(sender_id=member.pk, sender_state=SideState.TRASHED) | Q(
            recipient_id=member.pk, recipient_state=SideState.TRASHED
        )
    raise ValueError(box)


@dataclass(frozen=True)
class BoxPage:
    items: list[MailboxMessage]
    next_cursor: str | None


def box_page(*, member: Member, box: str, cursor: str | None = None, limit: int = 20) -> BoxPage:
    """One page of a box, newest first: a single query however many messages it shows."""
    page = newest_first(_with_blocks(_messages().filter(box_q(member, box)), member), cursor=cursor, limit=limit)
    return BoxPage(items=[_shown(message, member) for message in page.items], next_cursor=page.next_cursor)


def message_for_member(*, member: Member, message_id: Any) -> MailboxMessage:
    """A message in the member's own mailbox (any box); Http404 for any other, as for one that does not exist."""
    message = _with_blocks(_messages().filter(mailbox_q(member)), member).filter(pk=id_or_404(message_id)).first()
    if message is None:
        raise Http404
    return _shown(message, member)


def thread_for_member(*, member: Member, message: Message) -> list[MailboxMessage]:
    """The messages of the same conversation that the member still has, oldest first (the latest `THREAD_SHOWN`)."""
    latest = list(
        _with_blocks(_messages().filter(mailbox_q(member), conversation=message.conversation), member).order_by(
            "-created_at", "-pk"
        )[:THREAD_SHOWN]
    )
    return [_shown(item, member) for item in reversed(latest)]


def unread_count(member: Member) -> int:
    """How many messages in the member's inbox are unread: one count over a partial index."""
    return Message.objects.filter(recipient_id=member.pk, recipient_state=SideState.KEPT, read_at__isnull=True).count()


def message_settings_of(member: Member) -> MessageSettings:
    """The member's message settings; the defaults (not stored) until they first change them."""
    found = MessageSettings.objects.filter(member_id=member.pk).first()
    return found or MessageSettings(member_id=member.pk)


# --- whom a member may write to -------------------------------------------------------------------------


class Refusal(StrEnum):
    """Why a member may not send another a message (an `Addressee` without one may be written to)."""

    SELF = "self"
    BLOCKED = "blocked"  # the sender has blocked the recipient
    FRIENDS_ONLY = "friends_only"


@dataclass(frozen=True)
class Addressee:
    member: Member
    refusal: Refusal | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def addressee_for(*, sender: Member, member_id: Any) -> Addressee:
    """The member `sender` wants to write to, and whether they may, in one query.

    Http404 when the member does not exist or `sender` may not know they exist (their account is closed,
    or they have blocked `sender`): such a member is "not found", never "refused".
    """
    candidates = policy.members_visible_to(sender, Member.objects.filter(pk=id_or_404(member_id)))
    member = (
        candidates.select_related("profile")
        .annotate(
            blocked_by_sender=Exists(Block.objects.filter(blocker_id=sender.pk, blocked_id=OuterRef("pk"))),
            is_friend=Exists(Friendship.objects.filter(member_id=OuterRef("pk"), friend_id=sender.pk)),
            friends_only=Exists(
                MessageSettings.objects.filter(member_id=OuterRef("pk"), accept_from=MessagePolicy.FRIENDS)
            ),
        )
        .first()
    )
    if member is None:
        raise Http404
    refusal: Refusal | None = None
    if member.pk == sender.pk:
        refusal = Refusal.SELF
    elif member.blocked_by_sender:
        refusal = Refusal.BLOCKED
    elif member.friends_only and not member.is_friend:
        refusal = Refusal.FRIENDS_ONLY
    return Addressee(member=member, refusal=refusal)


def may_message(sender: policy.Viewer, member: Member) -> bool:
    """Whether `sender` (a signed-in member) may send `member` a message now: for showing the link to compose."""
    if not policy.is_member(sender) or not isinstance(sender, Member) or sender.pk == member.pk:
        return False
    try:
        return addressee_for(sender=sender, member_id=member.pk).allowed
    except Http404:
        return False
