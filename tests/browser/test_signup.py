"""Sign-up at /signup/: a new member lands on their profile editor, signed in; mistakes are shown by the fields."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import translation
from playwright.sync_api import expect

from tsunagu.accounts.models import Member


def _field(page, label):
    """The block of a form field (label, input, help, errors), found by the field's label."""
    return page.locator(".field").filter(has=page.get_by_label(label))


def test_sign_up_lands_on_profile_edit_signed_in(page, ui, lang, password):
    page.goto("/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Sign up"))

    page.get_by_label(ui.label("E-mail address")).fill(f"New.Member.{lang}@Example.com")
    page.get_by_label(ui.label("Nickname")).fill("新人さん")
    page.get_by_label(ui.label("Password")).fill(password)
    page.get_by_role("button", name=ui("Create my account")).click()

    expect(page).to_have_url("/settings/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Edit profile"))
    expect(page.get_by_role("status")).to_contain_text(
        ui("Welcome to %(site)s! Tell your friends a little about yourself.", site=settings.SITE_NAME)
    )
    nav = page.get_by_role("navigation", name=ui("Main"))
    expect(nav.get_by_role("button", name=ui("Log out"))).to_be_visible()
    expect(page.get_by_label(ui.label("Nickname"))).to_have_value("新人さん")

    member = Member.objects.get(email=f"new.member.{lang}@example.com")
    assert member.nickname == "新人さん"
    assert member.language == lang  # the language the page was in


def test_sign_up_mistakes_are_shown_by_the_fields(page, ui, lang):
    with translation.override(lang):
        invalid_email = str(EmailValidator.message)
        try:
            MinimumLengthValidator(min_length=8).validate("xq7#")
        except ValidationError as error:
            too_short = error.messages[0]

    page.goto("/signup/")
    page.get_by_label(ui.label("E-mail address")).fill("not-an-address")
    page.get_by_label(ui.label("Nickname")).fill("間違い")
    page.get_by_label(ui.label("Password")).fill("xq7#")
    page.get_by_role("button", name=ui("Create my account")).click()

    email = _field(page, ui.label("E-mail address"))
    expect(email.get_by_role("alert")).to_have_text(invalid_email)
    expect(page.get_by_label(ui.label("E-mail address"))).to_have_value("not-an-address")

    # Put the address right: now the password is the only mistake.
    page.get_by_label(ui.label("E-mail address")).fill("someone@example.com")
    page.get_by_label(ui.label("Password")).fill("xq7#")
    page.get_by_role("button", name=ui("Create my account")).click()

    expect(_field(page, ui.label("Password")).get_by_role("alert")).to_have_text(too_short)
    expect(email.get_by_role("alert")).to_have_count(0)
    expect(page).to_have_url("/signup/")
    assert not Member.objects.exists()


def test_sign_up_reports_every_mistake_at_once(page, ui, lang):
    """A bad address and a weak password are both reported after one submission."""
    page.goto("/signup/")
    page.get_by_label(ui.label("E-mail address")).fill("not-an-address")
    page.get_by_label(ui.label("Nickname")).fill("間違い")
    page.get_by_label(ui.label("Password")).fill("xq7#")
    page.get_by_role("button", name=ui("Create my account")).click()

    expect(_field(page, ui.label("E-mail address")).get_by_role("alert")).to_have_count(1)
    expect(_field(page, ui.label("Password")).get_by_role("alert")).to_have_count(1, timeout=1000)
    assert not Member.objects.exists()
