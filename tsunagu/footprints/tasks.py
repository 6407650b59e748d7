"""Scheduled work for footprints: pruning those older than the operator's retention period."""

from django_tasks import task

from tsunagu.footprints import services


@task()
def footprints_prune() -> int:
    """Delete footprints past the retention period; idempotent, safe to run twice."""
    return services.footprints_prune()
