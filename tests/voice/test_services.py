"""The voice services and selectors: the 150-character rule, audiences, replies, hashtags, trending, mentions,
deleting, and refusals that leave nothing behind (no rows, no files)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.test import TestCase
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.api.helpers import png
from tests.conftest import PASSWORD
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_delete
from tsunagu.core import policy
from tsunagu.core.errors import Invalid, NotFound, ServiceError
from tsunagu.core.services import site_settings_update
from tsunagu.core.text import grapheme_count
from tsunagu.feed.timeline import DatabaseTimeline
from tsunagu.friends.services import block_create, friend_group_create, friendship_create
from tsunagu.notifications.models import Notification, NotificationKind
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add
from tsunagu.voice import selectors
from tsunagu.voice.models import Hashtag, VoiceHashtag, VoicePost
from tsunagu.voice.reactables import VOICE_KIND
from tsunagu.voice.services import voice_post_create, voice_post_delete

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def post(author: Member, text: str = "今日はいい天気", **kwargs: Any) -> VoicePost:
    return voice_post_create(author=author, text=text, **kwargs)


def close(member: Member) -> None:
    """Close the account, as an operator's deactivation does."""
    Member.objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()


def visible(viewer: Any, item: VoicePost) -> bool:
    """Whether the selector shows the post or reply to the viewer (and the single-object face agrees)."""
    try:
        selectors.post_for_viewer(viewer=viewer, post_id=item.pk)
    except Http404:
        assert not policy.can_view(viewer, item)
        return False
    assert policy.can_view(viewer, item)
    return True


def refused(field: str, **kwargs: Any) -> ServiceError:
    """Posting with `kwargs` is refused naming `field`, with a message, and stores nothing."""
    before = VoicePost.objects.count(), VoiceHashtag.objects.count(), Hashtag.objects.count()
    with pytest.raises(ServiceError) as caught:
        voice_post_create(**kwargs)
    assert caught.value.message
    assert field in caught.value.fields, caught.value.fields
    assert all(caught.value.fields[field])
    assert (VoicePost.objects.count(), VoiceHashtag.objects.count(), Hashtag.objects.count()) == before
    return caught.value


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


