"""The kinds of item that take イイネ!, each with how to fetch one for a viewer (404 when they may not see it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.core import policy
from tsunagu.core.errors import NotFound


@dataclass(frozen=True)
class Reactable:
    kind: str
    # Returns the item when the viewer may see it; raises Http404 or NotFound otherwise.
    item_for_viewer: Callable[[policy.Viewer, Any], Any]
    # The id of the member told of an イイネ! (the item's author; None for nobody, e.g. an erased comment).
    author_of: Callable[[Any], Any] = attrgetter("author_id")


REACTABLES: dict[str, Reactable] = {}


def reactable_register(reactable: Reactable) -> None:
    REACTABLES[reactable.kind] = reactable


def reactable(kind: str) -> Reactable:
    try:
        return REACTABLES[kind]
    except KeyError:
        raise NotFound(_("Not found.")) from None
