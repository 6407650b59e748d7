"""Account endpoints: sign-up, API tokens, the handle."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from tsunagu.accounts import services
from tsunagu.core.errors import Invalid, TooManyRequests, Unauthenticated
from tsunagu.profiles.api import profile_json
from tsunagu.profiles.selectors import profile_for_viewer

router = Router(tags=["accounts"])


class SignUp(Schema):
    model_config = ConfigDict(extra="forbid")

    email: Any = None
    password: Any = None
    nickname: Any = None
    invitation: str | None = None
    language: str | None = None
    handle: Any = None


class Credentials(Schema):
    model_config = ConfigDict(extra="forbid")

    email: Any = None
    password: Any = None


class TokenOut(Schema):
    token: str


class HandleChange(Schema):
    model_config = ConfigDict(extra="forbid")

    handle: Any = None


class HandleOut(Schema):
    handle: str


@router.post("/accounts", auth=None, response={201: dict[str, Any]}, summary="Sign up")
def account_create(request: HttpRequest, payload: SignUp) -> Status[dict[str, Any]]:
    member = services.member_sign_up(
        email=payload.email,
        password=payload.password,
        nickname=payload.nickname,
        invitation_code=payload.invitation,
        language=payload.language or str(getattr(request, "LANGUAGE_CODE", "ja")),
        handle=payload.handle,
    )
    data = profile_json(profile_for_viewer(viewer=member, member_id=member.pk))
    data["email"] = member.email
    return Status(201, data)


@router.post(
    "/auth/token", auth=None, response={200: TokenOut}, summary="Exchange e-mail and password for a bearer token"
)
def token_create(request: HttpRequest, payload: Credentials) -> dict[str, str]:
    if (
        not isinstance(payload.email, str)
        or not isinstance(payload.password, str)
        or not payload.email
        or not payload.password
    ):
        raise Invalid(_("Enter your e-mail address and password."))
    member = authenticate(request, username=payload.email.strip().lower(), password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise TooManyRequests(_("Too many failed log-in attempts. Please try again later."))
    if member is None or not member.is_active:
        raise Unauthenticated(_("The e-mail address or password is not correct."), code="bad_credentials")
    return {"token": services.api_token_create(member=member)}


@router.delete("/auth/token", response={204: None}, summary="Revoke the bearer token of this request")
def token_revoke(request: HttpRequest) -> Status[None]:
    token = getattr(request, "api_token", None)
    if token is None:
        raise Invalid(_("Send the token to revoke as Authorization: Bearer <token>."))
    services.api_token_revoke(token=token)
    return Status(204, None)


@router.put("/me/handle", response={200: HandleOut}, summary="Change one's @handle")
def me_handle_set(request: HttpRequest, payload: HandleChange) -> dict[str, str]:
    member = services.member_handle_set(member=request.auth, handle=payload.handle)  # type: ignore[attr-defined]
    return {"handle": member.handle}
