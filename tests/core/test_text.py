"""Members' text as HTML (`plain_text_html`): nothing a member types becomes markup, except p, br and
http(s) links; checked on known attacks and, with hypothesis, on arbitrary text."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tsunagu.core.text import plain_text_html

REL = "nofollow noopener noreferrer ugc"


class Parsed(HTMLParser):
    """The tags, attributes and text of an HTML fragment, as a browser's tokenizer sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.links: list[tuple[str | None, str]] = []  # (href, link text)
        self._in_link: str | None = None
        self.other: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            self._in_link = dict(attrs).get("href")
            self.links.append((self._in_link, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.other.append(f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_link = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_link is not None and self.links:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    def handle_comment(self, data: str) -> None:
        self.other.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.other.append("decl")

    def handle_pi(self, data: str) -> None:
        self.other.append("pi")

    def unknown_decl(self, data: str) -> None:
        self.other.append("unknown_decl")


def assert_safe(html: str) -> Parsed:
    """Only p, br and a; a only with an http(s) href (and nh3's rel); no comments or declarations."""
    parsed = Parsed(html)
    assert parsed.other == [], html
    for tag, attrs in parsed.tags:
        assert tag in {"p", "br", "a"}, html
        if tag == "a":
            assert set(attrs) == {"href", "rel"}, html
            assert (attrs["href"] or "").startswith(("http://", "https://")), html
            assert attrs["rel"] == REL, html
        else:
            assert attrs == {}, html
    return parsed


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1) https://example.com/",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "<!-- comment --><![CDATA[x]]><?php echo 1; ?>",
        "<style>body{display:none}</style>",
        "<svg/onload=alert(1)>",
        "&lt;script&gt;",
        'https://example.com/"onmouseover="alert(1)',
        "https://example.com/'onmouseover='alert(1)'",
        'https://example.com/"><script>alert(1)</script>',
        "http://.",
        "https://",
        "http://[",
        "http://:80/",
        "http://@/",
        "http://a:99999/",
        "https://example.com/%zz",
        "https://example.com/\u0000",
    ],
)
def test_known_attacks_stay_text(text: str) -> None:
    """What looks like markup is shown as the characters typed; no script, handler or bad link survives."""
    html = plain_text_html(text)
    parsed = assert_safe(html)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<style" not in html
    assert all(attrs.get("onmouseover") is None for _, attrs in parsed.tags)
    visible = "".join(parsed.text)
    assert visible == text.replace("\u0000", ""), "every character typed is shown as typed"


def test_attribute_injection_with_quotes_cannot_leave_the_href() -> None:
    """A quote ends the address (double) or stays inside the escaped attribute (single)."""
    parsed = assert_safe(plain_text_html('https://example.com/"onmouseover="alert(1)'))
    assert parsed.links == [("https://example.com/", "https://example.com/")]
    parsed = assert_safe(plain_text_html("https://example.com/'onmouseover='alert(1)'"))
    assert parsed.links == [
        ("https://example.com/'onmouseover='alert(1)", "https://example.com/'onmouseover='alert(1)")
    ]
    assert [set(attrs) for tag, attrs in parsed.tags if tag == "a"] == [{"href", "rel"}]


@pytest.mark.parametrize(
    ("text", "links", "after"),
    [
        ("https://example.jp/を見て", ["https://example.jp/"], "を見て"),
        ("詳しくはhttps://example.jp/news?id=3。", ["https://example.jp/news?id=3"], "。"),
        ("See https://example.com/path.", ["https://example.com/path"], "."),
        ("Really? https://example.com/?q=1!", ["https://example.com/?q=1"], "!"),
        ("(https://example.com/)", ["https://example.com/"], ")"),
        ("(https://example.com/a_(b))", ["https://example.com/a_(b)"], ")"),
        ("https://example.com/a,b,", ["https://example.com/a,b"], ","),
        ("「https://example.jp/」", ["https://example.jp/"], "」"),
        ("http://a.example/ と https://b.example/", ["http://a.example/", "https://b.example/"], ""),
        ("https://e.com/?a=1&b=2", ["https://e.com/?a=1&b=2"], ""),
        ("HTTPS://EXAMPLE.COM/ ftp://example.com/ //example.com/", [], ""),
        ("https://例え.jp/", [], ""),
    ],
)
def test_addresses_are_linked_up_to_where_they_end(text: str, links: list[str], after: str) -> None:
    """Addresses stop at the first non-ASCII character and leave trailing punctuation outside the link."""
    parsed = assert_safe(plain_text_html(text))
    assert [href for href, _ in parsed.links] == links
    assert [label for _, label in parsed.links] == links, "the link text is the address itself"
    assert "".join(parsed.text) == text
    assert "".join(parsed.text).endswith(after)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("一行", "<p>一行</p>"),
        ("一行目\n二行目", "<p>一行目<br>二行目</p>"),
        ("段落一\n\n段落二", "<p>段落一</p><p>段落二</p>"),
        ("段落一\n \n\n\t\n段落二\n三", "<p>段落一</p><p>段落二<br>三</p>"),
        ("a\r\nb\r\rc", "<p>a<br>b</p><p>c</p>"),
        ("\n\n前後の改行\n\n", "<p>前後の改行</p>"),
        ("", ""),
        ("\n\n\n", ""),
    ],
)
def test_line_breaks_and_paragraphs(text: str, html: str) -> None:
    assert plain_text_html(text) == html


def visible_characters(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


# Text as members type it (services drop control characters first), with plenty of markup and addresses.
pieces = st.sampled_from(
    [
        "<",
        ">",
        "&",
        '"',
        "'",
        "=",
        "/",
        "\n",
        "\n\n",
        " ",
        "<a href=",
        "<script>",
        "</p>",
        "<br>",
        "javascript:",
        "http://",
        "https://",
        "example.com",
        "#",
        "?",
        "(",
        ")",
        ".",
        "。",
        "日記",
        "😀",
        "&amp;",
        "&#x3C;",
        "onerror=",
        "<!--",
        "-->",
        "[",
        "]",
        "@",
        ":",
        "%",
        "\r\n",
    ]
)
member_text = st.lists(pieces | st.text(max_size=5), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(member_text)
@example("http://.")
@example("http://[")
@example('https://example.com/"><script>alert(1)</script>')
def test_any_text_becomes_safe_html_that_shows_every_character(text: str) -> None:
    """Whatever is typed: only p, br and http(s) links come out, and every visible character typed is shown."""
    html = plain_text_html(text)
    parsed = assert_safe(html)
    # The services drop control characters before this function sees the text (profiles.fields.clean_text).
    typed = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\n\r\t")
    shown = assert_safe(plain_text_html(typed))
    assert visible_characters("".join(shown.text)) == visible_characters(typed)
    for href, label in parsed.links + shown.links:
        assert href == label, "a link goes where its text says"
