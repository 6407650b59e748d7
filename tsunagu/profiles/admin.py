"""Profiles in the operator's admin (read through the member)."""

from django.contrib import admin

from tsunagu.profiles.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["member", "current_prefecture", "updated_at"]
    search_fields = ["member__nickname", "member__email"]
    raw_id_fields = ["member"]
