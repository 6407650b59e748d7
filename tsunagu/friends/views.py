"""Friends pages: friend lists, requests and the confirmation page (確認), intros, friend groups, blocks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.core.errors import NotFound, ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.friends import selectors, services
from tsunagu.friends.forms import FriendGroupForm, FriendRequestForm, IntroForm
from tsunagu.friends.models import FriendRequest
from tsunagu.profiles.selectors import avatar_url

FRIENDS_PER_PAGE = 50


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _next_or(request: HttpRequest, default: str) -> str:
    """Where to go after an action: the form's `next` when it is a path on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def _profile_url(member_id: int, anchor: str = "") -> str:
    return reverse("profiles:detail", kwargs={"member_id": member_id}) + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class MemberCard:
    """A member as shown in a list: the member and their avatar's address."""

    member: Member
    avatar_url: str | None


def _cards(members: Iterable[Member]) -> list[MemberCard]:
    return [MemberCard(member, avatar_url(member.profile)) for member in members]


def _page(request: HttpRequest, members: Any) -> tuple[Page[Any], list[MemberCard]]:
    page = Paginator(members, FRIENDS_PER_PAGE).get_page(request.GET.get("page"))
    return page, _cards(page.object_list)


# --- friend lists --------------------------------------------------------------------------------------


