"""Voice posts and replies take イイネ!, through the same registry as the diary."""

from __future__ import annotations

from typing import Any

from tsunagu.core import policy
from tsunagu.reactions.registry import Reactable, reactable_register
from tsunagu.voice import selectors
from tsunagu.voice.models import VoicePost

VOICE_KIND = "voice"


def post_for_viewer(viewer: policy.Viewer, post_id: Any) -> VoicePost:
    return selectors.post_for_viewer(viewer=viewer, post_id=post_id)


def register() -> None:
    reactable_register(Reactable(kind=VOICE_KIND, item_for_viewer=post_for_viewer))
