"""The profile in the API: PATCH /me/profile (all or nothing) and GET /members/{id} (only what the viewer may see)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.helpers import assert_error, call
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.core.errors import Invalid
from tsunagu.core.services import site_settings_update
from tsunagu.profiles.fields import age_on
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import profile_update

BIRTHDAY = datetime.date(1990, 7, 14)
FULL_CHANGE: dict[str, Any] = {
    "nickname": "はなちゃん",
    "introduction": "東京で働いています。\n週末はカメラを持って散歩。",
    "fields": {
        "gender": {"value": "female", "audience": "members"},
        "birthday": {"value": "1990-07-14", "audience": "members", "year_audience": "only_me"},
        "current_prefecture": {"value": "JP-13", "audience": "members"},
        "home_prefecture": {"value": "JP-01", "audience": "friends"},
        "school": {"value": "札幌北高校", "audience": "friends_of_friends"},
        "workplace": {"value": "株式会社つなぐ", "audience": "only_me"},
        "interests": {"value": "写真、旅行", "audience": "public"},
    },
}


def patch(client: Client, data: Any, headers: dict[str, str]) -> Any:
    return call(client, "patch", "/api/v1/me/profile", data, **headers)


def headers_for(member: Member) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(member=member)}"}


def snapshot(member: Member) -> dict[str, Any]:
    """Everything a profile change could touch, as stored."""
    profile = Profile.objects.get(member=member)
    values = {
        f.attname: getattr(profile, f.attname) for f in Profile._meta.concrete_fields if f.attname != "updated_at"
    }
    values["nickname"] = Member.objects.get(pk=member.pk).nickname
    return values


def test_patch_with_the_contract_shape(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """A PATCH with nickname, introduction and every field stores them and answers the whole own profile."""
    response = patch(client, FULL_CHANGE, bearer)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["nickname"] == "はなちゃん"
    assert body["introduction"] == FULL_CHANGE["introduction"]
    for name, change in FULL_CHANGE["fields"].items():
        assert body["fields"][name]["value"] == change["value"]
        assert body["fields"][name]["audience"] == change["audience"]
    assert body["fields"]["birthday"]["year_audience"] == "only_me"
    assert body["fields"]["birthday"]["age"] == age_on(BIRTHDAY, timezone.localdate())
    profile = Profile.objects.get(member=member)
    assert profile.birthday == BIRTHDAY
    assert profile.workplace_audience == "only_me"
    assert profile.home_prefecture == "JP-01"
    member.refresh_from_db()
    assert member.nickname == "はなちゃん"
    me = client.get("/api/v1/me", headers=bearer).json()
    assert me["fields"] == body["fields"]


def test_patch_changes_only_what_is_given(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """Keys left out keep their values; an audience can change without the value and vice versa."""
    patch(client, FULL_CHANGE, bearer)
    response = patch(client, {"fields": {"school": {"audience": "members"}, "interests": {"value": "料理"}}}, bearer)
    assert response.status_code == 200
    profile = Profile.objects.get(member=member)
    assert (profile.school, profile.school_audience) == ("札幌北高校", "members")
    assert (profile.interests, profile.interests_audience) == ("料理", "public")
    assert profile.introduction == FULL_CHANGE["introduction"]
    member.refresh_from_db()
    assert member.nickname == "はなちゃん"


def test_empty_value_clears_a_field(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """An empty value (or null) clears the field, which then no longer appears."""
    patch(client, FULL_CHANGE, bearer)
    response = patch(client, {"fields": {"school": {"value": ""}, "birthday": {"value": None}}}, bearer)
    assert response.status_code == 200
    assert "school" not in response.json()["fields"]
    assert "birthday" not in response.json()["fields"]
    assert Profile.objects.get(member=member).birthday is None


def test_text_is_normalised(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """Text fields are trimmed and stripped of control characters."""
    patch(client, {"nickname": "  はな\x07こ  ", "fields": {"school": {"value": " 北高\x00 "}}}, bearer)
    member.refresh_from_db()
    assert member.nickname == "はなこ"
    assert Profile.objects.get(member=member).school == "北高"


@pytest.mark.parametrize(
    ("change", "error_key"),
    [
        ({"fields": {"gender": {"value": "robot"}}}, "fields.gender.value"),
        ({"fields": {"gender": {"value": 1}}}, "fields.gender.value"),
        ({"fields": {"gender": {"audience": "everyone"}}}, "fields.gender.audience"),
        ({"fields": {"gender": {"audience": "community"}}}, "fields.gender.audience"),
        ({"fields": {"gender": {"audience": "friend_group", "friend_group": 1}}}, "fields.gender.audience"),
        ({"fields": {"gender": {"audience": None}}}, "fields.gender.audience"),
        ({"fields": {"birthday": {"value": "14/07/1990"}}}, "fields.birthday.value"),
        ({"fields": {"birthday": {"value": "2999-01-01"}}}, "fields.birthday.value"),
        ({"fields": {"birthday": {"value": "1850-01-01"}}}, "fields.birthday.value"),
        ({"fields": {"birthday": {"value": 19900714}}}, "fields.birthday.value"),
        ({"fields": {"birthday": {"value": "19900714"}}}, "fields.birthday.value"),
        ({"fields": {"birthday": {"value": "1990-W28-6"}}}, "fields.birthday.value"),
        ({"fields": {"birthday": {"value": "1990-02-30"}}}, "fields.birthday.value"),
        ({"fields": {"birthday": {"year_audience": "nobody"}}}, "fields.birthday.year_audience"),
        ({"fields": {"current_prefecture": {"value": "JP-48"}}}, "fields.current_prefecture.value"),
        ({"fields": {"home_prefecture": {"value": "Tokyo"}}}, "fields.home_prefecture.value"),
        ({"fields": {"school": {"value": "あ" * 101}}}, "fields.school.value"),
        ({"fields": {"workplace": {"value": ["a"]}}}, "fields.workplace.value"),
        ({"fields": {"interests": {"value": "x" * 301}}}, "fields.interests.value"),
        ({"fields": {"blood_type": {"value": "A", "audience": "members"}}}, "fields.blood_type"),
        ({"fields": {"school": "北高"}}, "fields.school"),
        ({"fields": {"school": {"value": "北高", "colour": "red"}}}, "fields.school"),
        ({"fields": {"school": {"year_audience": "members"}}}, "fields.school"),
        ({"nickname": ""}, "nickname"),
        ({"nickname": "   "}, "nickname"),
        ({"nickname": 42}, "nickname"),
        ({"nickname": "な" * 41}, "nickname"),
        ({"introduction": "あ" * 5001}, "introduction"),
        ({"introduction": {"text": "x"}}, "introduction"),
    ],
)
def test_bad_change_is_422_and_nothing_is_saved(
    client: Client, member: Member, bearer: dict[str, str], change: dict[str, Any], error_key: str
) -> None:
    """One bad value, audience or unknown field refuses the whole change with 422, and nothing changes, not even the valid parts."""
    patch(client, FULL_CHANGE, bearer)
    before = snapshot(member)
    valid_parts = {
        "nickname": "変わってはいけない",
        "introduction": "これも変わらない",
        "fields": {"interests": {"value": "変わらない", "audience": "members"}, "workplace": {"audience": "members"}},
    }
    merged = {**valid_parts, **{k: v for k, v in change.items() if k != "fields"}}
    merged["fields"] = {**valid_parts["fields"], **change.get("fields", {})}
    response = patch(client, merged, bearer)
    error = assert_error(response, 422, "invalid")
    assert error_key in error["fields"], error
    assert snapshot(member) == before


def test_refused_change_leaves_the_member_object_alone(member: Member) -> None:
    """When the service refuses a change, the caller's member object keeps its saved nickname too."""
    with pytest.raises(Invalid):
        profile_update(member=member, nickname="新しい名前", fields={"gender": {"value": "robot"}})
    assert member.nickname == "佐藤花子"