@login_required
def my_friends(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    page, cards = _page(request, selectors.friends_of(member))
    return render(request, "friends/mine.html", {"page": page, "cards": cards})


def member_friends(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's friend list, as far as its audience and blocks let the viewer see it (else 404)."""
    member, friends = selectors.friends_for_viewer(viewer=request.user, member_id=member_id)
    page, cards = _page(request, friends)
    footprint_record(owner=member, visitor=request.user, page=FootprintPage.FRIEND_LIST)
    return render(request, "friends/list.html", {"owner": member, "page": page, "cards": cards})


# --- requests --------------------------------------------------------------------------------------------


@login_required
def friend_request(request: HttpRequest, member_id: int) -> HttpResponse:
    """Ask a member to become friends, with an optional message (the form is also on the profile page)."""
    sender = _member(request)
    recipient = selectors.member_for_viewer(viewer=sender, member_id=member_id)
    form = FriendRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.friend_request_send(sender=sender, recipient_id=recipient.pk, message=form.cleaned_data["message"])
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your friend request was sent."))
            return redirect(_profile_url(recipient.pk))
    return render(
        request,
        "friends/request.html",
        {"recipient": recipient, "form": form, "avatar_url": avatar_url(recipient.profile)},
        status=400 if form.errors else 200,
    )


def _answer(
    request: HttpRequest, request_id: int, action: Callable[..., Any], done: str, **kwargs: Any
) -> HttpResponse:
    try:
        action(request_id=request_id, **kwargs)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_next_or(request, reverse("friends:confirm")))


@login_required
@require_POST
def friend_request_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    return _answer(
        request,
        request_id,
        services.friend_request_accept,
        _("You are now friends."),
        recipient=_member(request),
    )


@login_required
@require_POST
def friend_request_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    return _answer(
        request,
        request_id,
        services.friend_request_decline,
        _("The request was declined. The sender is not told."),
        recipient=_member(request),
    )


@login_required
@require_POST
def friend_request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    return _answer(
        request,
        request_id,
        services.friend_request_cancel,
        _("Your friend request was cancelled."),
        sender=_member(request),
    )


# --- the confirmation page (確認) -------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfirmSection:
    """One kind of thing waiting for the member's answer, drawn by its own template."""

    key: str
    title: str
    template: str
    items: list[Any]


@dataclass(frozen=True)
class RequestRow:
    """A friend request as listed: the request, the member on the other side and their avatar."""

    request: FriendRequest
    member: Member
    avatar_url: str | None


def _friend_requests_section(member: Member) -> ConfirmSection:
    rows = [RequestRow(r, r.sender, avatar_url(r.sender.profile)) for r in selectors.incoming_requests(member)]
    return ConfirmSection("friend_requests", _("Friend requests"), "friends/confirm/friend_requests.html", rows)


def _community_requests_section(member: Member) -> ConfirmSection:
    from tsunagu.communities.views import confirm_join_requests

    return ConfirmSection(
        "community_requests",
        _("Requests to join your communities"),
        "communities/confirm/join_requests.html",
        confirm_join_requests(member),
    )


def _community_offers_section(member: Member) -> ConfirmSection:
    from tsunagu.communities.views import confirm_role_offers

    return ConfirmSection(
        "community_offers",
        _("Community roles offered to you"),
        "communities/confirm/role_offers.html",
        confirm_role_offers(member),
    )


# Later kinds add a function here and their querysets to `selectors.pending_count`.
CONFIRM_SECTIONS: list[Callable[[Member], ConfirmSection]] = [
    _friend_requests_section,
    _community_requests_section,
    _community_offers_section,
]


@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    sections = [section(member) for section in CONFIRM_SECTIONS]
    # A declined request is listed exactly like one still waiting: the sender is never told.
    outgoing = [
        RequestRow(r, r.recipient, avatar_url(r.recipient.profile)) for r in selectors.outgoing_requests(member)
    ]
    return render(
        request,
        "friends/confirm.html",
        {"sections": sections, "waiting": any(s.items for s in sections), "outgoing": outgoing},
    )


# --- removing a friend, blocks ------------------------------------------------------------------------------


@login_required
def friend_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    """Ask, then remove a friend (silently, on both sides)."""
    member = _member(request)
    if request.method == "POST":
        try:
            services.friend_remove(member=member, friend_id=member_id)
        except NotFound:
            raise Http404 from None
        messages.success(request, _("The friend was removed."))
        return redirect(_next_or(request, reverse("friends:mine")))
    friend = selectors.member_for_viewer(viewer=member, member_id=member_id)
    if not selectors.friend_status(viewer=member, member=friend).is_friend:
        raise Http404
    return render(request, "friends/remove.html", {"friend": friend, "next": _next_or(request, "")})


@login_required
def block(request: HttpRequest, member_id: int) -> HttpResponse:
    """Ask, then block a member (アクセスブロック); they are not told."""
    blocker = _member(request)
    blocked = selectors.member_for_viewer(viewer=blocker, member_id=member_id)
    if blocked.pk == blocker.pk:
        raise Http404
    if request.method == "POST":
        try:
            services.block_create(blocker=blocker, blocked_id=blocked.pk)
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You blocked %(name)s.") % {"name": blocked.nickname})
        return redirect(_profile_url(blocked.pk))
    return render(request, "friends/block.html", {"member": blocked})


@login_required
def unblock(request: HttpRequest, member_id: int) -> HttpResponse:
    """Ask, then unblock. The POST needs no view of the member: one may lift a block whatever the other did."""
    blocker = _member(request)
    if request.method == "POST":
        try:
            services.block_remove(blocker=blocker, blocked_id=member_id)
        except NotFound:
            raise Http404 from None
        messages.success(request, _("The block was lifted."))
        return redirect(_next_or(request, reverse("friends:blocks")))
    blocked = selectors.member_for_viewer(viewer=blocker, member_id=member_id)
    if not selectors.friend_status(viewer=blocker, member=blocked).blocked_by_viewer:
        raise Http404
    return render(request, "friends/unblock.html", {"member": blocked, "next": _next_or(request, "")})


@login_required
def blocks(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    rows = [(b, avatar_url(b.blocked.profile)) for b in selectors.blocks_of(member)]
    return render(request, "friends/blocks.html", {"rows": rows})


# --- intros (紹介文) ------------------------------------------------------------------------------------------


@login_required
def intro_write(request: HttpRequest, member_id: int) -> HttpResponse:
    """Write or rewrite one's intro for a friend (the form is also on their profile page)."""
    author = _member(request)
    subject = selectors.member_for_viewer(viewer=author, member_id=member_id)
    if subject.pk == author.pk:
        raise Http404
    form = IntroForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intro_write(author=author, subject_id=subject.pk, body=form.cleaned_data["body"])
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your introduction was saved."))
            return redirect(_profile_url(subject.pk, "intros"))
    return render(request, "friends/intro.html", {"subject": subject, "form": form}, status=400 if form.errors else 200)


def _intro_hidden(request: HttpRequest, member_id: int, intro_id: int, *, hidden: bool) -> HttpResponse:
    try:
        services.intro_set_hidden(subject=_member(request), intro_id=intro_id, hidden=hidden)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The introduction is hidden.") if hidden else _("The introduction is shown again."))
    return redirect(_profile_url(member_id, "intros"))


@login_required
@require_POST
def intro_hide(request: HttpRequest, member_id: int, intro_id: int) -> HttpResponse:
    return _intro_hidden(request, member_id, intro_id, hidden=True)


@login_required
@require_POST
def intro_unhide(request: HttpRequest, member_id: int, intro_id: int) -> HttpResponse:
    return _intro_hidden(request, member_id, intro_id, hidden=False)


@login_required
@require_POST
def intro_delete(request: HttpRequest, member_id: int, intro_id: int) -> HttpResponse:
    try:
        services.intro_delete(member=_member(request), intro_id=intro_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The introduction was deleted."))
    return redirect(_profile_url(member_id, "intros"))


# --- friend groups ----------------------------------------------------------------------------------------


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    """The member's friend groups; names and members are theirs alone to see."""
    return render(request, "friends/groups.html", {"groups": selectors.friend_groups_of(_member(request))})


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    owner = _member(request)
    form = FriendGroupForm(request.POST or None, friends=list(selectors.friends_of(owner)))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.friend_group_create(
                owner=owner, name=form.cleaned_data["name"], members=form.cleaned_data["members"]
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The group %(name)s was created.") % {"name": group.name})
            return redirect("friends:groups")
    return render(request, "friends/group_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    owner = _member(request)
    group = selectors.friend_group_for_owner(owner=owner, group_id=group_id)
    initial = {"name": group.name, "members": [m.pk for m in group.members.all()]}
    form = FriendGroupForm(request.POST or None, initial=initial, friends=list(selectors.friends_of(owner)))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.friend_group_update(
                owner=owner, group_id=group.pk, name=form.cleaned_data["name"], members=form.cleaned_data["members"]
            )
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The group %(name)s was saved.") % {"name": group.name})
            return redirect("friends:groups")
    return render(
        request, "friends/group_form.html", {"form": form, "group": group}, status=400 if form.errors else 200
    )


@login_required
def group_delete(request: HttpRequest, group_id: int) -> HttpResponse:
    owner = _member(request)
    group = selectors.friend_group_for_owner(owner=owner, group_id=group_id)
    if request.method == "POST":
        try:
            services.friend_group_delete(owner=owner, group_id=group.pk)
        except NotFound:
            raise Http404 from None
        messages.success(request, _("The group %(name)s was deleted.") % {"name": group.name})
        return redirect("friends:groups")
    return render(request, "friends/group_delete.html", {"group": group})
