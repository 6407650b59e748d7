"""Finding communities on pages and in the API: the search page and `GET /api/v1/communities?q=&category=`
(signed-in members only), the discovery page and suggestions endpoint, the categories; each for a fixed
number of queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import JAPANESE, assert_error
from tests.communities.topic_helpers import community_of, join
from tests.friends.api.helpers import api, auth, summary
from tests.friends.test_pages import as_member, html
from tests.queries import PAGE_FRAME
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Category, Community
from tsunagu.communities.services import community_create
from tsunagu.friends.services import friendship_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def founder(make_member: Callable[..., Member]) -> Member:
    return make_member("創設者")


@pytest.fixture
def food() -> Category:
    return Category.objects.create(name_ja="グルメ", name_en="Food", position=1)


@pytest.fixture
def ramen(founder: Member, food: Category) -> Community:
    return community_create(
        creator=founder,
        name="北海道ラーメン",
        description="札幌・旭川・函館の" + "ラーメン" * 40,
        category=food.pk,
        join_policy="approval",
        topics_public=False,
    )


@pytest.fixture
def cats(founder: Member) -> Community:
    return community_create(creator=founder, name="猫好き", description="うちの猫")


def listed(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li data-community="(\d+)"', page)]


# --- the API ------------------------------------------------------------------------------------------------


def test_search_answers_the_contracts_shape(client: Client, member: Member, ramen: Community, food: Category) -> None:
    body = api(client, "get", "/communities?q=ﾗｰﾒﾝ", member).json()
    assert body["next_cursor"] is None
    (item,) = body["items"]
    assert item == {
        "id": ramen.pk,
        "name": "北海道ラーメン",
        "description": item["description"],
        "category": {"id": food.pk, "name": "グルメ"},
        "member_count": 1,
        "join_policy": "approval",
        "topics_public": False,
        "image_url": None,
    }
    assert item["description"].startswith("札幌・旭川") and item["description"].endswith("…")


def test_search_filters_by_category_and_pages(
    client: Client, member: Member, founder: Member, food: Category, ramen: Community, cats: Community
) -> None:
    assert [i["id"] for i in api(client, "get", f"/communities?category={food.pk}", member).json()["items"]] == [
        ramen.pk
    ]
    assert api(client, "get", "/communities?q=猫&category=" + str(food.pk), member).json()["items"] == []
    first = api(client, "get", "/communities?limit=1", member).json()
    second = api(client, "get", f"/communities?limit=1&cursor={first['next_cursor']}", member).json()
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {ramen.pk, cats.pk}
    assert second["next_cursor"] is None


def test_search_is_for_signed_in_members_only(client: Client, ramen: Community) -> None:
    assert_error(api(client, "get", "/communities?q=ラーメン"), 401, "unauthenticated")


@pytest.mark.parametrize(
    ("query", "field"),
    [("q=" + "猫" * 101, "q"), ("category=abc", "category"), ("cursor=zzz", "cursor"), ("limit=0", "limit")],
)
def test_bad_parameters_are_refused(client: Client, member: Member, query: str, field: str) -> None:
    error = assert_error(api(client, "get", f"/communities?{query}", member), 422, "invalid")
    assert list(error["fields"]) == [field]
    assert JAPANESE.search(error["message"])


def test_creating_a_community_still_works_on_the_same_path(client: Client, member: Member) -> None:
    """`GET /communities` shares its path with `POST /communities`."""
    response = api(client, "post", "/communities", member, {"name": "新しい会", "description": "はじめまして"})
    assert response.status_code == 201, response.content
    assert [i["name"] for i in api(client, "get", "/communities?q=新しい", member).json()["items"]] == ["新しい会"]


def test_search_costs_a_fixed_number_of_queries(
    client: Client, member: Member, founder: Member, food: Category, django_assert_max_num_queries: Any
) -> None:
    """The token and the page, however many communities (with their categories): two queries."""
    for i in range(12):
        community_create(creator=founder, name=f"ラーメン{i}", description="麺", category=food.pk if i % 2 else None)
    headers = auth(member)
    client.get("/api/v1/communities", headers=headers)  # the token's first use is stamped
    with django_assert_max_num_queries(2):
        body = client.get("/api/v1/communities?q=ラーメン&limit=50", headers=headers).json()
    assert len(body["items"]) == 12


def test_categories_and_suggestions_endpoints(
    client: Client, member: Member, founder: Member, food: Category, ramen: Community, make_member: Any
) -> None:
    friend = make_member("友達")
    friendship_create(member, friend)
    cats = community_of(founder, name="猫の会")
    join(friend, cats)
    categories = api(client, "get", "/community-categories", member).json()
    assert categories == {"items": [{"id": food.pk, "name": "グルメ", "community_count": 1}]}
    suggestions = api(client, "get", "/me/community-suggestions", member).json()
    assert suggestions["items"] == [
        {"community": suggestions["items"][0]["community"], "friend_count": 1, "friends": [summary(friend)]}
    ]
    assert suggestions["items"][0]["community"]["id"] == cats.pk
    assert_error(api(client, "get", "/me/community-suggestions"), 401)


# --- the pages ----------------------------------------------------------------------------------------------


def test_the_search_page_finds_and_filters(member: Member, ramen: Community, cats: Community, food: Category) -> None:
    client = as_member(member)
    page = html(client.get("/communities/search/", {"q": "ＲＡＭＥＮ"}))
    assert listed(page) == []
    page = html(client.get("/communities/search/", {"q": "ら"}))  # hiragana is not katakana
    assert listed(page) == []
    page = html(client.get("/communities/search/", {"q": "ラー"}))
    assert listed(page) == [ramen.pk]
    assert 'data-member-count="1"' in page and "グルメ" in page
    page = html(client.get("/communities/search/", {"category": food.pk}))
    assert listed(page) == [ramen.pk]
    page = html(client.get("/communities/search/"))
    assert set(listed(page)) == {ramen.pk, cats.pk}


def test_the_search_page_pages_with_its_query(member: Member, founder: Member) -> None:
    for i in range(25):
        community_create(creator=founder, name=f"地震{i}", description="備え")
    community_create(creator=founder, name="関係ない", description="別")
    client = as_member(member)
    first = html(client.get("/communities/search/", {"q": "地震"}))
    assert len(listed(first)) == 20
    next_url = re.search(r'rel="next" href="([^"]+)"', first)
    assert next_url
    second = html(client.get("/communities/search/" + next_url[1].replace("&amp;", "&")))
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))


def test_the_search_page_explains_bad_input(member: Member) -> None:
    response = as_member(member).get("/communities/search/", {"category": "abc"})
    assert response.status_code == 400
    assert 'data-error="search"' in html(response)


def test_the_pages_send_visitors_to_log_in(client: Client) -> None:
    for path in ("/communities/search/", "/communities/discover/"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_the_discovery_page(
    member: Member, founder: Member, food: Category, ramen: Community, make_member: Any
) -> None:
    friend = make_member("友達")
    friendship_create(member, friend)
    cats = community_of(founder, name="猫の会")
    join(friend, cats)
    page = html(as_member(member).get("/communities/discover/"))
    assert listed(page) == [cats.pk]
    assert f'data-friend="{friend.pk}"' in page
    assert f'data-category="{food.pk}"' in page and 'data-community-count="1"' in page


def test_pages_cost_a_fixed_number_of_queries(
    member: Member, founder: Member, food: Category, make_member: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(6):
        friend = make_member(f"友達{i}")
        friendship_create(member, friend)
        join(friend, community_create(creator=founder, name=f"会{i}", description="説明", category=food.pk))
    client = as_member(member)
    with django_assert_max_num_queries(PAGE_FRAME + 2):
        page = html(client.get("/communities/search/", {"q": "会"}))
    assert len(listed(page)) == 6
    with django_assert_max_num_queries(PAGE_FRAME + 3):
        page = html(client.get("/communities/discover/"))
    assert len(listed(page)) == 6
