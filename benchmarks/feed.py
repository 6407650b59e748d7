"""How fast is the news feed (最新情報) of a member with 300 friends? `python -m benchmarks.feed`.

Embedded shape (SQLite in WAL), in-process through Django's full request stack, with the database
timeline store. The network is made in bulk from a fixed seed: the viewer, 300 friends (who are also
friends among themselves, so friends of friends exist) and 700 other members; every member has voice
posts and diary entries over the last 30 days with mixed audiences (friends, all members, friends of
friends, only me). Interleaved rounds of the two ceilings, the home page (feed HTML), the feed API's
first page, a deep page (the 10th) and the poll for new items. Reports µs per request, ratios to the
ceilings and queries per request, and writes the table into docs/performance.md.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import timedelta

from benchmarks.harness import REQUESTS, ceilings, heading, interleaved, setup, timed, write_report

FRIENDS = int(os.environ.get("BENCH_FRIENDS", "300"))
OTHERS = int(os.environ.get("BENCH_OTHERS", "700"))
VOICE_EACH = int(os.environ.get("BENCH_VOICE_EACH", "15"))
DIARY_EACH = int(os.environ.get("BENCH_DIARY_EACH", "2"))
AUDIENCES = ["friends"] * 6 + ["members"] * 2 + ["friends_of_friends", "only_me"]
WORDS = ["今日は", "ラーメン", "紅葉", "カフェ", "朝活", "猫が", "雨", "仕事おわり", "#ベルを鳴らそう", "#今日のごはん"]


def network() -> object:
    """The viewer, their friends and others, with posts and entries; returns the viewer."""
    from django.utils import timezone

    from tsunagu.accounts.models import Member
    from tsunagu.diary.models import DiaryEntry
    from tsunagu.friends.models import Friendship
    from tsunagu.profiles.models import Profile
    from tsunagu.voice.models import VoicePost

    rng = random.Random(2011)
    members = Member.objects.bulk_create(
        Member(email=f"feed{i}@example.com", nickname=f"メンバー{i}", handle=f"feed{i}", password="!")
        for i in range(1 + FRIENDS + OTHERS)
    )
    Profile.objects.bulk_create(Profile(member=m) for m in members)
    viewer, friends = members[0], members[1 : 1 + FRIENDS]
    pairs = {(viewer.pk, f.pk) for f in friends}
    for f in friends:  # each friend knows about 20 of the others among the viewer's friends
        pairs |= {(f.pk, g.pk) for g in rng.sample(friends, 20) if g.pk != f.pk}
    rows = {(a, b) for a, b in pairs} | {(b, a) for a, b in pairs}
    Friendship.objects.bulk_create((Friendship(member_id=a, friend_id=b) for a, b in rows), batch_size=2000)
    now = timezone.now()

    def moment() -> object:
        return now - timedelta(seconds=rng.randrange(30 * 24 * 3600))

    posts = []
    for m in members:
        for _ in range(VOICE_EACH):
            text = " ".join(rng.sample(WORDS, 3))
            posts.append(
                VoicePost(
                    author=m,
                    root_author=m,
                    text=text,
                    text_html=f"<p>{text}</p>",
                    audience=rng.choice(AUDIENCES),
                    created_at=moment(),
                )
            )
    VoicePost.objects.bulk_create(posts, batch_size=2000)
    entries = [
        DiaryEntry(
            author=m,
            title="今日のこと",
            body="いろいろあった一日でした。" * 5,
            body_html="<p>いろいろあった一日でした。</p>",
            audience=rng.choice(AUDIENCES),
            created_at=(at := moment()),
            updated_at=at,
        )
        for m in members
        for _ in range(DIARY_EACH)
    ]
    DiaryEntry.objects.bulk_create(entries, batch_size=2000)
    return viewer


def queries(client: object, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200  # type: ignore[attr-defined]
    return len(captured)


def main() -> None:
    setup()
    from django.test import Client

    from tsunagu.feed.timeline import feed_cursor_encode, timeline

    viewer = network()
    client = Client()
    client.force_login(viewer)
    cursor = None
    for _ in range(9):  # the cursor of the 10th page
        cursor = timeline().page(viewer, cursor=cursor, limit=20).next_cursor  # type: ignore[arg-type]
    top = timeline().page(viewer, cursor=None, limit=1).items[0]  # type: ignore[arg-type]
    since = feed_cursor_encode(top.key)
    paths = {
        "home page (feed HTML, first page)": "/",
        "feed API, first page": "/api/v1/feed?limit=20",
        "feed API, 10th page": f"/api/v1/feed?limit=20&cursor={cursor}",
        "poll for new items (none)": f"/feed/new/?since={since}",
    }
    operations: dict[str, Callable[[], float]] = {
        **ceilings(client),
        **{name: (lambda p=path: timed(client, [p] * REQUESTS)) for name, path in paths.items()},
    }
    medians = interleaved(operations)
    counts = {name: queries(client, path) for name, path in paths.items()}
    counts.update({"ceiling: bare view": queries(client, "/_bench/bare")})
    counts.update({"ceiling: 20-row ORM page": queries(client, "/_bench/orm20")})

    bare, orm = medians["ceiling: bare view"], medians["ceiling: 20-row ORM page"]
    lines = [
        heading(),
        f"Network: the viewer with {FRIENDS} friends (each a friend of ~20 of the others), {OTHERS} other members; "
        f"{VOICE_EACH} voice posts and {DIARY_EACH} diary entries per member over 30 days, mixed audiences.",
        "",
        "| operation | µs / request | × bare view | × 20-row ORM page | queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, value in medians.items():
        lines.append(f"| {name} | {value:,.0f} | {value / bare:.2f} | {value / orm:.2f} | {counts[name]} |")
    write_report("feed", "\n".join(lines))


if __name__ == "__main__":
    main()
