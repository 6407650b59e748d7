"""Diary entries and comments take イイネ!: how to fetch each for a viewer (404 when they may not see it)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tsunagu.core import policy
from tsunagu.diary import selectors
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.reactions.registry import Reactable, reactable_register

ENTRY_KIND = "diary_entry"
COMMENT_KIND = "diary_comment"


def entry_for_viewer(viewer: policy.Viewer, entry_id: Any) -> DiaryEntry:
    return selectors.entry_for_viewer(viewer=viewer, entry_id=entry_id).entry


def comment_for_viewer(viewer: policy.Viewer, comment_id: Any) -> DiaryComment:
    """A comment the viewer may read: its entry visible to them, the comment neither deleted nor hidden from them."""
    entry_id = (
        DiaryComment.objects.filter(pk=selectors.id_or_404(comment_id)).values_list("entry_id", flat=True).first()
    )
    if entry_id is None:
        raise Http404
    entry = entry_for_viewer(viewer, entry_id)
    comment = selectors.comments_for_viewer(viewer=viewer, entry=entry).filter(pk=comment_id).first()
    if comment is None or not selectors.comment_readable(comment):
        raise Http404
    return comment


def register() -> None:
    reactable_register(Reactable(kind=ENTRY_KIND, item_for_viewer=entry_for_viewer))
    reactable_register(Reactable(kind=COMMENT_KIND, item_for_viewer=comment_for_viewer))
