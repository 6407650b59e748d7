"""Typed reading of environment variables; a bad value stops the start with a clear message."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Reads variables from a mapping (the process environment by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def fail(self, name: str, value: str, expected: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(f"Environment variable {name}={value!r} is not valid: expected {expected}.")

    def string(self, name: str, default: str = "") -> str:
        value = self._raw(name)
        return default if value is None or value == "" else value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        raise self.fail(name, value, "one of 1/0, true/false, yes/no, on/off")

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise self.fail(name, value, "a whole number") from None
        if minimum is not None and number < minimum:
            raise self.fail(name, value, f"a whole number of at least {minimum}")
        return number

    def strings(self, name: str, default: Sequence[str] = ()) -> list[str]:
        value = self._raw(name)
        if value is None or value == "":
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, choices: Sequence[str], default: str) -> str:
        value = self.string(name, default)
        if value not in choices:
            raise self.fail(name, value, "one of " + ", ".join(choices))
        return value

    def url(self, name: str, schemes: Sequence[str], default: str = "") -> str:
        value = self.string(name, default)
        if value and value.split("://", 1)[0] not in schemes:
            raise self.fail(name, value, "a URL starting with " + " or ".join(f"{s}://" for s in schemes))
        return value
