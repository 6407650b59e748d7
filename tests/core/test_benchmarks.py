"""The benchmarks keep working: each runs end to end on tiny numbers (timings are not judged here)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_footprint_benchmark_runs_and_reports_every_operation():
    """`python -m benchmarks.footprints` runs on a fresh embedded database and prints its table."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(BENCH_ROUNDS="1", BENCH_REQUESTS="3", BENCH_REPORT="0")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.footprints"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    for operation in (
        "ceiling: bare view",
        "ceiling: 20-row ORM page",
        "profile, footprints off",
        "profile, new footprint",
        "profile, repeat visit",
    ):
        assert operation in result.stdout


def test_feed_benchmark_runs_and_reports_every_operation():
    """`python -m benchmarks.feed` builds its network, runs every operation and prints queries per request."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        BENCH_ROUNDS="1",
        BENCH_REQUESTS="2",
        BENCH_REPORT="0",
        BENCH_FRIENDS="30",
        BENCH_OTHERS="10",
        BENCH_VOICE_EACH="8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.feed"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    for operation in ("home page (feed HTML", "feed API, first page", "feed API, 10th page", "poll for new items"):
        assert operation in result.stdout
