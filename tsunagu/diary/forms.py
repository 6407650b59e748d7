"""Forms of the diary pages: writing and editing an entry, and commenting (each with up to three photos)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import Member
from tsunagu.core.audience import Audience
from tsunagu.core.photos import PHOTOS_PER_ITEM
from tsunagu.diary.models import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH, DiaryEntry
from tsunagu.friends.forms import audience_choices, audience_parts, audience_value

# Service error keys → form field names (a friend group is chosen in the audience picker).
FORM_FIELD_NAMES = {"friend_group": "audience"}
PHOTO_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


class PhotoFieldsMixin(forms.Form):
    """`photo1` … `photoN` file inputs: one per free photo slot, so the form works without JavaScript."""

    def add_photo_fields(self, slots: int, *, already: int = 0) -> None:
        """One input per free slot, labelled by the number the photo will have (after the `already` ones)."""
        for number in range(1, slots + 1):
            self.fields[f"photo{number}"] = forms.FileField(
                label=_("Photo %(number)s") % {"number": already + number},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
            )

    def photo_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("photo")]

    def photo_uploads(self) -> list[bytes]:
        """The chosen files' contents (read one byte past the limit, so the service can tell a file is too big)."""
        uploads: list[bytes] = []
        for name in self.fields:
            upload = self.cleaned_data.get(name) if name.startswith("photo") else None
            if isinstance(upload, UploadedFile):
                uploads.append(upload.read(settings.PHOTO_MAX_UPLOAD_BYTES + 1))
        return uploads


class DiaryEntryForm(PhotoFieldsMixin):
    """Write or edit an entry; `photos` is how many the entry has, so the form offers one input per free slot."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(label=_("Body"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 12}))
    audience = forms.ChoiceField(label=_("Who can see this"))
    comments_open = forms.BooleanField(label=_("Allow comments"), required=False, initial=True)

    def __init__(
        self, *args: Any, author: Member, entry: DiaryEntry | None = None, photos: int = 0, **kwargs: Any
    ) -> None:
        choices = audience_choices(author)
        if entry is not None:
            value = audience_value(entry.audience, entry.friend_group_id)
            if value not in dict(choices):
                # The entry's friend group was deleted, so only the author sees it: keep it that way.
                value = Audience.ONLY_ME.value
            kwargs["initial"] = {
                "title": entry.title,
                "body": entry.body,
                "audience": value,
                "comments_open": entry.comments_open,
            }
        else:
            kwargs.setdefault("initial", {"audience": Audience.FRIENDS.value, "comments_open": True})
        super().__init__(*args, **kwargs)
        audience = self.fields["audience"]
        assert isinstance(audience, forms.ChoiceField)
        audience.choices = choices
        self.add_photo_fields(max(PHOTOS_PER_ITEM - photos, 0), already=photos)

    def entry_fields(self) -> dict[str, Any]:
        """The cleaned form as the keyword arguments of `diary_entry_create` / `diary_entry_update`."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "comments_open": data["comments_open"],
            **{"friend_group": None, **audience_parts(data["audience"])},
        }


class DiaryCommentForm(PhotoFieldsMixin):
    body = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_photo_fields(PHOTOS_PER_ITEM)
