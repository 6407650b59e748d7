"""Message pages (メッセージ): inbox, sent box and trash, a message with its thread, writing, replying, settings.

Messages are fetched through `messaging.selectors` (404 for any message not in the member's own mailbox,
never 403); writes go through `messaging.services`, whose refusals become form errors or messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.core.errors import Invalid, NotFound, ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.friends.selectors import friends_of
from tsunagu.messaging import selectors, services
from tsunagu.messaging.forms import MessageForm, MessageSettingsForm, reply_subject
from tsunagu.messaging.models import Box, SideState
from tsunagu.profiles.selectors import avatar_url

PER_PAGE = 20
BOX_URL_NAMES = {Box.INBOX: "messaging:inbox", Box.SENT: "messaging:sent", Box.TRASH: "messaging:trash"}


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _detail_url(message_id: int) -> str:
    return reverse("messaging:detail", kwargs={"message_id": message_id})


@dataclass(frozen=True)
class Row:
    """A message as a box lists it: with the other member's avatar, when the viewer may see them."""

    item: selectors.MailboxMessage
    avatar_url: str | None


def _rows(items: list[selectors.MailboxMessage]) -> list[Row]:
    return [Row(item, avatar_url(item.other.profile) if item.other else None) for item in items]


# --- boxes ---------------------------------------------------------------------------------------------


def _box(request: HttpRequest, box: Box) -> HttpResponse:
    """One page of a box, newest first (`?cursor=` for older ones)."""
    member = _member(request)
    cursor = request.GET.get("cursor") or None
    context = {"box": box, "box_url": reverse(BOX_URL_NAMES[box]), "first_page": cursor is None}
    try:
        page = selectors.box_page(member=member, box=box, cursor=cursor, limit=PER_PAGE)
    except Invalid as error:
        return render(request, "messaging/box.html", {**context, "rows": [], "cursor_error": error.message}, status=400)
    return render(
        request, "messaging/box.html", {**context, "rows": _rows(page.items), "next_cursor": page.next_cursor}
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return _box(request, Box.INBOX)


@login_required
def sent(request: HttpRequest) -> HttpResponse:
    return _box(request, Box.SENT)


@login_required
def trash(request: HttpRequest) -> HttpResponse:
    return _box(request, Box.TRASH)


# --- one message ---------------------------------------------------------------------------------------


@login_required
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    """A message with the rest of its conversation that the member still has; opening it marks it read."""
    member = _member(request)
    item = selectors.message_for_member(member=member, message_id=message_id)
    services.message_read(member=member, message=item.message)
    thread = selectors.thread_for_member(member=member, message=item.message)
    return render(
        request,
        "messaging/detail.html",
        {
            "item": item,
            "sender_avatar": avatar_url(item.sender.profile) if item.sender else None,
            "thread": thread if len(thread) > 1 else [],
            "in_trash": item.state == SideState.TRASHED,
            "box_url": reverse(BOX_URL_NAMES[Box(item.box)]),
        },
    )


# --- writing -------------------------------------------------------------------------------------------


def _send(request: HttpRequest, form: MessageForm, *, to: int | None, in_reply_to: int | None) -> HttpResponse | None:
    """Send the posted form; the redirect to the new message, or None with the refusal on the form."""
    try:
        message = services.message_send(
            sender=_member(request),
            to=to if to is not None else form.cleaned_data["to"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            in_reply_to=in_reply_to,
        )
    except ServiceError as error:
        form_add_service_error(form, error)
        return None
    messages.success(request, _("Your message was sent."))
    return redirect(_detail_url(message.pk))


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    """Write a message: to the member named by `?to=` (from their profile), or to a friend chosen on the page."""
    member = _member(request)
    raw_to = request.GET.get("to")
    addressee = None
    if raw_to:
        addressee = selectors.addressee_for(sender=member, member_id=raw_to)  # 404: nobody the member may know
    friends = None if addressee else list(friends_of(member))
    form = MessageForm(request.POST or None, friends=friends)
    can_send = addressee is None or addressee.allowed
    if request.method == "POST" and can_send and form.is_valid():
        sent = _send(request, form, to=addressee.member.pk if addressee else None, in_reply_to=None)
        if sent is not None:
            return sent
    return render(
        request,
        "messaging/form.html",
        {
            "form": form,
            "addressee": addressee,
            "refusal": _refusal_text(addressee),
            "addressee_avatar": avatar_url(addressee.member.profile) if addressee else None,
            "no_friends": friends == [],
        },
        status=400 if form.errors else 200,
    )


def _refusal_text(addressee: selectors.Addressee | None) -> str:
    """Why the member may not write to this addressee, for the page (the same words as the service's)."""
    error = services.refusal_error(addressee) if addressee else None
    return error.message if error else ""


@login_required
def reply(request: HttpRequest, message_id: int) -> HttpResponse:
    """Answer a message in one's mailbox: to its other member, in the same conversation."""
    member = _member(request)
    item = selectors.message_for_member(member=member, message_id=message_id)
    other = item.other
    if other is None:
        # The other member has closed their account or blocked the member: there is nobody to answer.
        messages.error(request, _("You cannot reply to this message."))
        return redirect(_detail_url(item.message.pk))
    addressee = selectors.addressee_for(sender=member, member_id=other.pk)
    initial = {"subject": reply_subject(item.message.subject)}
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and addressee.allowed and form.is_valid():
        sent = _send(request, form, to=other.pk, in_reply_to=item.message.pk)
        if sent is not None:
            return sent
    return render(
        request,
        "messaging/form.html",
        {
            "form": form,
            "addressee": addressee,
            "refusal": _refusal_text(addressee),
            "addressee_avatar": avatar_url(other.profile),
            "replying_to": item,
        },
        status=400 if form.errors else 200,
    )


# --- trash, restore, delete for good -------------------------------------------------------------------


@login_required
@require_POST
def message_trash(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        message = services.message_trash(member=_member(request), message_id=message_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The message was moved to the trash."))
    return redirect("messaging:sent" if message.sender_id == request.user.pk else "messaging:inbox")


@login_required
@require_POST
def message_restore(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        services.message_restore(member=_member(request), message_id=message_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The message was taken out of the trash."))
    return redirect("messaging:trash")


@login_required
def message_delete(request: HttpRequest, message_id: int) -> HttpResponse:
    """Ask, then delete a message in one's trash for good (for oneself; the other member keeps theirs)."""
    member = _member(request)
    item = selectors.message_for_member(member=member, message_id=message_id)
    if request.method == "POST":
        try:
            services.message_delete_for_good(member=member, message_id=item.message.pk)
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(_detail_url(item.message.pk))
        messages.success(request, _("The message was deleted for good."))
        return redirect("messaging:trash")
    if item.state != SideState.TRASHED:
        return redirect(_detail_url(item.message.pk))
    return render(request, "messaging/delete.html", {"item": item})


# --- settings ------------------------------------------------------------------------------------------


@login_required
def message_settings(request: HttpRequest) -> HttpResponse:
    """Choose who may send one messages: any member (the default) or friends only."""
    member = _member(request)
    current = selectors.message_settings_of(member)
    form = MessageSettingsForm(request.POST or None, initial={"accept_from": current.accept_from})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_settings_update(member=member, accept_from=form.cleaned_data["accept_from"])
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your message settings were saved."))
            return redirect("messaging:settings")
    return render(request, "messaging/settings.html", {"form": form}, status=400 if form.errors else 200)
