"""Message endpoints (メッセージ): send, list a box, read, move to the trash or delete, restore, and settings.

Reads go through `tsunagu.messaging.selectors`, writes through `tsunagu.messaging.services`. A message that
is not in the caller's own mailbox answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from tsunagu.accounts.models import Member
from tsunagu.core.errors import Invalid
from tsunagu.core.pagination import limit_clean
from tsunagu.friends.api import MemberSummary
from tsunagu.messaging import selectors, services
from tsunagu.messaging.models import Box
from tsunagu.profiles.api import member_summary

router = Router(tags=["messages"])


# --- shapes -----------------------------------------------------------------------------------------


class MessageOut(Schema):
    id: int
    # null where the viewer may no longer know the member exists (a block, a closed or deleted account).
    from_: MemberSummary | None = Field(alias="from")
    to: MemberSummary | None
    subject: str
    body: str
    body_html: str
    in_reply_to: int | None
    # For the recipient: whether they have opened it. One's own messages are always read (no read receipts).
    read: bool
    # Where the viewer keeps it: inbox, sent or trash.
    box: str
    created: str


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None


class MessageIn(Schema):
    # Any: the service checks types itself and answers with a message per field.
    model_config = ConfigDict(extra="forbid")

    to: Any = None
    subject: Any = ""
    body: Any
    in_reply_to: Any = None


class MessageSettingsOut(Schema):
    accept_from: str


class MessageSettingsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    accept_from: Any


def _me(request: HttpRequest) -> Member:
    return request.auth  # type: ignore[attr-defined]


def _member_json(member: Member | None) -> dict[str, Any] | None:
    return member_summary(member) if member is not None else None


def message_json(item: selectors.MailboxMessage) -> dict[str, Any]:
    """A message as its viewer sees it (from `selectors`, with both members and their profiles loaded)."""
    message = item.message
    return {
        "id": message.pk,
        "from": _member_json(item.sender),
        "to": _member_json(item.recipient),
        "subject": message.subject,
        "body": message.body,
        "body_html": message.body_html,
        "in_reply_to": message.in_reply_to_id,
        "read": not item.unread,
        "box": item.box,
        "created": message.created_at.isoformat(),
    }


def _out(member: Member, message_id: Any) -> dict[str, Any]:
    return message_json(selectors.message_for_member(member=member, message_id=message_id))


# --- messages ---------------------------------------------------------------------------------------


@router.post(
    "/messages",
    response={201: MessageOut},
    by_alias=True,
    summary="Send a message (a reply names in_reply_to, a message in one's own mailbox, and goes to its other member)",
)
def message_send(request: HttpRequest, payload: MessageIn) -> Status[dict[str, Any]]:
    me = _me(request)
    message = services.message_send(
        sender=me, to=payload.to, subject=payload.subject, body=payload.body, in_reply_to=payload.in_reply_to
    )
    return Status(201, _out(me, message.pk))


@router.get(
    "/messages",
    response=MessagePage,
    by_alias=True,
    summary="One of one's boxes (inbox, sent or trash), newest first, a page at a time",
)
def message_list(
    request: HttpRequest, box: str = Box.INBOX, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    me = _me(request)
    if box not in Box.values:
        message = _("Choose inbox, sent or trash.")
        raise Invalid(message, fields={"box": [message]})
    page = selectors.box_page(member=me, box=box, cursor=cursor or None, limit=limit_clean(limit))
    return {"items": [message_json(item) for item in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/messages/{message_id}",
    response=MessageOut,
    by_alias=True,
    summary="A message in one's mailbox (opening it marks it read for its recipient)",
)
def message_detail(request: HttpRequest, message_id: int) -> dict[str, Any]:
    me = _me(request)
    item = selectors.message_for_member(member=me, message_id=message_id)
    services.message_read(member=me, message=item.message)
    return message_json(item)


@router.delete(
    "/messages/{message_id}",
    response={204: None},
    summary="Move a message to one's trash; one already in the trash is deleted for good (for oneself only)",
)
def message_delete(request: HttpRequest, message_id: int) -> Status[None]:
    services.message_remove(member=_me(request), message_id=message_id)
    return Status(204, None)


@router.post(
    "/messages/{message_id}/restore",
    response=MessageOut,
    by_alias=True,
    summary="Take a message out of one's trash, back to the inbox or the sent box",
)
def message_restore(request: HttpRequest, message_id: int) -> dict[str, Any]:
    me = _me(request)
    message = services.message_restore(member=me, message_id=message_id)
    return _out(me, message.pk)


# --- settings ---------------------------------------------------------------------------------------


@router.get(
    "/me/message-settings",
    response=MessageSettingsOut,
    summary="Who may send me messages: members (any member, the default) or friends",
)
def message_settings(request: HttpRequest) -> dict[str, Any]:
    return {"accept_from": selectors.message_settings_of(_me(request)).accept_from}


@router.put("/me/message-settings", response=MessageSettingsOut, summary="Choose who may send me messages")
def message_settings_update(request: HttpRequest, payload: MessageSettingsIn) -> dict[str, Any]:
    found = services.message_settings_update(member=_me(request), accept_from=payload.accept_from)
    return {"accept_from": found.accept_from}
