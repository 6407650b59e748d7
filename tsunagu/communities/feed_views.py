"""The per-community switch for the news feed (最新情報に表示): whether a community's new topics and events
appear in one's feed. Active members only (404 for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tsunagu.accounts.models import Member
from tsunagu.communities import feed_source, selectors
from tsunagu.core.errors import ServiceError


@login_required
def feed_switch(request: HttpRequest, community_id: int) -> HttpResponse:
    """GET: the switch as it stands; POST `in_feed` = 1 or 0: turn it on or off, then back to `next`."""
    member = request.user
    assert isinstance(member, Member)
    viewed = selectors.community_for_viewer(viewer=member, community_id=community_id)
    row = feed_source.membership_for_switch(member=member, community_id=viewed.community.pk)
    if row is None:
        raise Http404
    if request.method == "POST":
        try:
            row = feed_source.in_feed_set(
                member=member, community_id=viewed.community.pk, in_feed=request.POST.get("in_feed") == "1"
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("New topics and events of this community appear in your news feed.")
                if row.in_feed
                else _("New topics and events of this community no longer appear in your news feed."),
            )
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
            target = request.path
        return redirect(target)
    return render(request, "communities/feed_switch.html", {"community": viewed.community, "membership": row})
