"""Handles (@handle): the short, unique, case-insensitive name used in mentions and shown in the API."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.profiles.fields import FieldError

HANDLE_MIN_LENGTH = 3
HANDLE_MAX_LENGTH = 20
HANDLE_PATTERN = re.compile(r"[a-z0-9_]{3,20}")
# Names that would read as the site speaking, or collide with paths.
RESERVED = frozenset(
    {
        "admin",
        "administrator",
        "api",
        "help",
        "info",
        "me",
        "member",
        "members",
        "moderator",
        "null",
        "operator",
        "root",
        "settings",
        "staff",
        "support",
        "system",
        "tsunagu",
        "unknown",
    }
)


def handle_clean(raw: Any) -> str:
    """A valid handle (lower-cased, without a leading @), or FieldError with a message for the member."""
    if not isinstance(raw, str):
        raise FieldError(_("Enter text."))
    handle = raw.strip().removeprefix("@").removeprefix("＠").lower()
    if not HANDLE_PATTERN.fullmatch(handle):
        raise FieldError(
            _("Use %(min)d to %(max)d characters: letters a–z, digits and _.")
            % {"min": HANDLE_MIN_LENGTH, "max": HANDLE_MAX_LENGTH}
        )
    if handle in RESERVED:
        raise FieldError(_("This handle is reserved. Please choose another."))
    return handle


def handle_taken(handle: str, *, exclude_pk: Any = None) -> bool:
    from tsunagu.accounts.models import Member

    return Member.objects.filter(handle=handle).exclude(pk=exclude_pk).exists()


def handle_derive(email: str) -> str:
    """A free handle made from the e-mail address's local part (hanako.sato@… → hanako_sato), with digits if taken."""
    base = re.sub(r"[^a-z0-9_]+", "_", email.split("@")[0].lower()).strip("_")[: HANDLE_MAX_LENGTH - 5]
    if len(base) < HANDLE_MIN_LENGTH or base in RESERVED:
        base = f"member_{base}".strip("_")[: HANDLE_MAX_LENGTH - 5]
    if not handle_taken(base):
        return base
    while True:
        candidate = f"{base}_{secrets.randbelow(10_000):04d}"
        if not handle_taken(candidate):
            return candidate
