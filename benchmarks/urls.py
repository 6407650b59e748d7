"""The site's URLs plus the ceilings every benchmark is measured against, served the same way."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member

# The table of the insert ceiling, made by the suite before it starts the server (no model, no migration).
INSERT_TABLE = {
    "sqlite": "CREATE TABLE IF NOT EXISTS bench_insert "
    "(id INTEGER PRIMARY KEY AUTOINCREMENT, written_at TEXT NOT NULL, note TEXT NOT NULL)",
    "postgresql": "CREATE TABLE IF NOT EXISTS bench_insert "
    "(id BIGSERIAL PRIMARY KEY, written_at TIMESTAMPTZ NOT NULL, note TEXT NOT NULL)",
}


def bare(request: HttpRequest) -> HttpResponse:
    """Ceiling 1: the cheapest Django view, through the full middleware stack."""
    return HttpResponse("ok")


def orm20(request: HttpRequest) -> JsonResponse:
    """Ceiling 2: a plain 20-row ORM page (members with their profiles)."""
    rows = Member.objects.select_related("profile").order_by("pk")[:20]
    return JsonResponse({"items": [{"id": m.pk, "nickname": m.nickname, "avatar": m.profile.avatar} for m in rows]})


@csrf_exempt
@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    """Ceiling 3, for writes: one raw single-row INSERT, committed on its own."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (written_at, note) VALUES (%s, %s)", [timezone.now(), "ベンチ"])
    return HttpResponse(status=201)


urlpatterns = [
    path("_bench/bare", bare),
    path("_bench/orm20", orm20),
    path("_bench/insert", insert),
    path("", include("tsunagu.urls")),
]
