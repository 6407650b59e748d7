"""Intros (紹介文) in the API: write, read on a profile, hide, delete; they end with the friendship."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.api.helpers import assert_error
from tests.friends.api.helpers import api, befriend, summary
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.friends import services
from tsunagu.friends.models import FriendIntro


@pytest.fixture
def friends(member: Member, other: Member) -> None:
    befriend(member, other)


def write(client: Client, author: Member, subject: Member, body: str) -> dict:
    response = api(client, "put", f"/members/{subject.pk}/intro", author, {"body": body})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.usefixtures("friends")
def test_write_intro(client: Client, member: Member, other: Member) -> None:
    """PUT /members/{id}/intro answers 200 {id, author, body, hidden, created_at}."""
    body = write(client, other, member, "  大学時代からの友人です。\n面倒見がいい人!  ")
    intro = FriendIntro.objects.get()
    assert body == {
        "id": intro.pk,
        "author": summary(other),
        "body": "大学時代からの友人です。\n面倒見がいい人!",
        "hidden": False,
        "created_at": intro.created_at.isoformat(),
    }
    assert (intro.author_id, intro.subject_id) == (other.pk, member.pk)


@pytest.mark.usefixtures("friends")
def test_rewrite_replaces(client: Client, member: Member, other: Member) -> None:
    """Writing again replaces one's intro for that friend (one per pair, same id)."""
    first = write(client, other, member, "最初")
    second = write(client, other, member, "書き直し")
    assert second["id"] == first["id"]
    assert second["body"] == "書き直し"
    assert FriendIntro.objects.count() == 1


@pytest.mark.usefixtures("friends")
def test_intros_on_a_profile(client: Client, make_member: Callable[..., Member], member: Member, other: Member) -> None:
    """GET /members/{id}/intros lists the intros to any member who may see the profile."""
    intro = write(client, other, member, "いい人です")
    for viewer in (member, other, make_member()):
        response = api(client, "get", f"/members/{member.pk}/intros", viewer)
        assert response.status_code == 200
        assert response.json() == {"items": [intro]}


@pytest.mark.usefixtures("friends")
def test_hide_and_show(client: Client, make_member: Callable[..., Member], member: Member, other: Member) -> None:
    """The subject hides an intro with PATCH {hidden}: only they still see it (marked hidden); showing it brings it back."""
    intro = write(client, other, member, "いい人です")
    response = api(client, "patch", f"/intros/{intro['id']}", member, {"hidden": True})
    assert response.status_code == 200
    assert response.json() == {**intro, "hidden": True}
    assert api(client, "get", f"/members/{member.pk}/intros", member).json() == {"items": [{**intro, "hidden": True}]}
    for viewer in (other, make_member()):
        assert api(client, "get", f"/members/{member.pk}/intros", viewer).json() == {"items": []}
    api(client, "patch", f"/intros/{intro['id']}", member, {"hidden": False})
    assert api(client, "get", f"/members/{member.pk}/intros", other).json() == {"items": [intro]}


@pytest.mark.usefixtures("friends")
def test_only_the_subject_can_hide(
    client: Client, make_member: Callable[..., Member], member: Member, other: Member
) -> None:
    """The author or a third member hiding an intro answers 404 and it stays shown."""
    intro = write(client, other, member, "いい人です")
    for actor in (other, make_member()):
        assert_error(api(client, "patch", f"/intros/{intro['id']}", actor, {"hidden": True}), 404, "not_found")
    assert FriendIntro.objects.get().hidden is False


@pytest.mark.usefixtures("friends")
@pytest.mark.parametrize("who", ["author", "subject"])
def test_author_or_subject_can_delete(client: Client, member: Member, other: Member, who: str) -> None:
    """DELETE /intros/{id} by its author or its subject answers 204."""
    intro = write(client, other, member, "いい人です")
    actor = other if who == "author" else member
    assert api(client, "delete", f"/intros/{intro['id']}", actor).status_code == 204
    assert not FriendIntro.objects.exists()
    assert api(client, "get", f"/members/{member.pk}/intros", member).json() == {"items": []}


@pytest.mark.usefixtures("friends")
def test_others_cannot_delete(
    client: Client, make_member: Callable[..., Member], member: Member, other: Member
) -> None:
    """A third member deleting an intro answers 404; so does an id that does not exist."""
    intro = write(client, other, member, "いい人です")
    assert_error(api(client, "delete", f"/intros/{intro['id']}", make_member()), 404, "not_found")
    assert_error(api(client, "delete", "/intros/999999", member), 404, "not_found")
    assert_error(api(client, "patch", "/intros/99999999999999999999999", member, {"hidden": True}), 404)
    assert FriendIntro.objects.count() == 1


def test_only_friends_write_intros(client: Client, member: Member, other: Member) -> None:
    """Writing an intro for someone who is not a friend answers 409 `not_friends`; for oneself too."""
    assert_error(api(client, "put", f"/members/{member.pk}/intro", other, {"body": "こんにちは"}), 409, "not_friends")
    assert_error(api(client, "put", f"/members/{member.pk}/intro", member, {"body": "自己紹介"}), 409, "not_friends")
    assert not FriendIntro.objects.exists()


@pytest.mark.usefixtures("friends")
@pytest.mark.parametrize("text", ["", "   ", "あ" * 1001])
def test_bad_body_is_422(client: Client, member: Member, other: Member, text: str) -> None:
    """An empty, blank or over-long (1000) body answers 422 on `body`."""
    error = assert_error(api(client, "put", f"/members/{member.pk}/intro", other, {"body": text}), 422)
    assert "body" in error["fields"]
    assert not FriendIntro.objects.exists()


def test_intro_for_unknown_member_is_404(client: Client, member: Member) -> None:
    """Writing or reading intros of a member id that does not exist answers 404."""
    assert_error(api(client, "put", "/members/999999/intro", member, {"body": "こんにちは"}), 404, "not_found")
    assert_error(api(client, "get", "/members/999999/intros", member), 404, "not_found")


@pytest.mark.usefixtures("friends")
def test_intros_end_with_the_friendship(client: Client, member: Member, other: Member) -> None:
    """When the friendship ends, the intros both wrote disappear from both profiles."""
    write(client, other, member, "いい人です")
    write(client, member, other, "頼れる人")
    api(client, "delete", f"/friends/{member.pk}", other)
    assert api(client, "get", f"/members/{member.pk}/intros", member).json() == {"items": []}
    assert api(client, "get", f"/members/{other.pk}/intros", other).json() == {"items": []}


@pytest.mark.usefixtures("friends")
def test_intros_of_closed_authors_are_left_out(client: Client, member: Member, other: Member) -> None:
    """An intro whose author has been deactivated is not shown, and its subject cannot reach it by id."""
    intro = services.intro_write(author=other, subject_id=member.pk, body="いい人です")
    Member.objects.filter(pk=other.pk).update(is_active=False)
    assert api(client, "get", f"/members/{member.pk}/intros", member).json() == {"items": []}
    assert_error(api(client, "patch", f"/intros/{intro.pk}", member, {"hidden": True}), 404)
    assert FriendIntro.objects.get().hidden is False


@pytest.mark.usefixtures("friends")
def test_anonymous_visitors_on_a_closed_site(client: Client, member: Member, other: Member) -> None:
    """Without the web-public switch, anonymous visitors get 404 for a member's intros."""
    write(client, other, member, "いい人です")
    site_settings_update(web_public_allowed=False)
    assert_error(api(client, "get", f"/members/{member.pk}/intros"), 404, "not_found")
