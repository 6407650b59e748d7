"""Community endpoints (コミュニティ): communities, joining and leaving, members, requests, bars and role offers.

Reads go through `tsunagu.communities.selectors`, writes through `tsunagu.communities.services`. A community
is known to every signed-in member: anonymous callers and unknown ids get 404 alike. Acting without the
role an action needs is 403 (the community itself is no secret). `GET /communities?q=&category=` (search)
lives in the search module, not here. See docs/communities.md for every endpoint.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from tsunagu.accounts.models import Member
from tsunagu.communities import selectors, services
from tsunagu.communities.models import Category, Community, Membership, Role, RoleOffer
from tsunagu.core import policy
from tsunagu.core.api_auth import ANYONE
from tsunagu.core.api_input import body_with_files, openapi_body
from tsunagu.core.errors import Forbidden, Invalid
from tsunagu.core.pagination import limit_clean
from tsunagu.core.photos import photo_response
from tsunagu.friends.api import MemberSummary
from tsunagu.profiles.api import member_summary

router = Router(tags=["communities"])

S = TypeVar("S", bound=Schema)

IMAGE_FIELD = "image"
FORM_TRUE = {"true", "1", "on", "yes"}
FORM_FALSE = {"false", "0", "off", "no"}


# --- shapes -----------------------------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    name: str


class MembershipOut(Schema):
    """The viewer's own standing: `state` active or pending, `role` admin, sub_admin or member."""

    state: str
    role: str


class CommunityOut(Schema):
    id: int
    name: str
    description: str
    description_html: str
    category: CategoryOut | None
    image_url: str | None
    join_policy: str
    topics_public: bool
    topic_creation: str
    member_count: int
    created_at: str
    # The admin and sub-admins the viewer may see (a member who blocked the viewer is left out).
    admin: MemberSummary | None
    sub_admins: list[MemberSummary]
    membership: MembershipOut | None
    barred: bool
    offered_role: str | None


class CommunitySummary(Schema):
    id: int
    name: str
    category: CategoryOut | None
    image_url: str | None
    member_count: int


class MemberOut(Schema):
    member: MemberSummary
    role: str
    joined_at: str


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None


class JoinRequestOut(Schema):
    member: MemberSummary
    message: str
    created_at: str


class JoinRequestPage(Schema):
    items: list[JoinRequestOut]
    next_cursor: str | None


class BarOut(Schema):
    member: MemberSummary
    created_at: str


class BarPage(Schema):
    items: list[BarOut]
    next_cursor: str | None


class OfferOut(Schema):
    member: MemberSummary
    role: str
    created_at: str


class OfferList(Schema):
    items: list[OfferOut]


class MyOfferOut(Schema):
    community: CommunitySummary
    role: str
    offered_by: MemberSummary
    created_at: str


class MyOfferList(Schema):
    items: list[MyOfferOut]


class WaitingRequestOut(Schema):
    community: CommunitySummary
    member: MemberSummary
    message: str
    created_at: str


class WaitingRequestList(Schema):
    items: list[WaitingRequestOut]


class MyCommunityOut(Schema):
    community: CommunitySummary
    state: str
    role: str
    joined_at: str | None


class MyCommunityPage(Schema):
    items: list[MyCommunityOut]
    next_cursor: str | None


class CommunityIn(Schema):
    # Any: the services check types themselves and answer with a message per field.
    model_config = ConfigDict(extra="forbid")

    name: Any
    description: Any
    category: Any = None
    join_policy: Any = "open"
    topics_public: Any = True
    topic_creation: Any = "members"


