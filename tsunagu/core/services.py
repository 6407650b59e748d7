"""Writes to the site settings (the operator's switches)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from tsunagu.core.models import SITE_SETTINGS_CACHE_KEY, SiteSettings


def site_settings_update(**changes: Any) -> SiteSettings:
    """Change the named settings, validated, and make every process see them."""
    site_settings, _created = SiteSettings.objects.get_or_create(pk=1)
    for name, value in changes.items():
        setattr(site_settings, name, value)
    site_settings.full_clean()
    site_settings.save(update_fields=list(changes))
    cache.delete(SITE_SETTINGS_CACHE_KEY)
    return site_settings
