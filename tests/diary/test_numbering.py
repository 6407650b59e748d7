"""Comment numbering under parallel posting, against real databases (DESIGN.md §3: no `max()+1` races).

Eight members post ten comments each at the same moment (a barrier starts them together), each deleting
every fifth of their own as they go; afterwards the numbers must be exactly 1…80 with no duplicate or
gap, and the entry's `last_comment_number` and `comment_count` must agree with the rows.

- PostgreSQL (`production`): eight threads in the test process, each on its own connection, in a
  `transaction=True` test so that the row locks are real; every thread closes its connection.
- SQLite: pytest-django gives SQLite tests a shared-cache in-memory database, where locking is per
  table and the busy timeout does not apply, so threads there would not test what the embedded shape
  runs. Instead the test runs the embedded shape itself in child processes on a fresh file database
  (WAL, IMMEDIATE transactions, 20 s busy timeout, from tsunagu/settings.py): one process migrates and
  builds the world, then two processes of four threads each post at once (as two web processes
  would), and a last one reports what was stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tsunagu.accounts.models import Member
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.diary.services import diary_comment_create, diary_comment_delete, diary_entry_create

THREADS = 8
PER_THREAD = 10
DELETE_EVERY = 5
TOTAL = THREADS * PER_THREAD
DELETED = THREADS * (PER_THREAD // DELETE_EVERY)
BASE_DIR = Path(__file__).resolve().parents[2]


def post_in_parallel(*, entry_id: int, author_ids: list[int]) -> list[str]:
    """Each author posts PER_THREAD comments in their own thread, all starting together; returns any errors."""
    barrier = threading.Barrier(len(author_ids))
    errors: list[str] = []

    def work(author_id: int) -> None:
        try:
            author = Member.objects.get(pk=author_id)
            barrier.wait(timeout=60)
            for n in range(1, PER_THREAD + 1):
                comment = diary_comment_create(author=author, entry_id=entry_id, body=f"{author_id}の{n}")
                if n % DELETE_EVERY == 0:
                    diary_comment_delete(member=author, entry_id=entry_id, comment_id=comment.pk)
        except BaseException as error:
            errors.append(f"{author_id}: {error!r}")
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(author_id,)) for author_id in author_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


def stored(entry_id: int) -> dict[str, Any]:
    entry = DiaryEntry.objects.get(pk=entry_id)
    rows = list(DiaryComment.objects.filter(entry_id=entry_id).values_list("number", "deleted_at", "author_id"))
    return {
        "numbers": sorted(number for number, _, _ in rows),
        "deleted": sum(1 for _, deleted_at, _ in rows if deleted_at is not None),
        "per_author": sorted(
            sum(1 for _, _, a in rows if a == author) for author in {a for _, _, a in rows if a is not None}
        ),
        "last_comment_number": entry.last_comment_number,
        "comment_count": entry.comment_count,
    }


def assert_numbered(result: dict[str, Any], authors: int) -> None:
    assert result["numbers"] == list(range(1, TOTAL + 1)), "every number once, no gaps"
    assert result["deleted"] == DELETED
    assert result["last_comment_number"] == TOTAL
    assert result["comment_count"] == TOTAL - DELETED
    assert result["per_author"] == [PER_THREAD - PER_THREAD // DELETE_EVERY] * authors


def world(make: Callable[[str], Member]) -> tuple[int, list[int]]:
    """An author with a members-only entry, and THREADS commenters."""
    author = make("日記の人")
    entry = diary_entry_create(author=author, title="みんなでコメント", body="どうぞ", audience="members")
    return entry.pk, [make(f"コメント{n}").pk for n in range(THREADS)]


@pytest.mark.production
@pytest.mark.django_db(transaction=True)
def test_parallel_comments_on_postgresql(make_member: Callable[..., Member]) -> None:
    """Eight threads, eight connections: numbers 1…80 exactly once; counters match the rows."""
    assert connection.vendor == "postgresql"
    entry_id, author_ids = world(make_member)
    assert post_in_parallel(entry_id=entry_id, author_ids=author_ids) == []
    assert_numbered(stored(entry_id), THREADS)


# --- SQLite, the embedded shape, in child processes ---------------------------------------------------


def child_main(step: str, argument: str) -> None:
    """Run in a child process (see `run_child`): one step of the SQLite test, printing its result as JSON."""
    from django.core.management import call_command

    from tests.conftest import PASSWORD
    from tsunagu.accounts.services import member_sign_up

    if step == "world":
        call_command("migrate", interactive=False, verbosity=0)

        def make(nickname: str) -> Member:
            return member_sign_up(
                email=f"{len(nickname)}-{os.urandom(4).hex()}@example.com", password=PASSWORD, nickname=nickname
            )

        entry_id, author_ids = world(make)
        print(json.dumps({"entry_id": entry_id, "author_ids": author_ids}))
    elif step == "post":
        arguments = json.loads(argument)
        print(json.dumps(post_in_parallel(entry_id=arguments["entry_id"], author_ids=arguments["author_ids"])))
    else:
        print(json.dumps(stored(int(argument)) | {"journal_mode": journal_mode()}))


def journal_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return str(cursor.fetchone()[0])


CHILD = """
import sys
import django
from django.conf import settings
django.setup()
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from tests.diary.test_numbering import child_main
child_main(sys.argv[1], sys.argv[2])
"""


def child_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "TASK_BACKEND")}
    env.update(
        DJANGO_SETTINGS_MODULE="tsunagu.settings",
        TSUNAGU_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'numbering.sqlite3'}",
        # Notifications are stored in the posting thread right after each commit: more concurrent writers.
        TASK_BACKEND="immediate",
    )
    return env


def start_child(tmp_path: Path, step: str, argument: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, step, argument],
        cwd=BASE_DIR,
        env=child_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def child_result(child: subprocess.Popen[str]) -> Any:
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_parallel_comments_on_sqlite_in_two_processes(tmp_path: Path) -> None:
    """Two processes × four threads on one SQLite file in WAL mode: numbers 1…80 exactly once."""
    made = child_result(start_child(tmp_path, "world"))
    halves = [made["author_ids"][: THREADS // 2], made["author_ids"][THREADS // 2 :]]
    children = [
        start_child(tmp_path, "post", json.dumps({"entry_id": made["entry_id"], "author_ids": half})) for half in halves
    ]
    assert [child_result(child) for child in children] == [[], []]
    result = child_result(start_child(tmp_path, "report", str(made["entry_id"])))
    assert result.pop("journal_mode") == "wal"
    assert_numbered(result, THREADS)
