"""The community pages, without JavaScript: the community and its buttons for each standing, creating and editing,
joining and leaving, member lists and management, the confirmation page, 「マイコミュニティ」 and the nav.

Anonymous visitors are sent to log in; ids that do not exist, and pages only the admins have, are 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import png
from tests.communities.membership_helpers import admin_of, assert_counted, joined, new_community, sub_admin
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Bar, Category, Community, Membership, MembershipState, Role, RoleOffer
from tsunagu.communities.services import community_join, member_remove, role_offer_make

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def as_member(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def page(client: Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


@pytest.fixture
def admin(make_member: MakeMember) -> Member:
    return make_member("管理人")


@pytest.fixture
def community(admin: Member) -> Community:
    return new_community(admin, name="猫好き", description="猫の写真を見せ合う\nhttps://example.jp/")


# --- who may open what --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client: Client, community: Community) -> None:
    for path in (
        f"/communities/{community.pk}/",
        f"/communities/{community.pk}/members/",
        "/communities/mine/",
        "/communities/new/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), path
    assert client.post(f"/communities/{community.pk}/join/").status_code == 302
    assert not Membership.objects.filter(community=community).exclude(role=Role.ADMIN).exists()


def test_unknown_communities_are_404(member_client: Client) -> None:
    for path in ("/communities/999999/", "/communities/999999/members/", "/communities/999999/image/"):
        page(member_client, path, 404)
    assert member_client.post("/communities/999999/join/").status_code == 404


def test_admin_pages_are_404_for_everybody_else(community: Community, admin: Member, make_member: MakeMember) -> None:
    helper, plain, stranger = make_member(), make_member(), make_member()
    sub_admin(helper, community)
    joined(plain, community)
    for path in (f"/communities/{community.pk}/edit/", f"/communities/{community.pk}/delete/"):
        for someone in (helper, plain, stranger):
            page(as_member(someone), path, 404)
        page(as_member(admin), path)
    manage = f"/communities/{community.pk}/manage/"
    page(as_member(helper), manage)
    page(as_member(admin), manage)
    for someone in (plain, stranger):
        page(as_member(someone), manage, 404)


# --- the community page -------------------------------------------------------------------------------


def test_the_page_shows_the_community_and_its_admins(
    community: Community, admin: Member, member: Member, make_member: MakeMember
) -> None:
    category = Category.objects.create(name_ja="ペット", name_en="Pets")
    Community.objects.filter(pk=community.pk).update(category=category)
    helper = make_member("副管理人")
    sub_admin(helper, community)
    html = page(as_member(member), f"/communities/{community.pk}/")
    assert "猫好き" in html and "ペット" in html
    assert '<a href="https://example.jp/"' in html
    assert 'data-member-count="2"' in html
    assert f'data-member="{admin.pk}" data-role="admin"' in html
    assert f'data-member="{helper.pk}" data-role="sub_admin"' in html
    assert 'data-membership="none"' in html and 'data-action="join"' in html


@pytest.mark.parametrize(
    ("standing", "shows", "hides"),
    [
        ("admin", ['data-membership="admin"', 'data-link="manage"', 'data-link="edit"'], ['data-action="leave"']),
        (
            "sub_admin",
            ['data-membership="sub_admin"', 'data-link="manage"', 'data-action="resign"'],
            ['data-link="edit"'],
        ),
        ("member", ['data-membership="member"', 'data-action="leave"'], ['data-link="manage"', 'data-action="join"']),
        ("pending", ['data-membership="pending"', 'data-action="cancel-request"'], ['data-action="leave"']),
        (
            "barred",
            ['data-membership="barred"', 'data-note="barred"'],
            ['data-action="join"', 'data-action="request-join"'],
        ),
        ("none", ['data-membership="none"', 'data-action="request-join"', 'name="message"'], ['data-link="manage"']),
    ],
)
def test_the_buttons_follow_the_viewers_standing(
    admin: Member, make_member: MakeMember, standing: str, shows: list[str], hides: list[str]
) -> None:
    community = new_community(admin, join_policy="approval")
    viewer = admin if standing == "admin" else make_member()
    if standing == "sub_admin":
        sub_admin(viewer, community)
    elif standing == "member":
        joined(viewer, community)
    elif standing == "pending":
        community_join(member=viewer, community_id=community.pk)
    elif standing == "barred":
        joined(viewer, community)
        member_remove(moderator=admin, community_id=community.pk, member_id=viewer.pk, bar=True)
    html = page(as_member(viewer), f"/communities/{community.pk}/")
    for marker in shows:
        assert marker in html, marker
    for marker in hides:
        assert marker not in html, marker


def test_an_offer_is_answered_on_the_community_page(community: Community, admin: Member, member: Member) -> None:
    joined(member, community)
    role_offer_make(admin=admin, community_id=community.pk, member_id=member.pk, role="admin")
    client = as_member(member)
    assert 'data-offer="admin"' in page(client, f"/communities/{community.pk}/")
    response = client.post(f"/communities/{community.pk}/offer/accept/")
    assert response.status_code == 302
    assert admin_of(community) == member
    assert 'data-membership="admin"' in page(client, response["Location"])


# --- creating, editing, deleting ----------------------------------------------------------------------


def test_creating_a_community(member_client: Client, member: Member) -> None:
    category = Category.objects.create(name_ja="グルメ", name_en="Food")
    html = page(member_client, "/communities/new/")
    assert 'name="name"' in html and "グルメ" in html and 'name="image"' in html
    response = member_client.post(
        "/communities/new/",
        {
            "name": "ラーメン部",
            "category": str(category.pk),
            "description": "一杯ずつ語る",
            "join_policy": "approval",
            "topics_public": "",
            "topic_creation": "members",
            "image": _upload(),
        },
    )
    assert response.status_code == 302
    community = Community.objects.get(name="ラーメン部")
    assert response["Location"] == f"/communities/{community.pk}/"
    assert (community.category, community.join_policy, community.topics_public) == (category, "approval", False)
    assert community.image
    assert admin_of(community) == member
    image = member_client.get(f"/communities/{community.pk}/image/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "private" in image["Cache-Control"]


def _upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cat.png", png((200, 100)), content_type="image/png")


def test_a_taken_name_is_shown_on_the_field(member_client: Client, other: Member) -> None:
    new_community(other, name="将棋")
    response = member_client.post(
        "/communities/new/",
        {"name": "将棋", "description": "指そう", "join_policy": "open", "topic_creation": "members"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert Community.objects.count() == 1


def test_the_admin_edits_the_settings_and_image(client: Client, community: Community, admin: Member) -> None:
    client.force_login(admin)
    html = page(client, f"/communities/{community.pk}/edit/")
    assert 'value="猫好き"' in html
    response = client.post(
        f"/communities/{community.pk}/edit/",
        {
            "name": "ねこ好き",
            "description": "にゃー",
            "join_policy": "open",
            "topics_public": "on",
            "topic_creation": "admins",
        },
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert (community.name, community.topic_creation) == ("ねこ好き", "admins")
    assert client.post(f"/communities/{community.pk}/image/upload/", {"image": _upload()}).status_code == 302
    community.refresh_from_db()
    assert community.image
    assert client.post(f"/communities/{community.pk}/image/remove/").status_code == 302
    community.refresh_from_db()
    assert community.image == ""
    assert client.get(f"/communities/{community.pk}/image/").status_code == 404


def test_the_admin_deletes_the_community(client: Client, community: Community, admin: Member) -> None:
    client.force_login(admin)
    assert "猫好き" in page(client, f"/communities/{community.pk}/delete/")
    response = client.post(f"/communities/{community.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/communities/mine/"
    assert not Community.objects.exists()


# --- joining and leaving ------------------------------------------------------------------------------


def test_joining_and_leaving_an_open_community(community: Community, member_client: Client, member: Member) -> None:
    response = member_client.post(f"/communities/{community.pk}/join/")
    assert response.status_code == 302
    assert Membership.objects.get(community=community, member=member).state == MembershipState.ACTIVE
    assert_counted(community)
    assert "猫好き" in page(member_client, f"/communities/{community.pk}/leave/")
    assert member_client.post(f"/communities/{community.pk}/leave/").status_code == 302
    assert not Membership.objects.filter(community=community, member=member).exists()


def test_asking_to_join_with_a_message(admin: Member, member_client: Client, member: Member) -> None:
    community = new_community(admin, join_policy="approval")
    assert 'name="message"' in page(member_client, f"/communities/{community.pk}/join/")
    member_client.post(f"/communities/{community.pk}/join/", {"message": "同じ大学です"})
    row = Membership.objects.get(community=community, member=member)
    assert (row.state, row.message) == (MembershipState.PENDING, "同じ大学です")
    # Asking again is refused with a message, not an error page.
    response = member_client.post(f"/communities/{community.pk}/join/", follow=True)
    assert response.status_code == 200
    assert any("already" in str(m) or "既に" in str(m) for m in response.context["messages"])


def test_the_admin_is_told_to_hand_over_before_leaving(client: Client, community: Community, admin: Member) -> None:
    client.force_login(admin)
    assert 'data-note="admin-cannot-leave"' in page(client, f"/communities/{community.pk}/leave/")
    response = client.post(f"/communities/{community.pk}/leave/", follow=True)
    assert response.status_code == 200
    assert Membership.objects.get(community=community, member=admin).role == Role.ADMIN
    assert [str(m) for m in response.context["messages"]]


# --- members and management ---------------------------------------------------------------------------


def test_the_member_list_shows_active_members_and_the_admins_buttons(
    community: Community, admin: Member, make_member: MakeMember
) -> None:
    helper, plain, blocker = make_member("副"), make_member("普通"), make_member("ブロック")
    sub_admin(helper, community)
    joined(plain, community)
    joined(blocker, community)
    waiting_community = new_community(admin, name="別", join_policy="approval")
    community_join(member=plain, community_id=waiting_community.pk)
    from tsunagu.friends.services import block_create

    block_create(blocker=blocker, blocked_id=helper.pk)
    as_admin = page(as_member(admin), f"/communities/{community.pk}/members/")
    assert f'data-member="{plain.pk}" data-role="member"' in as_admin
    assert 'data-action="offer-admin"' in as_admin and 'data-action="remove-and-bar"' in as_admin
    assert 'data-action="demote"' in as_admin
    as_helper = page(as_member(helper), f"/communities/{community.pk}/members/")
    assert f'data-member="{blocker.pk}"' not in as_helper  # blocked the viewer
    assert 'data-action="offer-admin"' not in as_helper and 'data-action="remove"' in as_helper
    as_plain = page(as_member(plain), f"/communities/{community.pk}/members/")
    assert 'data-action="remove"' not in as_plain
    assert f'data-member="{plain.pk}"' not in page(as_member(admin), f"/communities/{waiting_community.pk}/members/")


def test_members_are_paged_with_a_cursor(admin: Member, make_member: MakeMember, monkeypatch: Any) -> None:
    from tsunagu.communities import views

    monkeypatch.setattr(views, "MEMBERS_PER_PAGE", 2)
    community = new_community(admin)
    for _ in range(3):
        joined(make_member(), community)
    client = as_member(admin)
    first = page(client, f"/communities/{community.pk}/members/")
    cursor = first.split('href="?cursor=')[1].split('"')[0]
    second = page(client, f"/communities/{community.pk}/members/?cursor={cursor}")
    ids = {int(part.split('"')[0]) for html in (first, second) for part in html.split('data-member="')[1:]}
    assert len(ids) == 4
    page(client, f"/communities/{community.pk}/members/?cursor=nonsense", 400)


def test_managing_requests_offers_and_bars(admin: Member, make_member: MakeMember) -> None:
    community = new_community(admin, join_policy="approval")
    asker, declined, member = make_member("申請者"), make_member("お断り"), make_member("メンバー")
    for someone in (asker, declined):
        community_join(member=someone, community_id=community.pk, message=f"{someone.nickname}です")
    joined(member, community)
    client = as_member(admin)
    html = page(client, f"/communities/{community.pk}/manage/")
    assert "申請者です" in html and 'data-action="approve"' in html
    client.post(f"/communities/{community.pk}/members/{asker.pk}/approve/")
    client.post(f"/communities/{community.pk}/members/{declined.pk}/decline/", {"bar": "1"})
    client.post(f"/communities/{community.pk}/members/{member.pk}/offer/", {"role": "sub_admin"})
    assert Membership.objects.get(community=community, member=asker).state == MembershipState.ACTIVE
    assert Bar.objects.filter(community=community, member=declined).exists()
    assert RoleOffer.objects.filter(community=community, member=member, role="sub_admin").exists()
    html = page(client, f"/communities/{community.pk}/manage/")
    assert 'data-section="offers"' in html and 'data-action="withdraw-offer"' in html
    assert f'data-member="{declined.pk}"' in html and 'data-action="lift-bar"' in html
    client.post(f"/communities/{community.pk}/members/{member.pk}/offer/withdraw/")
    client.post(f"/communities/{community.pk}/bars/{declined.pk}/lift/")
    client.post(f"/communities/{community.pk}/members/{asker.pk}/remove/")
    assert not RoleOffer.objects.exists() and not Bar.objects.exists()
    assert not Membership.objects.filter(community=community, member=asker).exists()
    assert_counted(community)


def test_a_refused_action_says_why(community: Community, admin: Member, member: Member) -> None:
    response = as_member(admin).post(f"/communities/{community.pk}/members/{admin.pk}/remove/", follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    assert Membership.objects.filter(community=community, member=admin).exists()
    # A member who is not an admin gets the message too, never a change.
    joined(member, community)
    as_member(member).post(f"/communities/{community.pk}/members/{admin.pk}/remove/")
    assert Membership.objects.filter(community=community, member=admin).exists()


def test_actions_need_post(community: Community, admin: Member, member: Member) -> None:
    joined(member, community)
    client = as_member(admin)
    assert client.get(f"/communities/{community.pk}/members/{member.pk}/remove/").status_code == 405
    assert Membership.objects.filter(community=community, member=member).exists()


# --- the confirmation page, the nav, マイコミュニティ -------------------------------------------------


def test_requests_and_offers_wait_on_the_confirmation_page(admin: Member, make_member: MakeMember) -> None:
    community = new_community(admin, name="読書会", join_policy="approval")
    asker, helper = make_member("読みたい人"), make_member("手伝う人")
    community_join(member=asker, community_id=community.pk, message="本が好きです")
    joined(helper, community)
    role_offer_make(admin=admin, community_id=community.pk, member_id=helper.pk, role="sub_admin")

    admin_client = as_member(admin)
    html = page(admin_client, "/confirm/")
    assert 'data-section="community_requests"' in html and "本が好きです" in html
    assert 'data-pending-count="1"' in html

    helper_client = as_member(helper)
    html = page(helper_client, "/confirm/")
    assert 'data-section="community_offers"' in html and "読書会" in html
    assert 'data-pending-count="1"' in html
    response = helper_client.post(f"/communities/{community.pk}/offer/accept/", {"next": "/confirm/"})
    assert response["Location"] == "/confirm/"

    # Now a sub-admin, the helper sees the request too, and answers it from there.
    html = page(helper_client, "/confirm/")
    assert "本が好きです" in html and 'data-pending-count="1"' in html
    response = helper_client.post(f"/communities/{community.pk}/members/{asker.pk}/approve/", {"next": "/confirm/"})
    assert response["Location"] == "/confirm/"
    assert "data-pending-count" not in page(helper_client, "/confirm/")
    assert "data-pending-count" not in page(admin_client, "/confirm/")


def test_the_nav_links_to_my_communities(member_client: Client, member: Member, other: Member) -> None:
    mine = new_community(member, name="自分の")
    waiting = new_community(other, name="待ち", join_policy="approval")
    community_join(member=member, community_id=waiting.pk)
    html = page(member_client, "/communities/mine/")
    assert 'data-nav="communities"' in html
    assert f'data-community="{mine.pk}" data-state="active" data-role="admin"' in html
    assert f'data-community="{waiting.pk}" data-state="pending"' in html
    assert 'data-action="create-community"' in html
