"""System checks: the database connection budget of the production shape."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import connections


@register(Tags.database)
def connection_budget(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Web threads and workers each hold a persistent connection; they must fit PostgreSQL's limit."""
    if not databases or "default" not in databases:
        return []
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        (max_connections,) = cursor.fetchone()
        cursor.execute("SHOW superuser_reserved_connections")
        (reserved,) = cursor.fetchone()
    needed = settings.WEB_PROCESSES * settings.WEB_THREADS + settings.WORKER_PROCESSES
    available = int(max_connections) - int(reserved)
    if needed > available:
        return [
            Warning(
                f"WEB_PROCESSES x WEB_THREADS + WORKER_PROCESSES = {needed} connections, "
                f"but PostgreSQL allows {available}.",
                hint="Lower WEB_THREADS or WEB_PROCESSES, or raise max_connections, or add PgBouncer.",
                id="tsunagu.W001",
            )
        ]
    return []
