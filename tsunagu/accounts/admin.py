"""Members and invitations in the operator's admin."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import Invitation, Member
from tsunagu.profiles.services import profile_create


@admin.register(Member)
class MemberAdmin(UserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "nickname", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "nickname"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password", "nickname"]}),
        (_("Preferences"), {"fields": ["language", "timezone"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "nickname", "password1", "password2"]})]

    def save_model(self, request: HttpRequest, obj: Member, form: Any, change: bool) -> None:
        obj.email = obj.email.strip().lower()
        super().save_model(request, obj, form, change)
        profile_create(member=obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["inviter", "email", "created_at", "expires_at", "used_by", "used_at"]
    # `used_by` may be empty, so the admin's own select_related() would leave it out: one query a row.
    list_select_related = ["inviter", "used_by"]
    list_filter = ["used_at"]
    search_fields = ["inviter__email", "inviter__nickname", "email"]
    raw_id_fields = ["inviter", "used_by"]
    readonly_fields = ["code"]