@contextmanager
def committed() -> Iterator[None]:
    """Run what the block leaves for after commit (notifications, file deletions), as a real commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


@pytest.fixture
def friend(make_member: MakeMember, member: Member) -> Member:
    person = make_member("高橋友子")
    friendship_create(member, person)
    return person


# --- the 150-character rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "character",
    [
        "あ",  # kana
        "漢",  # kanji
        "a",
        "👨‍👩‍👧",  # one family: three people joined by zero-width joiners, five code points
        "🇯🇵",  # a flag: two regional indicators
        "👍🏽",  # a skin-tone modifier
        "g\u0308",  # g with a combining diaeresis (no precomposed form, so NFC keeps two code points)
        "\u0915\u094d\u0937\u093f",  # क्षि: a Devanagari cluster of four code points
    ],
)
def test_150_characters_as_people_see_them_and_not_151(member: Member, character: str) -> None:
    """Japanese, emoji sequences, flags and combining marks each count as the one character a reader sees."""
    assert grapheme_count(character * 150) == 150
    created = post(member, character * 150)
    assert created.text == character * 150
    error = refused("text", author=member, text=character * 151)
    assert "151" in error.fields["text"][0] and "150" in error.fields["text"][0]


def test_space_around_the_text_is_not_counted(member: Member) -> None:
    assert post(member, "  \n" + "あ" * 150 + "\n  ").text == "あ" * 150


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u0000", None, 5, ["あ"]])
def test_empty_or_not_text_is_refused(member: Member, text: Any) -> None:
    refused("text", author=member, text=text)


def test_a_text_of_150_characters_each_heaped_with_marks_is_refused_with_its_own_message(member: Member) -> None:
    """Stored text is bounded in code points too; the message then does not claim the text is over 150."""
    heaped = ("x" + "\u0301" * 10) * 150  # 150 characters (x has no precomposed accent), 1650 code points
    assert grapheme_count(heaped) == 150
    error = refused("text", author=member, text=heaped)
    assert "151" not in error.fields["text"][0]


POOL = ["あ", "漢", "a", "👨‍👩‍👧", "🇯🇵", "👍🏽", "g\u0308", " ", "\n", "#"]


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(POOL), max_size=170))
def test_any_text_is_accepted_exactly_when_it_has_1_to_150_characters(member: Member, pieces: list[str]) -> None:
    """Property: the service accepts a text iff, trimmed, it has 1 to 150 characters; it stores it trimmed."""
    text = "".join(pieces)
    trimmed = text.strip()
    try:
        with transaction.atomic():
            created = post(member, text)
            assert created.text == trimmed
            transaction.set_rollback(True)
        accepted = True
    except Invalid as error:
        assert list(error.fields) == ["text"]
        accepted = False
    assert accepted == (1 <= grapheme_count(trimmed) <= 150)


# --- audiences ----------------------------------------------------------------------------------------


def test_the_audience_is_friends_unless_chosen(member: Member, friend: Member, other: Member) -> None:
    created = post(member)
    assert created.audience == "friends"
    assert visible(member, created) and visible(friend, created)
    assert not visible(other, created)
    assert not visible(AnonymousUser(), created)


@pytest.mark.parametrize(
    ("audience", "seen_by"),
    [
        ("public", {"member", "friend", "friend_of_friend", "other"}),
        ("members", {"member", "friend", "friend_of_friend", "other"}),
        ("friends_of_friends", {"member", "friend", "friend_of_friend"}),
        ("friends", {"member", "friend"}),
        ("only_me", {"member"}),
    ],
)
def test_each_audience_reaches_its_people(
    make_member: MakeMember, member: Member, friend: Member, other: Member, audience: str, seen_by: set[str]
) -> None:
    friend_of_friend = make_member()
    friendship_create(friend, friend_of_friend)
    created = post(member, audience=audience)
    people = {"member": member, "friend": friend, "friend_of_friend": friend_of_friend, "other": other}
    assert {name for name, person in people.items() if visible(person, created)} == seen_by


def test_public_posts_reach_anonymous_visitors_only_where_the_site_is_web_public(member: Member) -> None:
    created = post(member, audience="public")
    assert not visible(AnonymousUser(), created)
    site_settings_update(web_public_allowed=True)
    assert visible(AnonymousUser(), created)
    assert not visible(AnonymousUser(), post(member, audience="members"))


def test_a_friend_group_post_reaches_the_group_alone(make_member: MakeMember, member: Member, friend: Member) -> None:
    outside = make_member()
    friendship_create(member, outside)
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    created = post(member, audience="friend_group", friend_group=group.pk)
    assert created.friend_group_id == group.pk
    assert visible(friend, created) and visible(member, created)
    assert not visible(outside, created)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"audience": "everyone"}, "audience"),
        ({"audience": "community"}, "audience"),
        ({"audience": ""}, "audience"),
        ({"audience": 3}, "audience"),
        ({"audience": "friend_group"}, "friend_group"),
        ({"audience": "friend_group", "friend_group": "abc"}, "friend_group"),
        ({"audience": "friend_group", "friend_group": True}, "friend_group"),
        ({"audience": "friend_group", "friend_group": 10**20}, "friend_group"),
    ],
)
def test_bad_audiences_are_refused(member: Member, kwargs: dict[str, Any], field: str) -> None:
    refused(field, author=member, text="#花見 したい", **kwargs)


def test_another_members_friend_group_is_refused(member: Member, friend: Member) -> None:
    """Even a group one is in: groups are their owner's to share with."""
    group = friend_group_create(owner=friend, name="同僚", members=[member.pk])
    refused("friend_group", author=member, text="こんにちは", audience="friend_group", friend_group=group.pk)


# --- replies ------------------------------------------------------------------------------------------


def test_a_reply_answers_the_post_and_counts(member: Member, friend: Member) -> None:
    original = post(member, "花見に行こう", audience="members")
    reply = post(friend, "いいね！", in_reply_to=original.pk)
    assert (reply.in_reply_to_id, reply.root_author_id, reply.author_id) == (original.pk, member.pk, friend.pk)
    assert reply.audience == "members"
    original.refresh_from_db()
    assert original.reply_count == 1
    assert selectors.replies_for_viewer(viewer=member, post=original) == [reply]


