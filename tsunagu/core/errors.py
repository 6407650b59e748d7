"""Errors raised by services, carrying a message for the member and per-field details.

Views turn them into form errors; the API turns them into `{"error": {...}}` responses.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str | Promise,
        *,
        fields: dict[str, list[str]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.fields = {name: [str(m) for m in messages] for name, messages in (fields or {}).items()}
        if code:
            self.code = code


class Invalid(ServiceError):
    status = 422
    code = "invalid"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class TooManyRequests(ServiceError):
    status = 429
    code = "too_many_requests"


class Unauthenticated(ServiceError):
    status = 401
    code = "unauthenticated"


def raise_if_invalid(errors: dict[str, list[str]]) -> None:
    """Raise `Invalid` with the per-field messages collected by a service, if there are any."""
    if errors:
        raise Invalid(_("Please check the marked fields."), fields=errors)
