"""Finding communities in the API: `GET /communities?q=&category=` (search), the categories with their counts,
and the communities one's friends joined.

Signed-in members only (401 otherwise): every community is known to them. `GET /communities` shares its
path with `POST /communities` (create), so it is an operation of the communities router
(`tsunagu.communities.api.router`); the rest are on this module's router. Search and suggestions are in
`communities.search` and `communities.discovery`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Router, Schema

from tsunagu.accounts.models import Member
from tsunagu.communities import discovery, search, selectors
from tsunagu.communities.api import CategoryOut
from tsunagu.communities.api import router as communities_router
from tsunagu.communities.models import Category, Community
from tsunagu.core.pagination import limit_clean
from tsunagu.feed.api import excerpt
from tsunagu.friends.api import MemberSummary
from tsunagu.profiles.api import member_summary

router = Router(tags=["communities"])


# --- shapes -----------------------------------------------------------------------------------------


class CommunityFound(Schema):
    id: int
    name: str
    # The start of the description on one line (at most 100 characters and an ellipsis).
    description: str
    category: CategoryOut | None
    member_count: int
    join_policy: str
    topics_public: bool
    image_url: str | None


class CommunitySearchPage(Schema):
    items: list[CommunityFound]
    next_cursor: str | None


class CategoryCountOut(Schema):
    id: int
    name: str
    community_count: int


class CategoryList(Schema):
    items: list[CategoryCountOut]


class SuggestionOut(Schema):
    community: CommunityFound
    # How many of the viewer's friends (whose community lists the viewer may see) joined.
    friend_count: int
    # A few of them, latest to join first.
    friends: list[MemberSummary]


class SuggestionList(Schema):
    items: list[SuggestionOut]


# --- JSON -------------------------------------------------------------------------------------------


def _category_json(category: Category | None, language: str) -> dict[str, Any] | None:
    return None if category is None else {"id": category.pk, "name": selectors.category_name(category, language)}


def _image_url(community: Community) -> str | None:
    """The image's API address, with the version the page's address carries (it changes with each upload)."""
    page_url = selectors.image_url(community)
    if page_url is None:
        return None
    version = page_url.rsplit("?", 1)[-1]
    return reverse("api:community_image", kwargs={"community_id": community.pk}) + f"?{version}"


def community_found_json(community: Community) -> dict[str, Any]:
    """A community as search lists it (load `category` with it)."""
    return {
        "id": community.pk,
        "name": community.name,
        "description": excerpt(community.description),
        "category": _category_json(community.category, get_language() or "ja"),
        "member_count": community.member_count,
        "join_policy": community.join_policy,
        "topics_public": community.topics_public,
        "image_url": _image_url(community),
    }


# --- endpoints --------------------------------------------------------------------------------------


@communities_router.get(
    "/communities",
    response=CommunitySearchPage,
    summary=(
        "Search communities by name and description (`q`, any length, Japanese too; width and case do not "
        "matter) in a category (`category`), most members first"
    ),
)
def communities_search(
    request: HttpRequest,
    q: str | None = None,
    category: str | None = None,
    cursor: str | None = None,
    limit: str | None = None,
) -> dict[str, Any]:
    size = limit_clean(limit)
    page = search.communities_search(
        query=search.query_clean(q),
        category_id=search.category_clean(category),
        cursor=cursor or None,
        limit=size,
    )
    return {"items": [community_found_json(c) for c in page.communities], "next_cursor": page.next_cursor}


@router.get(
    "/community-categories",
    response=CategoryList,
    summary="The community categories in the operator's order, with how many communities each holds",
)
def categories(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or "ja"
    return {
        "items": [
            {
                "id": row.category.pk,
                "name": selectors.category_name(row.category, language),
                "community_count": row.community_count,
            }
            for row in discovery.categories_with_counts()
        ]
    }


@router.get(
    "/me/community-suggestions",
    response=SuggestionList,
    summary="Communities my friends joined (only friends whose community list I may see), most such friends first",
)
def suggestions(request: HttpRequest) -> dict[str, Any]:
    me: Member = request.auth  # type: ignore[attr-defined]
    return {
        "items": [
            {
                "community": community_found_json(suggestion.community),
                "friend_count": suggestion.friend_count,
                "friends": [member_summary(friend) for friend in suggestion.friends],
            }
            for suggestion in discovery.suggestions(viewer=me)
        ]
    }
