"""Forms of the message pages: writing a message or a reply, and choosing who may send one messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import Member
from tsunagu.messaging.models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, MessagePolicy

REPLY_PREFIX = "Re: "


def reply_subject(subject: str) -> str:
    """The subject a reply starts with: 「Re: 」 once, however long the exchange, within the length limit."""
    if subject.startswith(REPLY_PREFIX.strip()):
        return subject
    return (REPLY_PREFIX + subject)[:SUBJECT_MAX_LENGTH] if subject else ""


class MessageForm(forms.Form):
    """A message to a member named in the page (`to` is None) or chosen among the writer's `friends`."""

    to = forms.TypedChoiceField(label=_("To"), coerce=int)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH, required=False)
    body = forms.CharField(label=_("Body"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, friends: list[Member] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if friends is None:
            del self.fields["to"]
        else:
            to = self.fields["to"]
            assert isinstance(to, forms.TypedChoiceField)
            to.choices = [("", _("Choose a friend")), *((friend.pk, friend.nickname) for friend in friends)]


class MessageSettingsForm(forms.Form):
    accept_from = forms.ChoiceField(
        label=_("Who can send me messages"), choices=MessagePolicy.choices, widget=forms.RadioSelect
    )
