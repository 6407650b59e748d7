"""Forms of the friends pages, and the audience picker every content form uses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import Member
from tsunagu.core.audience import PERSONAL_AUDIENCES, Audience
from tsunagu.friends.models import GROUP_NAME_MAX_LENGTH, INTRO_MAX_LENGTH, REQUEST_MESSAGE_MAX_LENGTH, FriendGroup

GROUP_PREFIX = "group:"


def audience_choices(owner: Member) -> list[tuple[str, str]]:
    """Who-can-see options for the owner: the audience levels, with one entry per friend group of theirs."""
    groups = list(FriendGroup.objects.filter(owner=owner).order_by("name", "pk").values_list("pk", "name"))
    choices: list[tuple[str, str]] = []
    for audience in PERSONAL_AUDIENCES:
        if audience is Audience.FRIEND_GROUP:
            choices += [(f"{GROUP_PREFIX}{pk}", gettext("Group: %(name)s") % {"name": name}) for pk, name in groups]
        else:
            choices.append((audience.value, str(audience.label)))
    return choices


def audience_value(audience: str, group_id: int | None) -> str:
    """The picker's value for a stored audience."""
    return f"{GROUP_PREFIX}{group_id}" if audience == Audience.FRIEND_GROUP and group_id else audience


def audience_parts(value: str) -> dict[str, Any]:
    """The picker's value as `{"audience", "friend_group"?}`, the shape the services take."""
    if value.startswith(GROUP_PREFIX):
        return {"audience": Audience.FRIEND_GROUP.value, "friend_group": value.removeprefix(GROUP_PREFIX)}
    return {"audience": value}


class FriendRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=REQUEST_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntroForm(forms.Form):
    body = forms.CharField(
        label=_("Introduction"), max_length=INTRO_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )


class FriendGroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=GROUP_NAME_MAX_LENGTH)
    members = forms.TypedMultipleChoiceField(
        label=_("Members"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, friends: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        assert isinstance(members, forms.TypedMultipleChoiceField)
        members.choices = [(friend.pk, friend.nickname) for friend in friends]
