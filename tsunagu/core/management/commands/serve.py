"""`tsunagu serve`: the site in one process group — gunicorn plus the task workers (the database worker, or
WORKER_PROCESSES RQ workers in the production shape)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the web app with gunicorn and run the task worker beside it until interrupted."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="Do not start a task worker.")

    def handle(self, *args: Any, bind: str, no_worker: bool, **options: Any) -> None:
        python = sys.executable
        web = [
            python,
            "-m",
            "gunicorn",
            "tsunagu.wsgi",
            "--bind",
            bind,
            "--workers",
            str(settings.WEB_PROCESSES),
            "--threads",
            str(settings.WEB_THREADS),
            "--access-logfile",
            "-",
        ]
        commands = {"web": web}
        if not no_worker and settings.TASK_BACKEND == "rq":
            # WORKER_PROCESSES workers, each running its jobs in its own process (no fork per job: a fork of
            # Django and a new database connection cost more than a fan-out or a notification itself).
            rq = [python, "-m", "tsunagu", "rqworker", *settings.TASK_QUEUES]
            rq += ["--job-class", "django_tasks_rq.Job", "--worker-class", "rq.SimpleWorker"]
            for number in range(settings.WORKER_PROCESSES):
                commands[f"worker {number + 1}"] = rq
        elif not no_worker and settings.TASK_BACKEND == "database":  # one: SQLite has one writer at a time
            commands["worker"] = [python, "-m", "tsunagu", "db_worker", "--queue-name", ",".join(settings.TASK_QUEUES)]
        processes = {name: subprocess.Popen(command) for name, command in commands.items()}  # noqa: S603
        self.stdout.write(self.style.SUCCESS(f"tsunagu is serving on http://{bind}/ (Ctrl-C stops it)"))

        def stop(*_args: Any) -> None:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(process.poll() is None for process in processes.values()):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes.values():
                process.wait(timeout=30)
        failed = [name for name, p in processes.items() if p.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)]
        if failed:
            raise CommandError(f"stopped because a process exited: {failed}")
