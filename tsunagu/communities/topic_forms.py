"""Forms of the topic and event pages: starting and editing a topic or an event, and commenting (each with up
to three photos). Dates and times are read in the member's time zone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.communities.models import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH, Topic
from tsunagu.communities.topic_services import CAPACITY_MAX, PLACE_MAX_LENGTH
from tsunagu.core.photos import PHOTOS_PER_ITEM
from tsunagu.diary.forms import PhotoFieldsMixin

MOMENT_INPUT = "%Y-%m-%dT%H:%M"


def _moment_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[MOMENT_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT_INPUT),
    )


class TopicForm(PhotoFieldsMixin):
    """Start or edit a topic; `photos` is how many the topic has, so the form offers one input per free slot."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(label=_("Body"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, topic: Topic | None = None, photos: int = 0, **kwargs: Any) -> None:
        if topic is not None:
            kwargs["initial"] = self.initial_of(topic)
        super().__init__(*args, **kwargs)
        self.add_photo_fields(max(PHOTOS_PER_ITEM - photos, 0), already=photos)

    def initial_of(self, topic: Topic) -> dict[str, Any]:
        return {"title": topic.title, "body": topic.body}

    def text_fields(self) -> list[forms.BoundField]:
        """Every field but the photo inputs, in order."""
        return [self[name] for name in self.fields if not name.startswith("photo")]

    def topic_fields(self) -> dict[str, Any]:
        """The cleaned form as keyword arguments of `topic_create` / `topic_update`."""
        return {"title": self.cleaned_data["title"], "body": self.cleaned_data["body"]}


class EventForm(TopicForm):
    """Start or edit an event: a topic with its date and time, place, sign-up deadline and capacity."""

    starts_at = _moment_field(_("Date and time"), required=True)
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX_LENGTH)
    deadline = _moment_field(
        _("Sign-up deadline"),
        required=False,
        help_text=_("Joining closes a day after the deadline, or a day after the event when there is none."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=CAPACITY_MAX,
        help_text=_("Leave empty for no limit."),
    )

    field_order = ["title", "starts_at", "place", "deadline", "capacity", "body"]

    def initial_of(self, topic: Topic) -> dict[str, Any]:
        return {
            **super().initial_of(topic),
            "starts_at": timezone.localtime(topic.starts_at) if topic.starts_at else None,
            "place": topic.place,
            "deadline": timezone.localtime(topic.deadline) if topic.deadline else None,
            "capacity": topic.capacity,
        }

    def topic_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().topic_fields(),
            "starts_at": data["starts_at"],
            "place": data["place"],
            "deadline": data["deadline"],
            "capacity": data["capacity"],
        }


class TopicCommentForm(PhotoFieldsMixin):
    body = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_photo_fields(PHOTOS_PER_ITEM)
