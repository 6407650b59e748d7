"""Background work for notifications: イイネ! after it is committed, and the daily birthday and digest jobs."""

from typing import Any

from django_tasks import task

from tsunagu.notifications import services


@task()
def iine_notify(*, kind: str, item_id: Any, reactor_id: Any) -> int:
    """Tell the item's author of a new イイネ!; running it twice adds nothing."""
    return services.iine_notify(kind=kind, item_id=item_id, reactor_id=reactor_id)


@task()
def birthdays_notify() -> int:
    """Today's birthday reminders (site time zone); running it twice on a day adds nothing."""
    return services.birthdays_notify()


@task()
def digests_send() -> int:
    """Today's e-mail digests; running it twice on a day sends nothing more."""
    return services.digests_send()
