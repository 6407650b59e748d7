"""Moderation endpoints: reporting a topic or comment (通報), the community's reports for its admin and
sub-admins, and messages to all members (一斉メッセージ); and each member's news feed switch per community.

A topic or comment the caller cannot read answers 404 like one that does not exist; so do the reports of a
community the caller does not run. Writing to all members without the role is 403 (the community is no
secret), past the daily limit 429. Writes go through `communities.moderation`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from tsunagu.accounts.models import Member
from tsunagu.communities import feed_source, moderation, moderation_selectors
from tsunagu.communities.models import CommunityMessage, Report
from tsunagu.communities.moderation_selectors import ReportRow
from tsunagu.core.api_input import body_with_files
from tsunagu.core.errors import Invalid
from tsunagu.core.pagination import limit_clean

router = Router(tags=["communities"])


# --- shapes -----------------------------------------------------------------------------------------


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Any = None


class ReportCreated(Schema):
    id: int
    topic_id: int
    comment_id: int | None
    reason: str
    created_at: str


class ReportedTopic(Schema):
    id: int
    # Only where the caller may read the topic.
    title: str | None


class ReportedComment(Schema):
    id: int
    number: int
    # Only where the caller may read the comment (not deleted, its author has not blocked the caller).
    body: str | None


class ReportOut(Schema):
    id: int
    topic: ReportedTopic
    comment: ReportedComment | None
    reason: str
    created_at: str
    resolved_at: str | None


class ReportPage(Schema):
    items: list[ReportOut]
    next_cursor: str | None


class ReportState(Schema):
    id: int
    resolved_at: str | None


class FeedSwitchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    in_feed: Any = None


class FeedSwitchOut(Schema):
    community_id: int
    in_feed: bool


class CommunityMessageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    subject: Any = None
    body: Any = None


class CommunityMessageOut(Schema):
    id: int
    subject: str
    body: str
    created_at: str
    # Delivery is a background task: false in the answer to sending, then true with the count.
    delivered: bool
    recipient_count: int


# --- JSON -------------------------------------------------------------------------------------------


def _me(request: HttpRequest) -> Member:
    return request.auth  # type: ignore[attr-defined]


def _report_created_json(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "topic_id": report.topic_id,
        "comment_id": report.comment_id,
        "reason": report.reason,
        "created_at": report.created_at.isoformat(),
    }


def _report_json(row: ReportRow) -> dict[str, Any]:
    report = row.report
    comment = report.comment
    return {
        "id": report.pk,
        "topic": {"id": report.topic_id, "title": report.topic.title if row.topic_readable else None},
        "comment": None
        if comment is None
        else {"id": comment.pk, "number": comment.number, "body": comment.body if row.item_readable else None},
        "reason": report.reason,
        "created_at": report.created_at.isoformat(),
        "resolved_at": report.resolved_at.isoformat() if report.resolved_at else None,
    }


def _message_json(message: CommunityMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "subject": message.subject,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "delivered": message.delivered_at is not None,
        "recipient_count": message.recipient_count,
    }


# --- reports ----------------------------------------------------------------------------------------


@router.post(
    "/topics/{topic_id}/report",
    response={201: ReportCreated},
    summary="Report a topic or event to the community's admins and the operator (`reason` required; once)",
)
def report_topic(request: HttpRequest, topic_id: int) -> Status[dict[str, Any]]:
    payload, _files = body_with_files(request, ReportIn, files_field="", most=0)
    report = moderation.report_create(reporter=_me(request), topic_id=topic_id, reason=payload.reason)
    return Status(201, _report_created_json(report))


@router.post(
    "/topics/{topic_id}/comments/{comment_id}/report",
    response={201: ReportCreated},
    summary="Report a comment to the community's admins and the operator (`reason` required; once)",
)
def report_comment(request: HttpRequest, topic_id: int, comment_id: int) -> Status[dict[str, Any]]:
    payload, _files = body_with_files(request, ReportIn, files_field="", most=0)
    report = moderation.report_create(
        reporter=_me(request), topic_id=topic_id, comment_id=comment_id, reason=payload.reason
    )
    return Status(201, _report_created_json(report))


@router.get(
    "/communities/{community_id}/reports",
    response=ReportPage,
    summary="The community's reports, newest first: open ones, or `state=resolved` (its admin and sub-admins)",
)
def community_reports(
    request: HttpRequest, community_id: int, state: str = "open", cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    if state not in ("open", "resolved"):
        message = _("Choose open or resolved.")
        raise Invalid(message, fields={"state": [message]})
    size = limit_clean(limit)
    _viewed, page = moderation_selectors.reports_page(
        viewer=_me(request), community_id=community_id, resolved=state == "resolved", cursor=cursor or None, limit=size
    )
    return {"items": [_report_json(row) for row in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/community-reports/{report_id}/resolve",
    response=ReportState,
    summary="Mark a report handled (the community's admin and sub-admins; 404 for anyone else)",
)
def report_resolve(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = moderation.report_resolve(moderator=_me(request), report_id=report_id)
    return {"id": report.pk, "resolved_at": report.resolved_at.isoformat() if report.resolved_at else None}


@router.post(
    "/community-reports/{report_id}/reopen",
    response=ReportState,
    summary="Put a handled report back among the open ones (the community's admin and sub-admins)",
)
def report_reopen(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = moderation.report_reopen(moderator=_me(request), report_id=report_id)
    return {"id": report.pk, "resolved_at": None}


@router.delete(
    "/community-reports/{report_id}/item",
    response={204: None},
    summary="Delete the reported topic or comment (the community's admin and sub-admins, by the topic rules)",
)
def report_item_delete(request: HttpRequest, report_id: int) -> Status[None]:
    moderation.reported_item_delete(moderator=_me(request), report_id=report_id)
    return Status(204, None)


# --- messages to all members, the feed switch -------------------------------------------------------


@router.post(
    "/communities/{community_id}/message",
    response={202: CommunityMessageOut},
    summary=(
        "Write to all members (the admin and sub-admins; at most 3 a community in 24 hours, then 429): "
        "delivered in the background as a message to each member, except across blocks"
    ),
)
def community_message(request: HttpRequest, community_id: int) -> Status[dict[str, Any]]:
    payload, _files = body_with_files(request, CommunityMessageIn, files_field="", most=0)
    message = moderation.community_message_send(
        sender=_me(request), community_id=community_id, subject=payload.subject, body=payload.body
    )
    message.refresh_from_db(fields=["delivered_at", "recipient_count"])
    return Status(202, _message_json(message))


@router.post(
    "/communities/{community_id}/feed",
    response=FeedSwitchOut,
    summary="Show (`in_feed: true`) or stop showing a community's new topics and events in my news feed (members)",
)
def feed_switch(request: HttpRequest, community_id: int) -> dict[str, Any]:
    payload, _files = body_with_files(
        request, FeedSwitchIn, files_field="", most=0, form_value=lambda _name, value: value in ("1", "true", "on")
    )
    row = feed_source.in_feed_set(member=_me(request), community_id=community_id, in_feed=payload.in_feed)
    return {"community_id": row.community_id, "in_feed": row.in_feed}
