"""Every list route of tsunagu has an exact query budget, measured with 2 rows and with 20 (issue 7: no N+1 anywhere).

Which routes are lists is derived from the site itself, so a new list cannot slip past:

- API: every GET operation of the OpenAPI schema whose JSON answer carries an array of objects at its top level is a
  list: the list envelope (`items`, with `next_cursor` or `next_page` where it pages) and a detail's embedded list
  (a post's `replies`, a group's `members`, a community's `sub_admins`). Arrays a rule keeps small are named in
  BOUNDED with the rule. A GET whose JSON answer declares no schema cannot be classified, so it fails here until it
  declares one or is named in UNDECLARED with what it returns; binary answers (photos) are files.
- Admin: the changelist of every model of tsunagu's own apps in the admin site (our ModelAdmins have no inlines, which
  is checked, so their other pages show one row). Third-party apps' admin pages (auth groups, task results, the
  queue dashboard, log-in attempts) are theirs. One-row changelists are named in ONE_ROW.
- Pages: there is no marker a view could forget; instead every named URL pattern outside the API and the admin must
  be classified, either as a list in BUDGET_TESTS or in NOT_LISTS with what it is (an action that answers a POST, a
  form, a confirmation about one item, one item, a file, a redirect, a notice). A new route fails this test until
  someone decides which it is, and a name that is no longer a route fails it too.

BUDGET_TESTS maps each list route (a URL name, `GET /api/v1/…` as in the schema, an admin changelist's URL name) to
the test that measures it. Those tests use tests/budgets.py: they declare the route in their module's BUDGETS and
are parametrized over `rows` (2 and 20), which is checked here, so a name in this registry is a real measurement.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.budgets import ROWS
from tsunagu.core.api import api

ACCOUNTS = "tests/accounts/test_list_queries.py::test_invitation_list"
ADMIN = "tests/core/test_admin_list_queries.py::test_admin_lists"
COMMUNITIES = "tests/communities/test_list_queries.py::test_community_lists"
DIARY = "tests/diary/test_list_queries.py::test_diary_lists"
DISCOVERY = "tests/communities/test_list_queries.py::test_discovery_lists"
FEED = "tests/core/test_home_feed_queries.py::test_feed_lists"
FOOTPRINTS = "tests/footprints/test_list_queries.py::test_footprint_lists"
FRIENDS = "tests/friends/test_list_queries.py::test_friend_lists"
MESSAGES = "tests/messaging/test_list_queries.py::test_message_lists"
MODERATION = "tests/communities/test_list_queries.py::test_moderation_lists"
NOTIFICATIONS = "tests/notifications/test_list_queries.py::test_notification_lists"
TOPICS = "tests/communities/test_list_queries.py::test_topic_lists"
VOICE = "tests/voice/test_list_queries.py::test_voice_lists"

BUDGET_TESTS = {
    # pages
    "core:home": FEED,
    "feed:newer": FEED,
    "accounts:invitations": ACCOUNTS,
    "profiles:detail": FRIENDS,
    "friends:mine": FRIENDS,
    "friends:list": FRIENDS,
    "friends:groups": FRIENDS,
    "friends:group_create": FRIENDS,
    "friends:group_edit": FRIENDS,
    "friends:confirm": FRIENDS,
    "friends:blocks": FRIENDS,
    "footprints:mine": FOOTPRINTS,
    "footprints:left": FOOTPRINTS,
    "diary:list": DIARY,
    "diary:month": DIARY,
    "diary:latest": DIARY,
    "diary:entry": DIARY,
    "diary:commented": DIARY,
    "reactions:list": DIARY,
    "notifications:list": NOTIFICATIONS,
    "messaging:inbox": MESSAGES,
    "messaging:sent": MESSAGES,
    "messaging:trash": MESSAGES,
    "messaging:detail": MESSAGES,
    "messaging:compose": MESSAGES,
    "voice:list": VOICE,
    "voice:post": VOICE,
    "voice:hashtag": VOICE,
    "voice:trending": VOICE,
    "communities:mine": COMMUNITIES,
    "communities:detail": COMMUNITIES,
    "communities:members": COMMUNITIES,
    "communities:manage": COMMUNITIES,
    "communities:member": COMMUNITIES,
    "communities:member_latest": COMMUNITIES,
    "communities:topic_list": TOPICS,
    "communities:topics_latest": TOPICS,
    "communities:event_list": TOPICS,
    "communities:topic": TOPICS,
    "communities:event_participants": TOPICS,
    "community_search:search": DISCOVERY,
    "community_search:discover": DISCOVERY,
    "community_moderation:reports": MODERATION,
    "community_moderation:message": MODERATION,
    # the API
    "GET /api/v1/feed": FEED,
    "GET /api/v1/feed/new": FEED,
    "GET /api/v1/friend-requests": FRIENDS,
    "GET /api/v1/members/{member_id}/friends": FRIENDS,
    "GET /api/v1/members/{member_id}/mutual-friends": FRIENDS,
    "GET /api/v1/blocks": FRIENDS,
    "GET /api/v1/friend-groups": FRIENDS,
    "GET /api/v1/friend-groups/{group_id}": FRIENDS,
    "GET /api/v1/members/{member_id}/intros": FRIENDS,
    "GET /api/v1/footprints": FOOTPRINTS,
    "GET /api/v1/members/{member_id}/diary": DIARY,
    "GET /api/v1/diary/{entry_id}/comments": DIARY,
    "GET /api/v1/diary/{entry_id}/iine": DIARY,
    "GET /api/v1/diary/{entry_id}/comments/{comment_id}/iine": DIARY,
    "GET /api/v1/notifications": NOTIFICATIONS,
    "GET /api/v1/messages": MESSAGES,
    "GET /api/v1/voice/{post_id}": VOICE,
    "GET /api/v1/members/{member_id}/voice": VOICE,
    "GET /api/v1/voice/{post_id}/iine": VOICE,
    "GET /api/v1/hashtags/trending": VOICE,
    "GET /api/v1/hashtags/{tag}": VOICE,
    "GET /api/v1/communities": DISCOVERY,
    "GET /api/v1/communities/{community_id}": COMMUNITIES,
    "GET /api/v1/communities/{community_id}/members": COMMUNITIES,
    "GET /api/v1/communities/{community_id}/requests": COMMUNITIES,
    "GET /api/v1/communities/{community_id}/bars": COMMUNITIES,
    "GET /api/v1/communities/{community_id}/offers": COMMUNITIES,
    "GET /api/v1/me/communities": COMMUNITIES,
    "GET /api/v1/members/{member_id}/communities": COMMUNITIES,
    "GET /api/v1/me/community-offers": COMMUNITIES,
    "GET /api/v1/me/community-requests": COMMUNITIES,
    "GET /api/v1/community-categories": DISCOVERY,
    "GET /api/v1/me/community-suggestions": DISCOVERY,
    "GET /api/v1/communities/{community_id}/reports": MODERATION,
    "GET /api/v1/communities/{community_id}/topics": TOPICS,
    "GET /api/v1/communities/{community_id}/events": TOPICS,
    "GET /api/v1/topics/{topic_id}/comments": TOPICS,
    "GET /api/v1/events/{topic_id}/participants": TOPICS,
    "GET /api/v1/topics/{topic_id}/iine": TOPICS,
    "GET /api/v1/topics/{topic_id}/comments/{comment_id}/iine": TOPICS,
    # the operator's admin
    "admin:accounts_member_changelist": ADMIN,
    "admin:accounts_invitation_changelist": ADMIN,
    "admin:profiles_profile_changelist": ADMIN,
    "admin:friends_friendrequest_changelist": ADMIN,
    "admin:friends_friendship_changelist": ADMIN,
    "admin:friends_block_changelist": ADMIN,
    "admin:friends_friendintro_changelist": ADMIN,
    "admin:footprints_footprint_changelist": ADMIN,
    "admin:footprints_footprinttotal_changelist": ADMIN,
    "admin:communities_category_changelist": ADMIN,
    "admin:communities_community_changelist": ADMIN,
    "admin:communities_report_changelist": ADMIN,
}

# Pages that list nothing, by what they are.
_NOT_LISTS = {
    "an action a form posts to (GET shows nothing, asks first or goes on to the page; a refused post shows that page"
    " again, as measured there)": [
        "core:set_language",
        "accounts:logout",
        "accounts:invitation_revoke",
        "profiles:avatar_upload",
        "profiles:avatar_remove",
        "friends:request_accept",
        "friends:request_decline",
        "friends:request_cancel",
        "friends:intro_hide",
        "friends:intro_unhide",
        "friends:intro_delete",
        "footprints:delete",
        "diary:comment_create",
        "diary:comment_delete",
        "diary:photo_delete",
        "reactions:add",
        "reactions:withdraw",
        "notifications:read_all",
        "messaging:move_to_trash",
        "messaging:restore",
        "voice:reply_create",
        "communities:image_upload",
        "communities:image_remove",
        "communities:offer_accept",
        "communities:offer_decline",
        "communities:resign",
        "communities:approve",
        "communities:decline",
        "communities:remove",
        "communities:offer",
        "communities:offer_withdraw",
        "communities:demote",
        "communities:bar_lift",
        "communities:topic_comment_create",
        "communities:topic_comment_delete",
        "communities:topic_photo_delete",
        "communities:event_join",
        "communities:event_leave",
        "community_moderation:report_resolve",
        "community_moderation:report_reopen",
        "community_moderation:report_item_delete",
    ],
    "a form (its choices, if any, are one query: friend groups, categories)": [
        "accounts:signup",
        "accounts:login",
        "accounts:settings",
        "accounts:handle",
        "accounts:email_change",
        "accounts:delete",
        "accounts:password_change",
        "accounts:password_reset",
        "accounts:password_reset_confirm",
        "accounts:email_confirm",
        "profiles:edit",
        "friends:request",
        "friends:intro",
        "footprints:preference",
        "diary:create",
        "diary:edit",
        "notifications:settings",
        "messaging:settings",
        "messaging:reply",
        "communities:create",
        "communities:edit",
        "communities:join",
        "communities:topic_create",
        "communities:event_create",
        "communities:topic_edit",
        "community_feed:switch",
        "voice:create",
        "community_moderation:report_topic",
        "community_moderation:report_comment",
    ],
    "a confirmation about one item before it goes": [
        "friends:group_delete",
        "friends:remove",
        "friends:block",
        "friends:unblock",
        "diary:delete",
        "messaging:delete",
        "voice:delete",
        "communities:delete",
        "communities:leave",
        "communities:topic_delete",
    ],
    "a file (a photo, an image)": [
        "diary:photo",
        "diary:photo_thumbnail",
        "voice:photo",
        "voice:photo_thumbnail",
        "communities:image",
        "communities:topic_photo",
        "communities:topic_photo_thumbnail",
    ],
    "a redirect": ["diary:mine", "voice:mine", "voice:mention", "notifications:open"],
    "a notice": [
        "core:health",
        "accounts:password_change_done",
        "accounts:password_reset_done",
        "accounts:password_reset_complete",
    ],
}
NOT_LISTS = {name: what for what, names in _NOT_LISTS.items() for name in names}

# Arrays in API answers that a rule keeps short.
BOUNDED = {
    ("GET /api/v1/diary/{entry_id}", "photos"): "core.photos.PHOTOS_PER_ITEM (3) photos to an entry",
    ("GET /api/v1/topics/{topic_id}", "photos"): "core.photos.PHOTOS_PER_ITEM (3) photos to a topic",
}
# GETs answering JSON without a declared schema, and what they answer.
UNDECLARED = {
    "GET /api/v1/me": "the member's own profile: a fixed set of fields",
    "GET /api/v1/members/{member_id}": "a member's profile: a fixed set of fields",
}
# Admin changelists of a single row.
ONE_ROW = {"admin:core_sitesettings_changelist": "the site's settings (SiteSettingsAdmin allows no second row)"}


def _patterns(patterns: list[URLPattern | URLResolver], namespace: str = "") -> list[tuple[str, URLPattern]]:
    """(namespace, pattern) of every URL pattern, within resolvers too."""
    found: list[tuple[str, URLPattern]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _patterns(pattern.url_patterns, ":".join(filter(None, [namespace, pattern.namespace or ""])))
        else:
            found.append((namespace, pattern))
    return found


def page_routes() -> set[str]:
    """The name of every URL pattern outside the API and the admin (the file server for uploads aside)."""
    names = set()
    for namespace, pattern in _patterns(get_resolver().url_patterns):
        if namespace in ("api", "admin") or pattern.callback.__module__ == "django.views.static":
            continue
        assert pattern.name, f"an unnamed route cannot be classified: {pattern.pattern}"
        names.add(":".join(filter(None, [namespace, pattern.name])))
    return names


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _object_arrays(schema: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    """The top-level properties of an answer that are arrays of objects."""
    arrays = []
    for name, prop in _resolve(schema, answer).get("properties", {}).items():
        for variant in prop.get("anyOf", [prop]):
            variant = _resolve(schema, variant)
            items = _resolve(schema, variant.get("items", {}))
            if variant.get("type") == "array" and (items.get("type") == "object" or "oneOf" in items):
                arrays.append(name)
    return arrays


def api_routes() -> tuple[set[str], set[str], set[str]]:
    """(lists, bounded or undeclared, files) among the API's GET operations."""
    schema = api.get_openapi_schema()
    lists, exempt, files = set(), set(), set()
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        route = f"GET {path}"
        ok = operations["get"]["responses"].get(200) or operations["get"]["responses"].get("200") or {}
        content = ok.get("content", {})
        if "application/json" not in content:
            if content:
                files.add(route)
            else:
                assert route in UNDECLARED, f"{route} declares no answer, so it cannot be classified"
                exempt.add(route)
            continue
        arrays = [a for a in _object_arrays(schema, content["application/json"]["schema"]) if (route, a) not in BOUNDED]
        (lists if arrays else exempt).add(route)
    return lists, exempt, files


