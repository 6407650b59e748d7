"""Logging in with e-mail and password at /login/, a wrong password, and logging out from the nav."""

from __future__ import annotations

from playwright.sync_api import expect


def test_log_in_greets_by_nickname_and_log_out(page, ui, make_member, log_in):
    member = make_member("山田太郎")

    log_in(page, member.email.upper())  # the address is matched whatever its case

    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Hello, %(name)s", name="山田太郎"))
    nav = page.get_by_role("navigation", name=ui("Main"))
    expect(nav.get_by_role("link", name=ui("My profile"))).to_have_attribute("href", f"/members/{member.pk}/")

    nav.get_by_role("button", name=ui("Log out")).click()

    expect(page).to_have_url("/")
    expect(nav.get_by_role("link", name=ui("Log in"), exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name=ui("Log out"))).to_have_count(0)
    expect(page.get_by_text(ui("Hello, %(name)s", name="山田太郎"))).to_have_count(0)
    page.goto("/settings/profile/")
    expect(page).to_have_url("/login/?next=/settings/profile/")


def test_wrong_password_is_refused_in_the_page_language(page, ui, make_member, log_in):
    member = make_member()

    log_in(page, member.email, "not-the-password-123")

    expect(page).to_have_url("/login/")
    expect(page.get_by_role("alert")).to_have_text(ui("The e-mail address or password is not correct."))
    expect(page.get_by_label(ui.label("E-mail address"))).to_have_value(member.email)
    expect(page.get_by_role("navigation", name=ui("Main")).get_by_role("button", name=ui("Log out"))).to_have_count(0)
