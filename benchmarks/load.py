"""HTTP load on a real server: start and stop tsunagu's production server, play requests with wrk, read memory.

The server is `tsunagu serve` (gunicorn with WEB_PROCESSES workers × WEB_THREADS threads, plus the task
worker of the shape), started with the environment the caller gives. `wrk` plays a plan of requests
(`benchmarks/wrk/plan.lua`) at a number of concurrent connections for some seconds, while a sampler reads
the resident memory of the gunicorn worker processes from /proc.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PLAN_SCRIPT = Path(__file__).resolve().parent / "wrk" / "plan.lua"
ROOT = Path(__file__).resolve().parent.parent
WRK_THREADS = 2
MARK = "TSUNAGU-WRK "


@dataclass(frozen=True)
class Request:
    """One HTTP request of a plan (the path with its query; headers without Host)."""

    path: str
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str | None = None


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    # The last unexpected HTTP status seen (0: none), to tell what went wrong.
    error_status: int
    # The most the gunicorn workers held together while the load ran (sum of VmRSS).
    peak_rss_mib: float
    # The index after the last request of the plan taken: where a next run continues (`first`).
    next_index: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Memory:
    """Memory of the gunicorn worker processes, summed: resident now and each one's high-water mark."""

    rss_mib: float
    hwm_mib: float


def plan_field(value: str) -> str:
    """A field of a plan line: "%", tabs and line breaks as %XX (plan.lua decodes them)."""
    return value.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D")


def plan_text(requests: Sequence[Request], expect: Sequence[int]) -> str:
    """The plan file `plan.lua` reads: the expected statuses, then one line per request (see plan.lua)."""
    lines = ["\t".join(map(str, expect))]
    for r in requests:
        body = "-" if r.body is None else "=" + r.body
        headers = [f"{name}: {value}" for name, value in r.headers.items()]
        lines.append("\t".join(plan_field(field) for field in [r.method, r.path, body, *headers]))
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces and parentheses: the parent id follows the last ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """`tsunagu serve` on a free local port with the given environment; use as a context manager."""

    def __init__(self, env: Mapping[str, str], *, log: Path) -> None:
        self.env = dict(env)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        command = [sys.executable, "-m", "tsunagu", "serve", "--bind", f"127.0.0.1:{self.port}"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start (exit {self.process.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as answer:
                    if answer.status == 200 and len(self.web_workers()) >= int(self.env.get("WEB_PROCESSES", "2")):
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"the server did not answer /healthz within 90 s; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def web_workers(self) -> list[int]:
        """Process ids of the gunicorn workers (children of the gunicorn master that `serve` started)."""
        assert self.process is not None
        for child in _children(self.process.pid):
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"gunicorn" in command:
                return _children(child)
        return []

    def cpu_ticks(self) -> int:
        """CPU time the gunicorn workers have used so far, in clock ticks (user and system)."""
        total = 0
        for pid in self.web_workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime and stime, the 14th and 15th fields
        return total

    def settle(self, timeout: float = 60) -> float:
        """Waits until the workers have finished what the last load left queued (no CPU used for 0.3 s)."""
        started = time.monotonic()
        ticks = self.cpu_ticks()
        while time.monotonic() - started < timeout:
            time.sleep(0.3)
            now = self.cpu_ticks()
            if now - ticks <= 1:
                break
            ticks = now
        return time.monotonic() - started

    def memory(self) -> Memory:
        workers = self.web_workers()
        return Memory(
            rss_mib=sum(_status_kib(pid, "VmRSS") for pid in workers) / 1024,
            hwm_mib=sum(_status_kib(pid, "VmHWM") for pid in workers) / 1024,
        )


@contextmanager
def _peak_rss(server: Server | None) -> Iterator[list[float]]:
    """Samples the workers' summed VmRSS every 0.2 s while the block runs; yields the list of samples."""
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set() and server is not None:
            samples.append(server.memory().rss_mib)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield samples
    finally:
        stop.set()
        sampler.join()


def wrk(
    base_url: str,
    requests: Sequence[Request],
    *,
    seconds: float,
    connections: int,
    expect: Sequence[int] = (200,),
    first: int = 0,
    server: Server | None = None,
) -> Load:
    """Play `requests` in turn (from index `first`) with `connections` open connections for `seconds`."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".plan", delete=False, encoding="utf-8") as plan:
        plan.write(plan_text(requests, expect))
    threads = min(WRK_THREADS, connections)
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        f"--script={PLAN_SCRIPT}",
        base_url,
        "--",
        plan.name,
        str(first),
        str(threads),
    ]
    try:
        with _peak_rss(server) as samples:
            result = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        os.unlink(plan.name)
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARK)]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    data = json.loads(lines[-1][len(MARK) :])
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors=data["unexpected"] + data["socket_errors"],
        error_status=data["unexpected_status"],
        peak_rss_mib=max(samples, default=0.0),
        next_index=data["next"],
    )
