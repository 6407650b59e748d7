"""The number of unread messages, for the メッセージ badge in the nav."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tsunagu.accounts.models import Member
from tsunagu.messaging.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    """Counted when a page shows it (one query over a small index), and never remembered across requests."""
    user = getattr(request, "user", None)
    if not isinstance(user, Member) or not user.is_active:
        return {}
    return {"unread_message_count": SimpleLazyObject(lambda: unread_count(user))}
