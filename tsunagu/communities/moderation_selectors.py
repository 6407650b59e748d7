"""Reads for community moderation: the reports of a community for its admin and sub-admins, and the messages
to all members it sent lately.

Reports show the reason, when, and the reported item; the item's title and text only where the admin may
read it through the policy (an author who blocked the admin stays hidden from them, as everywhere). Who
reported is not shown to the community's admins (only the operator sees it, in the admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tsunagu.communities import selectors
from tsunagu.communities.models import CommunityMessage, Report, Topic, TopicComment
from tsunagu.communities.moderation import MESSAGE_WINDOW, MESSAGES_PER_DAY
from tsunagu.core import policy
from tsunagu.core.pagination import DEFAULT_LIMIT, newest_first


@dataclass(frozen=True)
class ReportRow:
    """A report as the community's admins see it: the item's title and text only where they may read it."""

    report: Report
    topic_readable: bool
    comment_readable: bool

    @property
    def is_comment(self) -> bool:
        return self.report.comment_id is not None

    @property
    def item_readable(self) -> bool:
        return self.topic_readable and (not self.is_comment or self.comment_readable)


@dataclass(frozen=True)
class ReportPage:
    items: list[ReportRow]
    next_cursor: str | None


def reports_page(
    *,
    viewer: policy.Viewer,
    community_id: Any,
    resolved: bool = False,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> tuple[selectors.ViewedCommunity, ReportPage]:
    """The community's open (or handled) reports, newest first, for its admin and sub-admins; Http404 for
    everyone else. Three queries for the page, however many reports."""
    viewed = selectors.moderator_view(viewer=viewer, community_id=community_id)
    reports = Report.objects.filter(community=viewed.community, resolved_at__isnull=not resolved).select_related(
        "topic", "comment"
    )
    page = newest_first(reports, cursor=cursor, limit=limit)
    topic_ids = {report.topic_id for report in page.items}
    comment_ids = {report.comment_id for report in page.items if report.comment_id is not None}
    readable_topics = set(
        policy.visible_to(viewer, Topic.objects.filter(pk__in=topic_ids)).values_list("pk", flat=True)
    )
    readable_comments: set[int] = set()
    if comment_ids:
        # As the topic page shows comments: deleted ones, closed accounts' and those of members who blocked the
        # viewer have no text.
        readable_comments = set(
            TopicComment.objects.filter(pk__in=comment_ids, deleted_at__isnull=True, author__is_active=True)
            .exclude(Q(author_id__in=policy.blocker_ids(viewer.pk)) & ~Q(author_id=viewer.pk))
            .values_list("pk", flat=True)
        )
    rows = [
        ReportRow(report, report.topic_id in readable_topics, report.comment_id in readable_comments)
        for report in page.items
    ]
    return viewed, ReportPage(items=rows, next_cursor=page.next_cursor)


def open_report_count(*, community_id: Any) -> int:
    """How many reports of the community wait for its admins (for a link on the community's page)."""
    return Report.objects.filter(community_id=community_id, resolved_at__isnull=True).count()


def recent_messages(*, community_id: Any) -> list[CommunityMessage]:
    """The messages to all members the community sent in the last 24 hours, newest first (they count against
    the daily limit)."""
    since = timezone.now() - MESSAGE_WINDOW
    return list(
        CommunityMessage.objects.filter(community_id=community_id, created_at__gt=since)
        .select_related("sender")
        .order_by("-created_at")[:MESSAGES_PER_DAY]
    )
