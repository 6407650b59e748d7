"""The unread notifications badge (お知らせ) in the navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tsunagu.accounts.models import Member
from tsunagu.notifications.selectors import badge, unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    """Counted (with the display-time checks) only when a page shows it, at most once per page."""
    user = getattr(request, "user", None)
    if not isinstance(user, Member) or not user.is_active:
        return {}
    return {"notifications_badge": SimpleLazyObject(lambda: badge(unread_count(recipient=user)))}
