"""Members' text as HTML: line breaks kept, web addresses linked, and everything through the nh3 sanitiser."""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape

# Web addresses are ASCII; Japanese text often follows one with no space (「https://example.jp/を見て」),
# so the link stops at the first character that cannot be part of an address.
URL_PATTERN = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%()]+")
TRAILING_PUNCTUATION = ".,:;!?'"
ALLOWED_TAGS = {"a", "br", "p"}
URL_SCHEMES = {"http", "https"}


def _linkable(url: str) -> bool:
    """Whether the sanitiser keeps this address as an href (it drops ones it cannot parse: `http://.`, `http://[`)."""
    return "href=" in nh3.clean(
        f'<a href="{escape(url)}"></a>', tags={"a"}, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES
    )


def _link(url: str) -> tuple[str, str]:
    """The address as a link, and what was trimmed off its end (sentence punctuation, an unmatched bracket)."""
    trail = ""
    while url and (url[-1] in TRAILING_PUNCTUATION or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url, trail = url[:-1], url[-1] + trail
    if not _linkable(url):
        # Otherwise the sanitiser would leave an <a> without href around it.
        return escape(url), trail
    return f'<a href="{escape(url)}">{escape(url)}</a>', trail


def _line_html(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in URL_PATTERN.finditer(line):
        parts.append(escape(line[position : match.start()]))
        link, trail = _link(match.group())
        parts.append(link + escape(trail))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def plain_text_html(text: str) -> str:
    """Plain text as safe HTML: paragraphs at blank lines, `<br>` at line breaks, http(s) addresses as links.

    The result goes through nh3 (a maintained sanitiser) even though it is built from escaped parts, so a
    mistake here can never become markup: only `p`, `br` and `a href` with http(s) survive.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join("<p>" + "<br>".join(_line_html(line) for line in p.split("\n")) + "</p>" for p in paragraphs)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )
