"""Fan-out and the posting surge of issue 7, measured over HTTP against a running server.

Fan-out (Redis timeline store): a member with 1,000 friends posts through the API, one post at a time, and
the time until every friend's kept timeline holds the post is taken by polling Redis. The surge: voice
posts by many members on an open-loop schedule — a steady rate, 25 times that rate, the steady rate
again — while a sampler records the task queue's length and the latency of a member's feed every half
second; afterwards every accepted post must be in the database and, with the Redis store, in the kept
timeline of every reader who has one.
"""

from __future__ import annotations

import http.client
import json
import math
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

SURGE_FACTOR = 25
SAMPLE_SECONDS = 0.5
POLL_SECONDS = 0.05
VISIBLE_TIMEOUT = 60.0


class Connections:
    """Keep-alive HTTP connections to the server, one per thread; `request` answers (status, seconds, body)."""

    def __init__(self, base_url: str) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.local = threading.local()

    def request(
        self, method: str, path: str, headers: Mapping[str, str], body: str | None = None
    ) -> tuple[int, float, bytes]:
        started = time.perf_counter()
        for attempt in (1, 2):  # a kept connection the server closed meanwhile is opened again once
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
            try:
                connection.request(method, path, body=body.encode() if body else None, headers=dict(headers))
                answer = connection.getresponse()
                data = answer.read()
                return answer.status, time.perf_counter() - started, data
            except (http.client.HTTPException, ConnectionError) as error:
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise error
        raise AssertionError("unreachable")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1); 0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))] if ordered else 0.0


def post_body(text: str) -> str:
    return json.dumps({"text": text, "audience": "friends"}, ensure_ascii=False)


def bearer(member: Any) -> dict[str, str]:
    from tsunagu.accounts.services import api_token_create

    return {"Authorization": f"Bearer {api_token_create(member=member)}", "Content-Type": "application/json"}


def friend_ids(member_id: int) -> list[int]:
    from tsunagu.friends.models import Friendship

    return list(
        Friendship.objects.filter(member_id=member_id).order_by("friend_id").values_list("friend_id", flat=True)
    )


def timelines_build(member_ids: list[int]) -> float:
    """Build the kept timelines of these members (as their next feed read would); returns the seconds taken."""
    from tsunagu.accounts.models import Member
    from tsunagu.feed.redis_store import RedisTimeline

    store = RedisTimeline()
    started = time.monotonic()
    for member in Member.objects.filter(pk__in=member_ids).iterator():
        store.rebuild(member)
    return time.monotonic() - started


@dataclass
class FanOut:
    friends: int
    build_seconds: float
    post_ms: list[float] = field(default_factory=list)
    # Seconds from sending the POST until every friend's kept timeline held the post.
    visible_s: list[float] = field(default_factory=list)
    errors: int = 0
    # Posts some friend's timeline still lacked after VISIBLE_TIMEOUT.
    incomplete: int = 0


def fan_out(base_url: str, poster_id: int, posts: int, interval: float) -> FanOut:
    """`posts` voice posts by `poster_id`, `interval` seconds apart, each followed until all friends hold it."""
    from tsunagu.accounts.models import Member
    from tsunagu.feed.redis_store import RedisTimeline

    friends = friend_ids(poster_id)
    result = FanOut(friends=len(friends), build_seconds=timelines_build(friends))
    store = RedisTimeline()
    headers = bearer(Member.objects.get(pk=poster_id))
    connections = Connections(base_url)
    for number in range(posts):
        started = time.perf_counter()
        status, seconds, data = connections.request(
            "POST", "/api/v1/voice", headers, post_body(f"ファンアウト測定 {number}")
        )
        if status != 201:
            result.errors += 1
            continue
        result.post_ms.append(seconds * 1000)
        post_id = json.loads(data)["id"]
        while len(store.holding(friends, "voice", post_id)) < len(friends):
            if time.perf_counter() - started > VISIBLE_TIMEOUT:
                result.incomplete += 1
                break
            time.sleep(POLL_SECONDS)
        else:
            result.visible_s.append(time.perf_counter() - started)
        time.sleep(max(0.0, interval - (time.perf_counter() - started)))
    return result


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float
    rate: float  # posts per second


@dataclass
class Surge:
    phases: list[Phase]
    # (seconds since the start, queue length, feed latency in ms) every SAMPLE_SECONDS.
    samples: list[tuple[float, int, float]] = field(default_factory=list)
    # (seconds since the start, status, latency in ms, post id or 0) for every post sent.
    posts: list[tuple[float, int, float, int]] = field(default_factory=list)
    feed_errors: int = 0
    lost: int = 0
    # Readers' kept timelines missing a post after the queue drained (Redis store only).
    missing_entries: int = 0
    drained_after_s: float = 0.0

    @property
    def surge_window(self) -> tuple[float, float]:
        start = sum(p.seconds for p in self.phases[:1])
        return start, start + self.phases[1].seconds

    @property
    def errors(self) -> int:
        return sum(1 for _, status, _, _ in self.posts if status != 201)

    def latency_ms(self, start: float, end: float) -> list[float]:
        return [ms for t, _, ms in self.samples if start <= t < end]

    def recovery_s(self) -> float | None:
        """Seconds after the surge until the feed's latency stays near its level before (None: not in the run).

        Near: within 1.5 × the median before the surge, or 20 ms above it; each sample is smoothed as the median
        of the five around it (2.5 s), so one slow request does not count as not recovered.
        """
        start, end = self.surge_window
        before = statistics.median(self.latency_ms(0, start) or [0.0])
        bound = max(1.5 * before, before + 20)
        after = [(t, ms) for t, _, ms in self.samples if t >= end]
        recovered: float | None = None
        for index in reversed(range(len(after))):
            if statistics.median(ms for _, ms in after[max(0, index - 2) : index + 3]) > bound:
                break
            recovered = after[index][0] - end
        return recovered


