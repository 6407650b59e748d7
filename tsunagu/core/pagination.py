"""Cursor pagination for newest-first lists: stable while new items arrive, one indexed query per page."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from tsunagu.core.errors import Invalid

M = TypeVar("M", bound=Model)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class CursorPage(Generic[M]):
    items: list[M]
    next_cursor: str | None


def cursor_encode(moment: datetime, pk: Any) -> str:
    micros = (moment - EPOCH) // MICROSECOND  # exact, unlike float timestamps
    return base64.urlsafe_b64encode(f"{micros}:{pk}".encode()).decode().rstrip("=")


def _invalid_cursor() -> Invalid:
    message = _("This page link is not valid. Start again from the first page.")
    return Invalid(message, fields={"cursor": [message]})


def cursor_decode(cursor: str) -> tuple[datetime, int]:
    """The position a cursor names; Invalid for anything we did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        micros, pk = raw.split(":")
        return EPOCH + int(micros) * MICROSECOND, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
        raise _invalid_cursor() from None


def limit_clean(raw: Any, default: int = DEFAULT_LIMIT) -> int:
    """A page size between 1 and `MAX_LIMIT`; Invalid otherwise."""
    if raw is None or raw == "":
        return default
    try:
        limit = int(raw)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        message = _("Choose a page size from 1 to %(max)d.") % {"max": MAX_LIMIT}
        raise Invalid(message, fields={"limit": [message]})
    return limit


def newest_first(
    queryset: QuerySet[M], *, cursor: str | None, limit: int = DEFAULT_LIMIT, time_field: str = "created_at"
) -> CursorPage[M]:
    """One page of `queryset`, newest first (ties broken by id), starting after `cursor`."""
    queryset = queryset.order_by(f"-{time_field}", "-pk")
    if cursor:
        moment, pk = cursor_decode(cursor)
        queryset = queryset.filter(Q(**{f"{time_field}__lt": moment}) | Q(**{time_field: moment, "pk__lt": pk}))
    items = list(queryset[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    next_cursor = cursor_encode(getattr(items[-1], time_field), items[-1].pk) if more else None
    return CursorPage(items=items, next_cursor=next_cursor)
