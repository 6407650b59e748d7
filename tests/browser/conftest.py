"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every test here is marked `browser`. Without /usr/bin/chromium the tests are skipped with a
banner at the end of the run, except in CI (CI=true), where a missing Chromium is an error.

Each test that uses `page` runs once per interface language (`lang` is "ja" or "en"). The
expected texts come from the app's own catalogues through `ui` (see `UI`), so the tests follow
the translators' wording, and a Japanese run fails when a string it needs is not translated.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.conftest import PASSWORD
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_sign_up

# Playwright's sync API runs an asyncio event loop in this thread; without this Django refuses
# ORM calls from test bodies (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 360, "height": 740}  # mobile first
LOCALES = {"ja": "ja-JP", "en": "en-US"}
LANGUAGES = list(LOCALES)
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent

_skipped_for_no_chromium: list[str] = []
_numbers = count(1)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _is_browser_test(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM} (sudo apt-get install chromium)")
    for item in items:
        if not _is_browser_test(item):
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists() and not _in_ci():
            item.add_marker(skip)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and report.when == "setup" and "Chromium is not installed" in str(report.longrepr):
        _skipped_for_no_chromium.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not _skipped_for_no_chromium:
        return
    write = terminalreporter.write_line
    rule = "!" * 78
    write("")
    write(rule, red=True, bold=True)
    write(f"!!  BROWSER TESTS SKIPPED: Chromium is not installed at {CHROMIUM}", red=True, bold=True)
    write(f"!!  {len(_skipped_for_no_chromium)} test(s) did not run:", red=True, bold=True)
    for nodeid in _skipped_for_no_chromium:
        write(f"!!    {nodeid}", red=True)
    write("!!  Install it and run them again:", red=True, bold=True)
    write("!!    sudo apt-get install chromium", red=True, bold=True)
    write("!!    .venv/bin/python -m pytest tests/browser", red=True, bold=True)
    write("!!  (In CI, with CI=true, a missing Chromium fails the run instead.)", red=True, bold=True)
    write(rule, red=True, bold=True)


# --- Browser, contexts, pages ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if _in_ci():
            pytest.fail(
                f"Chromium is required in CI but {CHROMIUM} does not exist: install it with `apt-get install chromium`."
            )
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (sudo apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=LANGUAGES)
def lang(request: pytest.FixtureRequest) -> str:
    """The interface language of the test: the browser's language, and the members' too."""
    return str(request.param)


class UI:
    """The app's strings in one language, from the same catalogues the live server uses."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, msgid: str, /, **params: Any) -> str:
        with translation.override(self.lang):
            text = translation.gettext(msgid)
        self._check_translated(msgid, text)
        return text % params if params else text

    def pgettext(self, context: str, msgid: str, /, **params: Any) -> str:
        """A string marked with a context (`pgettext_lazy("audience", "Friends")`)."""
        with translation.override(self.lang):
            text = translation.pgettext(context, msgid)
        self._check_translated(msgid, text)
        return text % params if params else text

    def plural(self, singular: str, plural: str, number: int, /, **params: Any) -> str:
        with translation.override(self.lang):
            text = translation.ngettext(singular, plural, number)
        self._check_translated(singular, text)
        return text % params if params else text

    def label(self, msgid: str) -> re.Pattern[str]:
        """A field's accessible name: its label, with or without the label suffix (":", "：")."""
        return re.compile(rf"^\s*{re.escape(self(msgid))}\s*[:：]?\s*$")

    def _check_translated(self, msgid: str, text: str) -> None:
        if self.lang != "en" and text == msgid:
            pytest.fail(
                f"No {self.lang} translation of {msgid!r} in tsunagu/locale/{self.lang}/LC_MESSAGES/django.mo; "
                "the page would show English."
            )


@pytest.fixture
def ui(lang: str) -> UI:
    return UI(lang)


@pytest.fixture
def ui_for() -> Callable[[str], UI]:
    return UI


@pytest.fixture
def new_page(browser: Any, live_server: Any, lang: str) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (own cookies); `member` starts it signed in."""
    contexts = []

    def open_page(*, language: str | None = None, member: Member | None = None) -> Any:
        context = browser.new_context(
            viewport=VIEWPORT,
            locale=LOCALES[language or lang],
            base_url=live_server.url,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if member is not None:
            client = Client()
            client.force_login(member)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A visitor's page, 360 x 740, in the test's language."""
    return new_page()


# --- Data, through the services -----------------------------------------------------------------


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def make_member(transactional_db: None, lang: str) -> Callable[..., Member]:
    """Sign up a member through the sign-up service, speaking the test's language by default."""

    def make(nickname: str | None = None, **kwargs: Any) -> Member:
        number = next(_numbers)
        kwargs.setdefault("language", lang)
        return member_sign_up(
            email=kwargs.pop("email", f"browser{number}@example.com"),
            password=kwargs.pop("password", PASSWORD),
            nickname=nickname or f"メンバー{number}",
            **kwargs,
        )

    return make


@pytest.fixture
def log_in(ui: UI) -> Callable[..., None]:
    """Log in through the log-in form, as a member does."""

    def do(page: Any, email: str, password: str = PASSWORD) -> None:
        page.goto("/login/")
        page.get_by_label(ui.label("E-mail address")).fill(email)
        page.get_by_label(ui.label("Password")).fill(password)
        page.get_by_role("button", name=ui("Log in"), exact=True).click()

    return do
