"""What voice notifications point at (replies, mentions, イイネ!): posts the recipient may still see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from tsunagu.accounts.models import Member
from tsunagu.notifications.registry import NotificationTarget, Shown, excerpt, target_register
from tsunagu.voice.reactables import VOICE_KIND
from tsunagu.voice.selectors import posts_visible


def posts_visible_shown(recipient: Member, ids: Iterable[Any]) -> dict[Any, Shown]:
    """Of these posts and replies, those the recipient may see: one query, through the policy."""
    posts = posts_visible(recipient).filter(pk__in=list(ids)).values_list("pk", "text")
    return {pk: Shown(url=reverse("voice:post", args=[pk]), excerpt=excerpt(text)) for pk, text in posts}


def register() -> None:
    target_register(
        NotificationTarget(
            kind=VOICE_KIND,
            visible=posts_visible_shown,
            visible_ids=lambda recipient: posts_visible(recipient).values("pk"),
        )
    )
