"""Forms of the account pages; they parse input, the services decide."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import Language, Member
from tsunagu.core.mail import mail_enqueue


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    nickname = forms.CharField(
        label=_("Nickname"), max_length=40, help_text=_("Shown to other members. You can change it later.")
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    invitation = forms.CharField(required=False, widget=forms.HiddenInput)

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
