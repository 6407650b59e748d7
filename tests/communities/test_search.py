"""Japanese community search: every query length (1, 2, 3+ characters) finds exactly the communities whose name
or description contains it, width and case aside, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm); checked
against a plain Python substring test over the same rows."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Category, Community
from tsunagu.communities.search import communities_search, fold, query_clean, search_index_ensure
from tsunagu.communities.services import community_create, community_delete, community_join, community_update
from tsunagu.core.errors import Invalid, ServiceError

pytestmark = pytest.mark.django_db

COMMUNITIES = [
    ("猫好きの集まり", "うちの猫自慢をしましょう。"),
    ("地震情報・防災", "地震や災害のときに助け合うコミュニティです。"),
    ("料理研究会", "毎日の料理のレシピを交換します。"),
    ("ラーメン大好き", "全国のラーメン屋さん情報"),
    ("北海道ラーメン", "札幌・旭川・函館のラーメン"),
    ("東京大学 同窓会", "東京大学の卒業生と在校生のためのコミュニティ"),
    ("京都大学 OB会", "京大の思い出"),
    ("ＡＢＣ Cooking", "Full-width ＡＢＣ in the name"),
    ("abc music", "lower case abc"),
    ("ｶﾀｶﾅ倶楽部", "半角カナの名前"),
    ("カタカナ研究", "全角のカタカナ"),
    ("100% Orange", "ファンの集い 100%"),
    ("under_score", "アンダースコア_の名前"),
    ('quote"s', 'ダブルクォート " を含む'),
    ("star*s", "アスタリスク * と (かっこ) と NEAR OR AND"),
    ("back\\slash", "バックスラッシュ \\ です"),
    ("北の国から", "ドラマのファン。北海道が舞台"),
    ("TOKYO Walker", "東京の街歩き"),
]

QUERIES = [
    "猫",
    "地震",
    "料理",
    "ラーメン",
    "東京大学",
    "北海道",
    "北",
    "京大",  # inside 東京大学 and 京都大学? only 東京大学 holds it in a row, 京大 in a description
    "大学",
    "ＡＢＣ",
    "abc",
    "ABC",
    "Ａｂｃ",
    "ｶﾀｶﾅ",
    "カタカナ",
    "tokyo",
    "ＴＯＫＹＯ",
    "%",
    "100%",
    "_",
    "r_s",
    '"',
    'e"s',
    "*",
    "r*s",
    "\\",
    "k\\s",
    "'",
    "OR",
    "NEAR",
    "(かっこ)",
    "a b",
    "ン",
    "存在しない言葉",
    "x",
]


@pytest.fixture
def creator(make_member: Callable[..., Member]) -> Member:
    return make_member("作成者")


@pytest.fixture
def communities(creator: Member) -> list[Community]:
    return [community_create(creator=creator, name=name, description=text) for name, text in COMMUNITIES]


def found(query: Any, **kwargs: Any) -> set[int]:
    """Every community the search finds, following the pages to the end."""
    ids: list[int] = []
    cursor = None
    while True:
        page = communities_search(query=query_clean(query), cursor=cursor, limit=5, **kwargs)
        ids += [community.pk for community in page.communities]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(ids) == len(set(ids)), "a community was listed twice"
    return set(ids)


def expected(query: str) -> set[int]:
    """The brute-force answer: the folded query is a substring of the folded name or description."""
    needle = fold(query).strip()
    return {c.pk for c in Community.objects.all() if needle in fold(c.name) or needle in fold(c.description)}


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_exactly_the_communities_containing_the_query(communities: list[Community], query: str) -> None:
    """1-, 2- and 3+-character queries alike, Japanese and Latin, with LIKE and FTS5 syntax taken literally."""
    assert found(query) == expected(query)


def test_one_two_and_three_character_queries_find_what_a_reader_expects(communities: list[Community]) -> None:
    names = {c.pk: c.name for c in communities}

    def named(query: str) -> set[str]:
        return {names[pk] for pk in found(query)}

    assert named("猫") == {"猫好きの集まり"}
    assert named("地震") == {"地震情報・防災"}
    assert named("料理") == {"料理研究会"}
    assert named("ラーメン") == {"ラーメン大好き", "北海道ラーメン"}
    assert named("東京大学") == {"東京大学 同窓会"}
    assert named("北海道") == {"北海道ラーメン", "北の国から"}
    assert named("京大") == {"東京大学 同窓会", "京都大学 OB会"}


def test_width_and_case_do_not_matter(communities: list[Community]) -> None:
    """ＡＢＣ finds abc and ABC; half-width ｶﾀｶﾅ finds full-width カタカナ, and the other way round."""
    assert found("ＡＢＣ") == found("abc") == found("Abc")
    names = {c.name for c in Community.objects.filter(pk__in=found("abc"))}
    assert names == {"ＡＢＣ Cooking", "abc music"}
    assert {c.name for c in Community.objects.filter(pk__in=found("カタカナ"))} == {"ｶﾀｶﾅ倶楽部", "カタカナ研究"}
    assert found("ｶﾀｶﾅ") == found("カタカナ")


def test_wildcards_and_search_syntax_are_plain_characters(communities: list[Community]) -> None:
    """`%`, `_`, `"`, `*` and `\\` never error and never match everything."""
    for query in ["%", "_", '"', "*", "\\", '""', "%%", "*:", "NEAR(", "a OR b"]:
        assert len(found(query)) < len(communities), query
    assert {c.name for c in Community.objects.filter(pk__in=found("%"))} == {"100% Orange"}
    assert {c.name for c in Community.objects.filter(pk__in=found("_"))} == {"under_score"}


def test_an_empty_query_lists_every_community_most_members_first(communities: list[Community]) -> None:
    assert found("") == found("   ") == {c.pk for c in communities}


def test_results_are_ordered_by_member_count_then_newest(creator: Member, make_member: Callable[..., Member]) -> None:
    small = community_create(creator=creator, name="ラーメン同好会", description="麺")
    big = community_create(creator=creator, name="ラーメン愛好会", description="麺")
    newer = community_create(creator=creator, name="ラーメン研究所", description="麺")
    for _ in range(2):
        community_join(member=make_member(), community_id=big.pk)
    page = communities_search(query=query_clean("ラーメン"))
    assert [c.pk for c in page.communities] == [big.pk, newer.pk, small.pk]
    assert page.communities[0].member_count == 3


def test_the_index_follows_renames_and_deletions(creator: Member, communities: list[Community]) -> None:
    """Kept in step by the database (triggers on SQLite, an expression index on PostgreSQL), not by callers."""
    cat = next(c for c in communities if c.name == "猫好きの集まり")
    community_update(member=creator, community_id=cat.pk, name="犬好きの集まり", description="わんこ")
    assert cat.pk not in found("猫")
    assert cat.pk in found("犬")
    assert cat.pk in found("わんこ")
    community_delete(member=creator, community_id=cat.pk)
    assert cat.pk not in found("犬")


def test_category_filter(creator: Member) -> None:
    food = Category.objects.create(name_ja="グルメ", name_en="Food", position=1)
    place = Category.objects.create(name_ja="地域", name_en="Places", position=2)
    ramen = community_create(creator=creator, name="札幌ラーメン", description="味噌", category=food.pk)
    sapporo = community_create(creator=creator, name="札幌に住む人", description="雪", category=place.pk)
    community_create(creator=creator, name="ラーメン二郎", description="豚")
    assert found("札幌") == {ramen.pk, sapporo.pk}
    assert found("札幌", category_id=food.pk) == {ramen.pk}
    assert found("", category_id=place.pk) == {sapporo.pk}
    assert found("ラーメン", category_id=place.pk) == set()


def test_a_query_longer_than_the_limit_is_refused() -> None:
    with pytest.raises(Invalid) as error:
        query_clean("猫" * 101)
    assert "q" in error.value.fields
    assert query_clean("  ＡＢＣ  ") == "abc"


def test_a_cursor_we_did_not_hand_out_is_refused(communities: list[Community]) -> None:
    with pytest.raises(Invalid) as error:
        communities_search(query="", cursor="not-a-cursor")
    assert "cursor" in error.value.fields


def test_the_database_uses_its_index() -> None:
    """SQLite answers from the FTS5 table; PostgreSQL has the trigram indexes on the folded columns."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'communities_search'")
            assert "trigram" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'community_name_trgm'")
            assert "gin_trgm_ops" in cursor.fetchone()[0]