def test_every_bad_field_is_reported(client: Client, bearer: dict[str, str]) -> None:
    """All problems in one PATCH are reported together."""
    response = patch(
        client, {"nickname": "", "fields": {"gender": {"value": "x"}, "school": {"audience": "y"}}}, bearer
    )
    error = assert_error(response, 422)
    assert {"nickname", "fields.gender.value", "fields.school.audience"} <= set(error["fields"])


@pytest.mark.parametrize(
    "body",
    [{"avatar_url": "http://evil.example/x.png"}, {"fields": []}, {"fields": "x"}, {"email": "new@example.com"}],
)
def test_unknown_or_malformed_top_level_keys_are_422(
    client: Client, member: Member, bearer: dict[str, str], body: dict[str, Any]
) -> None:
    """Top-level keys the profile does not have, or a `fields` that is not an object, answer 422."""
    before = snapshot(member)
    assert_error(patch(client, body, bearer), 422)
    assert snapshot(member) == before
    assert Member.objects.get(pk=member.pk).email == member.email


def test_malformed_json_patch_is_400(client: Client, bearer: dict[str, str]) -> None:
    """A PATCH body that is not JSON answers 400."""
    assert_error(call(client, "patch", "/api/v1/me/profile", raw="{nickname", **bearer), 400)