def test_replying_to_a_reply_answers_its_post(member: Member, friend: Member) -> None:
    """One level, as mixi Voice: a reply to a reply is a reply to the post."""
    original = post(member)
    first = post(friend, "一つ目", in_reply_to=original.pk)
    second = post(member, "二つ目", in_reply_to=first.pk)
    assert second.in_reply_to_id == original.pk
    original.refresh_from_db()
    first.refresh_from_db()
    assert (original.reply_count, first.reply_count) == (2, 0)
    assert selectors.replies_for_viewer(viewer=friend, post=original) == [first, second]  # oldest first


def test_a_reply_takes_the_posts_audience_and_group(make_member: MakeMember, member: Member, friend: Member) -> None:
    outside = make_member()
    friendship_create(member, outside)
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    original = post(member, audience="friend_group", friend_group=group.pk)
    reply = post(friend, "了解", in_reply_to=original.pk)
    same = post(friend, "同じ範囲で", in_reply_to=original.pk, audience="friend_group", friend_group=str(group.pk))
    for created in (reply, same):
        assert (created.audience, created.friend_group_id) == ("friend_group", group.pk)
        assert visible(member, created) and visible(friend, created)
        assert not visible(outside, created)


@pytest.mark.parametrize("audience", ["public", "only_me", "friend_group"])
def test_a_reply_with_another_audience_is_refused(member: Member, friend: Member, audience: str) -> None:
    """Asking for a different audience is refused, not silently changed; nothing is written or counted."""
    original = post(member, audience="friends")
    refused("audience", author=friend, text="返信", in_reply_to=original.pk, audience=audience)
    original.refresh_from_db()
    assert original.reply_count == 0


def test_a_reply_with_another_friend_group_is_refused(member: Member, friend: Member) -> None:
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    original = post(member, audience="friend_group", friend_group=group.pk)
    other_group = friend_group_create(owner=member, name="同僚", members=[friend.pk])
    refused(
        "friend_group",
        author=friend,
        text="返信",
        in_reply_to=original.pk,
        audience="friend_group",
        friend_group=other_group.pk,
    )


@pytest.mark.parametrize("target", ["hidden", "missing", "garbage", "huge", "bool"])
def test_replying_to_a_post_one_cannot_see_is_not_found(member: Member, other: Member, target: str) -> None:
    hidden = post(member, audience="friends")
    in_reply_to = {"hidden": hidden.pk, "missing": 987654, "garbage": "abc", "huge": 10**20, "bool": True}[target]
    error = refused("in_reply_to", author=other, text="返信", in_reply_to=in_reply_to)
    assert isinstance(error, NotFound)


def test_a_blocked_member_cannot_reply(member: Member, friend: Member) -> None:
    original = post(member, audience="members")
    block_create(blocker=member, blocked_id=friend.pk)
    refused("in_reply_to", author=friend, text="返信", in_reply_to=original.pk)


def test_reply_count_goes_down_when_a_reply_is_deleted(member: Member, friend: Member) -> None:
    original = post(member)
    reply = post(friend, "返信", in_reply_to=original.pk)
    post(friend, "もう一つ", in_reply_to=original.pk)
    voice_post_delete(member=friend, post_id=reply.pk)
    original.refresh_from_db()
    assert original.reply_count == 1
    assert not VoicePost.objects.filter(pk=reply.pk).exists()


VIEWERS = ["post_author", "reply_author", "viewer", "anonymous"]


@hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    audience=st.sampled_from(["public", "members", "friends_of_friends", "friends", "friend_group"]),
    viewer_is_friend=st.booleans(),
    viewer_in_group=st.booleans(),
    post_author_blocks=st.booleans(),
    reply_author_blocks=st.booleans(),
    reply_author_closed=st.booleans(),
    web_public=st.booleans(),
    who=st.sampled_from(VIEWERS),
)
def test_a_reply_is_visible_iff_its_post_is_and_its_author_has_not_blocked_the_viewer(
    make_member: MakeMember,
    audience: str,
    viewer_is_friend: bool,
    viewer_in_group: bool,
    post_author_blocks: bool,
    reply_author_blocks: bool,
    reply_author_closed: bool,
    web_public: bool,
    who: str,
) -> None:
    """Property, for the co-author rule (`Shared.co_author`): selector, `can_view` and the rule agree."""
    cache.clear()  # site settings are cached; the previous example's were rolled back
    with transaction.atomic():
        author, replier, viewer = make_member(), make_member(), make_member()
        friendship_create(author, replier)
        if viewer_is_friend:
            friendship_create(author, viewer)
        group = friend_group_create(
            owner=author,
            name="仲良し",
            members=[replier.pk, *([viewer.pk] if viewer_is_friend and viewer_in_group else [])],
        )
        original = post(author, audience=audience, friend_group=group.pk if audience == "friend_group" else None)
        reply = post(replier, "返信", in_reply_to=original.pk)
        if post_author_blocks and who == "viewer":
            block_create(blocker=author, blocked_id=viewer.pk)
        if reply_author_blocks and who in ("viewer", "post_author"):
            block_create(blocker=replier, blocked_id=(viewer if who == "viewer" else author).pk)
        if reply_author_closed and who != "reply_author":  # a closed account cannot look
            close(replier)
        site_settings_update(web_public_allowed=web_public)
        looker: Any = {"post_author": author, "reply_author": replier, "viewer": viewer, "anonymous": AnonymousUser()}[
            who
        ]
        if who != "anonymous":
            looker = Member.objects.get(pk=looker.pk)
        replier.refresh_from_db()
        replier_blocks_looker = (
            who != "anonymous" and policy.blocker_ids(looker.pk).filter(blocker_id=replier.pk).exists()
        )
        replier_shown = who == "reply_author" or (replier.is_active and not replier_blocks_looker)
        expected = visible(looker, original) and replier_shown
        assert visible(looker, reply) == expected
        listed = selectors.replies_for_viewer(viewer=looker, post=original) if visible(looker, original) else []
        assert listed == ([reply] if expected else [])
        transaction.set_rollback(True)
    cache.clear()


# --- hashtags -----------------------------------------------------------------------------------------


def tags_of(created: VoicePost) -> list[str]:
    return list(created.tag_links.order_by("pk").values_list("hashtag__name", flat=True))


def test_hashtags_are_stored_normalised_once_each(member: Member) -> None:
    """＃ＡＢＣ and #abc are one row; kana, kanji, Latin and digits mix; digits alone are not a tag."""
    first = post(member, "＃ＡＢＣ と #abc と #Abc と ＃地震 #ベルを鳴らそう #東京2020 #2011 #ｶﾀｶﾅ", audience="members")
    assert tags_of(first) == ["abc", "地震", "ベルを鳴らそう", "東京2020", "カタカナ"]
    second = post(member, "#ABC ふたたび", audience="members")
    assert tags_of(second) == ["abc"]
    assert Hashtag.objects.filter(name="abc").count() == 1
    assert not Hashtag.objects.filter(name="2011").exists()
    assert set(VoiceHashtag.objects.values_list("audience", flat=True)) == {"members"}


def test_the_hashtag_page_is_exact(member: Member) -> None:
    """#abc does not find #abcd or #xabc (tags are rows, not a LIKE search)."""
    wanted = post(member, "#abc", audience="members")
    post(member, "#abcd", audience="members")
    post(member, "#xabc", audience="members")
    post(member, "abc と書いただけ", audience="members")
    assert selectors.hashtag_page(viewer=member, tag="abc").items == [wanted]


@pytest.mark.parametrize("asked", ["abc", "#abc", "＃abc", "ＡＢＣ", "#ABC", "＃Ａｂｃ"])
def test_the_hashtag_page_finds_the_tag_in_any_width_case_or_mark(member: Member, asked: str) -> None:
    wanted = post(member, "＃ＡＢＣ だよ", audience="members")
    assert selectors.hashtag_page(viewer=member, tag=asked).items == [wanted]


@pytest.mark.parametrize("asked", ["", "#", "＃＃", "a" * 51, "2011", "#２０１１"])
def test_a_tag_that_cannot_be_one_is_not_found(member: Member, asked: str) -> None:
    with pytest.raises(Http404):
        selectors.hashtag_page(viewer=member, tag=asked)


def test_the_hashtag_page_shows_each_viewer_what_they_may_see(
    make_member: MakeMember, member: Member, friend: Member, other: Member
) -> None:
    """Newest first, replies too, and only what the viewer may see."""
    public = post(member, "#花見 公開", audience="public")
    friends = post(member, "#花見 友人", audience="friends")
    mine = post(member, "#花見 自分", audience="only_me")
    reply = post(friend, "#花見 返信", in_reply_to=friends.pk)
    blocked = make_member()
    block_create(blocker=member, blocked_id=blocked.pk)

    def seen(viewer: Any) -> list[VoicePost]:
        return selectors.hashtag_page(viewer=viewer, tag="花見").items

    assert seen(member) == [reply, mine, friends, public]
    assert seen(friend) == [reply, friends, public]
    assert seen(other) == [public]
    assert seen(blocked) == []
    assert seen(AnonymousUser()) == []
    site_settings_update(web_public_allowed=True)
    assert seen(AnonymousUser()) == [public]


