"""The site's URLs plus the ceilings every benchmark is measured against, served the same way."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path

from tsunagu.accounts.models import Member


def bare(request: HttpRequest) -> HttpResponse:
    """Ceiling 1: the cheapest Django view, through the full middleware stack."""
    return HttpResponse("ok")


def orm20(request: HttpRequest) -> JsonResponse:
    """Ceiling 2: a plain 20-row ORM page (members with their profiles)."""
    rows = Member.objects.select_related("profile").order_by("pk")[:20]
    return JsonResponse({"items": [{"id": m.pk, "nickname": m.nickname, "avatar": m.profile.avatar} for m in rows]})


urlpatterns = [
    path("_bench/bare", bare),
    path("_bench/orm20", orm20),
    path("", include("tsunagu.urls")),
]
