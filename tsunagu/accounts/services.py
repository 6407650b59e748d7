"""Writes for accounts: sign-up under the registration policy, invitations, settings, tokens, deletion."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.handles import handle_clean, handle_derive, handle_taken
from tsunagu.accounts.models import ApiToken, Invitation, Language, Member
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from tsunagu.core.mail import mail_enqueue
from tsunagu.core.models import RegistrationPolicy, SiteSettings
from tsunagu.friends.services import friend_count, friendship_create
from tsunagu.profiles.fields import FieldError
from tsunagu.profiles.services import nickname_clean, profile_create

EMAIL_CHANGE_SALT = "tsunagu.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = datetime.timedelta(days=2)


def email_normalise(raw: Any) -> str:
    """A lower-cased, valid e-mail address, or Invalid."""
    email = raw.strip().lower() if isinstance(raw, str) else ""
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            _("Enter a valid e-mail address."), fields={"email": [_("Enter a valid e-mail address.")]}
        ) from None
    return email


def email_in_use(email: str, *, exclude: Member | None = None) -> bool:
    members = Member.objects.filter(email__iexact=email)
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.exists()


def invitation_find(code: str) -> Invitation:
    """A usable invitation by its code, or Invalid with a message for the person signing up."""
    invitation = Invitation.objects.select_related("inviter").filter(code=code or "").first()
    if invitation is None or not invitation.inviter.is_active:
        raise Invalid(_("This invitation is not valid."), fields={"invitation": [_("This invitation is not valid.")]})
    if not invitation.is_usable:
        message = _("This invitation has already been used or has expired.")
        raise Invalid(message, fields={"invitation": [message]})
    return invitation


def _invitation_refused(error: Invalid) -> ServiceError:
    """Under the invitation-only policy an unusable invitation is the policy saying no (403)."""
    if SiteSettings.load().registration_policy == RegistrationPolicy.INVITATION:
        return Forbidden(error.message, fields=error.fields, code="invitation_invalid")
    return error


def registration_check(invitation_code: str | None) -> Invitation | None:
    """The invitation a sign-up uses, after checking the operator's registration policy allows it."""
    policy = SiteSettings.load().registration_policy
    if policy == RegistrationPolicy.CLOSED:
        raise Forbidden(_("Registration is closed on this site."), code="registration_closed")
    if policy == RegistrationPolicy.INVITATION and not invitation_code:
        raise Forbidden(_("This site accepts new members by invitation only."), code="invitation_required")
    if not invitation_code:
        return None
    try:
        return invitation_find(invitation_code)
    except Invalid as error:
        raise _invitation_refused(error) from None


