"""Handles in the forms: chosen (or left to be derived) at sign-up, changed on the settings page and by the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import assert_error, call
from tests.conftest import PASSWORD
from tsunagu.accounts.models import Invitation, Member
from tsunagu.accounts.services import invitation_create
from tsunagu.core.services import site_settings_update

SIGNUP = "/signup/"
SETTINGS = "/settings/"
HANDLE = "/settings/handle/"

RULES_EN = "Use 3 to 20 characters: letters a–z, digits and _."
RULES_JA = "半角の英小文字（a–z）・数字・_ を使って3〜20文字で入力してください。"
RESERVED_EN = "This handle is reserved. Please choose another."
RESERVED_JA = "このハンドルは予約されています。別のものを選んでください。"
TAKEN_EN = "This handle is already taken. Please choose another."
TAKEN_JA = "このハンドルはすでに使われています。別のものを選んでください。"

# (what is typed, the English message, the Japanese message)
BAD_HANDLES = [
    ("ab", RULES_EN, RULES_JA),
    ("a" * 21, RULES_EN, RULES_JA),
    ("taro-1985", RULES_EN, RULES_JA),
    ("太郎", RULES_EN, RULES_JA),
    ("taro san", RULES_EN, RULES_JA),
    ("admin", RESERVED_EN, RESERVED_JA),
    ("@Support", RESERVED_EN, RESERVED_JA),
]


def signup_form(**changes: Any) -> dict[str, Any]:
    return {"email": "Yamada.Taro@Example.com", "password": PASSWORD, "nickname": "山田太郎", **changes}


def errors_on(response: Any, form: str, field: str) -> list[str]:
    """The errors the page shows on one field of one of its forms."""
    return [str(error) for error in response.context[form].errors.get(field, [])]


# --- sign-up -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_page_offers_an_optional_handle(client: Client) -> None:
    """The sign-up form has a handle field that says what it is for and that it may be left empty."""
    content = client.get(SIGNUP, headers={"Accept-Language": "en"}).content.decode()
    assert 'name="handle"' in content
    assert "Friends mention you in voice posts as @handle." in content
    assert "Leave it empty and we make one from your e-mail address" in content
    japanese = client.get(SIGNUP, headers={"Accept-Language": "ja"}).content.decode()
    assert "ハンドル（任意）" in japanese


@pytest.mark.django_db
def test_signing_up_with_a_handle_keeps_it_in_small_letters(client: Client) -> None:
    """A chosen handle is stored in lower case, without the @ typed before it."""
    response = client.post(SIGNUP, signup_form(handle="@Taro_1985"))
    assert response.status_code == 302
    assert Member.objects.get().handle == "taro_1985"


@pytest.mark.django_db
def test_full_width_at_sign_is_accepted(client: Client) -> None:
    """A Japanese keyboard's ＠ before the handle is dropped like @."""
    assert client.post(SIGNUP, signup_form(handle="＠taro")).status_code == 302
    assert Member.objects.get().handle == "taro"


@pytest.mark.django_db
@pytest.mark.parametrize("blank", ["", "   "])
def test_signing_up_without_a_handle_derives_one(client: Client, blank: str) -> None:
    """An empty handle is made from the e-mail address, as before the field existed."""
    assert client.post(SIGNUP, signup_form(handle=blank)).status_code == 302
    assert Member.objects.get().handle == "yamada_taro"


@pytest.mark.django_db
def test_leaving_the_field_out_derives_a_handle(client: Client) -> None:
    """A form posted without the field at all (an old page) still signs up."""
    assert client.post(SIGNUP, signup_form()).status_code == 302
    assert Member.objects.get().handle == "yamada_taro"


