"""Topics, events and their comments take イイネ!: how to fetch each for a viewer (404 when they may not read it)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tsunagu.communities import topic_selectors as selectors
from tsunagu.communities.models import Topic, TopicComment
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.core import policy
from tsunagu.reactions.registry import Reactable, reactable_register


def topic_for_viewer(viewer: policy.Viewer, topic_id: Any) -> Topic:
    return selectors.topic_for_viewer(viewer=viewer, topic_id=topic_id).topic


def comment_for_viewer(viewer: policy.Viewer, comment_id: Any) -> TopicComment:
    """A comment the viewer may read: its topic readable by them, the comment neither deleted nor hidden from them."""
    topic_id = (
        TopicComment.objects.filter(pk=selectors.id_or_404(comment_id)).values_list("topic_id", flat=True).first()
    )
    if topic_id is None:
        raise Http404
    topic = topic_for_viewer(viewer, topic_id)
    comment = selectors.comments_for_viewer(viewer=viewer, topic=topic).filter(pk=comment_id).first()
    if comment is None or not selectors.comment_readable(comment):
        raise Http404
    return comment


def register() -> None:
    reactable_register(Reactable(kind=TOPIC_KIND, item_for_viewer=topic_for_viewer))
    reactable_register(Reactable(kind=COMMENT_KIND, item_for_viewer=comment_for_viewer))