def member_sign_up(
    *,
    email: Any,
    password: Any,
    nickname: Any,
    invitation_code: str | None = None,
    language: str = Language.JAPANESE,
    handle: Any = None,
) -> Member:
    """Create a member with an empty profile; all fields are checked and every problem reported.

    With an invitation, the inviter and the new member become friends (unless the inviter has
    reached the friend limit, in which case the new member simply joins), and the invitation
    records who invited whom.
    """
    invitation = registration_check(invitation_code)
    errors: dict[str, list[str]] = {}
    try:
        email = email_normalise(email)
    except Invalid as error:
        errors.update(error.fields)
    try:
        nickname = nickname_clean(nickname)
    except FieldError as error:
        errors["nickname"] = [str(error)]
    if handle not in (None, ""):
        try:
            handle = handle_clean(handle)
        except FieldError as error:
            errors["handle"] = [str(error)]
    if not isinstance(password, str) or not password:
        errors["password"] = [_("Enter a password.")]
    else:
        try:
            password_validation.validate_password(
                password,
                Member(
                    email=email if "email" not in errors else "", nickname=nickname if "nickname" not in errors else ""
                ),
            )
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if errors:
        raise Invalid(_("Please check the marked fields."), fields=errors)
    if email_in_use(email):
        message = _("A member with this e-mail address already exists.")
        raise Conflict(message, fields={"email": [message]}, code="email_taken")
    if handle and handle_taken(handle):
        message = _("This handle is already taken. Please choose another.")
        raise Conflict(message, fields={"handle": [message]}, code="handle_taken")
    if language not in Language.values:
        language = Language.JAPANESE
    from tsunagu.communities.services import communities_join_everyone

    try:
        with transaction.atomic():
            member = Member(email=email, nickname=nickname, language=language, handle=handle or handle_derive(email))
            member.set_password(password)
            member.save()
            profile_create(member=member)
            communities_join_everyone(member=member)
            if invitation is not None:
                used = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
                    used_by=member, used_at=timezone.now()
                )
                if not used:
                    message = _("This invitation has already been used or has expired.")
                    raise _invitation_refused(Invalid(message, fields={"invitation": [message]}))
                if friend_count(invitation.inviter_id) < SiteSettings.load().friend_limit:
                    friendship_create(invitation.inviter, member)
    except IntegrityError:
        # Two sign-ups raced for the same address or handle; tell the caller which one is now taken.
        if email_in_use(email):
            message = _("A member with this e-mail address already exists.")
            raise Conflict(message, fields={"email": [message]}, code="email_taken") from None
        message = _("This handle is already taken. Please choose another.")
        raise Conflict(message, fields={"handle": [message]}, code="handle_taken") from None
    return member


def handle_check(raw: Any, *, member: Member | None = None) -> str:
    """The handle `raw` asks for, cleaned, if it is free (a member's own handle is free to them);
    Invalid (rules) or Conflict (taken) with the message on the `handle` field otherwise."""
    try:
        handle = handle_clean(raw)
    except FieldError as error:
        raise Invalid(str(error), fields={"handle": [str(error)]}) from None
    if handle_taken(handle, exclude_pk=member.pk if member is not None else None):
        message = _("This handle is already taken. Please choose another.")
        raise Conflict(message, fields={"handle": [message]}, code="handle_taken")
    return handle


def member_handle_set(*, member: Member, handle: Any) -> Member:
    """Change the member's handle; old @mentions keep pointing at the member (they are stored by id)."""
    new = handle_check(handle, member=member)
    if new == member.handle:
        return member
    try:
        with transaction.atomic():
            Member.objects.filter(pk=member.pk).update(handle=new)
    except IntegrityError:
        message = _("This handle is already taken. Please choose another.")
        raise Conflict(message, fields={"handle": [message]}, code="handle_taken") from None
    member.handle = new
    return member


