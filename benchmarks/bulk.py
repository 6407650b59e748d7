"""Bulk writes for benchmark data: executemany on SQLite, COPY on PostgreSQL, indexes built once after the load."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

BATCH = 20_000


def chunks(rows: Iterable[Sequence[Any]], size: int = BATCH) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class Loader:
    """Writes rows in bulk (executemany on SQLite, COPY on PostgreSQL) and keeps the time and count per table.

    Columns a caller leaves out get the field's default, so a new column with a default does not break this.
    """

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.models: list[Any] = []

    @property
    def vendor(self) -> str:
        return str(self.connection.vendor)

    def insert(self, model: Any, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        from django.db import transaction

        meta = model._meta
        given = {meta.get_field(name).column for name in fields}
        missing = [f for f in meta.concrete_fields if f.column not in given]
        extra = tuple(f.get_db_prep_save(f.get_default(), self.connection) for f in missing)
        columns = ", ".join(
            f'"{c}"' for c in [meta.get_field(name).column for name in fields] + [f.column for f in missing]
        )
        table = meta.db_table
        if extra:
            rows = (tuple(row) + extra for row in rows)
        start, count = time.perf_counter(), 0
        self.connection.ensure_connection()
        with transaction.atomic(), self._unindexed(table):
            if self.vendor == "postgresql":
                with (
                    self.connection.cursor() as cursor,
                    cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join("?" * (len(fields) + len(missing)))
                raw = self.connection.connection
                for batch in chunks(rows):
                    raw.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', batch)
                    count += len(batch)
        self.seconds[table] = self.seconds.get(table, 0.0) + time.perf_counter() - start
        self.counts[table] = self.counts.get(table, 0) + count
        if model not in self.models:
            self.models.append(model)
        return count

    @contextmanager
    def _unindexed(self, table: str) -> Iterator[None]:
        """Drop the table's secondary indexes (and on PostgreSQL its foreign keys) for the load and make them again
        after it, in the caller's transaction so that a failure leaves them as they were.

        One sort per index instead of a B-tree insert per row and index, and on PostgreSQL one join to validate
        each foreign key instead of a trigger per row and key: most of the cost of loading many-indexed tables.
        """
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    """SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
                    WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
                    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)""",
                    [table],
                )
                indexes = cursor.fetchall()
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
                    " AND contype = 'f'",
                    [table],
                )
                keys = cursor.fetchall()
            else:  # indexes written in the table's definition (sql NULL) cannot be dropped; nor can foreign keys
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [table],
                )
                indexes, keys = cursor.fetchall(), []
            for name, _definition in keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        with self.connection.cursor() as cursor:
            for name, definition in keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            for _name, definition in indexes:
                cursor.execute(definition)

    def sequences_reset(self) -> None:
        """PostgreSQL: move the id sequences past the ids written here (SQLite's AUTOINCREMENT follows by itself)."""
        from django.core.management.color import no_style

        if self.vendor != "postgresql":
            return
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)


class fast_writes:
    """SQLite: a large page cache while writing (and no fsync when outside a transaction); restored after."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader

    def __enter__(self) -> None:
        self.sqlite = self.loader.vendor == "sqlite"
        if self.sqlite:
            with self.loader.connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.cache_size = cursor.fetchone()[0]
                cursor.execute("PRAGMA cache_size = -1000000")
                if not self.loader.connection.in_atomic_block:
                    cursor.execute("PRAGMA synchronous = OFF")

    def __exit__(self, *exc: object) -> None:
        if self.sqlite:
            with self.loader.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
                if not self.loader.connection.in_atomic_block:
                    cursor.execute("PRAGMA synchronous = NORMAL")
