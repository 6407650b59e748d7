"""Background work for the news feed: fanning a new item out to its readers' kept timelines."""

from typing import Any

from django_tasks import task

from tsunagu.feed.timeline import timeline


@task()
def timeline_fan_out(*, type_: str, item_id: Any) -> int:
    """Add a new item to the kept timelines of its readers (Redis store); running it twice adds nothing."""
    from tsunagu.feed.redis_store import RedisTimeline

    store = timeline()
    return store.fan_out(type_, item_id) if isinstance(store, RedisTimeline) else 0
