"""`tsunagu demo`: load the demo network (idempotent) and print how to log in."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tsunagu.communities.models import Membership, Role, Topic
from tsunagu.demo.members import DEMO_PASSWORD
from tsunagu.demo.services import demo_load
from tsunagu.diary.models import DiaryEntry
from tsunagu.friends.models import Block, FriendGroup, FriendRequest, Friendship
from tsunagu.messaging.models import Message
from tsunagu.voice.models import VoicePost


class Command(BaseCommand):
    help = "Load the demo network (safe to run again) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        members = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo network ready: {len(members)} members."))
        friendships = Friendship.objects.filter(member__in=members).count() // 2
        groups = FriendGroup.objects.filter(owner__in=members).count()
        blocks = Block.objects.filter(blocker__in=members).count()
        waiting = FriendRequest.objects.filter(recipient__in=members, declined_at__isnull=True).count()
        self.stdout.write(
            f"Friend graph: {friendships} friendships, {groups} friend groups, {blocks} blocks, "
            f"{waiting} friend requests waiting."
        )
        entries = DiaryEntry.objects.filter(author__in=members).count()
        posts = VoicePost.objects.filter(author__in=members, in_reply_to__isnull=True).count()
        replies = VoicePost.objects.filter(author__in=members, in_reply_to__isnull=False).count()
        messages = Message.objects.filter(sender__in=members).count()
        communities = Membership.objects.filter(member__in=members, role=Role.ADMIN).count()
        topics = Topic.objects.filter(author__in=members, starts_at__isnull=True).count()
        events = Topic.objects.filter(author__in=members, starts_at__isnull=False).count()
        self.stdout.write(
            f"Content: {entries} diary entries, {posts} voice posts with {replies} replies, {messages} messages, "
            f"{communities} communities with {topics} topics and {events} events."
        )
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in as any of them, password: {DEMO_PASSWORD}")
        self.stdout.write(f"  {members[0].email:34} {members[0].nickname}  (operator: {settings.SITE_URL}/admin/)")
        for member in members[1:6]:
            self.stdout.write(f"  {member.email:34} {member.nickname}")
        self.stdout.write(f"  … and {len(members) - 6} more (see tsunagu/demo/members.py)")
