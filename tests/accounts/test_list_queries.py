"""Exact query budget of the invitations page: the same with 2 invitations (half of them used) as with 20."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.budgets import FRAME, ROWS, Budget, World, measure
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import invitation_create
from tsunagu.core.models import SiteSettings

pytestmark = pytest.mark.django_db

BUDGETS = {
    # the invitations with the members who used them
    "accounts:invitations": Budget("/invitations/", FRAME + 1, marker="\n  <li>\n", viewer="inviter"),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """`inviter` sent n invitations; every other one was used to sign up."""
    inviter = make_member("招待する人")
    for i in range(n):
        invitation = invitation_create(inviter=inviter)
        if i % 2:
            make_member(f"招待{i}", invitation_code=invitation.code)
    SiteSettings.load()  # cached after the first request of a process
    return World({"inviter": inviter})


@pytest.mark.parametrize("rows", ROWS)
def test_invitation_list(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
