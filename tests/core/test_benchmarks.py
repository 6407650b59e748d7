"""The load benchmark's machinery: wrk plays a plan as written, and the report's figures are computed right.

The suite end to end (server, data set, every operation) is CI's smoke run, `python -m benchmarks.suite --smoke`.
"""

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.load import Request, wrk
from benchmarks.suite import HISTORY_END, HISTORY_START, history
from benchmarks.surge import Phase, Surge, percentile

needs_wrk = pytest.mark.skipif(
    shutil.which("wrk") is None and not os.environ.get("CI"), reason="wrk is not installed (apt-get install wrk)"
)


# Percent signs, tabs and line breaks are escaped in the plan file: they must arrive as they were.
BODY = '{"text": "100%25 つぶやき\t#ベンチ\n\r\n"}'


class Recorder(BaseHTTPRequestHandler):
    """Answers 200 to every request except those for /missing, and keeps what it was sent."""

    seen: list[tuple[str, str, str, str]] = []

    def answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.seen.append((self.command, self.path, self.headers.get("Cookie", ""), body))
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = answer

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def recorder() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@needs_wrk
def test_wrk_plays_the_plan_in_turn_with_japanese_paths_headers_and_bodies(recorder):
    """Requests go out as planned (method, escaped path, cookie, UTF-8 body), taken in turn from `first`."""
    plan = [
        Request("/hashtags/%E3%83%A9%E3%83%BC%E3%83%A1%E3%83%B3/", headers={"Cookie": 'sessionid=a"b\\c'}),
        Request("/api/v1/voice", method="POST", headers={"Content-Type": "application/json"}, body=BODY),
        Request("/members/3/"),
    ]
    load = wrk(recorder, plan, seconds=1, connections=1, first=1)
    assert load.requests > 3 and load.errors == 0 and load.throughput > 0
    assert load.p50_ms <= load.p95_ms <= load.p99_ms <= load.max_ms
    first = Recorder.seen[:3]
    assert [(method, path) for method, path, _, _ in first] == [
        ("POST", "/api/v1/voice"),
        ("GET", "/members/3/"),
        ("GET", "/hashtags/%E3%83%A9%E3%83%BC%E3%83%A1%E3%83%B3/"),
    ]
    assert first[0][3] == BODY
    assert first[2][2] == 'sessionid=a"b\\c'
    # The next run starts after the last request taken.
    # The next run starts after the last request taken (the one in flight at the end may not have arrived).
    assert load.next_index - 1 in (len(Recorder.seen), len(Recorder.seen) + 1)


@needs_wrk
def test_wrk_counts_unexpected_statuses_as_errors(recorder):
    load = wrk(recorder, [Request("/missing")], seconds=1, connections=2)
    assert load.requests > 0 and load.errors == load.requests and load.error_status == 404
    assert wrk(recorder, [Request("/missing")], seconds=1, connections=1, expect=(404,)).errors == 0


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50 and percentile(values, 0.99) == 99 and percentile(values, 1.0) == 100
    assert percentile([7.0], 0.99) == 7 and percentile([], 0.99) == 0


def surge_with(latencies_after: list[float]) -> Surge:
    """A surge 10 s before, 10 s of surge, then samples every 0.5 s with the given feed latencies."""
    result = Surge(phases=[Phase("before", 10, 1), Phase("surge", 10, 25), Phase("after", 10, 1)])
    result.samples = [(t * 0.5, 0, 50.0) for t in range(20)] + [(10 + t * 0.5, 100, 400.0) for t in range(20)]
    result.samples += [(20 + t * 0.5, 0, ms) for t, ms in enumerate(latencies_after)]
    return result


def test_recovery_is_when_the_feed_stays_near_its_latency_before_the_surge():
    """Recovered: every 5 s window from then on has a median within 1.5 × (or 20 ms above) the level before."""
    assert surge_with([400.0] * 6 + [55.0] * 30).recovery_s() == 3.0
    assert surge_with([55.0] * 30).recovery_s() == 0.0
    # A relapse later on: recovery counts from after it.
    assert surge_with([55.0] * 10 + [400.0] * 12 + [55.0] * 20).recovery_s() == 11.0
    assert surge_with([400.0] * 30).recovery_s() is None


def test_history_keeps_earlier_rows_and_adds_the_new_one():
    document = f"# Performance\n\n{HISTORY_START}\n| date | … |\n| --- |\n| 2026-11-01 | embedded | small | 1 |\n{HISTORY_END}\n"
    table = history(document, "| 2026-11-22 | production | small | 2 |")
    assert table.splitlines()[2:] == [
        "| 2026-11-01 | embedded | small | 1 |",
        "| 2026-11-22 | production | small | 2 |",
    ]
    assert history("# Performance\n", "| 2026-11-22 | x |").splitlines()[2:] == ["| 2026-11-22 | x |"]