@pytest.mark.django_db
@pytest.mark.parametrize(("handle", "english", "japanese"), BAD_HANDLES)
def test_a_bad_handle_is_shown_on_the_field_and_nothing_is_created(
    client: Client, handle: str, english: str, japanese: str
) -> None:
    """Wrong characters, a wrong length or a reserved name: the service's message on the field, in either language."""
    response = client.post(SIGNUP, signup_form(handle=handle), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert errors_on(response, "form", "handle") == [english]
    assert english in response.content.decode()
    response = client.post(SIGNUP, signup_form(handle=handle), headers={"Accept-Language": "ja"})
    assert errors_on(response, "form", "handle") == [japanese]
    assert japanese in response.content.decode()
    assert not Member.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_taken_handle_is_refused_whatever_its_case(client: Client, make_member: Callable[..., Member]) -> None:
    """A handle another member has, typed in capitals, is taken: said on the field, in English and Japanese."""
    make_member(handle="hanako")
    response = client.post(SIGNUP, signup_form(handle="HANAKO"), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert errors_on(response, "form", "handle") == [TAKEN_EN]
    response = client.post(SIGNUP, signup_form(handle="Hanako"), headers={"Accept-Language": "ja"})
    assert errors_on(response, "form", "handle") == [TAKEN_JA]
    assert Member.objects.count() == 1


def test_a_taken_handle_is_reported_with_the_other_mistakes(client: Client, make_member: Callable[..., Member]) -> None:
    """One submission reports a taken handle and a weak password together."""
    make_member(handle="hanako")
    response = client.post(SIGNUP, signup_form(handle="hanako", password="password"), headers={"Accept-Language": "en"})
    assert errors_on(response, "form", "handle") == [TAKEN_EN]
    assert "This password is too common." in errors_on(response, "form", "password")
    assert Member.objects.count() == 1


def test_a_handle_taken_while_the_form_was_checked_is_shown_on_the_field(
    client: Client, make_member: Callable[..., Member], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If someone takes the handle between the form's check and the service's, the service's refusal lands on the field."""
    from tsunagu.accounts import forms

    make_member(handle="hanako")
    monkeypatch.setattr(forms, "handle_field_clean", lambda raw, member=None: raw)
    response = client.post(SIGNUP, signup_form(handle="hanako"), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert errors_on(response, "form", "handle") == [TAKEN_EN]
    assert Member.objects.count() == 1


def test_an_invited_member_chooses_a_handle_and_keeps_the_invitation(client: Client, member: Member) -> None:
    """On an invitation-only site the handle works the same, and a refused handle does not use up the invitation."""
    site_settings_update(registration_policy="invitation")
    invitation = invitation_create(inviter=member)
    page = client.get(SIGNUP, {"invitation": invitation.code})
    assert 'name="handle"' in page.content.decode()
    refused = client.post(SIGNUP, signup_form(invitation=invitation.code, handle=member.handle.upper()))
    assert refused.status_code == 200
    assert errors_on(refused, "form", "handle") == [TAKEN_JA]
    assert Invitation.objects.get(pk=invitation.pk).used_by is None
    response = client.post(SIGNUP, signup_form(invitation=invitation.code, handle="Yamada_T"))
    assert response.status_code == 302
    invitee = Member.objects.get(email="yamada.taro@example.com")
    assert invitee.handle == "yamada_t"
    assert Invitation.objects.get(pk=invitation.pk).used_by == invitee


@pytest.mark.django_db
def test_open_site_with_a_bad_invitation_still_takes_the_handle(client: Client) -> None:
    """On an open site, signing up after following an unknown invitation link keeps the chosen handle."""
    response = client.post(f"{SIGNUP}?invitation=no-such-code", signup_form(handle="new_face"))
    assert response.status_code == 302
    assert Member.objects.get().handle == "new_face"


# --- settings page -------------------------------------------------------------------------------


def test_settings_page_shows_the_handle_and_what_it_is_for(en_client: Client, member: Member) -> None:
    """The settings page shows @handle, explains mentions and offers a form to change it."""
    content = en_client.get(SETTINGS).content.decode()
    assert f"<strong>@{member.handle}</strong>" in content
    assert "Friends mention you in voice posts by writing @ and your handle" in content
    assert f'action="{HANDLE}"' in content
    assert 'name="handle"' in content


def test_settings_page_in_japanese(member_client: Client, member: Member) -> None:
    """In Japanese the section reads ハンドル and explains メンション."""
    content = member_client.get(SETTINGS).content.decode()
    assert f"あなたのハンドルは <strong>@{member.handle}</strong> です。" in content
    assert "ハンドルを変更" in content


def test_changing_the_handle_on_the_settings_page(en_client: Client, member: Member) -> None:
    """A new handle is saved in small letters, and the page confirms it."""
    response = en_client.post(HANDLE, {"handle": "@Hanako_Books"}, follow=True)
    assert response.redirect_chain == [(SETTINGS, 302)]
    member.refresh_from_db()
    assert member.handle == "hanako_books"
    content = response.content.decode()
    assert "Your handle is now @hanako_books." in content
    assert "<strong>@hanako_books</strong>" in content


def test_keeping_ones_own_handle_in_other_letters_is_fine(en_client: Client, member: Member) -> None:
    """One's own handle in capitals is not "taken": it is the same handle."""
    response = en_client.post(HANDLE, {"handle": member.handle.upper()})
    assert response.status_code == 302
    handle = member.handle
    member.refresh_from_db()
    assert member.handle == handle


@pytest.mark.parametrize(("handle", "english", "japanese"), BAD_HANDLES)
def test_a_bad_new_handle_is_shown_and_nothing_changes(
    member_client: Client, member: Member, handle: str, english: str, japanese: str
) -> None:
    """Every rule's message appears on the handle field of the settings page (Japanese and English)."""
    before = member.handle
    response = member_client.post(HANDLE, {"handle": handle})
    assert response.status_code == 200
    assert errors_on(response, "handle_form", "handle") == [japanese]
    content = response.content.decode()
    assert japanese in content
    assert f"<strong>@{before}</strong>" in content  # still the old one
    member.refresh_from_db()
    assert member.handle == before


def test_bad_new_handle_in_english(en_client: Client, member: Member) -> None:
    """An English-speaking member reads the rule in English."""
    response = en_client.post(HANDLE, {"handle": "x"})
    assert errors_on(response, "handle_form", "handle") == [RULES_EN]


def test_a_handle_taken_by_someone_else_is_refused(
    en_client: Client, member: Member, make_member: Callable[..., Member]
) -> None:
    """Another member's handle, in any case, cannot be taken; both members keep theirs."""
    other = make_member(handle="ichiro")
    before = member.handle
    response = en_client.post(HANDLE, {"handle": "ICHIRO"})
    assert response.status_code == 200
    assert errors_on(response, "handle_form", "handle") == [TAKEN_EN]
    member.refresh_from_db()
    other.refresh_from_db()
    assert (member.handle, other.handle) == (before, "ichiro")


def test_an_empty_handle_is_required(en_client: Client, member: Member) -> None:
    """The settings form needs a handle: nobody can be left without one."""
    response = en_client.post(HANDLE, {"handle": ""})
    assert errors_on(response, "handle_form", "handle") == ["This field is required."]
    before = member.handle
    member.refresh_from_db()
    assert member.handle == before


def test_the_old_handle_becomes_free(member_client: Client, member: Member, make_member: Callable[..., Member]) -> None:
    """After a change the old handle can be chosen by someone else."""
    old = member.handle
    member_client.post(HANDLE, {"handle": "hanako_new"})
    assert make_member(handle=old).handle == old


def test_handle_change_needs_login_and_post(member_client: Client) -> None:
    """Visitors are sent to log in; a GET only leads back to the settings page."""
    assert Client().post(HANDLE, {"handle": "someone"})["Location"].startswith("/login/")
    response = member_client.get(HANDLE)
    assert response.status_code == 302 and response["Location"] == SETTINGS


def test_the_settings_form_still_saves_beside_the_handle_form(member_client: Client, member: Member) -> None:
    """The language and time-zone form is untouched by the handle section."""
    response = member_client.post(SETTINGS, {"language": "en", "timezone": "Europe/Berlin"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.language, member.timezone) == ("en", "Europe/Berlin")


# --- API -----------------------------------------------------------------------------------------


def test_api_changes_the_handle(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """PUT /api/v1/me/handle stores the handle in small letters and answers with it."""
    response = call(client, "put", "/api/v1/me/handle", {"handle": "＠Hanako_API"}, **bearer)
    assert response.status_code == 200, response.content
    assert response.json() == {"handle": "hanako_api"}
    member.refresh_from_db()
    assert member.handle == "hanako_api"


@pytest.mark.parametrize(("handle", "_english", "japanese"), BAD_HANDLES)
def test_api_refuses_a_bad_handle(
    client: Client, member: Member, bearer: dict[str, str], handle: str, _english: str, japanese: str
) -> None:
    """A bad handle is 422 with the message on `handle`, in the member's language; nothing changes."""
    before = member.handle
    response = call(client, "put", "/api/v1/me/handle", {"handle": handle}, **bearer)
    error = assert_error(response, 422, "invalid")
    assert error["fields"] == {"handle": [japanese]}
    member.refresh_from_db()
    assert member.handle == before


@pytest.mark.parametrize("body", [{}, {"handle": None}, {"handle": 42}, {"handle": "ok_name", "nickname": "x"}])
def test_api_refuses_a_missing_or_odd_body(client: Client, member: Member, bearer: dict[str, str], body: Any) -> None:
    """No handle, a number, or extra keys: 422, nothing changed."""
    before = member.handle
    assert_error(call(client, "put", "/api/v1/me/handle", body, **bearer), 422)
    member.refresh_from_db()
    assert member.handle == before


def test_api_refuses_a_taken_handle(
    client: Client, member: Member, bearer: dict[str, str], make_member: Callable[..., Member]
) -> None:
    """Another member's handle in any case is a 409 `handle_taken`."""
    make_member(handle="ichiro")
    error = assert_error(call(client, "put", "/api/v1/me/handle", {"handle": "Ichiro"}, **bearer), 409, "handle_taken")
    assert error["fields"] == {"handle": [TAKEN_JA]}


@pytest.mark.django_db
def test_api_needs_a_signed_in_member(client: Client) -> None:
    """Anonymous callers get 401."""
    assert_error(call(client, "put", "/api/v1/me/handle", {"handle": "someone"}), 401)


@pytest.mark.django_db
def test_api_sign_up_takes_a_handle(client: Client) -> None:
    """POST /api/v1/accounts accepts `handle`; a bad one is 422 on `handle` and creates nothing."""
    data = {"email": "hanako@example.com", "password": PASSWORD, "nickname": "はなこ"}
    error = assert_error(call(client, "post", "/api/v1/accounts", {**data, "handle": "admin"}), 422)
    assert error["fields"] == {"handle": [RESERVED_JA]}
    assert not Member.objects.exists()
    assert call(client, "post", "/api/v1/accounts", {**data, "handle": "Hana_Ko"}).status_code == 201
    assert Member.objects.get().handle == "hana_ko"
