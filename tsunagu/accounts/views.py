"""Account pages: sign-up, log-in and lock-out, settings (with the handle), e-mail change, invitations, deletion."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts import forms, services
from tsunagu.accounts.models import Invitation, Member
from tsunagu.core.errors import ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.core.models import RegistrationPolicy, SiteSettings


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    code = request.POST.get("invitation") or request.GET.get("invitation") or ""
    policy = SiteSettings.load().registration_policy
    invitation = None
    refusal = None
    try:
        invitation = services.registration_check(code or None)
    except ServiceError as error:
        if policy == RegistrationPolicy.OPEN and code:
            # Anyone may join an open site: say the invitation is not valid, and offer the form without it.
            messages.warning(request, error.message)
            code = ""
        else:
            refusal = error.message
    form = forms.SignUpForm(request.POST or None, initial={"invitation": code})
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            member = services.member_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                nickname=form.cleaned_data["nickname"],
                invitation_code=code or None,
                language=request.LANGUAGE_CODE,
                handle=form.cleaned_data["handle"] or None,
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            login(request, member, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome to %(site)s! Tell your friends a little about yourself.") % {"site": settings.SITE_NAME},
            )
            return redirect("profiles:edit")
    status = 403 if refusal and policy != RegistrationPolicy.OPEN and request.method == "POST" else 200
    return render(
        request, "accounts/signup.html", {"form": form, "invitation": invitation, "refusal": refusal}, status=status
    )


class LogInView(auth_views.LoginView):
    form_class = forms.LogInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What a client sees after too many failed log-ins (called by django-axes)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed log-in attempts. Please try again in %(minutes)d minutes.") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "too_many_requests", "message": message}}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:home")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.MemberPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: forms.MemberPasswordResetForm) -> HttpResponse:
        self.extra_email_context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
        return super().form_valid(form)


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = forms.SettingsForm(request.POST or None, initial={"language": member.language, "timezone": member.timezone})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_settings_update(
                member=member, language=form.cleaned_data["language"], timezone_name=form.cleaned_data["timezone"]
            )
        except ServiceError as error:
            form_add_service_error(form, error, {"timezone": "timezone"})
        else:
            from django.utils import translation

            translation.activate(member.language)
            messages.success(request, _("Your settings were saved."))
            response = redirect("accounts:settings")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, member.language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax"
            )
            return response
    return _settings_render(request, form=form)


def _settings_render(
    request: HttpRequest, *, form: forms.SettingsForm | None = None, handle_form: forms.HandleForm | None = None
) -> HttpResponse:
    """The settings page: language and time zone, the handle, and links to the other account pages."""
    member = _member(request)
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form or forms.SettingsForm(initial={"language": member.language, "timezone": member.timezone}),
            "handle_form": handle_form or forms.HandleForm(member=member),
        },
    )


@login_required
def handle_change(request: HttpRequest) -> HttpResponse:
    """Change one's @handle from the settings page; mistakes are shown there, on the handle field."""
    if request.method != "POST":
        return redirect("accounts:settings")
    member = _member(request)
    form = forms.HandleForm(request.POST, member=member)
    if form.is_valid():
        try:
            services.member_handle_set(member=member, handle=form.cleaned_data["handle"])
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your handle is now @%(handle)s.") % {"handle": member.handle})
            return redirect("accounts:settings")
    return _settings_render(request, handle_form=form)


@login_required
def email_change(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = forms.EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_change_request(
                member=member, new_email=form.cleaned_data["email"], password=form.cleaned_data["password"]
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("We sent a confirmation link to %(email)s. Your address changes when you follow it.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:settings")
    return render(request, "accounts/email_change.html", {"form": form})


def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/email_confirm.html", {"token": token})
    try:
        services.email_change_confirm(token=token)
    except ServiceError as error:
        return render(request, "accounts/email_confirm.html", {"token": token, "error": error.message}, status=400)
    messages.success(request, _("Your e-mail address was changed."))
    return redirect("accounts:settings" if request.user.is_authenticated else "accounts:login")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = forms.DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_delete(member=member, password=form.cleaned_data["password"])
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            logout(request)
            messages.success(
                request,
                _("Your account was deleted. Thank you for having been part of %(site)s.")
                % {"site": settings.SITE_NAME},
            )
            return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(inviter=member, email=form.cleaned_data["email"])
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            if invitation.email:
                messages.success(request, _("Your invitation was sent to %(email)s.") % {"email": invitation.email})
            else:
                messages.success(request, _("Your invitation link is ready. Share it with your friend."))
            return redirect("accounts:invitations")
    sent = Invitation.objects.filter(inviter=member).select_related("used_by")
    rows = [(invitation, services.invitation_url(invitation)) for invitation in sent]
    return render(
        request,
        "accounts/invitations.html",
        {"form": form, "rows": rows, "closed": SiteSettings.load().registration_policy == RegistrationPolicy.CLOSED},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    try:
        services.invitation_revoke(inviter=_member(request), invitation_id=invitation_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation was cancelled."))
    return redirect("accounts:invitations")