@pytest.mark.django_db
def test_patch_needs_authentication(client: Client) -> None:
    """An anonymous PATCH answers 401."""
    assert_error(patch(client, {"nickname": "x"}, {}), 401)


# --- reading a member's profile -------------------------------------------------------------------


@pytest.fixture
def owner(make_member: Callable[..., Member]) -> Member:
    """A member with every field filled in, each with a different audience."""
    owner = make_member("田中美咲")
    profile_update(
        member=owner,
        introduction="よろしくお願いします",
        fields={
            "gender": {"value": "female", "audience": "members"},
            "birthday": {"value": "1990-07-14", "audience": "members"},  # year stays only_me by default
            "current_prefecture": {"value": "JP-27", "audience": "public"},
            "home_prefecture": {"value": "JP-40", "audience": "friends"},
            "school": {"value": "秘密の高校", "audience": "friends_of_friends"},
            "workplace": {"value": "秘密の会社", "audience": "only_me"},
            "interests": {"value": "茶道", "audience": "members"},
        },
    )
    return owner


def detail(client: Client, member: Member, headers: dict[str, str] | None = None) -> Any:
    return client.get(f"/api/v1/members/{member.pk}", headers=headers or {})


def test_other_member_sees_members_and_public_fields_only(client: Client, owner: Member, other: Member) -> None:
    """Another member sees `members` and `public` fields; friends, friends-of-friends and only-me fields are absent."""
    body = detail(client, owner, headers_for(other)).json()
    assert body["id"] == owner.pk
    assert body["nickname"] == "田中美咲"
    assert body["introduction"] == "よろしくお願いします"
    assert set(body["fields"]) == {"gender", "birthday", "current_prefecture", "interests"}
    assert body["fields"]["interests"] == {"value": "茶道", "audience": "members"}
    assert body["fields"]["current_prefecture"] == {"value": "JP-27", "audience": "public"}
    for hidden in ("home_prefecture", "school", "workplace"):
        assert hidden not in body["fields"]
    assert "秘密" not in detail(client, owner, headers_for(other)).content.decode()


def test_birth_year_is_hidden_from_others_by_default(client: Client, owner: Member, other: Member) -> None:
    """Others see the birthday without its year and no age; the year's audience is not revealed either."""
    birthday = detail(client, owner, headers_for(other)).json()["fields"]["birthday"]
    assert birthday == {"value": "--07-14", "audience": "members"}
    assert "1990" not in detail(client, owner, headers_for(other)).content.decode()


def test_owner_sees_everything_with_age(client: Client, owner: Member) -> None:
    """The owner sees every field, including the birth year, their age and the year's audience."""
    body = detail(client, owner, headers_for(owner)).json()
    assert set(body["fields"]) == {
        "gender",
        "birthday",
        "current_prefecture",
        "home_prefecture",
        "school",
        "workplace",
        "interests",
    }
    assert body["fields"]["birthday"] == {
        "value": "1990-07-14",
        "audience": "members",
        "year_audience": "only_me",
        "age": age_on(BIRTHDAY, timezone.localdate()),
    }
    assert body["fields"]["workplace"] == {"value": "秘密の会社", "audience": "only_me"}


