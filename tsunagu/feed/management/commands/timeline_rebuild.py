"""`tsunagu timeline_rebuild`: build members' kept timelines again from the database (Redis store)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tsunagu.accounts.models import Member
from tsunagu.feed.redis_store import RedisTimeline
from tsunagu.feed.timeline import timeline


class Command(BaseCommand):
    help = (
        "Rebuild the kept news feed timelines of the given members now (ids or @handles), or with --all drop "
        "every kept timeline so each is rebuilt when its member next reads their feed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("members", nargs="*", help="member ids or @handles")
        parser.add_argument("--all", action="store_true", help="drop every kept timeline")

    def handle(self, *args: Any, members: list[str], all: bool, **options: Any) -> None:
        store = timeline()
        if not isinstance(store, RedisTimeline):
            raise CommandError("The timeline store is the database (TIMELINE_STORE=database): nothing is kept.")
        if all == bool(members):
            raise CommandError("Name members (ids or @handles) or give --all, not both.")
        if all:
            self.stdout.write(f"Dropped {store.drop_all()} kept timelines; each is rebuilt on its next read.")
            return
        for name in members:
            member = _member(name)
            complete = store.rebuild(member)
            self.stdout.write(f"Rebuilt the timeline of {name}" + ("" if complete else " (trimmed)"))


def _member(name: str) -> Member:
    found = (
        Member.objects.filter(handle=name.removeprefix("@")).first()
        if name.startswith("@") or not name.isdigit()
        else Member.objects.filter(pk=int(name)).first()
    )
    if found is None:
        raise CommandError(f"No member {name!r}.")
    return found
