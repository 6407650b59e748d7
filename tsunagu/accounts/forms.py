"""Forms of the account pages; they parse input, the services decide."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.handles import HANDLE_MAX_LENGTH, HANDLE_MIN_LENGTH
from tsunagu.accounts.models import Language, Member
from tsunagu.accounts.services import handle_check
from tsunagu.core.errors import ServiceError
from tsunagu.core.mail import mail_enqueue


def _handle_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})


def _handle_rules() -> str:
    return gettext("%(min)d to %(max)d letters a–z, digits and _.") % {
        "min": HANDLE_MIN_LENGTH,
        "max": HANDLE_MAX_LENGTH,
    }


def handle_field_clean(raw: str, *, member: Member | None = None) -> str:
    """A form's handle checked by the service's rules (so the messages are the same), as a field error."""
    try:
        return handle_check(raw, member=member)
    except ServiceError as error:
        raise ValidationError(error.fields.get("handle") or [error.message]) from None


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    nickname = forms.CharField(
        label=_("Nickname"), max_length=40, help_text=_("Shown to other members. You can change it later.")
    )
    handle = forms.CharField(label=_("Handle (optional)"), required=False, widget=_handle_widget())
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    invitation = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handle"].help_text = " ".join(
            [
                gettext("Friends mention you in voice posts as @handle."),
                _handle_rules(),
                gettext("Leave it empty and we make one from your e-mail address; you can change it later."),
            ]
        )

    def clean_handle(self) -> str:
        # Checked here as well as in the service, so that a taken handle is reported with every other mistake.
        raw = str(self.cleaned_data["handle"])
        return handle_field_clean(raw) if raw else ""

    def clean_password(self) -> str:
        # Checked here as well as in the service, so that one submission reports every mistake at once.
        password = str(self.cleaned_data["password"])
        candidate = Member(email=self.cleaned_data.get("email", ""), nickname=self.cleaned_data.get("nickname", ""))
        password_validation.validate_password(password, candidate)
        return password


class LogInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct."),
        "inactive": _("This account is not active."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class MemberPasswordResetForm(PasswordResetForm):
    """Sends the reset link in the member's own language, by a task after commit."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        member: Member = context["user"]
        mail_enqueue(to=to_email, language=member.language, template="accounts/email/password_reset", context=context)


def timezone_choices() -> list[tuple[str, str]]:
    return [
        (name, name)
        for name in sorted(zoneinfo.available_timezones())
        if "/" in name and not name.startswith(("Etc/", "SystemV/"))
    ]


class SettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)


class HandleForm(forms.Form):
    handle = forms.CharField(label=_("New handle"), widget=_handle_widget())

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["handle"].help_text = (
            _handle_rules() + " " + gettext("Capital letters are stored as small letters.")
        )

    def clean_handle(self) -> str:
        return handle_field_clean(str(self.cleaned_data["handle"]), member=self.member)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("New e-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(label=_("I understand that my account and everything in it will be deleted for good."))


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Leave empty to get a link you can share yourself."),
    )
