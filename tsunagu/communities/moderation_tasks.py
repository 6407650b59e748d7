"""Background work for community moderation: delivering a message to all members, after it is committed."""

from typing import Any

from django_tasks import task

from tsunagu.communities import moderation


@task()
def community_message_deliver(*, community_message_id: Any) -> int:
    """Send the message to each active member; running it twice sends nothing more."""
    return moderation.community_message_deliver(community_message_id=community_message_id)
