"""`tsunagu remind_events`: remind participants of events starting within a day (run it every hour from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from tsunagu.communities.tasks import event_reminders_send


class Command(BaseCommand):
    help = "Notify the participants of events starting within the next 24 hours, once per event; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        told = event_reminders_send.call()
        self.stdout.write(f"Stored {told} event reminders.")
