"""Background work for the diary: notifying people of new comments, after the comment is committed."""

from typing import Any

from django_tasks import task

from tsunagu.diary import services


@task()
def diary_comment_notify(*, comment_id: Any) -> int:
    """Store the notifications for one new comment; running it twice adds nothing."""
    return services.diary_comment_notify(comment_id=comment_id)