# --- property: any text, any query ------------------------------------------------------------------------

ALPHABET = (
    "ねこいぬあいうえおかきくけこ"
    "ネコイヌアイウエオカキクケコラーメン"
    "ｱｲｳｴｵｶｷｸｹｺﾈｺﾗｰﾒﾝﾞﾟ"
    "猫犬地震料理東京大学北海道" + string.ascii_letters[:8] + "ＡＢＣＤａｂｃｄ０１２" + " %_\"*\\'()-:・。"
)
TEXT = st.text(alphabet=ALPHABET, min_size=0, max_size=30)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    rows=st.lists(
        st.tuples(TEXT.filter(lambda t: t.strip()), TEXT.filter(lambda t: t.strip())), min_size=1, max_size=6
    ),
    query=st.text(alphabet=ALPHABET, min_size=1, max_size=5),
    cut=st.booleans(),
    pick=st.integers(min_value=0, max_value=10_000),
)
def test_search_agrees_with_a_substring_check(
    creator: Member, rows: list[tuple[str, str]], query: str, cut: bool, pick: int
) -> None:
    """Property: for random names, descriptions and queries (often cut from the texts), the search returns
    exactly the rows a Python substring test over the folded text returns."""
    with transaction.atomic():
        for name, description in rows:
            try:
                with transaction.atomic():
                    community_create(creator=creator, name=name, description=description)
            except ServiceError:
                continue  # a name already taken (as people read it) is simply not there twice
        if cut:
            # A piece of the stored texts (one to four characters), so that many queries match something.
            text = "".join(f"{c.name}{c.description}" for c in Community.objects.all()) or "猫"
            start = pick % len(text)
            query = text[start : start + 1 + pick % 4]
        if query_clean(query):
            assert found(query) == expected(query)
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_the_index_survives_a_rebuild_of_the_table(creator: Member) -> None:
    """Django rebuilds a SQLite table to alter a column, which drops its triggers; `migrate` (post_migrate) puts
    them back and refills the index. PostgreSQL's expression indexes survive an ALTER by themselves."""
    before = community_create(creator=creator, name="地震に備える会", description="防災")
    if connection.vendor == "sqlite":
        with connection.schema_editor() as editor:
            editor._remake_table(Community)  # what AlterField does on SQLite
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'communities_search%'"
            )
            assert cursor.fetchone()[0] == 0
        search_index_ensure()
    after = community_create(creator=creator, name="地震の研究", description="学問")
    assert found("地震") == {before.pk, after.pk}
