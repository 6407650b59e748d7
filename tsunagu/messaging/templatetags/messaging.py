"""Template helpers for other apps' pages: whether the viewer may write to a member (the profile's link)."""

from __future__ import annotations

from django import template

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.messaging.selectors import may_message

register = template.Library()


@register.simple_tag
def can_message(viewer: policy.Viewer, member: Member) -> bool:
    """`{% can_message user member as allowed %}`: the messaging rules' answer, one query."""
    return may_message(viewer, member)