def test_the_hashtag_page_pages_with_a_cursor(member: Member) -> None:
    created = [post(member, f"#日記 {n}", audience="members") for n in range(5)]
    first = selectors.hashtag_page(viewer=member, tag="日記", limit=3)
    assert first.items == created[:1:-1]
    second = selectors.hashtag_page(viewer=member, tag="日記", cursor=first.next_cursor, limit=3)
    assert second.items == created[1::-1]
    assert second.next_cursor is None


# --- trending -----------------------------------------------------------------------------------------


def test_trending_counts_only_public_and_members_posts_inside_the_window(
    make_member: MakeMember, member: Member, friend: Member, other: Member
) -> None:
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    with freeze_time(timezone.now() - timedelta(hours=settings.VOICE_TRENDING_HOURS, minutes=1)):
        post(member, "#古い #花見", audience="public")
    post(member, "#花見", audience="public")
    post(other, "#花見 #桜", audience="members")
    counted_reply = post(friend, "#花見", in_reply_to=post(member, "元", audience="members").pk)
    for audience in ("friends", "friends_of_friends", "only_me"):
        post(member, "#内緒 #花見", audience=audience)
    post(member, "#内緒 #花見", audience="friend_group", friend_group=group.pk)
    deleted = post(other, "#花見 #消えた", audience="public")
    voice_post_delete(member=other, post_id=deleted.pk)
    closed = make_member()
    closed_post = post(closed, "#花見 #閉鎖", audience="public")
    post(other, "#花見 #閉鎖", in_reply_to=closed_post.pk)  # hidden with the closed account's post
    close(closed)
    assert counted_reply.audience == "members"
    assert selectors.trending(viewer=other) == [("花見", 3), ("桜", 1)]
    # The author of the private posts sees the same counts: counts never come from private posts.
    assert selectors.trending(viewer=member) == [("花見", 3), ("桜", 1)]


def test_trending_for_anonymous_visitors_counts_public_posts_where_the_site_is_web_public(member: Member) -> None:
    post(member, "#花見", audience="public")
    post(member, "#花見 #桜", audience="members")
    assert selectors.trending(viewer=AnonymousUser()) == []
    site_settings_update(web_public_allowed=True)
    assert selectors.trending(viewer=AnonymousUser()) == [("花見", 1)]


def test_trending_window_follows_the_setting(settings: Any, member: Member) -> None:
    with freeze_time(timezone.now() - timedelta(hours=30)):
        post(member, "#昨日", audience="public")
    settings.VOICE_TRENDING_HOURS = 24
    assert selectors.trending(viewer=member) == []
    settings.VOICE_TRENDING_HOURS = 48
    assert selectors.trending(viewer=member) == [("昨日", 1)]


def test_trending_is_most_used_first_and_limited(member: Member, other: Member) -> None:
    for n, tag in enumerate(["一", "二", "三"], start=1):
        for _ in range(n):
            post(member, f"#{tag}", audience="members")
    assert selectors.trending(viewer=other) == [("三", 3), ("二", 2), ("一", 1)]
    assert selectors.trending(viewer=other, limit=2) == [("三", 3), ("二", 2)]


# --- mentions and replies notify ----------------------------------------------------------------------


def notified(kind: str) -> set[tuple[int, int, int]]:
    """(recipient, actor, target) of the stored notifications of a kind about voice posts."""
    return set(
        Notification.objects.filter(kind=kind, target_kind=VOICE_KIND).values_list(
            "recipient_id", "actor_id", "target_id"
        )
    )


