"""Notification pages (お知らせ): the list (opening an item marks it read), mark all as read, and settings.

Every page works without JavaScript: opening is a link that marks the notification read and goes on to
its target; the rest are plain forms.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.core.errors import Invalid
from tsunagu.notifications import selectors, services
from tsunagu.notifications.models import NotificationKind
from tsunagu.profiles.selectors import avatar_url


def _member(request: HttpRequest) -> Member:
    member = request.user
    assert isinstance(member, Member)
    return member


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The member's notifications, newest first, a page at a time (`?cursor=`); unread ones stand out."""
    member = _member(request)
    cursor = request.GET.get("cursor") or None
    try:
        page = selectors.notifications_page(recipient=member, cursor=cursor)
    except Invalid as error:
        return render(request, "notifications/list.html", {"rows": [], "cursor_error": error.message}, status=400)
    rows = [(item, avatar_url(item.actor.profile) if item.actor else None) for item in page.items]
    return render(
        request,
        "notifications/list.html",
        {"rows": rows, "next_cursor": page.next_cursor, "first_page": cursor is None},
    )


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one of the member's notifications read and go to what it is about (404 when it is not shown)."""
    member = _member(request)
    item = selectors.notification_for_recipient(recipient=member, notification_id=notification_id)
    if not item.is_read:
        services.notifications_read(member=member, ids=[item.pk])
    return redirect(item.shown.url)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_read(member=_member(request), everything=True)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Which kinds of notification the member gets, and the daily e-mail digest."""
    member = _member(request)
    if request.method == "POST":
        chosen = set(request.POST.getlist("kinds"))
        services.notification_settings_update(
            member=member,
            kinds={kind: kind in chosen for kind in NotificationKind.values},
            digest=request.POST.get("digest") == "on",
        )
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:settings")
    current = selectors.notification_settings(member=member)
    kinds = [(kind, label, kind not in current.muted) for kind, label in NotificationKind.choices]
    return render(request, "notifications/settings.html", {"kinds": kinds, "digest": current.digest})
