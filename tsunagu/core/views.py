"""Site-wide pages: home, language switch, health check, media in the embedded shape."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found
from django.views.i18n import set_language as django_set_language

from tsunagu.accounts.services import member_language_set
from tsunagu.feed.views import news_feed


def home(request: HttpRequest) -> HttpResponse:
    """The news feed (最新情報) for a signed-in member; the welcome page for visitors."""
    if request.user.is_authenticated:
        return news_feed(request)
    return render(request, "core/welcome.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language: kept on the member when signed in, in a cookie for visitors."""
    if request.user.is_authenticated:
        member_language_set(member=request.user, language=request.POST.get("language", ""))
    return django_set_language(request)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 as JSON in the API's error format under /api/, as the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": gettext("Not found.")}}, status=404)
    return page_not_found(request, exception)


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor, "tasks": settings.TASK_BACKEND})
