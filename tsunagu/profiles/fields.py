"""The profile fields: one description of each, shared by forms, the API and the pages."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.accounts.models import Member
from tsunagu.core.audience import PERSONAL_AUDIENCES, Audience
from tsunagu.core.prefectures import PREFECTURE_CHOICES
from tsunagu.profiles.models import INTERESTS_MAX_LENGTH, TEXT_FIELD_MAX_LENGTH, Gender


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: Promise
    kind: str  # "choice", "date" or "text"
    choices: tuple[tuple[str, Any], ...] = ()
    max_length: int = 0

    @property
    def audience_attr(self) -> str:
        return f"{self.name}_audience"

    def display(self, value: Any) -> str:
        """The value as a person reads it."""
        if self.kind == "choice":
            return str(dict(self.choices).get(value, value))
        return str(value)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("gender", gettext_lazy("Gender"), "choice", tuple(Gender.choices)),
    FieldSpec("birthday", gettext_lazy("Birthday"), "date"),
    FieldSpec("current_prefecture", gettext_lazy("Lives in"), "choice", tuple(PREFECTURE_CHOICES)),
    FieldSpec("home_prefecture", gettext_lazy("Hometown"), "choice", tuple(PREFECTURE_CHOICES)),
    FieldSpec("school", gettext_lazy("School"), "text", max_length=TEXT_FIELD_MAX_LENGTH),
    FieldSpec("workplace", gettext_lazy("Workplace"), "text", max_length=TEXT_FIELD_MAX_LENGTH),
    FieldSpec("interests", gettext_lazy("Interests"), "text", max_length=INTERESTS_MAX_LENGTH),
)
FIELDS_BY_NAME = {spec.name: spec for spec in FIELDS}
OLDEST_BIRTHDAY = datetime.date(1900, 1, 1)
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class FieldError(ValueError):
    """A field value or audience a member gave that we cannot store; the message says why."""


def clean_text(value: str, *, max_length: int, multiline: bool = False) -> str:
    """Normalise to NFC, drop control characters (keeping line breaks when multiline), trim."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(
        ch for ch in value if (multiline and ch == "\n") or ch == "\t" or unicodedata.category(ch) != "Cc"
    ).strip()
    if len(kept) > max_length:
        raise FieldError(
            _("Please use at most %(max)d characters (you used %(count)d).") % {"max": max_length, "count": len(kept)}
        )
    return kept


def parse_value(spec: FieldSpec, raw: Any) -> Any:
    """The stored form of a field value, or FieldError. None and "" clear the field."""
    if raw is None or raw == "":
        return None if spec.kind == "date" else ""
    if spec.kind == "date":
        if isinstance(raw, datetime.date):
            day = raw
        else:
            # Only YYYY-MM-DD: fromisoformat also takes numbers (19900714) and week dates (1990-W28-6).
            if not isinstance(raw, str) or not DATE_PATTERN.fullmatch(raw):
                raise FieldError(_("Enter a date as YYYY-MM-DD."))
            try:
                day = datetime.date.fromisoformat(raw)
            except ValueError:
                raise FieldError(_("Enter a date as YYYY-MM-DD.")) from None
        if not OLDEST_BIRTHDAY <= day <= timezone.localdate():
            raise FieldError(_("Enter a date between 1900 and today."))
        return day
    if not isinstance(raw, str):
        raise FieldError(_("Enter text."))
    if spec.kind == "choice":
        if raw not in dict(spec.choices):
            raise FieldError(_("Choose one of the offered values."))
        return raw
    return clean_text(raw, max_length=spec.max_length)


def parse_audience(raw: Any, friend_group: Any = None, *, owner: Member) -> tuple[str, int | None]:
    """A valid personal audience and, for `friend_group`, the id of one of the owner's groups; or FieldError."""
    from tsunagu.friends.models import FriendGroup

    if raw not in [a.value for a in PERSONAL_AUDIENCES]:
        raise FieldError(
            _("Choose who can see this: %(choices)s.") % {"choices": ", ".join(a.value for a in PERSONAL_AUDIENCES)}
        )
    if raw != Audience.FRIEND_GROUP:
        return str(raw), None
    try:
        group_id = int(friend_group)
    except (TypeError, ValueError):
        raise FieldError(_("Choose one of your friend groups.")) from None
    if isinstance(friend_group, bool) or not FriendGroup.objects.filter(pk=group_id, owner=owner).exists():
        raise FieldError(_("Choose one of your friend groups."))
    return str(raw), group_id


def age_on(birthday: datetime.date, today: datetime.date) -> int:
    return today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))