def surge(
    base_url: str,
    posters: list[int],
    feed_reader: Mapping[str, str],
    phases: list[Phase],
    queue_length: Callable[[], int],
    drain_timeout: float,
) -> Surge:
    """Post on the phases' schedule from `posters` in turn, sampling the queue and a feed until drained."""
    from tsunagu.accounts.models import Member

    result = Surge(phases=phases)
    headers = [bearer(m) for m in Member.objects.filter(pk__in=posters)]
    connections = Connections(base_url)
    begun = time.perf_counter()
    stop = threading.Event()

    def sample() -> None:
        feed = Connections(base_url)
        while not stop.is_set():
            moment = time.perf_counter()
            status, seconds, _ = feed.request("GET", "/api/v1/feed?limit=20", feed_reader)
            result.samples.append((moment - begun, queue_length(), seconds * 1000))
            result.feed_errors += status != 200
            stop.wait(max(0.0, SAMPLE_SECONDS - (time.perf_counter() - moment)))

    def send(number: int, due: float) -> None:
        try:
            status, seconds, data = connections.request(
                "POST", "/api/v1/voice", headers[number % len(headers)], post_body(f"みんなで実況中 #速報 {number}")
            )
            post_id = json.loads(data)["id"] if status == 201 else 0
        except (OSError, http.client.HTTPException):
            status, seconds, post_id = 0, 0.0, 0
        result.posts.append((due, status, seconds * 1000, post_id))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with ThreadPoolExecutor(max_workers=64) as pool:
        offset, number = 0.0, 0
        for phase in phases:
            count = round(phase.seconds * phase.rate)
            for index in range(count):
                due = offset + index / phase.rate
                time.sleep(max(0.0, due - (time.perf_counter() - begun)))
                pool.submit(send, number, due)
                number += 1
            offset += phase.seconds
            time.sleep(max(0.0, offset - (time.perf_counter() - begun)))
    ended = time.perf_counter()
    while queue_length() and time.perf_counter() - ended < drain_timeout:
        time.sleep(SAMPLE_SECONDS)
    result.drained_after_s = time.perf_counter() - ended
    stop.set()
    sampler.join()
    accepted = [post_id for _, status, _, post_id in result.posts if status == 201]
    result.lost, result.missing_entries = posts_check(accepted)
    return result


def posts_check(post_ids: list[int]) -> tuple[int, int]:
    """How many accepted posts are not in the database, and how many kept timelines of their readers lack them
    (one trimmed past a post at its length does not: the feed reads on from the database there)."""
    from django.conf import settings

    from tsunagu.voice.models import VoicePost

    stored = dict(VoicePost.objects.filter(pk__in=post_ids).values_list("pk", "author_id"))
    lost = len(set(post_ids) - set(stored))
    if settings.TIMELINE_STORE != "redis":
        return lost, 0
    import redis

    from tsunagu.feed.redis_store import RedisTimeline

    store = RedisTimeline()
    client = redis.Redis.from_url(settings.TIMELINE_REDIS_URL, decode_responses=True)
    kept: dict[int, list[int]] = {}
    missing = 0
    for post_id, author_id in stored.items():
        if author_id not in kept:
            readers = [author_id, *friend_ids(author_id)]
            pipe = client.pipeline(transaction=False)
            for pk in readers:
                pipe.exists(store.key(pk))
            kept[author_id] = [pk for pk, exists in zip(readers, pipe.execute(), strict=True) if exists]
        lacking = set(kept[author_id]) - store.holding(kept[author_id], "voice", post_id)
        missing += len(lacking) - len(trimmed_past(client, store, lacking, post_id))
    return lost, missing


def trimmed_past(client: Any, store: Any, member_ids: set[int], post_id: int) -> set[int]:
    """The members whose kept timeline was trimmed past the post (at `TIMELINE_LENGTH`, every entry newer): their
    feed reads it from the database, so it is not missing."""
    from django.conf import settings

    from tsunagu.feed.redis_store import COMPLETE, entry_of
    from tsunagu.voice.models import VoicePost

    post = VoicePost.objects.get(pk=post_id)
    entry = entry_of((post.created_at, "voice", post.pk))
    pipe = client.pipeline(transaction=False)
    for pk in member_ids:
        pipe.zcard(store.key(pk))
        pipe.zrangebylex(store.key(pk), f"({COMPLETE}", "+", start=0, num=1)
    answers = pipe.execute()
    past = set()
    for index, pk in enumerate(member_ids):
        size, oldest = answers[2 * index], answers[2 * index + 1]
        if size >= settings.TIMELINE_LENGTH and oldest and oldest[0] > entry:
            past.add(pk)
    return past