class CommunityChange(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Any = None
    description: Any = None
    category: Any = None
    join_policy: Any = None
    topics_public: Any = None
    topic_creation: Any = None


class JoinIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: Any = None


class BarIn(Schema):
    """`bar`: also keep the member from joining (or asking to join) again."""

    model_config = ConfigDict(extra="forbid")

    bar: Any = False


# --- reading a request ------------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> policy.Viewer:
    return request.auth  # type: ignore[attr-defined]


def _me(request: HttpRequest) -> Member:
    return request.auth  # type: ignore[attr-defined]


def _form_value(name: str, value: str) -> Any:
    """A form field as the JSON value it stands for (forms carry only text)."""
    if name in ("topics_public", "bar") and value.strip().lower() in FORM_TRUE | FORM_FALSE:
        return value.strip().lower() in FORM_TRUE
    return value


def _fields(request: HttpRequest, schema: type[S]) -> S:
    """The request's fields (JSON, a form, or an empty body for all defaults), checked against `schema`; no files."""
    payload, _files = body_with_files(request, schema, files_field="", most=0, form_value=_form_value)
    return payload


def _flag(raw: Any) -> bool:
    if not isinstance(raw, bool):
        message = _("Give true or false.")
        raise Invalid(message, fields={"bar": [message]})
    return raw


# --- JSON -------------------------------------------------------------------------------------------


def _category_json(category: Category | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {"id": category.pk, "name": selectors.category_name(category, get_language() or "ja")}


def _image_url(community: Community) -> str | None:
    if not community.image:
        return None
    page_url = selectors.image_url(community) or ""
    version = page_url.rsplit("?", 1)[-1]
    return reverse("api:community_image", kwargs={"community_id": community.pk}) + f"?{version}"


def _summary_json(community: Community) -> dict[str, Any]:
    return {
        "id": community.pk,
        "name": community.name,
        "category": _category_json(community.category),
        "image_url": _image_url(community),
        "member_count": community.member_count,
    }


def _community_json(viewer: Member, community_id: Any) -> dict[str, Any]:
    """The community as the viewer sees it now (fetched again, so right after a write it shows the change)."""
    viewed = selectors.community_for_viewer(viewer=viewer, community_id=community_id)
    community = viewed.community
    leaders = selectors.leaders(viewer=viewer, community=community)
    admin = next((row for row in leaders if row.role == Role.ADMIN), None)
    return {
        "id": community.pk,
        "name": community.name,
        "description": community.description,
        "description_html": community.description_html,
        "category": _category_json(community.category),
        "image_url": _image_url(community),
        "join_policy": community.join_policy,
        "topics_public": community.topics_public,
        "topic_creation": community.topic_creation,
        "member_count": community.member_count,
        "created_at": community.created_at.isoformat(),
        "admin": member_summary(admin.member) if admin else None,
        "sub_admins": [member_summary(row.member) for row in leaders if row.role == Role.SUB_ADMIN],
        "membership": {"state": viewed.state, "role": viewed.role} if viewed.state else None,
        "barred": viewed.barred,
        "offered_role": viewed.offered_role,
    }


def _member_json(row: Membership) -> dict[str, Any]:
    return {
        "member": member_summary(row.member),
        "role": row.role,
        "joined_at": row.joined_at.isoformat() if row.joined_at else "",
    }


def _my_community_json(row: Membership) -> dict[str, Any]:
    return {
        "community": _summary_json(row.community),
        "state": row.state,
        "role": row.role,
        "joined_at": row.joined_at.isoformat() if row.joined_at else None,
    }


def _offer_json(offer: RoleOffer) -> dict[str, Any]:
    return {"member": member_summary(offer.member), "role": offer.role, "created_at": offer.created_at.isoformat()}


def _viewed(request: HttpRequest, community_id: int) -> selectors.ViewedCommunity:
    return selectors.community_for_viewer(viewer=_viewer(request), community_id=community_id)


def _moderated(request: HttpRequest, community_id: int, *, admin_only: bool = False) -> selectors.ViewedCommunity:
    """The community for its admin (and sub-admins unless `admin_only`); 404 if unknown, 403 for other members."""
    viewed = _viewed(request, community_id)
    if admin_only and not viewed.is_admin:
        raise Forbidden(_("Only the community's admin can do this."))
    if not viewed.is_moderator:
        raise Forbidden(_("Only the community's admin and sub-admins can do this."))
    return viewed


def _row_json(community: Community, member_id: Any) -> dict[str, Any]:
    row = selectors.membership_of(community=community, member_id=member_id)
    if row is None:
        raise Http404
    return _member_json(row)


# --- communities ------------------------------------------------------------------------------------


@router.post(
    "/communities",
    response={201: CommunityOut},
    openapi_extra=openapi_body(CommunityIn, files_field=IMAGE_FIELD, most=1),
    summary="Create a community (JSON, or a form with an optional file `image`); the creator is its admin",
)
def community_create(request: HttpRequest) -> Status[dict[str, Any]]:
    me = _me(request)
    payload, images = body_with_files(request, CommunityIn, files_field=IMAGE_FIELD, most=1, form_value=_form_value)
    community = services.community_create(
        creator=me,
        name=payload.name,
        description=payload.description,
        category=payload.category,
        join_policy=payload.join_policy,
        topics_public=payload.topics_public,
        topic_creation=payload.topic_creation,
        image=images[0] if images else None,
    )
    return Status(201, _community_json(me, community.pk))


@router.get(
    "/communities/{community_id}",
    auth=ANYONE,
    response=CommunityOut,
    summary="A community, with the viewer's membership, bar and offered role (signed-in members; 404 otherwise)",
)
def community_detail(request: HttpRequest, community_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    if not policy.is_member(viewer):
        raise Http404
    return _community_json(viewer, community_id)  # type: ignore[arg-type]


@router.patch(
    "/communities/{community_id}",
    response=CommunityOut,
    summary="Change the community's settings (the admin; only the keys given; `category: null` clears it)",
)
def community_update(request: HttpRequest, community_id: int, payload: CommunityChange) -> dict[str, Any]:
    me = _me(request)
    _moderated(request, community_id, admin_only=True)
    given = payload.model_fields_set
    # An explicit null is not "leave it": it asks to empty a required part, which the service refuses with its message.
    change = {
        name: "" if name in given and getattr(payload, name) is None else getattr(payload, name)
        for name in ("name", "description", "join_policy", "topics_public", "topic_creation")
    }
    category = payload.category if "category" in given else services.KEEP
    services.community_update(member=me, community_id=community_id, category=category, **change)
    return _community_json(me, community_id)


@router.delete(
    "/communities/{community_id}",
    response={204: None},
    summary="Delete the community with its members, topics, events, comments and photos (the admin)",
)
def community_delete(request: HttpRequest, community_id: int) -> Status[None]:
    _moderated(request, community_id, admin_only=True)
    services.community_delete(member=_me(request), community_id=community_id)
    return Status(204, None)


@router.get(
    "/communities/{community_id}/image",
    auth=ANYONE,
    url_name="community_image",
    summary="The community's image as JPEG bytes (signed-in members; 404 otherwise or without an image)",
    openapi_extra={"responses": {200: {"description": "JPEG", "content": {"image/jpeg": {}}}}},
)
def community_image(request: HttpRequest, community_id: int) -> FileResponse:
    community = _viewed(request, community_id).community
    if not community.image:
        raise Http404
    return photo_response(community.image)


@router.post(
    "/communities/{community_id}/image",
    response=CommunityOut,
    summary="Give the community a new image (the admin; multipart field `image`)",
)
def community_image_set(request: HttpRequest, community_id: int, image: File[UploadedFile]) -> dict[str, Any]:
    me = _me(request)
    _moderated(request, community_id, admin_only=True)
    data = image.read(settings.AVATAR_MAX_UPLOAD_BYTES + 1)
    services.community_image_set(member=me, community_id=community_id, data=data)
    return _community_json(me, community_id)


@router.delete("/communities/{community_id}/image", response=CommunityOut, summary="Remove the image (the admin)")
def community_image_remove(request: HttpRequest, community_id: int) -> dict[str, Any]:
    me = _me(request)
    _moderated(request, community_id, admin_only=True)
    services.community_image_remove(member=me, community_id=community_id)
    return _community_json(me, community_id)


# --- joining and leaving ----------------------------------------------------------------------------


@router.post(
    "/communities/{community_id}/join",
    response=CommunityOut,
    summary="Join an open community, or ask to join one that needs approval (`{message?}`); 409 if already in",
)
def community_join(request: HttpRequest, community_id: int) -> dict[str, Any]:
    me = _me(request)
    payload = _fields(request, JoinIn)
    _viewed(request, community_id)
    services.community_join(member=me, community_id=community_id, message=payload.message)
    return _community_json(me, community_id)


@router.post(
    "/communities/{community_id}/leave",
    response=CommunityOut,
    summary="Leave the community or take back a request to join (the admin must hand over first: 403)",
)
def community_leave(request: HttpRequest, community_id: int) -> dict[str, Any]:
    me = _me(request)
    _viewed(request, community_id)
    services.community_leave(member=me, community_id=community_id)
    return _community_json(me, community_id)


# --- members, requests and bars ---------------------------------------------------------------------


@router.get(
    "/communities/{community_id}/members",
    auth=ANYONE,
    response=MemberPage,
    summary="The community's members (active only) the viewer may see, latest joined first, a page at a time",
)
def community_members(
    request: HttpRequest, community_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    size = limit_clean(limit)
    community = _viewed(request, community_id).community
    page = selectors.members_page(viewer=viewer, community=community, cursor=cursor or None, limit=size)
    return {"items": [_member_json(row) for row in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/communities/{community_id}/requests",
    response=JoinRequestPage,
    summary="Requests to join waiting for an answer (the admin and sub-admins), newest first",
)
def community_requests(
    request: HttpRequest, community_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    size = limit_clean(limit)
    community = _moderated(request, community_id).community
    page = selectors.join_requests_page(viewer=_me(request), community=community, cursor=cursor or None, limit=size)
    return {
        "items": [
            {"member": member_summary(row.member), "message": row.message, "created_at": row.created_at.isoformat()}
            for row in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/communities/{community_id}/members/{member_id}/approve",
    response=MemberOut,
    summary="Let in a member who asked to join (the admin and sub-admins)",
)
def request_approve(request: HttpRequest, community_id: int, member_id: int) -> dict[str, Any]:
    community = _viewed(request, community_id).community
    services.join_request_approve(moderator=_me(request), community_id=community.pk, member_id=member_id)
    return _row_json(community, member_id)


@router.post(
    "/communities/{community_id}/members/{member_id}/decline",
    response={204: None},
    summary="Decline a request to join (`{bar: true}` also bars the member from asking again)",
)
def request_decline(request: HttpRequest, community_id: int, member_id: int) -> Status[None]:
    payload = _fields(request, BarIn)
    community = _viewed(request, community_id).community
    services.join_request_decline(
        moderator=_me(request), community_id=community.pk, member_id=member_id, bar=_flag(payload.bar)
    )
    return Status(204, None)


@router.post(
    "/communities/{community_id}/members/{member_id}/remove",
    response={204: None},
    summary="Remove a member (`{bar: true}` also bars them from joining again); never the admin",
)
def member_remove(request: HttpRequest, community_id: int, member_id: int) -> Status[None]:
    payload = _fields(request, BarIn)
    community = _viewed(request, community_id).community
    services.member_remove(
        moderator=_me(request), community_id=community.pk, member_id=member_id, bar=_flag(payload.bar)
    )
    return Status(204, None)


@router.get(
    "/communities/{community_id}/bars",
    response=BarPage,
    summary="Members barred from joining again (the admin and sub-admins), newest first",
)
def community_bars(
    request: HttpRequest, community_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    size = limit_clean(limit)
    community = _moderated(request, community_id).community
    page = selectors.bars_page(viewer=_me(request), community=community, cursor=cursor or None, limit=size)
    return {
        "items": [
            {"member": member_summary(bar.member), "created_at": bar.created_at.isoformat()} for bar in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.delete(
    "/communities/{community_id}/bars/{member_id}",
    response={204: None},
    summary="Lift a bar: the member may join again (the admin and sub-admins)",
)
def bar_lift(request: HttpRequest, community_id: int, member_id: int) -> Status[None]:
    community = _viewed(request, community_id).community
    services.bar_lift(moderator=_me(request), community_id=community.pk, member_id=member_id)
    return Status(204, None)


# --- roles ------------------------------------------------------------------------------------------


def _offer(request: HttpRequest, community_id: int, member_id: int, role: str) -> Status[dict[str, Any]]:
    community = _viewed(request, community_id).community
    offer = services.role_offer_make(admin=_me(request), community_id=community.pk, member_id=member_id, role=role)
    offer = RoleOffer.objects.select_related("member__profile").get(pk=offer.pk)
    return Status(201, _offer_json(offer))


@router.post(
    "/communities/{community_id}/members/{member_id}/make-sub-admin",
    response={201: OfferOut},
    summary="Offer a member the sub-admin role (the admin); it takes effect when they accept",
)
def make_sub_admin(request: HttpRequest, community_id: int, member_id: int) -> Status[dict[str, Any]]:
    return _offer(request, community_id, member_id, Role.SUB_ADMIN)


@router.post(
    "/communities/{community_id}/members/{member_id}/make-admin",
    response={201: OfferOut},
    summary="Offer a member the admin role (hand-over); when they accept, the old admin becomes a sub-admin",
)
def make_admin(request: HttpRequest, community_id: int, member_id: int) -> Status[dict[str, Any]]:
    return _offer(request, community_id, member_id, Role.ADMIN)


@router.delete(
    "/communities/{community_id}/members/{member_id}/offer",
    response={204: None},
    summary="Withdraw a role offer not yet answered (the admin)",
)
def offer_withdraw(request: HttpRequest, community_id: int, member_id: int) -> Status[None]:
    community = _viewed(request, community_id).community
    services.role_offer_withdraw(admin=_me(request), community_id=community.pk, member_id=member_id)
    return Status(204, None)


@router.post(
    "/communities/{community_id}/members/{member_id}/demote",
    response=MemberOut,
    summary="Make a sub-admin an ordinary member (the admin)",
)
def demote(request: HttpRequest, community_id: int, member_id: int) -> dict[str, Any]:
    community = _viewed(request, community_id).community
    services.sub_admin_demote(admin=_me(request), community_id=community.pk, member_id=member_id)
    return _row_json(community, member_id)


@router.get(
    "/communities/{community_id}/offers",
    response=OfferList,
    summary="Role offers not yet answered (the admin)",
)
def community_offers(request: HttpRequest, community_id: int) -> dict[str, Any]:
    community = _moderated(request, community_id, admin_only=True).community
    return {"items": [_offer_json(offer) for offer in selectors.offers_of(viewer=_me(request), community=community)]}


@router.post(
    "/communities/{community_id}/offer/accept",
    response=MemberOut,
    summary="Accept the role offered to me (a hand-over makes me the admin)",
)
def offer_accept(request: HttpRequest, community_id: int) -> dict[str, Any]:
    me = _me(request)
    community = _viewed(request, community_id).community
    services.role_offer_accept(member=me, community_id=community.pk)
    return _row_json(community, me.pk)


@router.post(
    "/communities/{community_id}/offer/decline", response={204: None}, summary="Decline the role offered to me"
)
def offer_decline(request: HttpRequest, community_id: int) -> Status[None]:
    community = _viewed(request, community_id).community
    services.role_offer_decline(member=_me(request), community_id=community.pk)
    return Status(204, None)


@router.post("/communities/{community_id}/resign", response=MemberOut, summary="Step down as sub-admin (stay a member)")
def resign(request: HttpRequest, community_id: int) -> dict[str, Any]:
    me = _me(request)
    community = _viewed(request, community_id).community
    services.sub_admin_resign(member=me, community_id=community.pk)
    return _row_json(community, me.pk)


# --- a member's communities, and what waits for me --------------------------------------------------


@router.get(
    "/me/communities",
    response=MyCommunityPage,
    summary="My communities and the requests to join I am waiting on, newest first",
)
def my_communities(request: HttpRequest, cursor: str | None = None, limit: str | None = None) -> dict[str, Any]:
    size = limit_clean(limit)
    page = selectors.my_communities_page(member=_me(request), cursor=cursor or None, limit=size)
    return {
        "items": [_my_community_json(row) for row in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/members/{member_id}/communities",
    auth=ANYONE,
    response=MyCommunityPage,
    summary="A member's communities, where the audience of their list lets the viewer see it (404 otherwise)",
)
def member_communities(
    request: HttpRequest, member_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    size = limit_clean(limit)
    owner = selectors.member_for_communities(viewer=_viewer(request), member_id=member_id)
    page = selectors.communities_of_page(member=owner, cursor=cursor or None, limit=size)
    return {
        "items": [_my_community_json(row) for row in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/me/community-offers", response=MyOfferList, summary="Roles offered to me, waiting for my answer (確認)")
def my_offers(request: HttpRequest) -> dict[str, Any]:
    return {
        "items": [
            {
                "community": _summary_json(offer.community),
                "role": offer.role,
                "offered_by": member_summary(offer.offered_by),
                "created_at": offer.created_at.isoformat(),
            }
            for offer in selectors.role_offers_waiting(_me(request)).select_related("community__category")
        ]
    }


@router.get(
    "/me/community-requests",
    response=WaitingRequestList,
    summary="Requests to join the communities I run (admin or sub-admin), waiting for an answer (確認)",
)
def my_waiting_requests(request: HttpRequest) -> dict[str, Any]:
    return {
        "items": [
            {
                "community": _summary_json(row.community),
                "member": member_summary(row.member),
                "message": row.message,
                "created_at": row.created_at.isoformat(),
            }
            for row in selectors.join_requests_waiting(_me(request)).select_related("community__category")
        ]
    }
