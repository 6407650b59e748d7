"""The number of things waiting on the confirmation page (確認), for the badge in the nav."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tsunagu.accounts.models import Member
from tsunagu.friends.selectors import pending_count


def pending(request: HttpRequest) -> dict[str, object]:
    """Counted when a page shows it, at most once per page, and never remembered across requests."""
    user = getattr(request, "user", None)
    if not isinstance(user, Member) or not user.is_active:
        return {}
    return {"pending_count": SimpleLazyObject(lambda: pending_count(user))}
