"""Mobile first: the pages are usable 360 px wide, with the site's stylesheet applied."""

from __future__ import annotations

from playwright.sync_api import expect

WIDTH = 360
PAPER = "rgb(251, 248, 243)"  # --paper in tsunagu/static/tsunagu/site.css


def _assert_no_horizontal_scroll(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} scrolls sideways at {WIDTH} px: scrollWidth is {width}"


def _assert_styled(page):
    """site.css was served and applied (not just linked)."""
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == PAPER
    assert page.evaluate("() => getComputedStyle(document.querySelector('.bar')).display") == "flex"


def test_stylesheet_is_served_and_applied(page):
    with page.expect_response(lambda response: response.url.endswith("/static/tsunagu/site.css")) as css:
        page.goto("/")
    assert css.value.status == 200
    assert css.value.header_value("content-type").startswith("text/css")
    _assert_styled(page)


def test_no_horizontal_scroll_at_360_px(page, new_page, ui, make_member):
    for path in ("/", "/signup/"):
        page.goto(path)
        expect(page.get_by_role("contentinfo")).to_be_attached()
        _assert_styled(page)
        _assert_no_horizontal_scroll(page)

    member = make_member("とても長いニックネームのメンバーさんです")
    signed_in = new_page(member=member)
    signed_in.goto("/")
    expect(signed_in.get_by_role("heading", level=1)).to_have_text(ui("Hello, %(name)s", name=member.nickname))
    _assert_no_horizontal_scroll(signed_in)
    signed_in.goto("/settings/profile/")
    expect(signed_in.get_by_role("button", name=ui("Save profile"))).to_be_visible()
    _assert_styled(signed_in)
    _assert_no_horizontal_scroll(signed_in)
