"""The operator's moderation queue: members' reports of community topics and comments, in the Django admin."""

from django.contrib import admin

from tsunagu.communities.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["pk", "community", "topic", "comment", "reporter", "created_at", "resolved_at"]
