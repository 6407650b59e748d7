"""Community pages (コミュニティ): the community, its members, joining and leaving, settings, member management.

Signed-in members only (anonymous visitors are sent to log in). The community is fetched for the viewer
through `communities.selectors` (404 for ids that do not exist); pages only its admins have (settings,
member management) are 404 for everybody else. Writes go through `communities.services`; a refused
one-click action becomes a message, a refused form shows its errors. Every page works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.communities import selectors, services
from tsunagu.communities.forms import CommunityForm, CommunityImageForm, JoinForm, image_upload
from tsunagu.communities.models import Community, JoinPolicy, Membership, MembershipState, Role, RoleOffer, Topic
from tsunagu.core import policy
from tsunagu.core.errors import Invalid, NotFound, ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.core.photos import photo_response
from tsunagu.profiles.selectors import avatar_url

MEMBERS_PER_PAGE = 30
LATEST_ON_PROFILE = 10


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _next_or(request: HttpRequest, default: str) -> str:
    """Where to go after an action: the form's `next` when it is a path on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def _community_url(community_id: int) -> str:
    return reverse("communities:detail", kwargs={"community_id": community_id})


@dataclass(frozen=True)
class MemberRow:
    """A membership as listed: the row, its member's avatar, and what the viewer may do to it."""

    row: Membership
    avatar_url: str | None
    can_remove: bool = False
    can_offer: bool = False
    can_demote: bool = False


def _rows(viewed: selectors.ViewedCommunity, rows: list[Membership], viewer: Member) -> list[MemberRow]:
    result = []
    for row in rows:
        others = row.member_id != viewer.pk and row.role != Role.ADMIN
        result.append(
            MemberRow(
                row=row,
                avatar_url=avatar_url(row.member.profile),
                can_remove=others and (viewed.is_admin or (viewed.is_sub_admin and row.role == Role.MEMBER)),
                can_offer=others and viewed.is_admin,
                can_demote=viewed.is_admin and row.role == Role.SUB_ADMIN,
            )
        )
    return result


# --- the community ------------------------------------------------------------------------------------------


