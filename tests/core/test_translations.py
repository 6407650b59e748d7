"""The translation catalogues: complete Japanese, matching placeholders, up-to-date .mo files that Django loads."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.utils import translation

from tsunagu.core.management.commands.compile_translations import compiled_locales

LOCALE_DIR = Path(__file__).resolve().parents[2] / "tsunagu" / "locale"
JA_PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / "django.po"

# printf-style (%(name)s, %(count)d, %s, %.1f) and brace-style ({{ name }}, {name}) placeholders; "%%" is a literal.
PRINTF = re.compile(r"%(?:\((?P<name>\w+)\))?[#0 +-]*\d*(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])")
BRACES = re.compile(r"\{\{\s*(\w+)\s*\}\}|\{(\w+)\}")


def placeholders(text: str) -> tuple[frozenset[str], frozenset[tuple[str, int]]]:
    """Named placeholders (order and repetition free) and positional ones (counted) in a message."""
    named: set[str] = set()
    positional: Counter[str] = Counter()
    for match in PRINTF.finditer(text):
        if match["conv"] == "%":
            continue
        if match["name"]:
            named.add(f"%({match['name']}){match['conv']}")
        else:
            positional[f"%{match['conv']}"] += 1
    for double, single in BRACES.findall(text):
        named.add("{" + (double or single) + "}")
    return frozenset(named), frozenset(positional.items())


def ja_entries() -> list[polib.POEntry]:
    """The live (non-obsolete) entries of the Japanese catalogue."""
    return [entry for entry in polib.pofile(str(JA_PO)) if not entry.obsolete]


def ja_translations(entry: polib.POEntry) -> list[str]:
    """Every msgstr of an entry: the one msgstr, or each plural form."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def mo_contents(path: Path) -> tuple[dict[str, str], set[tuple[object, ...]]]:
    """A compiled catalogue as its metadata and a set of comparable entries."""
    mo = polib.mofile(str(path))
    entries: set[tuple[object, ...]] = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in mo
    }
    return dict(mo.metadata), entries


def test_japanese_catalogue_has_plural_forms_and_utf8() -> None:
    """The Japanese catalogue header declares UTF-8, one plural form and is not fuzzy."""
    po = polib.pofile(str(JA_PO))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


def test_every_japanese_entry_is_translated_and_not_fuzzy() -> None:
    """Every msgid in ja/django.po has a non-empty Japanese msgstr and no fuzzy flag."""
    entries = ja_entries()
    assert len(entries) > 100
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert fuzzy == []
    untranslated = [entry.msgid for entry in entries if not all(text.strip() for text in ja_translations(entry))]
    assert untranslated == []
    plurals = [entry.msgid for entry in entries if entry.msgid_plural and sorted(entry.msgstr_plural) != [0]]
    assert plurals == [], "Japanese has exactly one plural form, msgstr[0]"


def test_placeholders_in_japanese_match_the_source() -> None:
    """The placeholders in each Japanese msgstr are exactly those of its msgid."""
    mismatched = []
    for entry in ja_entries():
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = {placeholders(source) for source in sources}
        for text in ja_translations(entry):
            if placeholders(text) not in expected:
                mismatched.append((entry.msgid, text))
    assert mismatched == []


@pytest.mark.parametrize(("po", "mo"), compiled_locales(), ids=lambda path: path.parent.parent.name)
def test_committed_mo_matches_the_po(po: Path, mo: Path, tmp_path: Path) -> None:
    """The committed .mo holds exactly what polib compiles from the .po now."""
    assert mo.exists(), f"{mo} is missing: run `tsunagu compile_translations`"
    fresh = tmp_path / "django.mo"
    polib.pofile(str(po)).save_as_mofile(str(fresh))
    assert mo_contents(mo) == mo_contents(fresh), "run `tsunagu compile_translations` and commit the .mo"


def test_both_languages_have_a_compiled_catalogue() -> None:
    """Both ja and en have a .po and .mo pair under LOCALE_PATHS."""
    assert {po.parent.parent.name for po, _mo in compiled_locales()} >= {"ja", "en"}


def test_django_serves_the_japanese_catalogue() -> None:
    """Under translation.override("ja"), gettext returns the Japanese text from the .mo."""
    with translation.override("ja"):
        assert translation.gettext("Log in") == "ログイン"
        assert translation.pgettext("audience", "Friends of friends") == "友人の友人まで"
        assert translation.pgettext("audience", "Only me") == "自分のみ"
        assert translation.ngettext("%(age)s year old", "%(age)s years old", 30) % {"age": 30} == "30歳"


def test_english_keeps_the_source_text() -> None:
    """Under translation.override("en"), gettext returns the English source, not an empty string."""
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
        assert translation.ngettext("%(age)s year old", "%(age)s years old", 1) % {"age": 1} == "1 year old"
        assert translation.ngettext("%(age)s year old", "%(age)s years old", 2) % {"age": 2} == "2 years old"
