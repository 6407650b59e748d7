"""The operator's site settings in the Django admin (a single row)."""

from typing import Any

from django.contrib import admin
from django.core.cache import cache
from django.http import HttpRequest

from tsunagu.core.models import SITE_SETTINGS_CACHE_KEY, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin[SiteSettings]):
    list_display = ["__str__", "registration_policy", "web_public_allowed", "friend_limit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SiteSettings, form: Any, change: bool) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)
        cache.delete(SITE_SETTINGS_CACHE_KEY)
