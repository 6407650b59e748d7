"""`tsunagu prune_footprints`: delete footprints older than the retention period (run it daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from tsunagu.footprints.tasks import footprints_prune


class Command(BaseCommand):
    help = "Delete footprints older than the operator's retention period; visitor totals stay as they are."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = footprints_prune.call()
        self.stdout.write(f"Deleted {deleted} footprints.")
