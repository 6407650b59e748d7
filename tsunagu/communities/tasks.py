"""Background work for community topics and events: notifying of new comments (after commit) and the hourly
event reminders."""

from typing import Any

from django_tasks import task

from tsunagu.communities import topic_services


@task()
def topic_comment_notify(*, comment_id: Any) -> int:
    """Store the notifications for one new topic comment; running it twice adds nothing."""
    return topic_services.topic_comment_notify(comment_id=comment_id)


@task()
def event_reminders_send() -> int:
    """Remind participants of the events starting within a day; running it twice adds nothing."""
    return topic_services.event_reminders_send()