def admin_routes() -> set[str]:
    """The changelists of tsunagu's own models in the admin site."""
    routes = set()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if not meta.app_config.name.startswith("tsunagu."):
            continue
        assert not model_admin.inlines, f"{meta.label}'s change page lists its inlines: give it a budget"
        routes.add(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    return routes - set(ONE_ROW)


def test_every_page_is_a_list_with_a_budget_or_says_what_it_is() -> None:
    pages = page_routes()
    budgeted = {route for route in BUDGET_TESTS if not route.startswith(("GET ", "admin:"))}
    assert not budgeted & set(NOT_LISTS), "classified twice"
    unclassified = pages - budgeted - set(NOT_LISTS)
    assert not unclassified, f"new pages: add each to BUDGET_TESTS (a list) or NOT_LISTS: {sorted(unclassified)}"
    gone = (budgeted | set(NOT_LISTS)) - pages
    assert not gone, f"no longer routes: {sorted(gone)}"


def test_every_api_list_has_a_budget() -> None:
    lists, exempt, _files = api_routes()
    budgeted = {route for route in BUDGET_TESTS if route.startswith("GET ")}
    assert lists - budgeted == set(), "API lists without a budget"
    assert budgeted - lists == set(), "budgets for API routes that are no lists (or no routes)"
    assert set(UNDECLARED) <= exempt
    assert {route for route, _array in BOUNDED} <= exempt | lists


def test_every_admin_list_has_a_budget() -> None:
    lists = admin_routes()
    budgeted = {route for route in BUDGET_TESTS if route.startswith("admin:")}
    assert lists - budgeted == set(), "admin changelists without a budget"
    assert budgeted - lists == set(), "budgets for admin routes that are no changelists of ours"


@pytest.mark.parametrize("test", sorted(set(BUDGET_TESTS.values())))
def test_each_named_budget_test_measures_its_routes_with_2_and_20_rows(test: str) -> None:
    path, function_name = test.split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    function = getattr(module, function_name, None)
    assert inspect.isfunction(function), f"{test} does not exist"
    sizes = [mark.args[1] for mark in getattr(function, "pytestmark", []) if mark.args and mark.args[0] == "rows"]
    assert sizes == [ROWS], f"{test} is not parametrized over rows={ROWS}"
    # The routes in the module's budget tables (`…BUDGETS`) that the test itself uses.
    source = inspect.getsource(function)
    tables = [table for name, table in vars(module).items() if name.endswith("BUDGETS") and name in source]
    measured = {route.split("?")[0] for table in tables for route in table}
    routes = {route for route, named in BUDGET_TESTS.items() if named == test}
    assert routes <= measured, f"{test} does not measure {sorted(routes - measured)}"
