"""Long-lived sign-ins: a member who comes back at least once every `SESSION_COOKIE_AGE` stays signed in.

Django keeps a session for `SESSION_COOKIE_AGE` (30 days) after it was last saved, and saves it only when it
changes, so an active member would still be signed out 30 days after signing in — and a surge of visitors
(an earthquake, a broadcast) would then also be a surge of log-ins, each a deliberately slow password hash.
`SessionRenewalMiddleware` saves a signed-in member's session again once it is `SESSION_RENEW_AFTER` old:
one session write per member per day, the expiry moved 30 days on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_tsunagu_renewed_at"


@receiver(user_logged_in)
def session_started(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A new sign-in counts as renewed now (its session is being saved anyway)."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())


class SessionRenewalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        # Only a sign-in kept in the session is renewed: an API call with a bearer token has none, and must not
        # start one (a session row and a cookie on every call).
        if request.user.is_authenticated and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_AFTER:
                session[RENEWED_AT] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response
