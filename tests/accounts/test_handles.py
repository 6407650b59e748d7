"""Handles: chosen at sign-up or derived from the e-mail address; unique ignoring case; changeable."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_handle_set
from tsunagu.core.errors import Conflict, Invalid

pytestmark = pytest.mark.django_db


def test_a_handle_is_derived_from_the_email_address(make_member: Callable[..., Member]) -> None:
    first = make_member(email="hanako.sato@example.jp")
    second = make_member(email="Hanako.Sato@example.com")
    assert first.handle == "hanako_sato"
    assert second.handle.startswith("hanako_sato_") and second.handle != first.handle
    assert len(second.handle) <= 20


def test_short_or_reserved_local_parts_get_a_prefix(make_member: Callable[..., Member]) -> None:
    assert make_member(email="a@example.jp").handle == "member_a"
    assert make_member(email="admin@example.jp").handle == "member_admin"


def test_a_chosen_handle_is_lower_cased_and_checked(make_member: Callable[..., Member]) -> None:
    assert make_member(handle="@Taro_1985").handle == "taro_1985"
    for bad in ["ab", "太郎", "taro-1985", "a" * 21, "admin", 42]:
        with pytest.raises(Invalid) as error:
            make_member(handle=bad)
        assert "handle" in error.value.fields
    assert Member.objects.filter(handle__in=["ab", "admin"]).count() == 0


def test_handles_are_unique_ignoring_case(make_member: Callable[..., Member]) -> None:
    make_member(handle="taro")
    with pytest.raises(Conflict) as error:
        make_member(handle="TARO")
    assert error.value.code == "handle_taken"


def test_changing_a_handle(member: Member, other: Member) -> None:
    member_handle_set(member=member, handle="hanako")
    member.refresh_from_db()
    assert member.handle == "hanako"
    with pytest.raises(Conflict):
        member_handle_set(member=other, handle="Hanako")
    with pytest.raises(Invalid):
        member_handle_set(member=other, handle="x")
    other.refresh_from_db()
    assert other.handle != "hanako"
