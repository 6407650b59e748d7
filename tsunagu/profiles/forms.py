"""The profile edit form, built from the one list of profile fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.friends.forms import audience_choices, audience_parts, audience_value
from tsunagu.profiles.fields import FIELDS
from tsunagu.profiles.models import INTRODUCTION_MAX_LENGTH, Profile

# Each audience picker's form field name → the prefix of the profile's `<prefix>_audience` / `<prefix>_friend_group`.
PICKERS = {f"{spec.name}_audience": spec.name for spec in FIELDS} | {
    "birth_year_audience": "birth_year",
    "friend_list_audience": "friend_list",
    "communities_audience": "communities",
}


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
        for name, prefix in PICKERS.items():
            initial[name] = audience_value(
                getattr(profile, f"{prefix}_audience"), getattr(profile, f"{prefix}_friend_group_id")
            )
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        choices = audience_choices(profile.member)
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
            self.fields[spec.audience_attr] = forms.ChoiceField(label=_("Who can see this"), choices=choices)
            if spec.name == "birthday":
                self.fields["birth_year_audience"] = forms.ChoiceField(
                    label=_("Who can see the year (and so your age)"), choices=choices
                )
        self.fields["friend_list_audience"] = forms.ChoiceField(label=_("Who can see my friend list"), choices=choices)
        self.fields["communities_audience"] = forms.ChoiceField(label=_("Who can see my communities"), choices=choices)

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
            audience = audience_parts(data[spec.audience_attr])
            fields[spec.name] = {"value": data.get(spec.name), **audience}
        year = audience_parts(data["birth_year_audience"])
        fields["birthday"].update({f"year_{key}": value for key, value in year.items()})
        return {
            "nickname": data["nickname"],
            "introduction": data.get("introduction", ""),
            "fields": fields,
            "friend_list": audience_parts(data["friend_list_audience"]),
            "communities": audience_parts(data["communities_audience"]),
        }


class AvatarForm(forms.Form):
    avatar = forms.FileField(label=_("New avatar"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        megabytes = f"{settings.AVATAR_MAX_UPLOAD_BYTES / 1024 / 1024:g}"
        self.fields["avatar"].help_text = gettext("JPEG, PNG, GIF or WebP, at most %(mb)s MB.") % {"mb": megabytes}