def test_birth_year_shown_to_members_when_chosen(client: Client, owner: Member, other: Member) -> None:
    """When the owner lets members see the year, others see the full date and the age."""
    profile_update(member=owner, fields={"birthday": {"year_audience": "members"}})
    birthday = detail(client, owner, headers_for(other)).json()["fields"]["birthday"]
    assert birthday["value"] == "1990-07-14"
    assert birthday["age"] == age_on(BIRTHDAY, timezone.localdate())


def test_birth_year_wider_than_birthday_reveals_nothing(client: Client, owner: Member, other: Member) -> None:
    """A year visible to members does not reveal a birthday that is itself only for the owner."""
    profile_update(member=owner, fields={"birthday": {"audience": "only_me", "year_audience": "members"}})
    assert "birthday" not in detail(client, owner, headers_for(other)).json()["fields"]


def test_age_counts_whole_years() -> None:
    """The age goes up on the birthday itself, not before."""
    assert age_on(BIRTHDAY, datetime.date(2020, 7, 13)) == 29
    assert age_on(BIRTHDAY, datetime.date(2020, 7, 14)) == 30
    assert age_on(datetime.date(2000, 2, 29), datetime.date(2021, 2, 28)) == 20
    assert age_on(datetime.date(2000, 2, 29), datetime.date(2021, 3, 1)) == 21


def test_anonymous_gets_404_when_web_public_is_off(client: Client, owner: Member) -> None:
    """Without web-public content, visitors may not even learn that a member exists."""
    assert_error(detail(client, owner), 404, "not_found")


def test_anonymous_sees_only_public_fields_when_web_public_is_on(client: Client, owner: Member) -> None:
    """With web-public content allowed, visitors see the `public` fields and nothing for members."""
    site_settings_update(web_public_allowed=True)
    response = detail(client, owner)
    assert response.status_code == 200
    body = response.json()
    assert body["nickname"] == "田中美咲"
    assert body["fields"] == {"current_prefecture": {"value": "JP-27", "audience": "public"}}
    assert "introduction" not in body


def test_public_field_is_members_only_when_web_public_is_off(client: Client, owner: Member, other: Member) -> None:
    """Public fields still reach signed-in members when web-public content is off."""
    body = detail(client, owner, headers_for(other)).json()
    assert "current_prefecture" in body["fields"]


def test_session_viewer_is_treated_like_a_token_viewer(client: Client, owner: Member, other: Member) -> None:
    """A browser session sees the same as a bearer token of the same member."""
    client.force_login(other)
    assert detail(client, owner).json() == detail(Client(), owner, headers_for(other)).json()


@pytest.mark.parametrize("viewer", ["anonymous", "other", "owner"])
def test_inactive_member_is_404_for_everyone(client: Client, owner: Member, other: Member, viewer: str) -> None:
    """A deactivated member's profile is not found, whoever asks."""
    site_settings_update(web_public_allowed=True)
    headers = {"anonymous": {}, "other": headers_for(other), "owner": headers_for(owner)}[viewer]
    Member.objects.filter(pk=owner.pk).update(is_active=False)
    response = detail(client, owner, headers)
    if viewer == "owner":
        assert_error(response, 401)  # a deactivated member's own token stops working
    else:
        assert_error(response, 404)


def test_unknown_member_is_404(client: Client, other: Member) -> None:
    """A member id that does not exist answers 404 JSON."""
    assert_error(client.get("/api/v1/members/999999", headers=headers_for(other)), 404, "not_found")
    assert_error(client.get("/api/v1/members/99999999999999999999999", headers=headers_for(other)), 404)


def test_empty_fields_are_absent(client: Client, member: Member, other: Member) -> None:
    """A new member's profile has no fields at all, rather than empty ones."""
    body = detail(client, member, headers_for(other)).json()
    assert body["fields"] == {}
    assert body["avatar_url"] is None
