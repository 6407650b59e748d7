"""`tsunagu notify_birthdays`: tell members of their friends' birthdays today (run it daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from tsunagu.notifications.tasks import birthdays_notify


class Command(BaseCommand):
    help = "Notify members of friends whose birthday is today (site time zone) and visible to them; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        told = birthdays_notify.call()
        self.stdout.write(f"Stored {told} birthday notifications.")
