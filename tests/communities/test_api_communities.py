"""The communities API: shapes, every membership and role endpoint, and errors (status, code, message in the
caller's language). Anonymous callers and unknown ids are 404 alike; acting without the needed role is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from tests.api.helpers import JAPANESE, assert_error, call, jpeg_with_gps, png
from tests.communities.membership_helpers import admin_of, assert_counted, joined, new_community, sub_admin
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.communities.models import Bar, Category, Community, Membership, MembershipState, Role, RoleOffer
from tsunagu.communities.services import community_join, role_offer_make

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]
COMMUNITY_KEYS = {
    "id",
    "name",
    "description",
    "description_html",
    "category",
    "image_url",
    "join_policy",
    "topics_public",
    "topic_creation",
    "member_count",
    "created_at",
    "admin",
    "sub_admins",
    "membership",
    "barred",
    "offered_role",
}
MEMBER_KEYS = {"id", "handle", "nickname", "avatar_url"}


def auth(member: Member) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(member=member)}"}


def api(client: Client, method: str, path: str, member: Member | None, data: Any = None) -> HttpResponse:
    return call(client, method, f"/api/v1{path}", data, **(auth(member) if member else {}))


@pytest.fixture
def admin(make_member: MakeMember) -> Member:
    return make_member("管理人")


@pytest.fixture
def community(admin: Member) -> Community:
    return new_community(admin, name="写真部", join_policy="approval")


# --- creating and reading -----------------------------------------------------------------------------


def test_create_answers_201_with_the_community(client: Client, member: Member) -> None:
    category = Category.objects.create(name_ja="趣味", name_en="Hobbies")
    response = api(
        client,
        "post",
        "/communities",
        member,
        {
            "name": "鉄道ファン",
            "description": "乗り鉄も撮り鉄も",
            "category": category.pk,
            "join_policy": "approval",
            "topics_public": False,
            "topic_creation": "admins",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == COMMUNITY_KEYS
    assert body["name"] == "鉄道ファン" and body["description_html"] == "<p>乗り鉄も撮り鉄も</p>"
    assert body["category"] == {"id": category.pk, "name": "趣味"}
    assert (body["join_policy"], body["topics_public"], body["topic_creation"]) == ("approval", False, "admins")
    assert body["member_count"] == 1 and body["image_url"] is None
    assert set(body["admin"]) == MEMBER_KEYS and body["admin"]["id"] == member.pk
    assert body["sub_admins"] == []
    assert body["membership"] == {"state": "active", "role": "admin"}
    assert (body["barred"], body["offered_role"]) == (False, None)
    assert Community.objects.get(pk=body["id"]).name == "鉄道ファン"


def test_create_takes_defaults_and_a_form_with_an_image(client: Client, member: Member) -> None:
    response = client.post(
        "/api/v1/communities",
        {"name": "絵を描く", "description": "描いたら見せる", "topics_public": "false", "image": _file()},
        headers=auth(member),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["join_policy"], body["topics_public"], body["topic_creation"]) == ("open", False, "members")
    assert body["image_url"].startswith(f"/api/v1/communities/{body['id']}/image?v=")
    image = client.get(body["image_url"], headers=auth(member))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def _file() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("a.jpg", jpeg_with_gps((120, 90)), content_type="image/jpeg")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"description": "説明"}, "name"),
        ({"name": "名前"}, "description"),
        ({"name": "", "description": "説明"}, "name"),
        ({"name": "名前", "description": "説明", "join_policy": "closed"}, "join_policy"),
        ({"name": "名前", "description": "説明", "topics_public": "no"}, "topics_public"),
        ({"name": "名前", "description": "説明", "topic_creation": "all"}, "topic_creation"),
        ({"name": "名前", "description": "説明", "category": 12345}, "category"),
        ({"name": "名前", "description": "説明", "owner": 1}, "owner"),
    ],
)
def test_create_refuses_bad_fields_in_japanese(
    client: Client, member: Member, body: dict[str, Any], field: str
) -> None:
    error = assert_error(api(client, "post", "/communities", member, body), 422, "invalid")
    assert error["fields"][field]
    assert JAPANESE.search(error["message"]) and all(JAPANESE.search(text) for text in error["fields"][field])
    assert not Community.objects.exists()


def test_a_taken_name_is_409_in_the_callers_language(client: Client, member: Member, make_member: MakeMember) -> None:
    new_community(member, name="Jazz")
    error = assert_error(api(client, "post", "/communities", member, {"name": "ＪＡＺＺ", "description": "x"}), 409)
    assert error["code"] == "name_taken" and JAPANESE.search(error["fields"]["name"][0])
    english = make_member(language="en")
    error = assert_error(api(client, "post", "/communities", english, {"name": "jazz", "description": "x"}), 409)
    assert error["message"] == "A community with this name already exists. Please choose another name."


def test_reading_needs_a_signed_in_member_and_a_real_id(client: Client, community: Community, member: Member) -> None:
    for path in (
        f"/communities/{community.pk}",
        f"/communities/{community.pk}/members",
        f"/communities/{community.pk}/image",
        "/communities/999999",
        "/communities/999999/members",
        "/communities/99999999999999999999",
    ):
        assert_error(api(client, "get", path, None), 404, "not_found")
    for path in ("/communities/999999", "/communities/999999/members", f"/communities/{community.pk}/image"):
        assert_error(api(client, "get", path, member), 404, "not_found")
    assert api(client, "get", f"/communities/{community.pk}", member).status_code == 200
    assert_error(api(client, "post", "/communities", None, {"name": "a", "description": "b"}), 401)


def test_the_viewers_standing_is_in_the_community(
    client: Client, community: Community, admin: Member, make_member: MakeMember
) -> None:
    pending, barred, offered = make_member(), make_member(), make_member()
    community_join(member=pending, community_id=community.pk)
    joined(barred, community)
    api(client, "post", f"/communities/{community.pk}/members/{barred.pk}/remove", admin, {"bar": True})
    joined(offered, community)
    role_offer_make(admin=admin, community_id=community.pk, member_id=offered.pk, role="admin")
    assert api(client, "get", f"/communities/{community.pk}", pending).json()["membership"] == {
        "state": "pending",
        "role": "member",
    }
    body = api(client, "get", f"/communities/{community.pk}", barred).json()
    assert (body["membership"], body["barred"]) == (None, True)
    assert api(client, "get", f"/communities/{community.pk}", offered).json()["offered_role"] == "admin"


# --- changing and deleting ----------------------------------------------------------------------------


def test_patch_changes_only_what_is_given(client: Client, community: Community, admin: Member) -> None:
    category = Category.objects.create(name_ja="写真", name_en="Photo")
    body = api(client, "patch", f"/communities/{community.pk}", admin, {"category": category.pk}).json()
    assert body["category"]["id"] == category.pk and body["name"] == "写真部"
    body = api(
        client, "patch", f"/communities/{community.pk}", admin, {"topics_public": False, "category": None}
    ).json()
    assert (body["topics_public"], body["category"], body["join_policy"]) == (False, None, "approval")
    error = assert_error(api(client, "patch", f"/communities/{community.pk}", admin, {"name": None}), 422)
    assert error["fields"]["name"]


def test_only_the_admin_changes_or_deletes(
    client: Client, community: Community, admin: Member, make_member: MakeMember
) -> None:
    helper, plain = make_member(), make_member(language="en")
    sub_admin(helper, community)
    joined(plain, community)
    for someone in (helper, plain):
        assert_error(api(client, "patch", f"/communities/{community.pk}", someone, {"name": "x"}), 403, "forbidden")
        assert_error(api(client, "delete", f"/communities/{community.pk}", someone), 403, "forbidden")
    error = assert_error(api(client, "delete", f"/communities/{community.pk}", plain), 403)
    assert error["message"] == "Only the community's admin can do this."
    assert_error(api(client, "patch", "/communities/999999", admin, {"name": "x"}), 404)
    assert api(client, "delete", f"/communities/{community.pk}", admin).status_code == 204
    assert not Community.objects.exists()


def test_the_image_endpoints(client: Client, community: Community, admin: Member, member: Member) -> None:
    joined(member, community)
    upload = {"image": _png_file()}
    assert_error(client.post(f"/api/v1/communities/{community.pk}/image", upload, headers=auth(member)), 403)
    response = client.post(f"/api/v1/communities/{community.pk}/image", {"image": _png_file()}, headers=auth(admin))
    assert response.status_code == 200, response.content
    url = response.json()["image_url"]
    assert client.get(url, headers=auth(member)).status_code == 200
    bad = client.post(f"/api/v1/communities/{community.pk}/image", {"image": _png_file(b"nope")}, headers=auth(admin))
    assert assert_error(bad, 422)["fields"]["image"]
    assert api(client, "delete", f"/communities/{community.pk}/image", admin).json()["image_url"] is None


def _png_file(data: bytes | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("a.png", data if data is not None else png((90, 90)), content_type="image/png")


# --- joining and leaving ------------------------------------------------------------------------------


def test_join_and_leave(client: Client, admin: Member, member: Member) -> None:
    community = new_community(admin, name="散歩")
    body = api(client, "post", f"/communities/{community.pk}/join", member).json()
    assert body["membership"] == {"state": "active", "role": "member"} and body["member_count"] == 2
    error = assert_error(api(client, "post", f"/communities/{community.pk}/join", member), 409)
    assert error["code"] == "already_member" and JAPANESE.search(error["message"])
    body = api(client, "post", f"/communities/{community.pk}/leave", member).json()
    assert body["membership"] is None and body["member_count"] == 1
    assert_error(api(client, "post", f"/communities/{community.pk}/leave", member), 404)
    assert_error(api(client, "post", "/communities/999999/join", member), 404)


def test_asking_to_join_with_a_message(client: Client, community: Community, member: Member) -> None:
    body = api(client, "post", f"/communities/{community.pk}/join", member, {"message": "写真が好き"}).json()
    assert body["membership"] == {"state": "pending", "role": "member"} and body["member_count"] == 1
    assert Membership.objects.get(community=community, member=member).message == "写真が好き"
    error = assert_error(api(client, "post", f"/communities/{community.pk}/join", member, {"message": 1}), 422)
    assert error["fields"]["message"]
    assert_error(api(client, "post", f"/communities/{community.pk}/join", member, {"text": "x"}), 422)


def test_the_admin_cannot_leave(client: Client, community: Community, admin: Member, make_member: MakeMember) -> None:
    error = assert_error(api(client, "post", f"/communities/{community.pk}/leave", admin), 403)
    assert error["code"] == "admin_cannot_leave" and JAPANESE.search(error["message"])
    english = make_member(language="en")
    joined(english, community)
    role_offer_make(admin=admin, community_id=community.pk, member_id=english.pk, role="admin")
    api(client, "post", f"/communities/{community.pk}/offer/accept", english)
    error = assert_error(api(client, "post", f"/communities/{community.pk}/leave", english), 403)
    assert error["message"].startswith("You are the admin: hand the admin role over")


def test_a_barred_member_is_refused(client: Client, community: Community, admin: Member, member: Member) -> None:
    community_join(member=member, community_id=community.pk)
    assert (
        api(
            client, "post", f"/communities/{community.pk}/members/{member.pk}/decline", admin, {"bar": True}
        ).status_code
        == 204
    )
    error = assert_error(api(client, "post", f"/communities/{community.pk}/join", member), 403)
    assert error["code"] == "barred" and JAPANESE.search(error["message"])


# --- members, requests, bars --------------------------------------------------------------------------


def test_the_member_list(client: Client, community: Community, admin: Member, make_member: MakeMember) -> None:
    members = [make_member(f"部員{i}") for i in range(3)]
    for someone in members:
        joined(someone, community)
    community_join(member=make_member("申請中"), community_id=community.pk)
    body = api(client, "get", f"/communities/{community.pk}/members?limit=2", members[0]).json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    assert set(body["items"][0]) == {"member", "role", "joined_at"}
    rest = api(client, "get", f"/communities/{community.pk}/members?cursor={body['next_cursor']}", members[0]).json()
    ids = [item["member"]["id"] for item in body["items"] + rest["items"]]
    assert sorted(ids) == sorted([admin.pk, *(m.pk for m in members)])
    assert rest["next_cursor"] is None
    assert_error(api(client, "get", f"/communities/{community.pk}/members?cursor=bad", admin), 422)
    assert_error(api(client, "get", f"/communities/{community.pk}/members?limit=0", admin), 422)


def test_requests_are_answered_by_the_admins(
    client: Client, community: Community, admin: Member, make_member: MakeMember
) -> None:
    helper, first, second, plain = make_member(), make_member("一"), make_member("二"), make_member()
    sub_admin(helper, community)
    joined(plain, community)
    for someone in (first, second):
        community_join(member=someone, community_id=community.pk, message=f"{someone.nickname}です")
    body = api(client, "get", f"/communities/{community.pk}/requests", helper).json()
    assert [item["message"] for item in body["items"]] == ["二です", "一です"]
    assert_error(api(client, "get", f"/communities/{community.pk}/requests", plain), 403)
    assert_error(api(client, "post", f"/communities/{community.pk}/members/{first.pk}/approve", plain), 403)
    body = api(client, "post", f"/communities/{community.pk}/members/{first.pk}/approve", helper).json()
    assert body["member"]["id"] == first.pk and body["role"] == "member" and body["joined_at"]
    assert_error(api(client, "post", f"/communities/{community.pk}/members/{first.pk}/approve", helper), 404)
    assert api(client, "post", f"/communities/{community.pk}/members/{second.pk}/decline", admin).status_code == 204
    assert not Membership.objects.filter(member=second).exists() and not Bar.objects.exists()
    assert_error(
        api(client, "post", f"/communities/{community.pk}/members/{second.pk}/decline", admin, {"bar": "x"}), 422
    )
    assert_counted(community)


def test_remove_bar_and_lift(client: Client, community: Community, admin: Member, make_member: MakeMember) -> None:
    helper, member = make_member(), make_member()
    sub_admin(helper, community)
    joined(member, community)
    assert_error(api(client, "post", f"/communities/{community.pk}/members/{admin.pk}/remove", helper), 403)
    assert_error(api(client, "post", f"/communities/{community.pk}/members/{helper.pk}/remove", helper), 403)
    assert (
        api(
            client, "post", f"/communities/{community.pk}/members/{member.pk}/remove", helper, {"bar": True}
        ).status_code
        == 204
    )
    body = api(client, "get", f"/communities/{community.pk}/bars", helper).json()
    assert [item["member"]["id"] for item in body["items"]] == [member.pk]
    assert_error(api(client, "get", f"/communities/{community.pk}/bars", member), 403)
    assert api(client, "delete", f"/communities/{community.pk}/bars/{member.pk}", helper).status_code == 204
    assert_error(api(client, "delete", f"/communities/{community.pk}/bars/{member.pk}", helper), 404)
    assert_counted(community)


# --- roles --------------------------------------------------------------------------------------------


def test_sub_admin_offer_accepted(client: Client, community: Community, admin: Member, member: Member) -> None:
    joined(member, community)
    response = api(client, "post", f"/communities/{community.pk}/members/{member.pk}/make-sub-admin", admin)
    assert response.status_code == 201
    assert response.json()["role"] == "sub_admin" and response.json()["member"]["id"] == member.pk
    assert api(client, "get", f"/communities/{community.pk}/offers", admin).json()["items"][0]["role"] == "sub_admin"
    mine = api(client, "get", "/me/community-offers", member).json()["items"]
    assert mine[0]["community"]["id"] == community.pk and mine[0]["offered_by"]["id"] == admin.pk
    assert api(client, "post", f"/communities/{community.pk}/offer/accept", member).json()["role"] == "sub_admin"
    assert api(client, "get", f"/communities/{community.pk}", member).json()["sub_admins"][0]["id"] == member.pk
    assert api(client, "post", f"/communities/{community.pk}/resign", member).json()["role"] == "member"


def test_hand_over_by_api(client: Client, community: Community, admin: Member, member: Member) -> None:
    joined(member, community)
    assert_error(api(client, "post", f"/communities/{community.pk}/members/{member.pk}/make-admin", member), 403)
    assert api(client, "post", f"/communities/{community.pk}/members/{member.pk}/make-admin", admin).status_code == 201
    error = assert_error(
        api(client, "post", f"/communities/{community.pk}/members/{member.pk}/make-sub-admin", admin), 409
    )
    assert error["code"] == "offer_waiting"
    assert api(client, "get", f"/communities/{community.pk}", admin).json()["admin"]["id"] == admin.pk
    body = api(client, "post", f"/communities/{community.pk}/offer/accept", member).json()
    assert body["role"] == "admin"
    detail = api(client, "get", f"/communities/{community.pk}", admin).json()
    assert detail["admin"]["id"] == member.pk and [m["id"] for m in detail["sub_admins"]] == [admin.pk]
    assert detail["membership"] == {"state": "active", "role": "sub_admin"}
    assert admin_of(community) == member


def test_offers_declined_withdrawn_and_demotion(
    client: Client, community: Community, admin: Member, make_member: MakeMember
) -> None:
    first, second = make_member(), make_member()
    joined(first, community)
    sub_admin(second, community)
    api(client, "post", f"/communities/{community.pk}/members/{first.pk}/make-sub-admin", admin)
    assert api(client, "post", f"/communities/{community.pk}/offer/decline", first).status_code == 204
    assert_error(api(client, "post", f"/communities/{community.pk}/offer/accept", first), 404)
    api(client, "post", f"/communities/{community.pk}/members/{first.pk}/make-admin", admin)
    assert api(client, "delete", f"/communities/{community.pk}/members/{first.pk}/offer", admin).status_code == 204
    assert not RoleOffer.objects.exists()
    assert_error(api(client, "post", f"/communities/{community.pk}/members/{second.pk}/demote", first), 403)
    assert (
        api(client, "post", f"/communities/{community.pk}/members/{second.pk}/demote", admin).json()["role"] == "member"
    )
    assert_error(api(client, "post", f"/communities/{community.pk}/members/{second.pk}/demote", admin), 404)
    assert_error(api(client, "get", f"/communities/{community.pk}/offers", second), 403)


# --- my lists -----------------------------------------------------------------------------------------


def test_my_communities_and_waiting_requests(client: Client, admin: Member, make_member: MakeMember) -> None:
    member = make_member()
    open_one = new_community(admin, name="公開")
    closed = new_community(admin, name="承認", join_policy="approval")
    joined(member, open_one)
    community_join(member=member, community_id=closed.pk, message="お願いします")
    items = api(client, "get", "/me/communities", member).json()["items"]
    assert [(i["community"]["name"], i["state"], i["role"]) for i in items] == [
        ("承認", "pending", "member"),
        ("公開", "active", "member"),
    ]
    assert set(items[0]["community"]) == {"id", "name", "category", "image_url", "member_count"}
    waiting = api(client, "get", "/me/community-requests", admin).json()["items"]
    assert [(w["community"]["id"], w["member"]["id"], w["message"]) for w in waiting] == [
        (closed.pk, member.pk, "お願いします")
    ]
    assert api(client, "get", "/me/community-requests", member).json()["items"] == []
    assert_error(api(client, "get", "/me/communities", None), 401)
    assert Membership.objects.filter(member=member, state=MembershipState.ACTIVE, role=Role.MEMBER).count() == 1