@login_required
def community_detail(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community: image, description, category, counts, admins, and what the viewer can do here."""
    viewer = _member(request)
    viewed = selectors.community_for_viewer(viewer=viewer, community_id=community_id)
    community = viewed.community
    counts: dict[str, Any] = {"topics": None, "events": None}
    if viewed.can_read_topics:
        counts = policy.visible_to(viewer, Topic.objects.filter(community=community)).aggregate(
            topics=Count("pk", filter=Q(starts_at__isnull=True)), events=Count("pk", filter=Q(starts_at__isnull=False))
        )
    leaders = selectors.leaders(viewer=viewer, community=community)
    return render(
        request,
        "communities/detail.html",
        {
            "viewed": viewed,
            "community": community,
            "category_name": selectors.category_name(community.category, get_language() or "ja"),
            "image_url": selectors.image_url(community),
            "admin": next((row for row in leaders if row.role == Role.ADMIN), None),
            "sub_admins": [row for row in leaders if row.role == Role.SUB_ADMIN],
            "counts": counts,
            "join_form": JoinForm() if community.join_policy == JoinPolicy.APPROVAL else None,
        },
    )


@login_required
def community_image(request: HttpRequest, community_id: int) -> FileResponse:
    """The community's image, for signed-in members only (404 for a community without one)."""
    community = selectors.community_for_viewer(viewer=request.user, community_id=community_id).community
    if not community.image:
        raise Http404
    return photo_response(community.image)


@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    creator = _member(request)
    form = CommunityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(creator=creator, image=form.image_upload(), **form.community_fields())
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your community was created. You are its admin."))
            return redirect(_community_url(community.pk))
    return render(request, "communities/form.html", {"form": form}, status=400 if form.errors else 200)


def _admin_view(request: HttpRequest, community_id: int) -> selectors.ViewedCommunity:
    """The community, for its admin only; 404 for everybody else (these pages are the admin's alone)."""
    viewed = selectors.community_for_viewer(viewer=request.user, community_id=community_id)
    if not viewed.is_admin:
        raise Http404
    return viewed


@login_required
def community_edit(request: HttpRequest, community_id: int) -> HttpResponse:
    """The admin changes the community's settings and image."""
    viewed = _admin_view(request, community_id)
    community = viewed.community
    form = CommunityForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(member=_member(request), community_id=community.pk, **form.community_fields())
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The community's settings were saved."))
            return redirect(_community_url(community.pk))
    return render(
        request,
        "communities/form.html",
        {
            "form": form,
            "viewed": viewed,
            "community": community,
            "image_form": CommunityImageForm(),
            "image_url": selectors.image_url(community),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def community_image_upload(request: HttpRequest, community_id: int) -> HttpResponse:
    viewed = _admin_view(request, community_id)
    form = CommunityImageForm(request.POST, request.FILES)
    # An empty file fails the form; the service explains that better ("The file is empty.").
    data = image_upload(form.cleaned_data["image"] if form.is_valid() else request.FILES.get("image"))
    if data is None:
        messages.error(request, _("Choose an image file to upload."))
    else:
        try:
            services.community_image_set(member=_member(request), community_id=viewed.community.pk, data=data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The community's image was changed."))
    return redirect("communities:edit", community_id=viewed.community.pk)


@login_required
@require_POST
def community_image_remove(request: HttpRequest, community_id: int) -> HttpResponse:
    viewed = _admin_view(request, community_id)
    services.community_image_remove(member=_member(request), community_id=viewed.community.pk)
    messages.success(request, _("The community's image was removed."))
    return redirect("communities:edit", community_id=viewed.community.pk)


@login_required
def community_delete(request: HttpRequest, community_id: int) -> HttpResponse:
    """Ask, then delete the community with everything in it (the admin alone)."""
    viewed = _admin_view(request, community_id)
    if request.method == "POST":
        try:
            services.community_delete(member=_member(request), community_id=viewed.community.pk)
        except ServiceError as error:  # no longer the admin (handed over meanwhile)
            messages.error(request, error.message)
            return redirect(_community_url(viewed.community.pk))
        messages.success(request, _("The community was deleted."))
        return redirect("communities:mine")
    return render(request, "communities/delete.html", {"community": viewed.community})


# --- joining and leaving ------------------------------------------------------------------------------------


@login_required
def community_join(request: HttpRequest, community_id: int) -> HttpResponse:
    """Join (open communities) or ask to join with a message (approval); a GET shows the form."""
    member = _member(request)
    viewed = selectors.community_for_viewer(viewer=member, community_id=community_id)
    community = viewed.community
    form = JoinForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            row = services.community_join(
                member=member, community_id=community.pk, message=form.cleaned_data["message"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            if row.state == MembershipState.ACTIVE:
                messages.success(request, _("You joined the community."))
            else:
                messages.success(request, _("Your request to join was sent. The admins will answer it."))
        return redirect(_community_url(community.pk))
    return render(
        request,
        "communities/join.html",
        {"viewed": viewed, "community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def community_leave(request: HttpRequest, community_id: int) -> HttpResponse:
    """Ask, then leave the community (or take back a request to join)."""
    member = _member(request)
    viewed = selectors.community_for_viewer(viewer=member, community_id=community_id)
    if request.method == "POST":
        try:
            services.community_leave(member=member, community_id=viewed.community.pk)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your request to join was taken back.") if viewed.is_pending else _("You left the community."),
            )
        return redirect(_community_url(viewed.community.pk))
    return render(request, "communities/leave.html", {"viewed": viewed, "community": viewed.community})


# --- members ------------------------------------------------------------------------------------------------


@login_required
def community_members(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's members (newest first, `?cursor=`); the admins get buttons to remove and appoint."""
    viewer = _member(request)
    viewed = selectors.community_for_viewer(viewer=viewer, community_id=community_id)
    cursor = request.GET.get("cursor") or None
    context: dict[str, Any] = {"viewed": viewed, "community": viewed.community, "first_page": cursor is None}
    try:
        page = selectors.members_page(viewer=viewer, community=viewed.community, cursor=cursor, limit=MEMBERS_PER_PAGE)
    except Invalid as error:
        context.update(rows=[], cursor_error=error.message)
        return render(request, "communities/members.html", context, status=400)
    return render(
        request,
        "communities/members.html",
        {**context, "rows": _rows(viewed, page.items, viewer), "next_cursor": page.next_cursor},
    )


@login_required
def community_manage(request: HttpRequest, community_id: int) -> HttpResponse:
    """For the admin and sub-admins: requests to join (`?cursor=`), roles offered, barred members (`?bars=`)."""
    viewer = _member(request)
    viewed = selectors.moderator_view(viewer=viewer, community_id=community_id)
    community = viewed.community
    cursor = request.GET.get("cursor") or None
    bars_cursor = request.GET.get("bars") or None
    try:
        requests = selectors.join_requests_page(viewer=viewer, community=community, cursor=cursor)
        bars = selectors.bars_page(viewer=viewer, community=community, cursor=bars_cursor)
    except Invalid as error:
        messages.error(request, error.message)
        return redirect("communities:manage", community_id=community.pk)
    offers: list[RoleOffer] = selectors.offers_of(viewer=viewer, community=community) if viewed.is_admin else []
    return render(
        request,
        "communities/manage.html",
        {
            "viewed": viewed,
            "community": community,
            "requests": [(row, avatar_url(row.member.profile)) for row in requests.items],
            "requests_next": requests.next_cursor,
            "offers": [(offer, avatar_url(offer.member.profile)) for offer in offers],
            "bars": [(bar, avatar_url(bar.member.profile)) for bar in bars.items],
            "bars_next": bars.next_cursor,
            "first_page": cursor is None and bars_cursor is None,
        },
    )


def _act(request: HttpRequest, community_id: int, done: str, action: Callable[..., Any], **kwargs: Any) -> HttpResponse:
    """Run a one-click service for the community (404 if the viewer cannot see it) and say how it went."""
    member = _member(request)
    viewed = selectors.community_for_viewer(viewer=member, community_id=community_id)
    try:
        action(community_id=viewed.community.pk, **kwargs)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_next_or(request, reverse("communities:manage", kwargs={"community_id": viewed.community.pk})))


def _bar(request: HttpRequest) -> bool:
    return request.POST.get("bar") in ("1", "on", "true")


@login_required
@require_POST
def request_approve(request: HttpRequest, community_id: int, member_id: int) -> HttpResponse:
    return _act(
        request,
        community_id,
        _("The member was let in."),
        services.join_request_approve,
        moderator=_member(request),
        member_id=member_id,
    )


@login_required
@require_POST
def request_decline(request: HttpRequest, community_id: int, member_id: int) -> HttpResponse:
    bar = _bar(request)
    return _act(
        request,
        community_id,
        _("The request was declined and the member barred.") if bar else _("The request was declined."),
        services.join_request_decline,
        moderator=_member(request),
        member_id=member_id,
        bar=bar,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, community_id: int, member_id: int) -> HttpResponse:
    bar = _bar(request)
    return _act(
        request,
        community_id,
        _("The member was removed and barred from joining again.") if bar else _("The member was removed."),
        services.member_remove,
        moderator=_member(request),
        member_id=member_id,
        bar=bar,
    )


@login_required
@require_POST
def bar_lift(request: HttpRequest, community_id: int, member_id: int) -> HttpResponse:
    return _act(
        request,
        community_id,
        _("The bar was lifted: the member may join again."),
        services.bar_lift,
        moderator=_member(request),
        member_id=member_id,
    )


@login_required
@require_POST
def role_offer_make(request: HttpRequest, community_id: int, member_id: int) -> HttpResponse:
    role = request.POST.get("role", "")
    return _act(
        request,
        community_id,
        _("The admin role was offered. It is handed over when the member accepts.")
        if role == Role.ADMIN
        else _("The sub-admin role was offered. It takes effect when the member accepts."),
        services.role_offer_make,
        admin=_member(request),
        member_id=member_id,
        role=role,
    )


@login_required
@require_POST
def role_offer_withdraw(request: HttpRequest, community_id: int, member_id: int) -> HttpResponse:
    return _act(
        request,
        community_id,
        _("The offer was withdrawn."),
        services.role_offer_withdraw,
        admin=_member(request),
        member_id=member_id,
    )


@login_required
@require_POST
def sub_admin_demote(request: HttpRequest, community_id: int, member_id: int) -> HttpResponse:
    return _act(
        request,
        community_id,
        _("The sub-admin is an ordinary member again."),
        services.sub_admin_demote,
        admin=_member(request),
        member_id=member_id,
    )


def _after_own_action(request: HttpRequest, community_id: int) -> str:
    return _next_or(request, _community_url(community_id))


@login_required
@require_POST
def role_offer_accept(request: HttpRequest, community_id: int) -> HttpResponse:
    member = _member(request)
    viewed = selectors.community_for_viewer(viewer=member, community_id=community_id)
    try:
        row = services.role_offer_accept(member=member, community_id=viewed.community.pk)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You are now the community's admin.")
            if row.role == Role.ADMIN
            else _("You are now a sub-admin of the community."),
        )
    return redirect(_after_own_action(request, viewed.community.pk))


@login_required
@require_POST
def role_offer_decline(request: HttpRequest, community_id: int) -> HttpResponse:
    member = _member(request)
    viewed = selectors.community_for_viewer(viewer=member, community_id=community_id)
    try:
        services.role_offer_decline(member=member, community_id=viewed.community.pk)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You declined the offer."))
    return redirect(_after_own_action(request, viewed.community.pk))


@login_required
@require_POST
def sub_admin_resign(request: HttpRequest, community_id: int) -> HttpResponse:
    member = _member(request)
    viewed = selectors.community_for_viewer(viewer=member, community_id=community_id)
    try:
        services.sub_admin_resign(member=member, community_id=viewed.community.pk)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You stepped down as sub-admin."))
    return redirect(_community_url(viewed.community.pk))


# --- a member's communities ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommunityRow:
    """A community in a member's list, with its image and category name."""

    community: Community
    row: Membership
    image_url: str | None
    category_name: str


def _community_rows(rows: list[Membership]) -> list[CommunityRow]:
    language = get_language() or "ja"
    return [
        CommunityRow(
            community=row.community,
            row=row,
            image_url=selectors.image_url(row.community),
            category_name=selectors.category_name(row.community.category, language),
        )
        for row in rows
    ]


@login_required
def my_communities(request: HttpRequest) -> HttpResponse:
    """マイコミュニティ: the communities the member is in and the requests they wait on, newest first."""
    member = _member(request)
    cursor = request.GET.get("cursor") or None
    try:
        page = selectors.my_communities_page(member=member, cursor=cursor)
    except Invalid as error:
        messages.error(request, error.message)
        return redirect("communities:mine")
    return render(
        request,
        "communities/mine.html",
        {"rows": _community_rows(page.items), "next_cursor": page.next_cursor, "first_page": cursor is None},
    )


@login_required
def member_communities(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's communities, where their profile's audience for the list lets the viewer see it (404 otherwise)."""
    owner = selectors.member_for_communities(viewer=request.user, member_id=member_id)
    cursor = request.GET.get("cursor") or None
    try:
        page = selectors.communities_of_page(member=owner, cursor=cursor)
    except Invalid as error:
        messages.error(request, error.message)
        return redirect("communities:member", member_id=owner.pk)
    return render(
        request,
        "communities/member.html",
        {
            "owner": owner,
            "rows": _community_rows(page.items),
            "next_cursor": page.next_cursor,
            "first_page": cursor is None,
        },
    )


def member_communities_latest(request: HttpRequest, member_id: int) -> HttpResponse:
    """The member's latest communities, as a fragment the profile page loads (htmx); 404 when not the viewer's to see."""
    owner = selectors.member_for_communities(viewer=request.user, member_id=member_id)
    page = selectors.communities_of_page(member=owner, limit=LATEST_ON_PROFILE)
    return render(
        request,
        "communities/_latest.html",
        {"owner": owner, "rows": _community_rows(page.items), "more": page.next_cursor is not None},
    )


# --- the confirmation page (確認): the parts this app adds -------------------------------------------------


@dataclass(frozen=True)
class JoinRequestRow:
    """A request to join one of the member's communities, as the confirmation page lists it."""

    row: Membership
    avatar_url: str | None


@dataclass(frozen=True)
class OfferRow:
    """A role offered to the member."""

    offer: RoleOffer
    community_image_url: str | None


def confirm_join_requests(member: Member) -> list[JoinRequestRow]:
    return [JoinRequestRow(row, avatar_url(row.member.profile)) for row in selectors.join_requests_waiting(member)]


def confirm_role_offers(member: Member) -> list[OfferRow]:
    return [OfferRow(offer, selectors.image_url(offer.community)) for offer in selectors.role_offers_waiting(member)]
