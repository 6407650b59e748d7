"""`tsunagu demo`: load the demo network (idempotent) and print how to log in."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tsunagu.demo.members import DEMO_PASSWORD
from tsunagu.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo network (safe to run again) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        members = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo network ready: {len(members)} members."))
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in as any of them, password: {DEMO_PASSWORD}")
        self.stdout.write(f"  {members[0].email:34} {members[0].nickname}  (operator: {settings.SITE_URL}/admin/)")
        for member in members[1:6]:
            self.stdout.write(f"  {member.email:34} {member.nickname}")
        self.stdout.write(f"  … and {len(members) - 6} more (see tsunagu/demo/members.py)")
