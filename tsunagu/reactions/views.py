"""イイネ! pages for every reactable kind: give or withdraw one (a form, or htmx swapping the button), and who gave one.

The item is always fetched for the viewer through the registry first, so a hidden item is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.errors import NotFound, ServiceError
from tsunagu.profiles.selectors import avatar_url
from tsunagu.reactions import selectors, services
from tsunagu.reactions.registry import reactable

REACTORS_PER_PAGE = 50


def _safe_next(request: HttpRequest) -> str:
    """The `next` the page sent, when it is a place on this site; else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return ""


def _item_for_viewer(viewer: policy.Viewer, kind: str, item_id: int) -> Any:
    try:
        return reactable(kind).item_for_viewer(viewer, item_id)
    except (Http404, NotFound):
        raise Http404 from None


def iine_context(*, viewer: policy.Viewer, kind: str, item_id: int, next_url: str) -> dict[str, Any]:
    """What `reactions/_iine.html` needs for one item (two queries)."""
    return {
        "kind": kind,
        "item_id": item_id,
        "count": selectors.iine_counts(viewer=viewer, kind=kind, item_ids=[item_id]).get(item_id, 0),
        "given": item_id in selectors.iine_given(viewer=viewer, kind=kind, item_ids=[item_id]),
        "next": next_url,
    }


def _iine(request: HttpRequest, kind: str, item_id: int, action: Callable[..., bool]) -> HttpResponse:
    member = request.user
    assert isinstance(member, Member)
    try:
        action(member=member, kind=kind, item_id=item_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    target = _safe_next(request)
    if request.headers.get("HX-Request") == "true":
        context = iine_context(viewer=member, kind=kind, item_id=item_id, next_url=target)
        return render(request, "reactions/_iine.html", context)
    if not target:
        return redirect(reverse("reactions:list", kwargs={"kind": kind, "item_id": item_id}))
    # Back to the same button on the page the member came from.
    return redirect(target if "#" in target else f"{target}#iine-{kind}-{item_id}")


@login_required
@require_POST
def iine_add(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    return _iine(request, kind, item_id, services.iine_add)


@login_required
@require_POST
def iine_withdraw(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    return _iine(request, kind, item_id, services.iine_withdraw)


def reactors_list(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """Who said イイネ! to an item the viewer may see, newest first; only members the viewer may know exist."""
    item = _item_for_viewer(request.user, kind, item_id)
    page = Paginator(selectors.reactors(viewer=request.user, kind=kind, item_id=item.pk), REACTORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(reaction, avatar_url(reaction.member.profile)) for reaction in page.object_list]
    return render(request, "reactions/list.html", {"page": page, "rows": rows, "back": _safe_next(request)})
