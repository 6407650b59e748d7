"""The profile edit form, built from the one list of profile fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.core.audience import PERSONAL_AUDIENCES, Audience
from tsunagu.profiles.fields import FIELDS
from tsunagu.profiles.models import INTRODUCTION_MAX_LENGTH, Profile

# Friend groups become choosable with the friends issue.
AUDIENCE_CHOICES = [(a.value, a.label) for a in PERSONAL_AUDIENCES if a is not Audience.FRIEND_GROUP]


class ProfileForm(forms.Form):
    nickname = forms.CharField(label=_("Nickname"), max_length=40)
    introduction = forms.CharField(
        label=_("Self-introduction"),
        required=False,
        max_length=INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        initial = {"nickname": profile.member.nickname, "introduction": profile.introduction}
        for spec in FIELDS:
            initial[spec.name] = getattr(profile, spec.name)
            initial[spec.audience_attr] = getattr(profile, spec.audience_attr)
        initial["birth_year_audience"] = profile.birth_year_audience
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for spec in FIELDS:
            if spec.kind == "choice":
                field: forms.Field = forms.ChoiceField(choices=[("", "—"), *spec.choices], required=False)
            elif spec.kind == "date":
                field = forms.DateField(
                    required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                )
            else:
                field = forms.CharField(required=False, max_length=spec.max_length)
            field.label = str(spec.label)
            self.fields[spec.name] = field
            self.fields[spec.audience_attr] = forms.ChoiceField(label=_("Who can see this"), choices=AUDIENCE_CHOICES)
            if spec.name == "birthday":
                self.fields["birth_year_audience"] = forms.ChoiceField(
                    label=_("Who can see the year (and so your age)"), choices=AUDIENCE_CHOICES
                )

    def rows(self) -> list[tuple[forms.BoundField, ...]]:
        """Each profile field with its audience selector(s), in order, for the template."""
        rows = []
        for spec in FIELDS:
            row = [self[spec.name], self[spec.audience_attr]]
            if spec.name == "birthday":
                row.append(self["birth_year_audience"])
            rows.append(tuple(row))
        return rows

    def changes(self) -> dict[str, Any]:
        """The cleaned form as arguments of `profile_update`."""
        data = self.cleaned_data
        fields: dict[str, Any] = {}
        for spec in FIELDS:
            fields[spec.name] = {"value": data.get(spec.name), "audience": data.get(spec.audience_attr)}
        fields["birthday"]["year_audience"] = data.get("birth_year_audience")
        return {"nickname": data["nickname"], "introduction": data.get("introduction", ""), "fields": fields}


class AvatarForm(forms.Form):
    avatar = forms.FileField(label=_("New avatar"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        megabytes = f"{settings.AVATAR_MAX_UPLOAD_BYTES / 1024 / 1024:g}"
        self.fields["avatar"].help_text = gettext("JPEG, PNG, GIF or WebP, at most %(mb)s MB.") % {"mb": megabytes}
