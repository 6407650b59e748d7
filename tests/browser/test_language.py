"""The footer language switch: a visitor's choice lives in a cookie, a member's on their account."""

from __future__ import annotations

from playwright.sync_api import expect

from tsunagu.accounts.models import Member

OTHER = {"ja": "en", "en": "ja"}
NAMES = {"ja": "日本語", "en": "English"}


def _switch_language(page, ui, to):
    footer = page.get_by_role("contentinfo")
    select = footer.get_by_label(ui.label("Language"))
    expect(select).to_have_value(ui.lang)
    select.select_option(label=NAMES[to])
    footer.get_by_role("button", name=ui("Change")).click()


def test_visitor_switches_language_with_the_footer(page, ui, ui_for, lang):
    theirs = ui_for(OTHER[lang])
    page.goto("/signup/")
    nav = page.get_by_role("navigation", name=ui("Main"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(nav.get_by_role("link", name=ui("Log in"), exact=True)).to_be_visible()
    assert {lang: ui("Log in"), OTHER[lang]: theirs("Log in")} == {"ja": "ログイン", "en": "Log in"}

    _switch_language(page, ui, OTHER[lang])

    expect(page).to_have_url("/signup/")  # back where they were
    expect(page.locator("html")).to_have_attribute("lang", OTHER[lang])
    nav = page.get_by_role("navigation", name=theirs("Main"))
    expect(nav.get_by_role("link", name=theirs("Log in"), exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=ui("Log in"), exact=True)).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text(theirs("Sign up"))
    expect(page.get_by_role("contentinfo").get_by_label(theirs.label("Language"))).to_have_value(OTHER[lang])

    # The choice outlasts the page (a cookie), over the browser's own language.
    page.goto("/")
    nav = page.get_by_role("navigation", name=theirs("Main"))
    expect(nav.get_by_role("link", name=theirs("Log in"), exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", OTHER[lang])


def test_member_switches_language_and_it_is_kept_on_the_account(page, new_page, ui, ui_for, lang, make_member, log_in):
    theirs = ui_for(OTHER[lang])
    member = make_member("田中みどり")
    log_in(page, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Hello, %(name)s", name="田中みどり"))

    _switch_language(page, ui, OTHER[lang])

    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(theirs("Hello, %(name)s", name="田中みどり"))
    expect(
        page.get_by_role("navigation", name=theirs("Main")).get_by_role("button", name=theirs("Log out"))
    ).to_be_visible()
    assert Member.objects.get(pk=member.pk).language == OTHER[lang]

    # A new browser (no cookies) still speaking the old language: the log-in page follows the
    # browser, and once logged in the member's saved language wins.
    fresh = new_page()
    log_in(fresh, member.email)
    expect(fresh).to_have_url("/")
    expect(fresh.locator("html")).to_have_attribute("lang", OTHER[lang])
    expect(fresh.get_by_role("heading", level=1)).to_have_text(theirs("Hello, %(name)s", name="田中みどり"))
    expect(fresh.get_by_role("contentinfo").get_by_label(theirs.label("Language"))).to_have_value(OTHER[lang])
