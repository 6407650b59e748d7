"""Members' text as HTML: line breaks kept, web addresses linked, and everything through the nh3 sanitiser."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nh3
import regex
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


@dataclass(frozen=True)
class Linker:
    """Where voice text links its hashtags and mentions (site paths; None leaves them as text)."""

    hashtag_url: Callable[[str], str]
    mention_url: Callable[[str], str]


def _tag_html(match: Any, linker: Linker) -> str:
    """A hashtag or mention match as a link (site-relative, so the sanitiser's schemes do not apply)."""
    whole, name = match.group(0), match.group(match.lastindex or 0)
    if whole[0] in "#＃":
        tag = hashtag_normalize(name)[:HASHTAG_MAX_LENGTH]
        if not tag or tag.isdigit():
            return escape(whole)
        return f'<a href="{escape(linker.hashtag_url(tag))}" class="hashtag">{escape(whole)}</a>'
    return f'<a href="{escape(linker.mention_url(name.lower()))}" class="mention">{escape(whole)}</a>'


def _line_html(line: str, linker: Linker | None = None) -> str:
    parts: list[str] = []
    position = 0
    pattern = VOICE_TOKEN_PATTERN if linker else URL_PATTERN
    for match in pattern.finditer(line):
        parts.append(escape(line[position : match.start()]))
        if linker and match.group(0)[0] in "#＃@＠":
            parts.append(_tag_html(match, linker))
        else:
            link, trail = _link(match.group(0))
            parts.append(link + escape(trail))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def plain_text_html(text: str, linker: Linker | None = None) -> str:
    """Plain text as safe HTML: paragraphs at blank lines, `<br>` at line breaks, http(s) addresses as links,
    and, given a `linker`, hashtags and @mentions as links too.

    The result goes through nh3 (a maintained sanitiser) even though it is built from escaped parts, so a
    mistake here can never become markup: only `p`, `br` and `a href` with http(s) or site paths survive.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join("<p>" + "<br>".join(_line_html(line, linker) for line in p.split("\n")) + "</p>" for p in paragraphs)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "class"}},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )


# --- voice: characters as people count them, hashtags and mentions ------------------------------

GRAPHEME = regex.compile(r"\X")
# A hashtag starts with # or ＃ not preceded by a word character (so "C#" or "abc#1" are not tags) and
# runs over letters of any script (kana, kanji, Latin, full-width forms), digits, marks and "_".
HASHTAG_PATTERN = regex.compile(r"(?<![\w&])[#＃]([\p{L}\p{M}\p{N}_]{1,100})")
MENTION_PATTERN = regex.compile(r"(?<![\w@＠.])[@＠]([A-Za-z0-9_]{1,30})(?![A-Za-z0-9_])")
HASHTAG_MAX_LENGTH = 50
# Addresses, hashtags and mentions in one pass, so none is linked inside another.
VOICE_TOKEN_PATTERN = regex.compile("|".join([URL_PATTERN.pattern, HASHTAG_PATTERN.pattern, MENTION_PATTERN.pattern]))


def grapheme_count(text: str) -> int:
    """Characters as a reader sees them: 日本語 counts 3, 👨‍👩‍👧 counts 1, が + combining mark counts 1."""
    return len(GRAPHEME.findall(text))


def hashtag_normalize(tag: str) -> str:
    """The one stored form of a tag: NFKC (full-width ＡＢＣ → ABC, half-width ｶﾀｶﾅ → カタカナ) then case-folded."""
    return unicodedata.normalize("NFKC", tag).casefold()


def hashtags(text: str) -> list[str]:
    """The normalised hashtags of a text, each once, in order of first appearance.

    A tag needs a character other than digits (#2011 is a year, not a topic), and is cut at
    `HASHTAG_MAX_LENGTH` characters after normalisation.
    """
    found: dict[str, None] = {}
    for match in HASHTAG_PATTERN.finditer(text):
        tag = hashtag_normalize(match.group(1))[:HASHTAG_MAX_LENGTH]
        if tag and not tag.isdigit():
            found.setdefault(tag, None)
    return list(found)


def mentions(text: str) -> list[str]:
    """The handles mentioned with @handle (or full-width ＠), lower-cased, each once, in order."""
    found: dict[str, None] = {}
    for match in MENTION_PATTERN.finditer(unicodedata.normalize("NFKC", text)):
        found.setdefault(match.group(1).lower(), None)
    return list(found)