def invitation_create(*, inviter: Member, email: str = "") -> Invitation:
    """A new single-use invitation; with an e-mail address, the link is sent there."""
    if SiteSettings.load().registration_policy == RegistrationPolicy.CLOSED:
        raise Forbidden(_("Registration is closed on this site, so invitations cannot be sent."))
    if email:
        email = email_normalise(email)
        if email_in_use(email):
            message = _("This person is already a member.")
            raise Conflict(message, fields={"email": [message]})
    days = SiteSettings.load().invitation_valid_days
    with transaction.atomic():
        invitation = Invitation.objects.create(
            inviter=inviter,
            code=secrets.token_urlsafe(24),
            email=email,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        if email:
            mail_enqueue(
                to=email,
                language=inviter.language,
                template="accounts/email/invitation",
                context={"inviter": inviter, "url": invitation_url(invitation), "days": days},
            )
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:signup") + f"?invitation={invitation.code}"


def invitation_revoke(*, inviter: Member, invitation_id: int) -> None:
    deleted, _rows = Invitation.objects.filter(pk=invitation_id, inviter=inviter, used_at__isnull=True).delete()
    if not deleted:
        raise NotFound(_("There is no such unused invitation."))


def member_settings_update(*, member: Member, language: str, timezone_name: str) -> Member:
    errors: dict[str, list[str]] = {}
    if language not in Language.values:
        errors["language"] = [_("Choose Japanese or English.")]
    try:
        zoneinfo.ZoneInfo(timezone_name)
        if timezone_name not in zoneinfo.available_timezones():
            raise zoneinfo.ZoneInfoNotFoundError(timezone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        errors["timezone"] = [_("Choose a time zone from the list.")]
    if errors:
        raise Invalid(_("Please check the marked fields."), fields=errors)
    member.language = language
    member.timezone = timezone_name
    member.save(update_fields=["language", "timezone"])
    return member


def member_language_set(*, member: Member, language: str) -> None:
    if language in Language.values and member.language != language:
        member.language = language
        member.save(update_fields=["language"])


def email_change_request(*, member: Member, new_email: Any, password: str) -> None:
    """Send a confirmation link to the new address; nothing changes until it is followed."""
    if not member.check_password(password):
        raise Invalid(_("Your password was not correct."), fields={"password": [_("Your password was not correct.")]})
    email = email_normalise(new_email)
    if email == member.email:
        raise Invalid(
            _("This is already your e-mail address."), fields={"email": [_("This is already your e-mail address.")]}
        )
    if email_in_use(email, exclude=member):
        message = _("A member with this e-mail address already exists.")
        raise Conflict(message, fields={"email": [message]})
    token = signing.dumps({"m": member.pk, "old": member.email, "new": email}, salt=EMAIL_CHANGE_SALT)
    mail_enqueue(
        to=email,
        language=member.language,
        template="accounts/email/email_change",
        context={"member": member, "url": settings.SITE_URL + reverse("accounts:email_confirm", args=[token])},
    )


@transaction.atomic
def email_change_confirm(*, token: str) -> Member:
    """Apply a confirmed e-mail change and tell the old address about it."""
    invalid = Invalid(_("This confirmation link is not valid or has expired."))
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        raise invalid from None
    member = Member.objects.select_for_update().filter(pk=data.get("m"), is_active=True).first()
    if member is None or member.email != data.get("old"):
        raise invalid
    if email_in_use(data["new"], exclude=member):
        raise Conflict(_("A member with this e-mail address already exists."))
    old = member.email
    member.email = data["new"]
    member.save(update_fields=["email"])
    mail_enqueue(
        to=old,
        language=member.language,
        template="accounts/email/email_changed",
        context={"member": member, "new_email": member.email},
    )
    return member


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, member: Member) -> str:
    """A new bearer token; the plain token is returned once and only its digest is kept."""
    token = "tsu_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(member=member, digest=_digest(token))
    return token


def api_token_member(token: str) -> Member | None:
    """The active member a bearer token belongs to, if any."""
    api_token = ApiToken.objects.select_related("member").filter(digest=_digest(token)).first()
    if api_token is None or not api_token.member.is_active:
        return None
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.member


def api_token_revoke(*, token: str) -> None:
    ApiToken.objects.filter(digest=_digest(token)).delete()


def member_delete(*, member: Member, password: str) -> None:
    """Delete the account and everything it holds (see docs/accounts.md, "Deleting an account")."""
    if not member.check_password(password):
        raise Invalid(_("Your password was not correct."), fields={"password": [_("Your password was not correct.")]})
    # Operators are the members with `is_staff` (see Member); one must always remain.
    if member.is_staff and not Member.objects.filter(is_staff=True, is_active=True).exclude(pk=member.pk).exists():
        raise Forbidden(_("You are the only operator. Make another member an operator before deleting your account."))
    from tsunagu.communities.services import community_member_erase
    from tsunagu.communities.topic_services import topics_member_erase
    from tsunagu.diary.services import diary_member_erase
    from tsunagu.voice.services import voice_member_erase

    with transaction.atomic():
        avatar = getattr(getattr(member, "profile", None), "avatar", "")
        diary_member_erase(member=member)
        voice_member_erase(member=member)
        community_member_erase(member=member)
        topics_member_erase(member=member)
        member.delete()
        if avatar:
            transaction.on_commit(lambda: default_storage.delete(avatar))
