"""Does recording a footprint slow the profile page? `python -m benchmarks.footprints`.

Embedded shape (SQLite in WAL under a temporary var/), in-process through Django's full request
stack. Interleaved rounds of: the two ceilings (a bare view, a 20-row ORM page), a profile view
with footprint recording switched off, a profile view that records a new footprint, and a repeat
visit inside the 5-minute window. Reports medians of the per-round medians, as microseconds and as
ratios to the ceilings, and writes the table into docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable
from unittest import mock

from benchmarks.harness import REQUESTS, ROUNDS, ceilings, heading, interleaved, setup, timed, write_report


def population(owners: int) -> tuple[object, list[int]]:
    """A viewer and `owners` other members with filled profiles, created in bulk."""
    from tsunagu.accounts.models import Member
    from tsunagu.profiles.models import Profile

    members = Member.objects.bulk_create(
        [
            Member(email=f"bench{i}@example.com", nickname=f"ベンチ{i}", handle=f"bench{i}", password="!")
            for i in range(owners + 1)
        ]
    )
    Profile.objects.bulk_create(
        [Profile(member=m, introduction="よろしくお願いします。", school="東北大学", interests="読書") for m in members]
    )
    return members[0], [m.pk for m in members[1:]]


def main() -> None:
    setup()
    from django.test import Client

    from tsunagu.footprints.models import Footprint

    viewer, owners = population((ROUNDS + 1) * REQUESTS)
    client = Client()
    client.force_login(viewer)
    seen, fresh = owners[:REQUESTS], iter(owners[REQUESTS:])
    for pk in seen:  # leave footprints once, so these are repeat visits inside the 5-minute window
        client.get(f"/members/{pk}/")

    def no_recording() -> float:
        with mock.patch("tsunagu.profiles.views.footprint_record", lambda **kwargs: None):
            return timed(client, [f"/members/{pk}/" for pk in seen])

    operations: dict[str, Callable[[], float]] = {
        **ceilings(client),
        "profile, footprints off": no_recording,
        "profile, new footprint": lambda: timed(client, [f"/members/{next(fresh)}/" for _ in range(REQUESTS)]),
        "profile, repeat visit (within 5 min)": lambda: timed(client, [f"/members/{pk}/" for pk in seen]),
    }
    medians = interleaved(operations)
    assert Footprint.objects.count() == REQUESTS * (ROUNDS + 1), "every new visit left exactly one footprint"

    bare, orm = medians["ceiling: bare view"], medians["ceiling: 20-row ORM page"]
    off = medians["profile, footprints off"]
    lines = [
        heading(),
        "",
        "| operation | µs / request | × bare view | × 20-row ORM page | vs footprints off |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, value in medians.items():
        lines.append(f"| {name} | {value:,.0f} | {value / bare:.2f} | {value / orm:.2f} | {value / off - 1:+.1%} |")
    write_report("footprints", "\n".join(lines))


if __name__ == "__main__":
    main()
