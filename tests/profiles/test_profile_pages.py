"""The profile page /members/<id>/ (only what the viewer may see) and the profile edit form."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.profiles.fields import age_on
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import profile_update

BIRTHDAY = datetime.date(1990, 7, 14)


@pytest.fixture
def owner(make_member: Callable[..., Member]) -> Member:
    """A member with every field filled in, each with a different audience."""
    owner = make_member("田中美咲")
    profile_update(
        member=owner,
        introduction="よろしくお願いします",
        fields={
            "gender": {"value": "female", "audience": "friends"},
            "birthday": {"value": "1990-07-14", "audience": "members"},  # year stays only_me by default
            "current_prefecture": {"value": "JP-27", "audience": "public"},
            "home_prefecture": {"value": "JP-40", "audience": "friends"},
            "school": {"value": "秘密の高校", "audience": "friends_of_friends"},
            "workplace": {"value": "秘密の会社", "audience": "only_me"},
            "interests": {"value": "茶道と書道", "audience": "members"},
        },
    )
    return owner


def page(client: Client, member: Member) -> Any:
    return client.get(f"/members/{member.pk}/")


def as_member(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_other_member_sees_only_what_they_may(owner: Member, other: Member) -> None:
    """Another member's view shows members and public fields, and hidden values appear nowhere in the HTML."""
    response = page(as_member(other), owner)
    assert response.status_code == 200
    html = response.content.decode()
    assert "田中美咲" in html
    assert "よろしくお願いします" in html
    assert "茶道と書道" in html
    assert "大阪府" in html  # JP-27, public
    assert "07-14" in html
    for hidden in ("秘密の高校", "秘密の会社", "福岡県", "1990", 'data-field="gender"', 'data-field="school"'):
        assert hidden not in html, hidden


def test_owner_sees_everything_with_age(owner: Member) -> None:
    """The owner sees every field, the full birthday and their age."""
    html = page(as_member(owner), owner).content.decode()
    for shown in ("秘密の高校", "秘密の会社", "福岡県", "1990-07-14", 'data-field="gender"'):
        assert shown in html, shown
    assert str(age_on(BIRTHDAY, timezone.localdate())) in html


def test_english_page_shows_prefecture_names_in_english(owner: Member, make_member: Callable[..., Member]) -> None:
    """An English reader sees the prefecture in English."""
    reader = make_member("Reader", language="en")
    html = page(as_member(reader), owner).content.decode()
    assert "Osaka" in html
    assert "Fukuoka" not in html


@pytest.mark.django_db
def test_visitors_get_404_when_web_public_is_off(client: Client, owner: Member) -> None:
    """Without web-public content, a visitor gets 404 for a member's page."""
    assert page(client, owner).status_code == 404


def test_visitors_see_public_fields_when_web_public_is_on(client: Client, owner: Member) -> None:
    """With web-public content allowed, visitors see the nickname and `public` fields only."""
    site_settings_update(web_public_allowed=True)
    response = page(client, owner)
    assert response.status_code == 200
    html = response.content.decode()
    assert "田中美咲" in html
    assert "大阪府" in html
    for hidden in ("茶道と書道", "よろしくお願いします", "07-14", "秘密", "福岡県"):
        assert hidden not in html, hidden


@pytest.mark.parametrize("viewer", ["visitor", "other"])
def test_inactive_member_page_is_404(owner: Member, other: Member, viewer: str) -> None:
    """A deactivated member's page is not found, for visitors and members alike."""
    site_settings_update(web_public_allowed=True)
    Member.objects.filter(pk=owner.pk).update(is_active=False)
    client = Client() if viewer == "visitor" else as_member(other)
    assert page(client, owner).status_code == 404


def test_unknown_member_page_is_404(other: Member) -> None:
    """A member id that does not exist is 404."""
    assert as_member(other).get("/members/987654/").status_code == 404


# --- editing ----------------------------------------------------------------------------------------


