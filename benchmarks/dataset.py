"""The benchmark data set: a realistic Japanese network from a fixed seed, written in bulk.

`python -m benchmarks.dataset --size small|large [--var DIR] [--manifest PATH]` sets Django up (a fresh
SQLite database under DIR, or the PostgreSQL database of DATABASE_URL, emptied first), migrates, generates,
prints the time per table and writes the manifest (JSON) naming the members and objects the benchmarks use.

What is made (`SIZES`; "tiny" is for the tests):
- members with profiles, all with one Argon2 password hash (the site's hasher; the password is in the
  manifest), grouped in clusters of about 600 (a school in a prefecture); one operator.
- friendships, both directions, from a clustered graph (Chung–Lu within cluster, region and the whole site):
  friend counts log-normal with a long tail to the friend limit (1,000); `viewer_300` has exactly 300
  friends and `viewer_1000` exactly 1,000 (all other members when there are fewer). Friend groups,
  a few blocks and pending friend requests.
- voice posts (a tenth replies, by people who may see the post, counted in `reply_count`) with hashtags
  (Zipf popularity, Japanese names) and their `VoiceHashtag` rows, as `voice_post_create` writes them.
- diary entries with numbered comments, the entries' comment counters and コメント記入履歴 rows.
- footprints (mostly from friends), the owners' totals of visits already pruned.
- communities by category (one every member joins), memberships with one admin each, sub-admins and
  pending requests, `member_count` of active members; topics and events with numbered comments and
  participants. The SQLite search index follows by its triggers; PostgreSQL's trigram indexes by themselves.
Audiences are mixed (mostly friends; members, public, friends of friends, only me, friend groups), times
spread over the last 60 days with a day's rhythm (JST). HTML fields are what the services' renderer makes
(checked on a sample every run). Ids follow time, as in a live site. The same seed makes the same network
whatever the time of day it is made at (members, friendships, texts, counts; times are relative to then, so
the ids of rows ordered by time may differ).

Rows go in by `executemany` on SQLite and `COPY` on PostgreSQL, each table's secondary indexes (and on
PostgreSQL its foreign keys) dropped for the load and made again after it (benchmarks/bulk.py). PostgreSQL
gets VACUUM ANALYZE afterwards, as autovacuum would soon do; SQLite is left unanalysed, as a deployment's
database is (tsunagu runs no ANALYZE).

Measured on this machine (2 cores shared with two other jobs: load average 5–10, this process got 40–50 % of
a core), generation alone, wall clock (CPU time of the generating process):
- small: SQLite 36 s (14 s), PostgreSQL 33 s, then VACUUM ANALYZE 2 s.
- large (3.0M friendship rows): SQLite 10 min 13 s (4 min 1 s; peak memory 1.6 GB), PostgreSQL 5 min 39 s
  (2 min 28 s; 0.8 GB), then VACUUM ANALYZE 10 s. The biggest tables: friendships 188 s / 66 s, voice posts
  155 s / 106 s, footprints 53 s / 25 s (SQLite / PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from benchmarks import japanese as words
from benchmarks.bulk import Loader, fast_writes

SECOND = 1_000_000  # times are integer microseconds since the epoch (UTC) until they are written
MINUTE, HOUR, DAY = 60 * SECOND, 3600 * SECOND, 86_400 * SECOND
JST = 9 * HOUR
WINDOW_DAYS = 60
EPOCH = datetime(1970, 1, 1)
# How busy each hour of the day is (JST): lunch and late evening.
HOUR_WEIGHTS = [3, 2, 1, 0.5, 0.5, 1, 2, 4, 5, 4, 3, 4, 7, 5, 3, 3, 3, 4, 5, 6, 7, 8, 9, 6]
FRIEND_LIMIT = 1000  # SiteSettings.friend_limit's default
CLUSTER_SIZE = 600
# Where a member's friends come from: their cluster, their region, anywhere.
FRIEND_SOURCES = (0.6, 0.2, 0.2)
LOCAL_REACH = 300  # beyond this many friends, the extra ones come from all over
OVERSAMPLE = 1.2
DESIGNATED_TOPICS = 240
DESIGNATED_COMMENTS = 50
PASSWORD = "tsunagu-bench-2011"
AUDIENCE_NAMES = ["friends", "members", "public", "friends_of_friends", "only_me", "friend_group"]
# Running totals of each audience's share (in AUDIENCE_NAMES' order), for Network.pick.
VOICE_AUDIENCES = list(accumulate([52, 22, 8, 10, 5, 3]))
DIARY_AUDIENCES = list(accumulate([58, 15, 5, 12, 6, 4]))
FOOTPRINT_PAGES = {"profile": 50, "diary_entry": 30, "diary_list": 12, "friend_list": 8}
SEARCH_QUERY, SEARCH_QUERY_SHORT = "ラーメン", "猫"
BATCH = 20_000


@dataclass(frozen=True)
class Size:
    members: int
    friends_median: int  # friend counts are log-normal around this, capped at FRIEND_LIMIT
    friends_sigma: float
    voice_posts: int  # including replies (a tenth)
    hashtags: int
    diary_entries: int
    diary_comments: int
    footprints: int
    communities: int
    memberships: int  # communities per member, on average
    topics: int
    topic_comments: int


SIZES = {
    "tiny": Size(400, 12, 0.8, 3_000, 80, 600, 600, 3_000, 12, 3, 100, 300),
    "small": Size(1_000, 40, 0.8, 100_000, 1_000, 10_000, 10_000, 100_000, 200, 6, 3_000, 10_000),
    "large": Size(10_000, 240, 0.65, 1_000_000, 5_000, 100_000, 100_000, 1_000_000, 2_000, 10, 30_000, 150_000),
}


@dataclass
class Manifest:
    """What was generated, and the members and objects each benchmark operation uses (ids)."""

    size: str
    seed: int
    database: str
    password: str  # every member's
    login_emails: list[str]  # e-mail addresses to sign in with, the designated members' first
    viewer_300: int  # exactly 300 friends
    viewer_1000: int  # exactly `viewer_1000_friends` friends: 1,000, or every other member in smaller sizes
    viewer_1000_friends: int
    profile_owner: int  # a popular friend of profile_visitor's, with many footprints
    profile_visitor: int
    diary_entry: int  # a friends-only entry with exactly 50 comments
    diary_viewer: int  # a friend of its author's
    hashtag: str  # the most used tag
    community: int  # with at least DESIGNATED_TOPICS topics; community_viewer is a member
    community_viewer: int
    search_query: str  # matches some communities (trigram path)
    search_query_short: str  # one character (the LIKE path)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        return cls(**json.loads(Path(path).read_text()))


def iso(us: int) -> str:
    """A time as Django stores it on SQLite (naive UTC text); PostgreSQL's COPY reads it in the session's UTC."""
    return (EPOCH + timedelta(microseconds=us)).isoformat(" ")


class Html:
    """The services' HTML for generated text, made from cached pieces (the renderer costs ~0.1 ms a call).

    Texts are built from pieces whose rendering does not depend on their neighbours (plain sentences,
    hashtags set off by spaces, lines, paragraphs), so the HTML of a text is its pieces' HTML joined;
    `check` compares a sample with the renderer itself.
    """

    def __init__(self) -> None:
        from functools import cache

        from tsunagu.core.text import Linker, plain_text_html
        from tsunagu.voice.services import LINKER

        self.render = plain_text_html
        self.linker = Linker(hashtag_url=cache(LINKER.hashtag_url), mention_url=LINKER.mention_url)
        self._inner: dict[tuple[str, bool], str] = {}

    def inner(self, piece: str, voice: bool = False) -> str:
        """The HTML of one line without its <p>."""
        key = (piece, voice and any(mark in piece for mark in "#＃@＠"))  # the linker changes only these
        if key not in self._inner:
            html = self.render(piece, self.linker if voice else None)
            assert html.startswith("<p>") and html.endswith("</p>"), html
            self._inner[key] = html[3:-4]
        return self._inner[key]

    def voice(self, parts: list[str]) -> tuple[str, str]:
        """A one-line voice text from parts (sentences, and hashtags with a space before them)."""
        return "".join(parts), "<p>" + "".join(self.inner(p, voice=True) for p in parts) + "</p>"

    def paragraphs(self, paragraphs: list[list[list[str]]]) -> tuple[str, str]:
        """Text of paragraphs of lines of sentences, and its HTML."""
        text = "\n\n".join("\n".join("".join(line) for line in lines) for lines in paragraphs)
        html = "".join(
            "<p>" + "<br>".join("".join(self.inner(s) for s in line) for line in lines) + "</p>" for lines in paragraphs
        )
        return text, html

    def check(self, samples: list[tuple[str, str, bool]]) -> None:
        for text, html, voice in samples:
            expected = self.render(text, self.linker if voice else None)
            if html != expected:
                raise AssertionError(
                    f"generated HTML differs from the renderer's for {text!r}: {html!r} != {expected!r}"
                )


class Network:
    """Builds the network table by table; members are indices 0…n-1 until written (id = base + index)."""

    def __init__(self, size: Size, seed: int, loader: Loader) -> None:
        from django.utils import timezone

        self.size, self.seed, self.load = size, seed, loader
        self.rng = random.Random(seed)
        self.sample_rng = random.Random(seed)  # which texts `Html.check` compares, apart from the data's draws
        self.html = Html()
        self.samples: list[tuple[str, str, bool]] = []
        now = timezone.now().replace(tzinfo=None)
        self.now = (now - EPOCH) // timedelta(microseconds=1)
        self.midnight_jst = (self.now + JST) // DAY * DAY - JST
        # Hour starts, each as often as the hour is busy: one random index picks a time of day.
        self.hours = [hour * HOUR for hour, weight in enumerate(HOUR_WEIGHTS) for _ in range(int(weight * 2))]
        self.sentences = self._distinct(lambda: words.sentence(self.rng), min(3000, size.voice_posts // 2))
        self.n = size.members

    # --- helpers ---------------------------------------------------------------------------------------

    def _distinct(self, make: Callable[[], str], count: int) -> list[str]:
        seen: dict[str, None] = {}
        for _ in range(count * 20):
            seen.setdefault(make(), None)
            if len(seen) == count:
                break
        return list(seen)

    def next_id(self, model: Any) -> int:
        from django.db.models import Max

        return int(model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def moment(self, days: int = WINDOW_DAYS) -> int:
        """A time in the last `days` days, at a busy hour more likely than at a quiet one."""
        random, hours = self.rng.random, self.hours
        us = self.midnight_jst - int(random() * days) * DAY + hours[int(random() * len(hours))] + int(random() * HOUR)
        while us > self.now:
            us -= DAY
        return us

    def pick(self, cumulative: Sequence[float], rng: random.Random | None = None) -> int:
        """An index drawn with the weights whose running totals are `cumulative` (random.choices, one at a time)."""
        return bisect_right(cumulative, (rng or self.rng).random() * cumulative[-1])

    def item_rng(self, stream: int, index: int) -> random.Random:
        """The draws for one item written in time order (its text, title…), so that they do not depend on that
        order, which depends on the time of day the data set is made: the same seed makes the same data."""
        return random.Random((self.seed * 16 + stream) * 10_000_019 + index)

    def after(self, start: int, mean: int) -> int:
        """A time after `start` (by about `mean`), not in the future."""
        return max(start + 1, min(self.now, start + 1 + int(self.rng.expovariate(1 / mean))))

    def audience(self, weights: list[int], author: int) -> tuple[str, int | None]:
        """An audience and friend group id for an item of `author`'s (a group only if they have one)."""
        audience = AUDIENCE_NAMES[self.pick(weights)]
        if audience == "friend_group":
            if not self.groups[author]:
                return "friends", None
            return audience, self.rng.choice(self.groups[author])
        return audience, None

    def readers(self, author: int, audience: str, group: int | None) -> list[int]:
        """Members who may see (and answer) an item: the group for a group's item, else the author's friends."""
        if audience == "only_me":
            return []
        if audience == "friend_group" and group is not None:
            return self.group_members[group]
        return self.friends[author]

    def mid(self, index: int) -> int:
        return self.member_base + index

    def blocked(self, owner: int, visitor: int) -> bool:
        return owner * self.n + visitor in self.blocks

    def body(self, rng: random.Random, paragraphs: tuple[int, int], lines: tuple[int, int]) -> tuple[str, str]:
        text = [
            [rng.sample(self.sentences, rng.randint(1, 3)) for _ in range(rng.randint(*lines))]
            for _ in range(rng.randint(*paragraphs))
        ]
        return self.html.paragraphs(text)

    def comment(self) -> tuple[str, str]:
        rng = self.rng
        line = [rng.choice(words.COMMENTS)] + ([rng.choice(self.sentences)] if rng.random() < 0.3 else [])
        return self.html.paragraphs([[line]])

    def sample(self, text: str, html: str, voice: bool = False) -> None:
        if len(self.samples) < 400 and self.sample_rng.random() < 0.01:
            self.samples.append((text, html, voice))

    # --- members and profiles --------------------------------------------------------------------------

    def members(self) -> None:
        from django.contrib.auth.hashers import Argon2PasswordHasher
        from django.utils.crypto import RANDOM_STRING_CHARS

        from tsunagu.accounts.models import Member
        from tsunagu.profiles.models import Profile

        rng, n = self.rng, self.n
        salt = "".join(rng.choice(RANDOM_STRING_CHARS) for _ in range(22))
        password = Argon2PasswordHasher().encode(PASSWORD, salt)
        self.member_base = self.next_id(Member)
        clusters = max(2, round(n / CLUSTER_SIZE))
        self.cluster = [rng.randrange(clusters) for _ in range(n)]
        self.cluster_region = [c % len(words.REGIONS) for c in range(clusters)]
        self.joined = [self.now - (WINDOW_DAYS + 1) * DAY - rng.randrange(700 * DAY) for _ in range(n)]
        self.operator = n - 1
        self.handles: list[str] = []
        self.emails: list[str] = []
        rows = []
        for i in range(n):
            family, given = rng.choice(words.FAMILY_NAMES), rng.choice(words.GIVEN_NAMES)
            handle = f"{given[2]}_{self.mid(i)}"
            style = rng.random()
            if style < 0.3:
                nickname = family[0] + given[0]
            elif style < 0.7:
                nickname = given[1] + rng.choice(words.NICKNAME_ENDINGS)
            elif style < 0.85:
                nickname = given[2].capitalize()
            else:
                region = words.REGIONS[self.cluster_region[self.cluster[i]]][0]
                nickname = family[0] + rng.choice(["さん", "くん", ""]) + rng.choice(["", "☆", "@" + region])
            email = f"{handle}@bench.example.com"
            self.handles.append(handle)
            self.emails.append(email)
            last_login = iso(self.now - rng.randrange(3 * DAY)) if rng.random() < 0.8 else None
            row = (self.mid(i), password, last_login, False, email, nickname[:40], handle, "ja", "Asia/Tokyo")
            rows.append((*row, True, i == self.operator, iso(self.joined[i])))
        fields = ["id", "password", "last_login", "is_superuser", "email", "nickname", "handle", "language"]
        fields += ["timezone", "is_active", "is_staff", "date_joined"]
        self.load.insert(Member, fields, rows)
        profile_base = self.next_id(Profile)
        self.load.insert(Profile, PROFILE_FIELDS, (self._profile(i, profile_base + i) for i in range(n)))

    def _profile(self, i: int, pk: int) -> tuple[Any, ...]:
        rng = self.rng
        label, code, schools = words.REGIONS[self.cluster_region[self.cluster[i]]]
        school = schools[(self.cluster[i] // len(words.REGIONS)) % len(schools)]
        home = code if rng.random() < 0.7 else rng.choice(words.REGIONS)[1]
        interests = "、".join(rng.sample(words.INTERESTS, rng.randint(1, 4)))
        introduction = words.fill(rng.choice(words.INTRODUCTIONS), rng, place=label, school=school)
        birthday = f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        audience = rng.choice(["friends", "friends", "members", "friends_of_friends"])
        return (
            pk, self.mid(i), introduction, iso(self.joined[i] + rng.randrange(DAY)),
            rng.choice(["female", "male", "female", "male", "other", ""]), audience,
            birthday if rng.random() < 0.8 else None, "friends", "only_me",
            code, "members", home, "members", school, audience,
            rng.choice(words.WORKPLACES) if rng.random() < 0.6 else "", "friends",
            interests, "members", rng.choice(["friends", "friends", "members"]), "members",
        )  # fmt: skip

    # --- the friend graph ------------------------------------------------------------------------------

    def graph(self) -> None:
        """Friendships, designated friend counts, friend groups, blocks and friend requests."""
        rng, n, size = self.rng, self.n, self.size
        self.viewer_1000, self.viewer_300 = 0, 1
        self.top_friends = min(FRIEND_LIMIT, n - 1)
        target = [
            min(FRIEND_LIMIT, max(1, round(rng.lognormvariate(math.log(size.friends_median), size.friends_sigma))))
            for _ in range(n)
        ]
        target[self.viewer_1000], target[self.viewer_300] = self.top_friends, 300
        region = [self.cluster_region[c] for c in self.cluster]
        adjacency = friend_graph(rng, self.cluster, region, target)
        self._friends_exactly(adjacency, self.viewer_1000, self.top_friends, keep=set())
        self._friends_exactly(adjacency, self.viewer_300, 300, keep={self.viewer_1000})
        self.friends = [sorted(a) for a in adjacency]
        del adjacency
        self._friendships_write()
        self._groups_write()
        self._blocks_and_requests_write()

    def _friends_exactly(self, adjacency: list[set[int]], v: int, count: int, keep: set[int]) -> None:
        """Give member `v` exactly `count` friends, not touching friendships with `keep` (already exact)."""
        rng, mine = self.rng, adjacency[v]
        if len(mine) > count:
            for u in rng.sample(sorted(mine - keep), len(mine) - count):
                mine.discard(u)
                adjacency[u].discard(v)
        elif len(mine) < count:
            free = [u for u in range(self.n) if u != v and u not in mine and u not in keep]
            free = [u for u in free if len(adjacency[u]) < FRIEND_LIMIT]
            rng.shuffle(free)
            free.sort(key=lambda u: self.cluster[u] != self.cluster[v])  # their own cluster first (stable)
            if len(free) < count - len(mine):
                raise ValueError(f"cannot give member {v} {count} friends")
            for u in free[: count - len(mine)]:
                mine.add(u)
                adjacency[u].add(v)

    def _friendships_write(self) -> None:
        from tsunagu.friends.models import Friendship

        n, now, joined = self.n, self.now, self.joined
        base = self.next_id(Friendship)

        def rows() -> Iterator[tuple[Any, ...]]:
            pk = base
            for a in range(n):
                for b in self.friends[a]:
                    lo, hi = (a, b) if a < b else (b, a)
                    start = max(joined[a], joined[b])
                    fraction = (lo * 1_000_003 + hi * 7919) * 2_654_435_761 % 4_294_967_296 / 4_294_967_296
                    yield pk, self.mid(a), self.mid(b), iso(start + int(fraction * (now - start)))
                    pk += 1

        self.load.insert(Friendship, ["id", "member_id", "friend_id", "created_at"], rows())

    def _groups_write(self) -> None:
        from tsunagu.friends.models import FriendGroup, FriendGroupMembership

        rng = self.rng
        self.groups: list[list[int]] = [[] for _ in range(self.n)]
        self.group_members: dict[int, list[int]] = {}
        group_rows, member_rows = [], []
        group_id, link_id = self.next_id(FriendGroup), self.next_id(FriendGroupMembership)
        for owner in range(self.n):
            if len(self.friends[owner]) < 10 or rng.random() > 0.06 or owner in (self.viewer_300, self.viewer_1000):
                continue
            for name in rng.sample(words.GROUP_NAMES, rng.randint(1, 3)):
                chosen = sorted(rng.sample(self.friends[owner], min(len(self.friends[owner]), rng.randint(3, 30))))
                group_rows.append((group_id, self.mid(owner), name, iso(self.joined[owner] + DAY)))
                member_rows += [(link_id + k, group_id, self.mid(m)) for k, m in enumerate(chosen)]
                link_id += len(chosen)
                self.groups[owner].append(group_id)
                self.group_members[group_id] = chosen
                group_id += 1
        self.load.insert(FriendGroup, ["id", "owner_id", "name", "created_at"], group_rows)
        self.load.insert(FriendGroupMembership, ["id", "group_id", "member_id"], member_rows)

    def _blocks_and_requests_write(self) -> None:
        """A few blocks between strangers and pending friend requests; none involve the designated members."""
        from tsunagu.friends.models import Block, FriendRequest

        rng, n = self.rng, self.n
        designated = {self.viewer_300, self.viewer_1000}
        friend_sets = [set(f) for f in self.friends]

        def strangers() -> tuple[int, int]:
            while True:
                a, b = rng.randrange(n), rng.randrange(n)
                if a != b and not designated & {a, b} and b not in friend_sets[a]:
                    return a, b

        self.blocks: set[int] = set()
        block_rows: list[tuple[int, int, int, str]] = []
        for _ in range(max(1, n // 400)):
            a, b = strangers()
            if a * n + b not in self.blocks:
                self.blocks.add(a * n + b)
                block_rows.append((len(block_rows) + self.next_id(Block), self.mid(a), self.mid(b), iso(self.moment())))
        pairs: set[tuple[int, int]] = set()
        for _ in range(max(1, n // 50)):
            a, b = strangers()
            if not (self.blocked(a, b) or self.blocked(b, a) or (b, a) in pairs):
                pairs.add((a, b))
        base = self.next_id(FriendRequest)
        request_rows = [
            (base + k, self.mid(a), self.mid(b), "はじめまして！マイミクになってください。", iso(self.moment(7)))
            for k, (a, b) in enumerate(sorted(pairs))
        ]
        self.load.insert(Block, ["id", "blocker_id", "blocked_id", "created_at"], block_rows)
        self.load.insert(FriendRequest, ["id", "sender_id", "recipient_id", "message", "created_at"], request_rows)

    # --- voice -----------------------------------------------------------------------------------------

    def voice(self) -> None:
        from tsunagu.voice.models import Hashtag, VoiceHashtag, VoicePost

        rng, size, n = self.rng, self.size, self.n
        tags = words.hashtag_list(size.hashtags, rng)
        tag_base = self.next_id(Hashtag)
        self.load.insert(Hashtag, ["id", "name"], [(tag_base + k, name) for k, (_, name) in enumerate(tags)])
        self.hashtag = tags[0][1]
        tag_weights = list(accumulate(1 / (rank + 1) for rank in range(len(tags))))
        activity = [rng.lognormvariate(0, 1) * (1 + len(self.friends[i]) / 300) for i in range(n)]
        self.activity = list(accumulate(activity))
        replies_wanted = size.voice_posts // 10
        roots = []  # (time, author, audience, group)
        for author in rng.choices(range(n), cum_weights=self.activity, k=size.voice_posts - replies_wanted):
            audience, group = self.audience(VOICE_AUDIENCES, author)
            roots.append((self.moment(), author, audience, group))
        answerable = [r for r, (_, a, audience, group) in enumerate(roots) if self.readers(a, audience, group)]
        reply_count = [0] * len(roots)
        replies = []  # (time, author, root)
        for r in rng.choices(answerable, k=replies_wanted):
            at, author, audience, group = roots[r]
            replier = author if rng.random() < 0.2 else rng.choice(self.readers(author, audience, group))
            replies.append((self.after(at, 2 * HOUR), replier, r))
            reply_count[r] += 1
        order = sorted(
            [(at, 0, r) for r, (at, *_) in enumerate(roots)] + [(at, 1, k) for k, (at, *_) in enumerate(replies)]
        )
        base = self.next_id(VoicePost)
        root_ids = [0] * len(roots)
        for position, (_, kind, index) in enumerate(order):
            if kind == 0:
                root_ids[index] = base + position
        links: list[tuple[int, int, str, str]] = []  # (post, tag rank, audience, created_at)

        def post_text(post_id: int, audience: str, created: str, r: random.Random, reply: bool) -> tuple[str, str]:
            parts = r.sample(self.sentences, 1 if reply or r.random() < 0.5 else 2)
            if reply:
                parts = [r.choice(words.COMMENTS), *parts[: r.randint(0, 1)]]
            chance = r.random()
            count = 0 if chance < 0.55 else 1 if chance < 0.9 else 2
            ranks = list(dict.fromkeys(self.pick(tag_weights, r) for _ in range(count)))
            written = [("#" if r.random() < 0.9 else "＃") + tags[rank][0] for rank in ranks]
            if written and r.random() < 0.2:
                parts = [written[0] + " ", *parts, *(" " + w for w in written[1:])]
            else:
                parts += [" " + w for w in written]
            links.extend((post_id, rank, audience, created) for rank in ranks)
            text, html = self.html.voice(parts)
            self.sample(text, html, voice=True)
            return text, html

        def rows() -> Iterator[tuple[Any, ...]]:
            for position, (at, kind, index) in enumerate(order):
                pk, created = base + position, iso(at)
                if kind == 0:
                    _, author, audience, group = roots[index]
                    text, html = post_text(pk, audience, created, self.item_rng(1, index), reply=False)
                    yield (
                        pk,
                        self.mid(author),
                        self.mid(author),
                        None,
                        text,
                        html,
                        audience,
                        group,
                        reply_count[index],
                        created,
                    )
                else:
                    _, author, r = replies[index]
                    _, root_author, audience, group = roots[r]
                    text, html = post_text(pk, audience, created, self.item_rng(2, index), reply=True)
                    yield (
                        pk,
                        self.mid(author),
                        self.mid(root_author),
                        root_ids[r],
                        text,
                        html,
                        audience,
                        group,
                        0,
                        created,
                    )

        fields = ["id", "author_id", "root_author_id", "in_reply_to_id", "text", "text_html", "audience"]
        fields += ["friend_group_id", "reply_count", "created_at"]
        self.load.insert(VoicePost, fields, rows())
        self.voice_replies = len(replies)
        link_base = self.next_id(VoiceHashtag)
        self.load.insert(
            VoiceHashtag,
            ["id", "post_id", "hashtag_id", "audience", "created_at"],
            (
                (link_base + k, post, tag_base + rank, audience, created)
                for k, (post, rank, audience, created) in enumerate(links)
            ),
        )

    # --- diary -----------------------------------------------------------------------------------------

    def diary(self) -> None:
        from tsunagu.diary.models import CommentedEntry, DiaryComment, DiaryEntry

        rng, size = self.rng, self.size
        friends_of_viewer = [f for f in self.friends[self.viewer_300] if f != self.viewer_1000]
        by_reach = sorted(friends_of_viewer, key=lambda f: (-len(self.friends[f]), f))
        self.profile_owner = by_reach[0]
        designated_author = by_reach[1] if len(by_reach) > 1 else by_reach[0]
        entries = []  # (time, author, audience, group, comments wanted)
        mean_comments = size.diary_comments / size.diary_entries
        for author in rng.choices(range(self.n), cum_weights=self.activity, k=size.diary_entries - 1):
            audience, group = self.audience(DIARY_AUDIENCES, author)
            entries.append((self.moment(), author, audience, group, int(rng.expovariate(1 / mean_comments))))
        designated = len(entries)
        entries.append(
            (self.now - 3 * DAY - rng.randrange(HOUR), designated_author, "friends", None, DESIGNATED_COMMENTS)
        )
        base = self.next_id(DiaryEntry)
        order = sorted(range(len(entries)), key=lambda i: (entries[i][0], i))  # ids follow time
        entry_id = [0] * len(entries)
        for position, index in enumerate(order):
            entry_id[index] = base + position
        self.diary_entry = entry_id[designated]
        comments = []  # (time, entry id, number, author, text, html)
        last: dict[int, tuple[int, int]] = {}  # entry index → (number, time)
        commented: dict[tuple[int, int], tuple[int, int]] = {}  # (member, entry id) → (number, time)
        for index, (at, author, audience, group, wanted) in enumerate(entries):
            readers = self.readers(author, audience, group)
            if not readers:
                continue
            moment = at
            for number in range(1, wanted + 1):
                moment = self.after(moment, 3 * HOUR)
                commenter = author if rng.random() < 0.3 else rng.choice(readers)
                if index == designated and number == 1:
                    commenter = self.viewer_300
                comments.append((moment, entry_id[index], number, commenter, *self.comment()))
                last[index] = (number, moment)
                commented[(commenter, entry_id[index])] = (number, moment)
        if last.get(designated, (0, 0))[0] != DESIGNATED_COMMENTS:
            raise AssertionError("the designated diary entry did not get its comments")

        def entry_rows() -> Iterator[tuple[Any, ...]]:
            for index in order:
                at, author, audience, group, _ = entries[index]
                r = self.item_rng(3, index)
                title = words.fill(r.choice(words.DIARY_TITLES), r)
                body, html = self.body(r, paragraphs=(1, 4), lines=(1, 4))
                self.sample(body, html)
                number, commented_at = last.get(index, (0, None))
                updated = at if r.random() < 0.9 else min(self.now, at + int(r.expovariate(1 / HOUR)))
                yield (
                    entry_id[index], self.mid(author), title, body, html, audience, group, r.random() > 0.03,
                    number, number, iso(commented_at) if commented_at else None, iso(at), iso(updated),
                )  # fmt: skip

        fields = ["id", "author_id", "title", "body", "body_html", "audience", "friend_group_id", "comments_open"]
        fields += ["last_comment_number", "comment_count", "last_commented_at", "created_at", "updated_at"]
        self.load.insert(DiaryEntry, fields, entry_rows())
        comments.sort()
        comment_base = self.next_id(DiaryComment)

        def comment_rows() -> Iterator[tuple[Any, ...]]:
            for k, (moment, entry, number, commenter, body, html) in enumerate(comments):
                yield comment_base + k, entry, self.mid(commenter), number, body, html, iso(moment)

        fields = ["id", "entry_id", "author_id", "number", "body", "body_html", "created_at"]
        self.load.insert(DiaryComment, fields, comment_rows())
        history_base = self.next_id(CommentedEntry)
        self.load.insert(
            CommentedEntry,
            ["id", "member_id", "entry_id", "last_read_number", "last_commented_at"],
            (
                (history_base + k, self.mid(member), entry, number, iso(moment))
                for k, ((member, entry), (number, moment)) in enumerate(sorted(commented.items()))
            ),
        )

    # --- footprints ------------------------------------------------------------------------------------

    def footprints(self) -> None:
        from tsunagu.footprints.models import Footprint, FootprintTotal

        rng, n = self.rng, self.n
        popularity = list(accumulate(len(f) + 3 for f in self.friends))
        pages, page_weights = list(FOOTPRINT_PAGES), list(accumulate(FOOTPRINT_PAGES.values()))
        visits = []
        for owner in rng.choices(range(n), cum_weights=popularity, k=self.size.footprints):
            friends = self.friends[owner]
            visitor = rng.choice(friends) if friends and rng.random() < 0.75 else rng.randrange(n)
            if visitor == owner or self.blocked(owner, visitor):
                continue
            visits.append((self.moment(), owner, visitor, pages[self.pick(page_weights)]))
        visits.sort()
        base = self.next_id(Footprint)
        self.load.insert(
            Footprint,
            ["id", "owner_id", "visitor_id", "page", "visited_at"],
            (
                (base + k, self.mid(owner), self.mid(visitor), page, iso(at))
                for k, (at, owner, visitor, page) in enumerate(visits)
            ),
        )
        stored: dict[int, int] = {}
        for _, owner, _, _ in visits:
            stored[owner] = stored.get(owner, 0) + 1
        # Visits older than the retention period, already pruned into the totals.
        totals = [(self.mid(owner), int(count * rng.uniform(0, 2))) for owner, count in sorted(stored.items())]
        self.load.insert(FootprintTotal, ["owner_id", "count"], totals)

    # --- communities -----------------------------------------------------------------------------------

    def communities(self) -> None:
        from tsunagu.communities.models import Category, Community
        from tsunagu.communities.services import name_key
        from tsunagu.demo.communities import CATEGORIES

        rng, n = self.rng, self.n
        categories = {c.name_ja: c.pk for c in Category.objects.all()}
        missing = [(ja, en) for ja, en in CATEGORIES if ja not in categories]
        if missing:
            base = self.next_id(Category)
            rows = [(base + k, ja, en, len(categories) + k + 1) for k, (ja, en) in enumerate(missing)]
            self.load.insert(Category, ["id", "name_ja", "name_en", "position"], rows)
            categories.update({ja: base + k for k, (ja, _) in enumerate(missing)})
        taken = set(Community.objects.values_list("name_key", flat=True))
        specs = []  # (name, category, join_policy, topics_public, topic_creation, everyone)
        forced = [f"{words.REGIONS[k % len(words.REGIONS)][0]}ラーメン部" for k in range(3)] + ["猫が好き"]
        patterns = [(category, pattern) for category, group in words.COMMUNITY_PATTERNS for pattern in group]
        specs.append(("つなぐ 公式", "その他", "open", True, "admins", True))
        while len(specs) < self.size.communities:
            if forced:
                name, category = forced.pop(0), "料理・グルメ"
            else:
                category, pattern = rng.choice(patterns)
                name = words.fill(pattern, rng)
            if name_key(name) in taken:
                name = f"{name}{rng.choice(['の会', '部', '倶楽部', '同好会', '2', '（新）'])}"
                if name_key(name) in taken:
                    continue
            taken.add(name_key(name))
            approval = rng.random() < 0.15
            specs.append(
                (
                    name,
                    category,
                    "approval" if approval else "open",
                    rng.random() < (0.5 if approval else 0.85),
                    "admins" if rng.random() < 0.1 else "members",
                    False,
                )
            )
        count = len(specs)
        created = [self.now - (WINDOW_DAYS + 2) * DAY - rng.randrange(700 * DAY) for _ in range(count)]
        ranks = list(range(count - 1))
        rng.shuffle(ranks)
        popularity = list(accumulate(1 / (rank + 1) ** 0.9 for rank in ranks))
        median = max(1.0, self.size.memberships / math.exp(0.245))
        joined: list[dict[int, str]] = [{} for _ in range(count)]  # community → member → state
        for member in range(n):
            k = max(1, round(rng.lognormvariate(math.log(median), 0.7)))
            for c in rng.choices(range(1, count), cum_weights=popularity, k=k):
                approval = specs[c][2] == "approval"
                joined[c].setdefault(member, "pending" if approval and rng.random() < 0.1 else "active")
        joined[0] = dict.fromkeys(range(n), "active")
        # The biggest community anyone may read and start topics in.
        designated = max(
            (c for c in range(1, count) if specs[c][2] == "open" and specs[c][3] and specs[c][4] == "members"),
            key=lambda c: (len(joined[c]), -c),
        )
        joined[designated][self.viewer_300] = "active"
        self.community_index, self.community_viewer = designated, self.viewer_300
        roles: list[dict[int, str]] = []
        for c in range(count):
            active = [m for m, state in joined[c].items() if state == "active"]
            if not active:
                active = [rng.randrange(n)]
                joined[c][active[0]] = "active"
            admin = self.operator if c == 0 else active[0]
            role = {admin: "admin"}
            if c and len(active) >= 20:
                role.update(
                    dict.fromkeys([m for m in rng.sample(active, 2) if m != admin][: rng.randint(1, 2)], "sub_admin")
                )
            roles.append(role)
        active_members = [[m for m, s in joined[c].items() if s == "active"] for c in range(count)]
        topics, last_activity = self._topics(specs, created, active_members, roles, designated)
        self._communities_write(specs, created, joined, roles, last_activity, categories)
        self._memberships_write(created, joined, roles)
        self._topics_write(topics)

    def _topics(
        self,
        specs: list[tuple[Any, ...]],
        created: list[int],
        active: list[list[int]],
        roles: list[dict[int, str]],
        designated: int,
    ) -> tuple[list[dict[str, Any]], list[int]]:
        """Topics and events with their comments and participants (in memory), and each community's last activity."""
        rng, size = self.rng, self.size
        sizes = list(accumulate(len(a) for a in active[1:]))
        chosen = rng.choices(range(1, len(specs)), cum_weights=sizes, k=size.topics)
        chosen += [designated] * DESIGNATED_TOPICS + [0] * 5
        topics = []
        for c in chosen:
            admins = [m for m in roles[c] if m in active[c]] or active[c]
            author = rng.choice(admins if specs[c][4] == "admins" else active[c])
            at = self.moment()
            topic: dict[str, Any] = {"community": c, "author": author, "at": at, "comments": [], "going": []}
            if rng.random() < 0.08:
                starts = at + rng.randint(3, 30) * DAY + rng.randrange(DAY)
                capacity = rng.choice([None, rng.randint(10, 50)])
                others = [m for m in rng.sample(active[c], min(len(active[c]), rng.randint(0, 30))) if m != author]
                topic.update(starts=starts, capacity=capacity, going=[author, *others][: capacity or None])
            topics.append(topic)
        weights = list(accumulate(rng.expovariate(1) for _ in topics))
        per_topic: dict[int, int] = {}
        for t in rng.choices(range(len(topics)), cum_weights=weights, k=size.topic_comments):
            per_topic[t] = per_topic.get(t, 0) + 1
        last_activity = list(created)
        for t, topic in enumerate(topics):
            c, moment = topic["community"], topic["at"]
            readers = [m for m in active[c] if not self.blocked(topic["author"], m)]
            for _ in range(per_topic.get(t, 0)):
                moment = self.after(moment, 6 * HOUR)
                topic["comments"].append((moment, rng.choice(readers), rng.choice(words.TOPIC_COMMENTS)))
            topic["last"] = moment
            last_activity[c] = max(last_activity[c], moment)
        return topics, last_activity

    def _communities_write(
        self,
        specs: list[tuple[Any, ...]],
        created: list[int],
        joined: list[dict[int, str]],
        roles: list[dict[int, str]],
        last_activity: list[int],
        categories: dict[str, int],
    ) -> None:
        from tsunagu.communities.models import Community
        from tsunagu.communities.services import name_key

        rng = self.rng
        self.community_base = self.next_id(Community)

        def rows() -> Iterator[tuple[Any, ...]]:
            for c, (name, category, policy, public, creation, everyone) in enumerate(specs):
                description = words.fill(rng.choice(words.COMMUNITY_DESCRIPTIONS), rng, name=name)
                members = sum(1 for state in joined[c].values() if state == "active")
                yield (
                    self.community_base + c, name, name_key(name), categories[category], description,
                    self.html.render(description), policy, public, creation, everyone, members,
                    iso(created[c]), iso(last_activity[c]),
                )  # fmt: skip

        fields = ["id", "name", "name_key", "category_id", "description", "description_html", "join_policy"]
        fields += [
            "topics_public",
            "topic_creation",
            "joined_by_everyone",
            "member_count",
            "created_at",
            "last_activity_at",
        ]
        self.load.insert(Community, fields, rows())

    def _memberships_write(self, created: list[int], joined: list[dict[int, str]], roles: list[dict[int, str]]) -> None:
        from tsunagu.communities.models import Membership

        rng = self.rng
        base = self.next_id(Membership)
        limit = self.now - (WINDOW_DAYS + 1) * DAY

        def rows() -> Iterator[tuple[Any, ...]]:
            pk = base
            for c in range(len(joined)):
                for member, state in sorted(joined[c].items()):
                    at = iso(created[c] + rng.randrange(max(1, limit - created[c])))
                    pending = state == "pending"
                    yield (
                        pk, self.community_base + c, self.mid(member), state, roles[c].get(member, "member"),
                        rng.random() < 0.9, "よろしくお願いします！" if pending else "", at, None if pending else at,
                    )  # fmt: skip
                    pk += 1

        fields = ["id", "community_id", "member_id", "state", "role", "in_feed", "message", "created_at", "joined_at"]
        self.load.insert(Membership, fields, rows())

    def _topics_write(self, topics: list[dict[str, Any]]) -> None:
        from tsunagu.communities.models import Participation, Topic, TopicComment

        base = self.next_id(Topic)
        order = sorted(range(len(topics)), key=lambda k: (topics[k]["at"], k))  # ids follow time
        topic_id = [0] * len(topics)
        for position, k in enumerate(order):
            topic_id[k] = base + position
        self.topic_count = sum(1 for t in topics if t["community"] == self.community_index)

        def topic_rows() -> Iterator[tuple[Any, ...]]:
            for k in order:
                topic, r = topics[k], self.item_rng(4, k)
                title = words.fill(r.choice(words.TOPIC_TITLES), r)
                body, html = self.body(r, paragraphs=(1, 2), lines=(1, 3))
                starts = topic.get("starts")
                event = (iso(starts), r.choice(words.EVENT_PLACES), iso(starts - DAY)) if starts else (None, "", None)
                comments = len(topic["comments"])
                yield (
                    topic_id[k], self.community_base + topic["community"], self.mid(topic["author"]), "community",
                    title, body, html, *event, topic.get("capacity"), len(topic["going"]), comments, comments,
                    iso(topic["at"]), iso(topic["at"]), iso(topic["last"]),
                )  # fmt: skip

        fields = ["id", "community_id", "author_id", "audience", "title", "body", "body_html", "starts_at", "place"]
        fields += ["deadline", "capacity", "participant_count", "last_comment_number", "comment_count", "created_at"]
        fields += ["updated_at", "last_activity_at"]
        self.load.insert(Topic, fields, topic_rows())
        participation_base = self.next_id(Participation)
        going = [(topic_id[k], m, topics[k]["at"]) for k in order for m in topics[k]["going"]]
        self.load.insert(
            Participation,
            ["id", "topic_id", "member_id", "created_at"],
            ((participation_base + j, topic, self.mid(m), iso(at)) for j, (topic, m, at) in enumerate(going)),
        )
        comments = sorted(
            (at, topic_id[k], number, m, text)
            for k, t in enumerate(topics)
            for number, (at, m, text) in enumerate(t["comments"], 1)
        )
        comment_base = self.next_id(TopicComment)

        def comment_rows() -> Iterator[tuple[Any, ...]]:
            for j, (at, topic, number, member, text) in enumerate(comments):
                html = self.html.paragraphs([[[text]]])[1]
                yield comment_base + j, topic, self.mid(member), number, text, html, iso(at)

        fields = ["id", "topic_id", "author_id", "number", "body", "body_html", "created_at"]
        self.load.insert(TopicComment, fields, comment_rows())

    # --- the manifest ----------------------------------------------------------------------------------

    def manifest(self, size_name: str) -> Manifest:
        designated = [self.viewer_300, self.viewer_1000, self.profile_owner]
        emails = [self.emails[i] for i in designated]
        emails += [e for i, e in enumerate(self.emails) if i not in designated][: 100 - len(designated)]
        friend_counts = [len(f) for f in self.friends]
        counts = dict(self.load.counts)
        counts.update(
            friends_average=round(sum(friend_counts) / self.n),
            friends_most=max(friend_counts),
            voice_replies=self.voice_replies,
            community_topics=self.topic_count,
        )
        return Manifest(
            size=size_name,
            seed=self.seed,
            database=self.load.vendor,
            password=PASSWORD,
            login_emails=emails,
            viewer_300=self.mid(self.viewer_300),
            viewer_1000=self.mid(self.viewer_1000),
            viewer_1000_friends=self.top_friends,
            profile_owner=self.mid(self.profile_owner),
            profile_visitor=self.mid(self.viewer_300),
            diary_entry=self.diary_entry,
            diary_viewer=self.mid(self.viewer_300),
            hashtag=self.hashtag,
            community=self.community_base + self.community_index,
            community_viewer=self.mid(self.community_viewer),
            search_query=SEARCH_QUERY,
            search_query_short=SEARCH_QUERY_SHORT,
            counts=counts,
            seconds={table: round(s, 2) for table, s in self.load.seconds.items()},
        )


def friend_graph(rng: random.Random, cluster: list[int], region: list[int], target: list[int]) -> list[set[int]]:
    """A clustered friend graph whose friend counts come close to `target`, none above FRIEND_LIMIT.

    Chung–Lu: each member draws about half their count of partners (times OVERSAMPLE, for the draws that
    repeat), each partner in proportion to their own target, from the member's cluster, region or the whole
    site (FRIEND_SOURCES). Members with many friends find more of them outside their cluster (LOCAL_REACH),
    as they would, and so their cluster does not run out of people.
    """
    n = len(target)
    by_cluster: dict[int, list[int]] = {}
    by_region: dict[int, list[int]] = {}
    for i in range(n):
        by_cluster.setdefault(cluster[i], []).append(i)
        by_region.setdefault(region[i], []).append(i)
    everyone = list(range(n))

    def weights(group: list[int]) -> list[int]:
        return list(accumulate(target[i] for i in group))

    cluster_weights = {c: weights(g) for c, g in by_cluster.items()}
    region_weights = {r: weights(g) for r, g in by_region.items()}
    all_weights = weights(everyone)
    edges: set[int] = set()
    for i in range(n):
        c, r = cluster[i], region[i]
        k = round(target[i] * OVERSAMPLE / 2 + rng.random() - 0.5)
        local = min(1.0, LOCAL_REACH / target[i])
        k1, k2 = round(k * FRIEND_SOURCES[0] * local), round(k * FRIEND_SOURCES[1] * local)
        picks = rng.choices(by_cluster[c], cum_weights=cluster_weights[c], k=k1)
        picks += rng.choices(by_region[r], cum_weights=region_weights[r], k=k2)
        picks += rng.choices(everyone, cum_weights=all_weights, k=k - k1 - k2)
        for j in picks:
            if j != i:
                edges.add(i * n + j if i < j else j * n + i)
    adjacency: list[set[int]] = [set() for _ in range(n)]
    for edge in edges:
        a, b = divmod(edge, n)
        adjacency[a].add(b)
        adjacency[b].add(a)
    for i in range(n):  # the friend limit
        if len(adjacency[i]) > FRIEND_LIMIT:
            for j in rng.sample(sorted(adjacency[i]), len(adjacency[i]) - FRIEND_LIMIT):
                adjacency[i].discard(j)
                adjacency[j].discard(i)
    return adjacency


PROFILE_FIELDS = [
    "id", "member_id", "introduction", "updated_at", "gender", "gender_audience", "birthday", "birthday_audience",
    "birth_year_audience", "current_prefecture", "current_prefecture_audience", "home_prefecture",
    "home_prefecture_audience", "school", "school_audience", "workplace", "workplace_audience", "interests",
    "interests_audience", "friend_list_audience", "communities_audience",
]  # fmt: skip


def generate(size: str, seed: int = 2011) -> Manifest:
    """Generate the network of `size` (a key of SIZES) into the configured database; returns its manifest."""
    loader = Loader()
    network = Network(SIZES[size], seed, loader)
    with fast_writes(loader):
        network.members()
        network.graph()
        network.voice()
        network.diary()
        network.footprints()
        network.communities()
    network.html.check(network.samples)
    loader.sequences_reset()
    return network.manifest(size)


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate the benchmark data set.")
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument(
        "--var", help="the var/ directory (SQLite database, manifest); a new temporary one if not given"
    )
    parser.add_argument("--manifest", help="where to write the manifest (default: VAR/dataset-SIZE.json)")
    args = parser.parse_args()
    from benchmarks.harness import setup

    if args.var and not os.environ.get("DATABASE_URL"):
        for old in Path(args.var).glob("tsunagu.sqlite3*"):
            old.unlink()
    var = setup(var=args.var, database_url=True)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from tsunagu.accounts.models import Member

    if Member.objects.exists():
        print("Emptying the database first", file=sys.stderr)
        call_command("flush", interactive=False, verbosity=0)
        cache.clear()

    print(f"Generating {args.size} (seed {args.seed}) into {connection.vendor} ({connection.settings_dict['NAME']})")
    start = time.perf_counter()
    manifest = generate(args.size, seed=args.seed)
    total = time.perf_counter() - start
    if connection.vendor == "postgresql":
        analyze = time.perf_counter()
        connection.cursor().execute("VACUUM ANALYZE")
        manifest.seconds["VACUUM ANALYZE"] = round(time.perf_counter() - analyze, 2)
    manifest.seconds["total"] = round(total, 2)
    for table, seconds in sorted(manifest.seconds.items(), key=lambda item: -item[1]):
        rows = f"{manifest.counts[table]:,} rows" if table in manifest.counts else ""
        print(f"{table:32} {rows:>16} {seconds:8.2f} s")
    path = Path(args.manifest or Path(var) / f"dataset-{args.size}.json")
    manifest.save(path)
    print(f"Manifest: {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