def test_a_mention_notifies_members_who_can_see_the_post(
    make_member: MakeMember, member: Member, friend: Member
) -> None:
    """Mentioned friends are told; a stranger who cannot see a friends-only post is not; nor is the author."""
    stranger = make_member(handle="stranger")
    friend_handle = friend.handle
    with committed():
        created = post(member, f"@{friend_handle} と ＠{stranger.handle.upper()} と @{member.handle} と @nobody_here")
    assert notified(NotificationKind.MENTION) == {(friend.pk, member.pk, created.pk)}
    with committed():
        public = post(member, f"@{stranger.handle} 見える？", audience="members")
    assert (stranger.pk, member.pk, public.pk) in notified(NotificationKind.MENTION)


def test_a_mention_does_not_notify_a_member_who_blocked_the_author(
    make_member: MakeMember, member: Member, other: Member
) -> None:
    block_create(blocker=other, blocked_id=member.pk)
    with committed():
        post(member, f"@{other.handle} こんにちは", audience="members")
    assert notified(NotificationKind.MENTION) == set()


def test_a_mention_does_not_notify_closed_accounts(member: Member, other: Member) -> None:
    close(other)
    with committed():
        post(member, f"@{other.handle} こんにちは", audience="members")
    assert notified(NotificationKind.MENTION) == set()


def test_a_reply_notifies_the_posts_author_once(member: Member, friend: Member) -> None:
    original = post(member)
    with committed():
        reply = post(friend, "返信です", in_reply_to=original.pk)
        own = post(member, "自分で返信", in_reply_to=original.pk)
    assert notified(NotificationKind.VOICE_REPLY) == {(member.pk, friend.pk, reply.pk)}
    assert own.pk not in {target for _r, _a, target in notified(NotificationKind.VOICE_REPLY)}
    from tsunagu.voice.services import voice_post_notify

    assert voice_post_notify(post_id=reply.pk) == 0  # a task run twice adds nothing


def test_a_reply_by_a_member_who_blocked_the_posts_author_notifies_nobody(member: Member, friend: Member) -> None:
    """The reply is hidden from the post's author (the replier blocked them), so they are not told of it."""
    original = post(member, audience="members")
    block_create(blocker=friend, blocked_id=member.pk)
    with committed():
        post(friend, "返信", in_reply_to=original.pk)
    assert notified(NotificationKind.VOICE_REPLY) == set()


# --- deleting -----------------------------------------------------------------------------------------


def test_the_author_deletes_a_post_with_its_replies(member: Member, friend: Member) -> None:
    original = post(member)
    post(friend, "返信", in_reply_to=original.pk)
    voice_post_delete(member=member, post_id=original.pk)
    assert not VoicePost.objects.exists()


def test_the_posts_author_deletes_a_reply_others_cannot(
    make_member: MakeMember, member: Member, friend: Member
) -> None:
    third = make_member()
    friendship_create(member, third)
    original = post(member, audience="members")
    reply = post(friend, "返信", in_reply_to=original.pk)
    for outsider, target in [(third, reply), (friend, original), (third, original)]:
        with pytest.raises(NotFound):
            voice_post_delete(member=outsider, post_id=target.pk)
    voice_post_delete(member=member, post_id=reply.pk)
    original.refresh_from_db()
    assert original.reply_count == 0


@pytest.mark.parametrize("post_id", [987654, "abc", 10**20, None])
def test_deleting_what_does_not_exist_is_not_found(member: Member, post_id: Any) -> None:
    with pytest.raises(NotFound):
        voice_post_delete(member=member, post_id=post_id)


def test_deleting_a_hidden_post_is_not_found(member: Member, other: Member) -> None:
    hidden = post(member, audience="only_me")
    with pytest.raises(NotFound):
        voice_post_delete(member=other, post_id=hidden.pk)
    assert VoicePost.objects.filter(pk=hidden.pk).exists()


def test_deleting_removes_the_post_everywhere(member: Member, friend: Member, other: Member) -> None:
    """Gone from the hashtag page, trending counts, the feed, reactions, notifications and the photo files."""
    with committed():
        original = post(member, f"#花見 @{friend.handle} 写真", audience="members", photo=png((80, 60)))
        reply = post(friend, "#花見 いいね", in_reply_to=original.pk)
    iine_add(member=friend, kind=VOICE_KIND, item_id=original.pk)
    iine_add(member=member, kind=VOICE_KIND, item_id=reply.pk)
    assert len(media_files()) == 2
    assert selectors.trending(viewer=other) == [("花見", 2)]
    assert [i.item for i in DatabaseTimeline().page(friend, cursor=None, limit=10).items] == [original]
    assert Notification.objects.filter(target_kind=VOICE_KIND).count() == 2  # the mention and the reply
    with committed():
        voice_post_delete(member=member, post_id=original.pk)
    assert selectors.hashtag_page(viewer=member, tag="花見").items == []
    assert selectors.trending(viewer=other) == []
    assert DatabaseTimeline().page(friend, cursor=None, limit=10).items == []
    assert not Reaction.objects.filter(kind=VOICE_KIND).exists()
    assert not Notification.objects.filter(target_kind=VOICE_KIND).exists()
    assert not VoiceHashtag.objects.exists()
    assert media_files() == []


