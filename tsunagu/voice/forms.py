"""Forms of the voice pages: posting a voice (text, who can see it, one optional photo) and replying.

The 150-character rule is the service's (`voice.services`): the forms only carry the text, so the page shows
the same message as the API. The remaining-character count beside the box is a hint drawn by voice.js.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import Member
from tsunagu.core.audience import Audience
from tsunagu.diary.forms import PHOTO_ACCEPT
from tsunagu.friends.forms import audience_choices, audience_parts
from tsunagu.voice.models import TEXT_MAX_GRAPHEMES

# Service error keys → form field names (a friend group is chosen in the audience picker).
FORM_FIELD_NAMES = {"friend_group": "audience"}


def _text_field(label: Any, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,  # the service trims, and counts what it keeps
        error_messages={"required": _("Write something to post.")},
        widget=forms.Textarea(
            attrs={
                "rows": rows,
                "data-grapheme-max": TEXT_MAX_GRAPHEMES,
                # The remaining-character count below the box (see voice/_text.html).
                "aria-describedby": "id_text-count",
            }
        ),
    )


class VoicePostForm(forms.Form):
    """A new voice: text, audience (friends by default, friend groups included) and an optional photo."""

    max_graphemes = TEXT_MAX_GRAPHEMES

    text = _text_field(_("What are you up to?"), rows=3)
    audience = forms.ChoiceField(label=_("Who can see this"))
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT})
    )

    def __init__(self, *args: Any, author: Member, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"audience": Audience.FRIENDS.value})
        super().__init__(*args, **kwargs)
        audience = self.fields["audience"]
        assert isinstance(audience, forms.ChoiceField)
        audience.choices = audience_choices(author)

    def post_fields(self) -> dict[str, Any]:
        """The cleaned form as the keyword arguments of `voice_post_create`."""
        upload = self.cleaned_data.get("photo")
        return {
            "text": self.cleaned_data["text"],
            # Read one byte past the limit, so the service can tell a file is too big.
            "photo": upload.read(settings.PHOTO_MAX_UPLOAD_BYTES + 1) if isinstance(upload, UploadedFile) else None,
            **{"friend_group": None, **audience_parts(self.cleaned_data["audience"])},
        }


class VoiceReplyForm(forms.Form):
    """A reply: text only; it is shown to whoever may see the post it answers."""

    max_graphemes = TEXT_MAX_GRAPHEMES

    text = _text_field(_("Reply"), rows=2)
