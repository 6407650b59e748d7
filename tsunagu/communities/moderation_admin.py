"""The operator's moderation queue: members' reports of community topics and comments, in the Django admin.

A list with filters (open or handled, community, date); each report shows its reason (read-only), who
reported, the reported text and a link to the item. Opening a report's page is logged (logger
`tsunagu.moderation`): operators see content only through these tools, and that access is recorded.
Actions: mark handled, and delete the reported content (`moderation.reported_item_operator_delete`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tsunagu.communities import moderation
from tsunagu.communities.models import Report
from tsunagu.core.errors import ServiceError

log = logging.getLogger("tsunagu.moderation")


class HandledFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("open", _("Open")), ("handled", _("Handled"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> QuerySet[Report]:
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "handled":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["created_at", "community", "item", "reporter", "short_reason", "resolved_at"]
    list_filter = [HandledFilter, ("community", admin.RelatedOnlyFieldListFilter), "created_at"]
    list_select_related = ["community", "topic", "comment", "reporter"]
    date_hierarchy = "created_at"
    search_fields = ["reason", "topic__title", "community__name"]
    ordering = ["resolved_at", "-created_at"]
    fields = ("community", "item", "reported_text", "reporter", "reason", "created_at", "resolved_at")
    readonly_fields = fields
    actions = ["mark_handled", "delete_reported_content"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from members

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read-only: the actions below are the only changes

    @admin.display(description=_("reported item"))
    def item(self, report: Report) -> str:
        url = reverse("communities:topic", kwargs={"topic_id": report.topic_id})
        if report.comment_id is None:
            return format_html('<a href="{}">{}</a>', url, report.topic.title)
        number = report.comment.number if report.comment else ""
        return format_html('<a href="{}#comment-{}">{} #{}</a>', url, number, report.topic.title, number)

    @admin.display(description=_("reported text"))
    def reported_text(self, report: Report) -> str:
        if report.comment_id is not None and report.comment is not None:
            return report.comment.body or str(_("(deleted)"))
        return report.topic.body

    @admin.display(description=_("reason"))
    def short_reason(self, report: Report) -> str:
        return report.reason if len(report.reason) <= 60 else report.reason[:60] + "…"

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        log.info("operator %s opened community report %s", request.user.pk, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Mark the selected reports as handled"))
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d report marked handled.", "%(count)d reports marked handled.", count) % {"count": count},
        )

    @admin.action(description=_("Delete the reported content (topic, or the comment's text)"), permissions=["delete"])
    def delete_reported_content(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        deleted = 0
        for report_id in list(queryset.values_list("pk", flat=True)):
            try:
                moderation.reported_item_operator_delete(report_id=report_id)
            except ServiceError:
                continue  # a report that went with a topic deleted earlier in this loop
            log.info("operator %s deleted the content of community report %s", request.user.pk, report_id)
            deleted += 1
        self.message_user(
            request,
            ngettext(
                "The content of %(count)d report was deleted.", "The content of %(count)d reports was deleted.", deleted
            )
            % {"count": deleted},
            messages.SUCCESS,
        )
