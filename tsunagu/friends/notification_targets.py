"""What friend notifications point at: pending requests, members, and birthdays the recipient may see.

- "friend_request": a request still waiting for the recipient's answer (not withdrawn, accepted or declined);
- "member" (accepted requests): a member the recipient may know exists (`policy.members_visible_to`);
- "birthday": a member whose birthday the recipient may see, by the birthday's own audience
  (`selectors.BIRTHDAY_SHARED`): narrowing it after the reminder hides the reminder too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.friends.models import FriendRequest
from tsunagu.friends.selectors import BIRTHDAY_SHARED
from tsunagu.notifications.registry import NotificationTarget, Shown, excerpt, target_register
from tsunagu.profiles.models import Profile

REQUEST_KIND = "friend_request"
MEMBER_KIND = "member"
BIRTHDAY_KIND = "birthday"


def requests_waiting(recipient: Member) -> QuerySet[FriendRequest]:
    """Requests still waiting for the recipient's answer, from members they may see."""
    return policy.members_visible_to(
        recipient,
        FriendRequest.objects.filter(recipient_id=recipient.pk, declined_at__isnull=True),
        member_field="sender",
    )


def requests_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    requests = requests_waiting(recipient).filter(pk__in=list(ids)).values_list("pk", "message")
    url = reverse("friends:confirm")
    return {pk: Shown(url=url, excerpt=excerpt(message)) for pk, message in requests}


def members_seen(recipient: Member) -> QuerySet[Member]:
    return policy.members_visible_to(recipient, Member.objects.all())


def members_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    members = members_seen(recipient).filter(pk__in=list(ids)).values_list("pk", flat=True)
    return {pk: Shown(url=reverse("profiles:detail", args=[pk])) for pk in members}


def birthdays_seen(recipient: Member) -> QuerySet[Profile]:
    """The profiles whose birthday the recipient may see."""
    return policy.visible_to(recipient, Profile.objects.filter(birthday__isnull=False), BIRTHDAY_SHARED)


def birthdays_visible(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of these members, those whose birthday the recipient may see."""
    members = birthdays_seen(recipient).filter(member_id__in=list(ids)).values_list("member_id", flat=True)
    return {pk: Shown(url=reverse("profiles:detail", args=[pk])) for pk in members}


def register() -> None:
    target_register(
        NotificationTarget(
            kind=REQUEST_KIND,
            visible=requests_visible,
            visible_ids=lambda recipient: requests_waiting(recipient).values("pk"),
        )
    )
    target_register(
        NotificationTarget(
            kind=MEMBER_KIND,
            visible=members_visible,
            visible_ids=lambda recipient: members_seen(recipient).values("pk"),
        )
    )
    target_register(
        NotificationTarget(
            kind=BIRTHDAY_KIND,
            visible=birthdays_visible,
            visible_ids=lambda recipient: birthdays_seen(recipient).values("member_id"),
        )
    )