def edit_form(**changes: Any) -> dict[str, Any]:
    data = {
        "nickname": "みさき",
        "introduction": "はじめまして",
        "gender": "female",
        "gender_audience": "only_me",
        "birthday": "1992-03-03",
        "birthday_audience": "members",
        "birth_year_audience": "members",
        "current_prefecture": "JP-13",
        "current_prefecture_audience": "members",
        "home_prefecture": "JP-47",
        "home_prefecture_audience": "public",
        "school": "那覇高校",
        "school_audience": "friends",
        "workplace": "",
        "workplace_audience": "friends",
        "interests": "三線",
        "interests_audience": "friends_of_friends",
        "friend_list_audience": "friends",
        "communities_audience": "members",
    }
    data.update(changes)
    return data


def test_edit_page_shows_the_current_profile(owner: Member) -> None:
    """The edit form is filled in with the stored values."""
    response = as_member(owner).get("/settings/profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="田中美咲"' in html
    assert 'value="秘密の高校"' in html
    assert 'value="1990-07-14"' in html


def test_edit_page_offers_every_field_of_the_form(owner: Member) -> None:
    """Every field the form requires is on the page (a missing one made every save from a browser fail)."""
    response = as_member(owner).get("/settings/profile/")
    html = response.content.decode()
    for name in response.context["form"].fields:
        assert f'name="{name}"' in html, name


def test_edit_form_sets_who_sees_the_friend_list(owner: Member, other: Member) -> None:
    """The friend list's audience is chosen on the edit page; all members then get the friend list."""
    assert as_member(other).get(f"/members/{owner.pk}/friends/").status_code == 404
    response = as_member(owner).post("/settings/profile/", edit_form(friend_list_audience="members"))
    assert response.status_code == 302
    assert Profile.objects.get(member=owner).friend_list_audience == "members"
    assert as_member(other).get(f"/members/{owner.pk}/friends/").status_code == 200


def test_edit_form_saves(member_client: Client, member: Member) -> None:
    """A valid form saves every field with its audience and shows the profile."""
    response = member_client.post("/settings/profile/", edit_form())
    assert response.status_code == 302
    assert response["Location"] == f"/members/{member.pk}/"
    profile = Profile.objects.get(member=member)
    member.refresh_from_db()
    assert member.nickname == "みさき"
    assert profile.introduction == "はじめまして"
    assert (profile.gender, profile.gender_audience) == ("female", "only_me")
    assert profile.birthday == datetime.date(1992, 3, 3)
    assert profile.birth_year_audience == "members"
    assert (profile.home_prefecture, profile.home_prefecture_audience) == ("JP-47", "public")
    assert (profile.interests, profile.interests_audience) == ("三線", "friends_of_friends")
    assert profile.workplace == ""


@pytest.mark.parametrize(
    "changes",
    [
        {"nickname": ""},
        {"nickname": "   "},
        {"gender": "robot"},
        {"school_audience": "everyone"},
        {"school_audience": "friend_group"},
        {"birthday": "not a date"},
        {"birthday": "2999-01-01"},
        {"birthday": "1800-01-01"},
        {"current_prefecture": "JP-99"},
        {"school": "あ" * 101},
        {"birth_year_audience": "community"},
    ],
)
def test_bad_input_is_400_and_saves_nothing(owner: Member, changes: dict[str, Any]) -> None:
    """Any bad value shows the form again with status 400 and an error, and nothing at all is saved."""
    client = as_member(owner)
    before = Profile.objects.get(member=owner).__dict__.copy()
    response = client.post("/settings/profile/", edit_form(**changes))
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    after = Profile.objects.get(member=owner).__dict__.copy()
    for state in (before, after):
        state.pop("_state")
    assert after == before
    owner.refresh_from_db()
    assert owner.nickname == "田中美咲"


def test_service_errors_are_shown_on_the_field(member: Member, make_member: Callable[..., Member]) -> None:
    """An error only the service finds (a future birthday) is shown on the birthday field."""
    reader = make_member("Reader", language="en")
    client = as_member(reader)
    response = client.post("/settings/profile/", edit_form(birthday="2999-01-01"))
    assert response.status_code == 400
    assert "Enter a date between 1900 and today." in response.content.decode()


@pytest.mark.django_db
def test_edit_needs_login(client: Client) -> None:
    """Visitors are sent to log in."""
    assert client.get("/settings/profile/")["Location"].startswith("/login/")
