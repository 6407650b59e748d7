"""The JSON API at /api/v1/: authentication (session with CSRF, bearer tokens) and error format.

Every error is `{"error": {"code", "message", "fields"?}}` in the caller's language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tsunagu.core.api_auth import SIGNED_IN
from tsunagu.core.errors import ServiceError

api = NinjaAPI(
    title="tsunagu API",
    version="1",
    urls_namespace="api",
    auth=SIGNED_IN,
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return api.create_response(request, {"error": body}, status=status)


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_type", "str_type"):
        return _("Enter text.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Give a JSON object.")
    if kind == "extra_forbidden":
        return _("This field is not part of the request.")
    if kind.startswith("int"):
        return _("Enter a whole number.")
    return _("This value is not valid.")


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        fields.setdefault(".".join(location) or "body", []).append(_pydantic_message(error))
    return error_response(request, 422, "invalid", _("Please check the marked fields."), fields)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, exc.fields or None)


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", _("Please log in or send a valid API token."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return error_response(request, 400, "bad_request", _("The request body is not valid JSON."))
    if exc.status_code == 403 and "CSRF" in str(exc):
        return error_response(
            request, 403, "csrf", _("The CSRF token is missing or wrong. Reload the page and try again.")
        )
    return error_response(request, exc.status_code, "error", str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Raised by Django when the body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE; without this it is an HTML 400.
    return error_response(request, 413, "too_large", _("The request is too large."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", _("Not found."))


def register_routers() -> None:
    from tsunagu.accounts.api import router as accounts_router
    from tsunagu.communities.api import router as communities_router
    from tsunagu.communities.moderation_api import router as community_moderation_router
    from tsunagu.communities.search_api import router as community_search_router
    from tsunagu.communities.topic_api import router as topics_router
    from tsunagu.diary.api import router as diary_router
    from tsunagu.feed.api import router as feed_router
    from tsunagu.footprints.api import router as footprints_router
    from tsunagu.friends.api import router as friends_router
    from tsunagu.messaging.api import router as messaging_router
    from tsunagu.notifications.api import router as notifications_router
    from tsunagu.profiles.api import router as profiles_router
    from tsunagu.voice.api import router as voice_router

    api.add_router("", accounts_router)
    api.add_router("", profiles_router)
    api.add_router("", friends_router)
    api.add_router("", footprints_router)
    api.add_router("", diary_router)
    api.add_router("", notifications_router)
    api.add_router("", messaging_router)
    api.add_router("", voice_router)
    api.add_router("", feed_router)
    api.add_router("", communities_router)
    api.add_router("", community_search_router)
    api.add_router("", community_moderation_router)
    api.add_router("", topics_router)


register_routers()
