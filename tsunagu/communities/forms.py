"""Forms of the community pages: creating and editing a community, its image, and a request to join."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.communities import selectors
from tsunagu.communities.models import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    Community,
    JoinPolicy,
    TopicCreation,
)
from tsunagu.communities.services import MESSAGE_MAX_LENGTH

IMAGE_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


def _image_field(label: Any, *, required: bool) -> forms.FileField:
    megabytes = f"{settings.AVATAR_MAX_UPLOAD_BYTES / 1024 / 1024:g}"
    return forms.FileField(
        label=label,
        required=required,
        help_text=gettext("JPEG, PNG, GIF or WebP, at most %(mb)s MB.") % {"mb": megabytes},
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )


def image_upload(upload: Any) -> bytes | None:
    """An uploaded file's bytes, read one past the limit so the service can tell the file is too big."""
    if isinstance(upload, UploadedFile):
        return upload.read(settings.AVATAR_MAX_UPLOAD_BYTES + 1)
    return None


class CommunityForm(forms.Form):
    """Create a community (with an optional image) or change its settings (`community` given: no image field)."""

    name = forms.CharField(label=_("Community name"), max_length=NAME_MAX_LENGTH)
    category = forms.ChoiceField(label=_("Category"), required=False)
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8})
    )
    join_policy = forms.ChoiceField(label=_("Joining"), choices=JoinPolicy.choices, widget=forms.RadioSelect)
    topics_public = forms.BooleanField(label=_("Members who have not joined may read the topics"), required=False)
    topic_creation = forms.ChoiceField(
        label=_("Who may start topics and events"), choices=TopicCreation.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, community: Community | None = None, **kwargs: Any) -> None:
        if community is not None:
            kwargs["initial"] = {
                "name": community.name,
                "category": str(community.category_id or ""),
                "description": community.description,
                "join_policy": community.join_policy,
                "topics_public": community.topics_public,
                "topic_creation": community.topic_creation,
            }
        else:
            kwargs.setdefault(
                "initial",
                {"join_policy": JoinPolicy.OPEN, "topics_public": True, "topic_creation": TopicCreation.MEMBERS},
            )
        super().__init__(*args, **kwargs)
        language = get_language() or "ja"
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "—")] + [
            (str(c.pk), selectors.category_name(c, language)) for c in selectors.categories()
        ]
        if community is None:
            self.fields["image"] = _image_field(_("Image (optional)"), required=False)

    def community_fields(self) -> dict[str, Any]:
        """The cleaned form as keyword arguments of `community_create` / `community_update`."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "category": data["category"] or None,
            "join_policy": data["join_policy"],
            "topics_public": data["topics_public"],
            "topic_creation": data["topic_creation"],
        }

    def image_upload(self) -> bytes | None:
        return image_upload(self.cleaned_data.get("image"))


class CommunityImageForm(forms.Form):
    """A new image for the community (the field is built per request: its help text names the size limit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"] = _image_field(_("New image"), required=True)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the admins (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
