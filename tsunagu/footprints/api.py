"""Footprint endpoints: the authenticated member's own visitors, grouped per visitor per day."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from tsunagu.footprints import selectors
from tsunagu.profiles.api import member_summary

router = Router(tags=["footprints"])


class VisitorSummary(Schema):
    id: int
    handle: str
    nickname: str
    avatar_url: str | None


class VisitorDayOut(Schema):
    visitor: VisitorSummary
    date: str
    last_visited_at: str
    pages: list[str]


class FootprintList(Schema):
    items: list[VisitorDayOut]
    total: int


@router.get(
    "/footprints", response=FootprintList, summary="あしあと: visitors to the authenticated member, per visitor per day"
)
def footprint_list(request: HttpRequest) -> dict[str, Any]:
    member = request.auth  # type: ignore[attr-defined]
    return {
        "items": [
            {
                "visitor": member_summary(line.visitor),
                "date": line.date.isoformat(),
                "last_visited_at": line.last_visited_at.isoformat(),
                "pages": line.pages,
            }
            for line in selectors.footprint_days(owner=member)
        ],
        "total": selectors.footprint_total(owner=member),
    }
