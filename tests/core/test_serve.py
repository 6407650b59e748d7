"""`tsunagu serve` — what `make run` starts: gunicorn and the database task worker, in a real process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_http_and_runs_tasks_in_its_worker(tmp_path: Path):
    """The served site answers on the port, the worker sends mail enqueued by the app, and SIGTERM stops both."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "TASK_BACKEND")}
    env.update(TSUNAGU_VAR_DIR=str(tmp_path), EMAIL_BACKEND="file", WEB_PROCESSES="1", WEB_THREADS="2")
    tsunagu = [sys.executable, "-m", "tsunagu"]
    subprocess.run([*tsunagu, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([*tsunagu, "collectstatic", "--noinput", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [*tsunagu, "serve", "--bind", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
            assert "ログイン" in response.read().decode()
        subprocess.run(
            [
                *tsunagu,
                "shell",
                "-c",
                "from tsunagu.core.tasks import send_email; send_email.enqueue(to=['a@example.com'], subject='worker', body='ok')",
            ],
            env=env,
            check=True,
            timeout=60,
        )
        deadline = time.monotonic() + 30
        # The mail file appears before its text is written: wait for the text.
        while not any("Subject: worker" in f.read_text() for f in (tmp_path / "mail").glob("*.log")):
            assert time.monotonic() < deadline, "the worker did not send the mail"
            time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=40)
    assert server.returncode == 0
