"""The operator's side of communities in the Django admin: the category list, and each community's operator settings.

Communities are created by members (the creator becomes the admin), so the admin site cannot add one. The
operator files a community under a category, marks communities every new member joins, and can delete a
community (with its files, through the service). Reports are registered by `moderation_admin`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from tsunagu.communities.models import Category, Community
from tsunagu.communities.services import community_operator_delete


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["name_ja", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["name_ja", "name_en"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin[Community]):
    list_display = ["name", "category", "member_count", "join_policy", "joined_by_everyone", "created_at"]
    # `category` may be empty, so the admin's own select_related() would leave it out: one query a row.
    list_select_related = ["category"]
    list_filter = ["joined_by_everyone", "category", "join_policy"]
    search_fields = ["name"]
    fields = [
        "name",
        "category",
        "joined_by_everyone",
        "description",
        "join_policy",
        "topics_public",
        "topic_creation",
        "member_count",
        "created_at",
    ]
    # Everything else belongs to the community's admin (and goes through the services).
    readonly_fields = [
        "name",
        "description",
        "join_policy",
        "topics_public",
        "topic_creation",
        "member_count",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Community, form: Any, change: bool) -> None:
        obj.save(update_fields=["category", "joined_by_everyone"])

    def delete_model(self, request: HttpRequest, obj: Community) -> None:
        community_operator_delete(community_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Community]) -> None:
        with transaction.atomic():
            for pk in queryset.values_list("pk", flat=True):
                community_operator_delete(community_id=pk)