def test_a_photo_is_kept_until_the_delete_commits(member: Member) -> None:
    """A delete that is rolled back keeps the file (files go only after the rows are gone for good)."""
    created = post(member, "写真", photo=png())
    with pytest.raises(RuntimeError), transaction.atomic():
        voice_post_delete(member=member, post_id=created.pk)
        raise RuntimeError
    assert VoicePost.objects.filter(pk=created.pk).exists()
    assert len(media_files()) == 2


def test_deleting_an_account_takes_its_voice_along(make_member: MakeMember, member: Member, friend: Member) -> None:
    """Its posts (with others' replies), its replies on others' posts (off their counts), their photo files,
    イイネ! and notifications go; others' posts stay with the right counts."""
    leaving = make_member()
    friendship_create(leaving, member)
    with committed():
        theirs = post(leaving, f"#花見 @{member.handle}", audience="members", photo=png())
        answered = post(member, "元のつぶやき", audience="members", photo=png())
        reply_to_them = post(member, "返信", in_reply_to=theirs.pk, photo=png())
        their_replies = [post(leaving, f"返信{n}", in_reply_to=answered.pk) for n in range(2)]
        kept_reply = post(friend, "残る返信", in_reply_to=answered.pk)
    iine_add(member=member, kind=VOICE_KIND, item_id=theirs.pk)
    iine_add(member=member, kind=VOICE_KIND, item_id=their_replies[0].pk)
    iine_add(member=leaving, kind=VOICE_KIND, item_id=answered.pk)
    answered.refresh_from_db()
    assert answered.reply_count == 3
    with committed():
        member_delete(member=leaving, password=PASSWORD)
    assert list(VoicePost.objects.order_by("pk")) == [answered, kept_reply]
    answered.refresh_from_db()
    assert answered.reply_count == 1
    assert not VoicePost.objects.filter(pk=reply_to_them.pk).exists()
    assert not Reaction.objects.exists()
    assert not Notification.objects.filter(target_kind=VOICE_KIND).exclude(target_id=kept_reply.pk).exists()
    assert sorted(media_files()) == sorted([answered.photo, answered.photo_thumbnail])
    assert selectors.trending(viewer=friend) == []


# --- photos and refusals leave nothing ----------------------------------------------------------------


def test_a_photo_is_stored_with_a_thumbnail(member: Member) -> None:
    created = post(member, "写真", photo=png((800, 600)))
    assert (created.photo_width, created.photo_height) == (800, 600)
    assert sorted(media_files()) == sorted([created.photo, created.photo_thumbnail])


@pytest.mark.parametrize("data", [b"GIF89a not really", b"%PDF-1.4", b"\x89PNG\r\n\x1a\n broken"])
def test_a_bad_photo_stores_nothing(member: Member, data: bytes) -> None:
    refused("photo", author=member, text="#写真 どう？", photo=data)
    assert media_files() == []


def test_bad_text_with_a_good_photo_stores_nothing(member: Member) -> None:
    refused("text", author=member, text="あ" * 151, photo=png())
    assert media_files() == []


def test_a_failure_after_the_photo_was_stored_removes_it(
    monkeypatch: pytest.MonkeyPatch, member: Member, friend: Member
) -> None:
    """A reply that fails half-way through its transaction leaves no row, no count and no file behind."""
    from tsunagu.voice import services

    original = post(member)
    real = services._tags_store

    def explode(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_tags_store", explode)
    with pytest.raises(RuntimeError):
        post(friend, "#写真 返信", in_reply_to=original.pk, photo=png())
    original.refresh_from_db()
    assert original.reply_count == 0
    assert VoicePost.objects.count() == 1
    assert not VoiceHashtag.objects.exists()
    assert media_files() == []
