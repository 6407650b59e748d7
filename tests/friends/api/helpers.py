"""Helpers for the friend API tests: who calls, and relationships built through the services."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client

from tests.api.helpers import call
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.friends import services
from tsunagu.profiles.services import profile_update


def auth(member: Member) -> dict[str, str]:
    """Bearer headers for `member`."""
    return {"Authorization": f"Bearer {api_token_create(member=member)}"}


def api(client: Client, method: str, path: str, as_: Member | None = None, data: Any = None) -> HttpResponse:
    """Call /api/v1`path` as `as_` (anonymous when None) with a JSON body."""
    return call(client, method, f"/api/v1{path}", data, **(auth(as_) if as_ is not None else {}))


def befriend(a: Member, b: Member) -> None:
    services.friendship_create(a, b)


def block(blocker: Member, blocked: Member) -> None:
    services.block_create(blocker=blocker, blocked_id=blocked.pk)


def friend_list_audience(member: Member, audience: str, friend_group: int | None = None) -> None:
    change: dict[str, Any] = {"audience": audience}
    if friend_group is not None:
        change["friend_group"] = friend_group
    profile_update(member=member, friend_list=change)


def summary(member: Member) -> dict[str, Any]:
    """The member summary the API should answer for a member without an avatar."""
    return {"id": member.pk, "handle": member.handle, "nickname": member.nickname, "avatar_url": None}


def ids(body: dict[str, Any]) -> list[int]:
    """The member ids of a list answer (`items` of summaries)."""
    return [item["id"] for item in body["items"]]
