"""API authentication: bearer tokens, the browser session (with CSRF), and anonymous visitors."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from tsunagu.accounts.models import Member


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Member | None:
        from tsunagu.accounts.services import api_token_member

        member = api_token_member(token)
        if member is None:
            # A token that is sent but not valid is an error, not an anonymous visit.
            raise AuthenticationError()
        request.user = member
        translation.activate(member.language)
        request.LANGUAGE_CODE = member.language
        request.api_token = token  # type: ignore[attr-defined]
        return member


class Session(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Member | None:
        member = super().authenticate(request, key)
        return member if member is not None and member.is_active else None


def anyone(request: HttpRequest) -> AnonymousUser:
    """For endpoints open to visitors: the viewer is anonymous when no credential was given."""
    return AnonymousUser()


SIGNED_IN = [BearerToken(), Session()]
ANYONE = [*SIGNED_IN, anyone]
