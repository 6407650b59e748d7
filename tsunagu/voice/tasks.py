"""Background work for voice: notifying replies and mentions after the post is committed."""

from typing import Any

from django_tasks import task

from tsunagu.voice import services


@task()
def voice_post_notify(*, post_id: Any) -> int:
    """Store the notifications for one new post or reply; running it twice adds nothing."""
    return services.voice_post_notify(post_id=post_id)
