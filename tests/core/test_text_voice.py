"""Voice text rules: characters counted as graphemes, hashtags normalised by NFKC + case-folding, mentions."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tsunagu.core.text import grapheme_count, hashtag_normalize, hashtags, mentions


def test_japanese_emoji_and_combining_marks_count_as_people_see_them() -> None:
    assert grapheme_count("日本語") == 3
    assert grapheme_count("👨‍👩‍👧") == 1  # one family, joined by zero-width joiners
    assert grapheme_count("🇯🇵") == 1  # a flag is two regional indicators
    assert grapheme_count("か\u3099") == 1  # か + combining dakuten reads as が
    assert grapheme_count("👍🏽") == 1  # skin-tone modifier
    assert grapheme_count("") == 0


@given(st.text())
def test_graphemes_never_exceed_code_points(text: str) -> None:
    assert 0 <= grapheme_count(text) <= len(text)


def test_hashtags_accept_japanese_full_width_marks_and_latin() -> None:
    text = "揺れた #地震 ＃ベルを鳴らそう #abc_1 #東京2020 ＃ＡＢＣ"
    assert hashtags(text) == ["地震", "ベルを鳴らそう", "abc_1", "東京2020", "abc"]


def test_full_width_and_case_variants_are_one_tag() -> None:
    assert hashtag_normalize("ＡＢＣ") == hashtag_normalize("abc") == hashtag_normalize("ABC") == "abc"
    assert hashtag_normalize("ｶﾀｶﾅ") == "カタカナ"
    assert hashtags("#Abc と ＃ａｂｃ と #ABC") == ["abc"]


def test_not_hashtags() -> None:
    assert hashtags("C# と a#b と #2011 と # と &#39;") == []


def test_a_tag_ends_at_punctuation_and_spaces() -> None:
    assert hashtags("#花見、楽しかった") == ["花見"]
    assert hashtags("#花見。#紅葉!") == ["花見", "紅葉"]
    assert hashtags("(#夏祭り)") == ["夏祭り"]


@given(st.text())
def test_hashtags_are_normalised_and_unique(text: str) -> None:
    tags = hashtags(text)
    assert len(tags) == len(set(tags))
    for tag in tags:
        assert tag == hashtag_normalize(tag)
        assert tag and not tag.isdigit() and "#" not in tag and "＃" not in tag
        assert unicodedata.normalize("NFKC", tag) == tag


def test_mentions() -> None:
    assert mentions("@hanako さん、＠ＴＡＲＯ くん") == ["hanako", "taro"]
    assert mentions("mail@example.com に送って") == []
    assert mentions("@hanako @Hanako") == ["hanako"]
