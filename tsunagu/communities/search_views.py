"""Finding communities (コミュニティを探す): the search page (name and description, by category) and the
discovery page (categories with their counts, communities one's friends joined).

Signed-in members only: every community is known to them and to nobody else, so anonymous visitors are
sent to log in. Searching and suggestions are in `communities.search` and `communities.discovery`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language

from tsunagu.accounts.models import Member
from tsunagu.communities import discovery, search, selectors
from tsunagu.communities.models import Community
from tsunagu.core.errors import Invalid


@dataclass(frozen=True)
class CommunityRow:
    """A community as search results and suggestions list it (suggestions name the friends who joined)."""

    community: Community
    category_name: str
    image_url: str | None
    suggestion: discovery.Suggestion | None = None


def _row(community: Community, suggestion: discovery.Suggestion | None = None) -> CommunityRow:
    """A row for a community loaded with its category: no query."""
    name = selectors.category_name(community.category, get_language() or "ja")
    return CommunityRow(community, name, selectors.image_url(community), suggestion)


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


@login_required
def community_search(request: HttpRequest) -> HttpResponse:
    """Search by name and description (`q`), in a category (`category`), most members first, a page at a time."""
    raw_query = request.GET.get("q", "")
    raw_category = request.GET.get("category", "")
    context: dict[str, Any] = {
        "q": raw_query.strip(),
        "category_id": raw_category,
        "categories": search.categories(),
    }
    try:
        query = search.query_clean(raw_query)
        category_id = search.category_clean(raw_category)
        page = search.communities_search(query=query, category_id=category_id, cursor=request.GET.get("cursor") or None)
    except Invalid as error:
        return render(request, "communities/search.html", context | {"error": error.message}, status=400)
    next_url = None
    if page.next_cursor:
        params = {"q": raw_query.strip(), "category": raw_category, "cursor": page.next_cursor}
        next_url = "?" + urlencode({key: value for key, value in params.items() if value})
    category = next((c for c in context["categories"] if c.pk == category_id), None)
    return render(
        request,
        "communities/search.html",
        context
        | {
            "searched": bool(query) or category_id is not None,
            "category": category,
            "category_name": selectors.category_name(category, get_language() or "ja") if category else "",
            "rows": [_row(community) for community in page.communities],
            "next_url": next_url,
            "first_page": not request.GET.get("cursor"),
        },
    )


@login_required
def community_discover(request: HttpRequest) -> HttpResponse:
    """Browse: a search box, the categories with how many communities each holds, and friends' communities."""
    language = get_language() or "ja"
    category_rows = discovery.categories_with_counts()
    return render(
        request,
        "communities/discover.html",
        {
            "categories": [row.category for row in category_rows],
            "category_rows": [
                (row.category, selectors.category_name(row.category, language), row.community_count)
                for row in category_rows
            ],
            "rows": [_row(s.community, s) for s in discovery.suggestions(viewer=_member(request))],
        },
    )
