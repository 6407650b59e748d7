"""`tsunagu send_notification_digests`: e-mail today's notification digests (run it daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from tsunagu.notifications.tasks import digests_send


class Command(BaseCommand):
    help = "E-mail each member who asked for it their unread notifications since the last digest; once a day."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send.call()
        self.stdout.write(f"Sent {sent} notification digests.")
