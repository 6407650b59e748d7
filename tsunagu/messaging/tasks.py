"""Background work for messages: notifying the recipient of a new message, after it is committed."""

from typing import Any

from django_tasks import task

from tsunagu.messaging import services


@task()
def message_notify(*, message_id: Any) -> int:
    """Store the recipient's notification of one new message; running it twice adds nothing."""
    return services.message_notify(message_id=message_id)
