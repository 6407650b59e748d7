"""Footprint pages: who came by (the owner's own only), the footprints one left, and the opt-out setting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.core.errors import NotFound, ServiceError
from tsunagu.core.models import SiteSettings
from tsunagu.footprints import selectors, services
from tsunagu.profiles.selectors import avatar_url


def _member(request: HttpRequest) -> Member:
    member = request.user
    assert isinstance(member, Member)
    return member


@login_required
def footprints(request: HttpRequest) -> HttpResponse:
    """あしあと: the signed-in member's own visitors, one line per visitor per day."""
    member = _member(request)
    opt_out_allowed = SiteSettings.load().footprint_opt_out_allowed
    lines = [(line, avatar_url(line.visitor.profile)) for line in selectors.footprint_days(owner=member)]
    return render(
        request,
        "footprints/list.html",
        {
            "lines": lines,
            "total": selectors.footprint_total(owner=member),
            "opt_out_allowed": opt_out_allowed,
            "leave_footprints": selectors.leaves_footprints(member=member) if opt_out_allowed else True,
        },
    )


@login_required
def footprints_left(request: HttpRequest) -> HttpResponse:
    """The footprints the member left, each deletable within the monthly allowance."""
    member = _member(request)
    return render(
        request,
        "footprints/left.html",
        {
            "footprints": selectors.footprints_left(visitor=member),
            "deletions_left": services.deletions_left(visitor=member),
        },
    )


@login_required
@require_POST
def footprint_delete(request: HttpRequest, footprint_id: int) -> HttpResponse:
    try:
        services.footprint_delete(visitor=_member(request), footprint_id=footprint_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The footprint was deleted."))
    return redirect("footprints:left")


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    leave = request.POST.get("leave_footprints") == "on"
    try:
        services.footprint_preference_set(member=_member(request), leave_footprints=leave)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your footprint setting was saved."))
    return redirect("footprints:mine")
