"""The diary web pages: lists and the archive, an entry with its numbered comments, writing, editing, deleting,
「コメントした日記」, the generic イイネ! views, and the footprints the pages leave.

Hidden things are 404 (never 403), refused input changes nothing and says why in the member's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from tests.friends.test_pages import as_member, befriend, html
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.diary.services import diary_comment_create, diary_comment_delete, diary_entry_create
from tsunagu.footprints.models import Footprint
from tsunagu.friends.services import block_create, friend_group_create
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def ja(message: str) -> str:
    """The Japanese text of a message as it appears in a page's HTML, as a Japanese member sees it."""
    with translation.override("ja"):
        return escape(translation.gettext(message))


def en(message: str) -> str:
    with translation.override("en"):
        return escape(translation.gettext(message))


def write(author: Member, title: str = "今日の日記", audience: str = "friends", **kwargs: Any) -> DiaryEntry:
    kwargs.setdefault("body", "晴れ。")
    return diary_entry_create(author=author, title=title, audience=audience, **kwargs)


def write_at(author: Member, moment: datetime, title: str, audience: str = "friends") -> DiaryEntry:
    """An entry as if written at `moment` (the date is set after writing, as the service always uses now)."""
    entry = write(author, title, audience)
    DiaryEntry.objects.filter(pk=entry.pk).update(created_at=moment, updated_at=moment)
    entry.refresh_from_db()
    return entry


def entry_ids(page: str) -> list[int]:
    """The entries listed on a page, in order."""
    return [int(pk) for pk in re.findall(r'<li data-entry="(\d+)"', page)]


def comment_states(page: str) -> list[tuple[int, str]]:
    return [(int(n), state) for n, state in re.findall(r'data-number="(\d+)" data-state="(\w+)"', page)]


def footprints(owner: Member) -> list[tuple[int, str]]:
    return list(Footprint.objects.filter(owner=owner).order_by("pk").values_list("visitor_id", "page"))


@pytest.fixture
def friend(make_member: MakeMember, member: Member) -> Member:
    friend = make_member("田中友子")
    befriend(member, friend)
    return friend


@pytest.fixture
def stranger(make_member: MakeMember) -> Member:
    return make_member("知らない人")


# --- a member's diary ------------------------------------------------------------------------------------------


def test_diary_list_shows_each_viewer_what_they_may_see(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    """The author sees every entry, a friend also the friends-only ones, a stranger only those open to members;
    anonymous visitors get 404 unless the operator allows web-public content, then see public entries only."""
    public = write(member, "公開", "public")
    members = write(member, "メンバー", "members")
    friends = write(member, "友人", "friends")
    only_me = write(member, "自分", "only_me")
    path = f"/members/{member.pk}/diary/"
    assert entry_ids(html(as_member(member).get(path))) == [only_me.pk, friends.pk, members.pk, public.pk]
    assert entry_ids(html(as_member(friend).get(path))) == [friends.pk, members.pk, public.pk]
    assert entry_ids(html(as_member(stranger).get(path))) == [members.pk, public.pk]
    assert client.get(path).status_code == 404
    site_settings_update(web_public_allowed=True)
    assert entry_ids(html(client.get(path))) == [public.pk]


def test_diary_list_offers_writing_to_the_author_only(member: Member, friend: Member) -> None:
    write(member)
    path = f"/members/{member.pk}/diary/"
    assert 'data-action="write-diary"' in html(as_member(member).get(path))
    assert 'data-action="write-diary"' not in html(as_member(friend).get(path))


def test_diary_list_shows_the_audience_to_the_author_only(member: Member, friend: Member) -> None:
    write(member, audience="friends")
    path = f"/members/{member.pk}/diary/"
    assert 'data-audience="friends"' in html(as_member(member).get(path))
    assert "data-audience" not in html(as_member(friend).get(path))


def test_my_diary_redirects_to_my_list(member: Member, client: Client) -> None:
    """/diary/ is the signed-in member's own diary; anonymous visitors are sent to log in."""
    response = as_member(member).get("/diary/")
    assert response.status_code == 302
    assert response["Location"] == f"/members/{member.pk}/diary/"
    assert client.get("/diary/")["Location"].startswith("/login/")


def test_diary_list_pages_with_a_cursor(member: Member, friend: Member) -> None:
    """Twenty entries a page, newest first; the link to older entries carries a cursor; a bad cursor is a 400."""
    entries = [write(member, f"日記{i}") for i in range(23)]
    client = as_member(friend)
    first = html(client.get(f"/members/{member.pk}/diary/"))
    assert entry_ids(first) == [e.pk for e in reversed(entries)][:20]
    match = re.search(r'href="\?cursor=([^"]+)" data-link="older"', first)
    assert match
    second = html(client.get(f"/members/{member.pk}/diary/?cursor={match[1]}"))
    assert entry_ids(second) == [e.pk for e in reversed(entries)][20:]
    assert 'data-link="older"' not in second
    response = client.get(f"/members/{member.pk}/diary/?cursor=garbage!")
    assert response.status_code == 400
    assert ja("This page link is not valid. Start again from the first page.") in html(response)


def test_hidden_members_diary_is_404(member: Member, other: Member, make_member: MakeMember) -> None:
    """A member who blocked the viewer, a closed account and a member who does not exist: 404 for list and archive."""
    write(member, audience="members")
    block_create(blocker=member, blocked_id=other.pk)
    now = timezone.localtime()
    viewer = as_member(other)
    assert viewer.get(f"/members/{member.pk}/diary/").status_code == 404
    assert viewer.get(f"/members/{member.pk}/diary/{now.year}/{now.month:02d}/").status_code == 404
    assert viewer.get("/members/999999/diary/").status_code == 404
    third = make_member()
    assert as_member(third).get(f"/members/{member.pk}/diary/").status_code == 200
    Member.objects.filter(pk=member.pk).update(is_active=False)  # as closing the account does
    assert as_member(third).get(f"/members/{member.pk}/diary/").status_code == 404


def test_month_archive_lists_only_visible_entries_of_the_month(
    member: Member, friend: Member, stranger: Member
) -> None:
    """The archive shows one month, oldest first; the month list counts only what the viewer may see."""
    zone = timezone.get_current_timezone()
    march_1 = write_at(member, datetime(2025, 3, 1, 9, tzinfo=zone), "三月一日", "members")
    march_2 = write_at(member, datetime(2025, 3, 20, 9, tzinfo=zone), "三月二十日", "friends")
    april = write_at(member, datetime(2025, 4, 2, 9, tzinfo=zone), "四月", "friends")
    path = f"/members/{member.pk}/diary/2025/03/"
    page = html(as_member(friend).get(path))
    assert entry_ids(page) == [march_1.pk, march_2.pk]
    assert april.pk not in entry_ids(page)
    assert 'data-month="2025-04"' in page and 'data-month="2025-03"' in page
    strangers = html(as_member(stranger).get(path))
    assert entry_ids(strangers) == [march_1.pk]
    assert 'data-month="2025-04"' not in strangers  # no month with nothing they may read
    assert f'href="/members/{member.pk}/diary/2025/03/"' in html(as_member(friend).get(f"/members/{member.pk}/diary/"))


@pytest.mark.parametrize("month", ["2025/13", "2025/00", "0000/01", "99999/01"])
def test_impossible_months_are_404(member: Member, month: str) -> None:
    assert as_member(member).get(f"/members/{member.pk}/diary/{month}/").status_code == 404


# --- an entry ---------------------------------------------------------------------------------------------------


def test_entry_page_shows_the_entry(member: Member, friend: Member) -> None:
    """Title, sanitised body (links kept, markup escaped), the author's diary link; the audience for the author only."""
    entry = write(member, "京都へ", body="<b>楽しかった</b>\nhttps://example.com/kyoto", audience="friends")
    page = html(as_member(friend).get(f"/diary/{entry.pk}/"))
    assert "<h1>京都へ</h1>" in page
    assert "&lt;b&gt;楽しかった&lt;/b&gt;" in page and "<b>楽しかった</b>" not in page
    assert 'href="https://example.com/kyoto"' in page
    assert f'href="/members/{member.pk}/diary/" data-link="diary"' in page
    assert "data-audience" not in page
    own = html(as_member(member).get(f"/diary/{entry.pk}/"))
    assert 'data-audience="friends"' in own
    assert 'data-action="edit-entry"' in own and 'data-action="edit-entry"' not in page


def test_friend_group_entry_names_the_group_to_the_author_only(
    member: Member, friend: Member, stranger: Member
) -> None:
    group = friend_group_create(owner=member, name="仲良し", members=[friend.pk])
    entry = write(member, audience="friend_group", friend_group=group.pk)
    assert "仲良し" in html(as_member(member).get(f"/diary/{entry.pk}/"))
    page = html(as_member(friend).get(f"/diary/{entry.pk}/"))
    assert "今日の日記" in page and "仲良し" not in page
    assert as_member(stranger).get(f"/diary/{entry.pk}/").status_code == 404


def test_hidden_entries_are_404_never_403(member: Member, friend: Member, stranger: Member, client: Client) -> None:
    """Friends-only to a stranger and anonymous visitors, only-me to a friend, anything to a blocked member."""
    friends_only = write(member, audience="friends")
    only_me = write(member, audience="only_me")
    members = write(member, audience="members")
    assert as_member(stranger).get(f"/diary/{friends_only.pk}/").status_code == 404
    assert client.get(f"/diary/{friends_only.pk}/").status_code == 404
    assert as_member(friend).get(f"/diary/{only_me.pk}/").status_code == 404
    assert as_member(friend).get("/diary/99999999/").status_code == 404
    block_create(blocker=member, blocked_id=stranger.pk)
    assert as_member(stranger).get(f"/diary/{members.pk}/").status_code == 404


def test_previous_and_next_skip_entries_the_viewer_may_not_see(member: Member, friend: Member) -> None:
    first = write(member, "一")
    hidden = write(member, "秘密", "only_me")
    third = write(member, "三")
    page = html(as_member(friend).get(f"/diary/{third.pk}/"))
    assert f'href="/diary/{first.pk}/" data-link="previous"' in page
    assert 'data-link="next"' not in page
    page = html(as_member(friend).get(f"/diary/{first.pk}/"))
    assert f'href="/diary/{third.pk}/" data-link="next"' in page
    assert 'data-link="previous"' not in page
    own = html(as_member(member).get(f"/diary/{third.pk}/"))
    assert f'href="/diary/{hidden.pk}/" data-link="previous"' in own


# --- comments ----------------------------------------------------------------------------------------------------


def test_comments_are_numbered_and_deleted_or_hidden_ones_keep_their_number(
    member: Member, friend: Member, make_member: MakeMember
) -> None:
    """A deleted comment shows as deleted, one from a member who blocked the viewer as not shown, numbers unchanged."""
    blocker = make_member("ブロックする人")
    befriend(member, blocker)
    entry = write(member, audience="friends")
    first = diary_comment_create(author=friend, entry_id=entry.pk, body="一番目")
    diary_comment_create(author=blocker, entry_id=entry.pk, body="二番目")
    diary_comment_create(author=friend, entry_id=entry.pk, body="三番目")
    diary_comment_delete(member=friend, entry_id=entry.pk, comment_id=first.pk)
    block_create(blocker=blocker, blocked_id=friend.pk)
    page = html(as_member(friend).get(f"/diary/{entry.pk}/"))
    assert comment_states(page) == [(1, "deleted"), (2, "hidden"), (3, "shown")]
    assert ja("This comment was deleted.") in page
    assert ja("This comment is not shown.") in page
    assert "一番目" not in page and "二番目" not in page and "三番目" in page
    assert 'id="comment-3"' in page
    assert comment_states(html(as_member(member).get(f"/diary/{entry.pk}/"))) == [
        (1, "deleted"),
        (2, "shown"),
        (3, "shown"),
    ]


def test_posting_a_comment(member: Member, friend: Member, django_capture_on_commit_callbacks: Any) -> None:
    """A friend comments; they land on their numbered comment and it is shown; the author is notified."""
    entry = write(member)
    client = as_member(friend)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/diary/{entry.pk}/comments/", {"body": "いいね、京都！"})
    assert response.status_code == 302
    assert response["Location"] == f"/diary/{entry.pk}/#comment-1"
    page = html(client.get(response["Location"]))
    assert "いいね、京都！" in page
    assert ja("Your comment was posted.") in page
    assert member.notifications.filter(kind="diary_comment").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "This field is required."),
        ({"body": "   "}, "This field is required."),
        ({"body": "あ" * 2001}, None),
        ({}, "This field is required."),
    ],
)
def test_a_refused_comment_changes_nothing_and_says_why(
    member: Member, friend: Member, data: dict[str, str], message: str | None
) -> None:
    entry = write(member)
    response = as_member(friend).post(f"/diary/{entry.pk}/comments/", data)
    assert response.status_code == 400
    page = html(response)
    assert 'role="alert"' in page
    if message:
        assert ja(message) in page
    assert not DiaryComment.objects.exists()
    assert DiaryEntry.objects.get(pk=entry.pk).last_comment_number == 0


def test_the_comment_address_leads_to_the_comments(member: Member, friend: Member, stranger: Member) -> None:
    """After a refused comment the page's address is /comments/; opening it again shows the entry's comments."""
    entry = write(member)
    response = as_member(friend).get(f"/diary/{entry.pk}/comments/")
    assert response.status_code == 302 and response["Location"] == f"/diary/{entry.pk}/#comments"
    assert as_member(stranger).get(f"/diary/{entry.pk}/comments/").status_code == 404


def test_closed_comments_show_no_form_and_refuse_posts(member: Member, friend: Member) -> None:
    entry = write(member, comments_open=False)
    client = as_member(friend)
    page = html(client.get(f"/diary/{entry.pk}/"))
    assert 'data-form="comment"' not in page
    assert ja("Comments are closed for this entry.") in page
    response = client.post(f"/diary/{entry.pk}/comments/", {"body": "書けない"})
    assert response.status_code == 302
    assert ja("Comments are closed for this entry.") in html(client.get(response["Location"]))
    assert not DiaryComment.objects.exists()


def test_anonymous_visitors_cannot_comment(member: Member, client: Client) -> None:
    site_settings_update(web_public_allowed=True)
    entry = write(member, audience="public")
    page = html(client.get(f"/diary/{entry.pk}/"))
    assert 'data-form="comment"' not in page
    assert f"/login/?next=/diary/{entry.pk}/" in page
    response = client.post(f"/diary/{entry.pk}/comments/", {"body": "匿名"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not DiaryComment.objects.exists()


def test_comments_on_hidden_entries_are_404(member: Member, stranger: Member) -> None:
    entry = write(member, audience="friends")
    assert as_member(stranger).post(f"/diary/{entry.pk}/comments/", {"body": "こんにちは"}).status_code == 404
    assert not DiaryComment.objects.exists()


def test_who_may_delete_a_comment(member: Member, friend: Member, make_member: MakeMember) -> None:
    """The comment's author and the entry's author see a delete button and may delete; another commenter may not."""
    third = make_member("第三者")
    befriend(member, third)
    entry = write(member)
    by_friend = diary_comment_create(author=friend, entry_id=entry.pk, body="友人のコメント")
    by_third = diary_comment_create(author=third, entry_id=entry.pk, body="第三者のコメント")
    delete_of = f'action="/diary/{entry.pk}/comments/{{}}/delete/"'

    third_page = html(as_member(third).get(f"/diary/{entry.pk}/"))
    assert delete_of.format(by_third.pk) in third_page
    assert delete_of.format(by_friend.pk) not in third_page
    author_page = html(as_member(member).get(f"/diary/{entry.pk}/"))
    assert delete_of.format(by_third.pk) in author_page and delete_of.format(by_friend.pk) in author_page

    client = as_member(third)
    response = client.post(f"/diary/{entry.pk}/comments/{by_friend.pk}/delete/")
    assert response.status_code == 302
    assert ja("Only the comment's author and the entry's author can delete it.") in html(
        client.get(response["Location"])
    )
    assert not DiaryComment.objects.get(pk=by_friend.pk).is_deleted

    assert as_member(friend).post(f"/diary/{entry.pk}/comments/{by_friend.pk}/delete/").status_code == 302
    assert as_member(member).post(f"/diary/{entry.pk}/comments/{by_third.pk}/delete/").status_code == 302
    assert all(c.is_deleted for c in DiaryComment.objects.all())
    # Deleting again, or a comment through another entry, is a 404.
    assert as_member(member).post(f"/diary/{entry.pk}/comments/{by_third.pk}/delete/").status_code == 404
    other_entry = write(member, "別の日記")
    assert as_member(member).post(f"/diary/{other_entry.pk}/comments/{by_third.pk}/delete/").status_code == 404


def test_comment_delete_needs_post(member: Member, friend: Member) -> None:
    entry = write(member)
    comment = diary_comment_create(author=friend, entry_id=entry.pk, body="消さないで")
    assert as_member(friend).get(f"/diary/{entry.pk}/comments/{comment.pk}/delete/").status_code == 405
    assert not DiaryComment.objects.get(pk=comment.pk).is_deleted


# --- writing, editing, deleting ---------------------------------------------------------------------------------


def test_write_an_entry(member: Member) -> None:
    client = as_member(member)
    page = html(client.get("/diary/new/"))
    assert 'name="title"' in page and 'name="audience"' in page and 'name="comments_open"' in page
    assert 'name="photo1"' in page and 'name="photo3"' in page and 'name="photo4"' not in page
    response = client.post(
        "/diary/new/", {"title": "初日記", "body": "はじめまして。", "audience": "members", "comments_open": "on"}
    )
    entry = DiaryEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/diary/{entry.pk}/"
    assert (entry.author_id, entry.title, entry.audience, entry.comments_open) == (
        member.pk,
        "初日記",
        "members",
        True,
    )
    assert ja("Your diary entry was posted.") in html(client.get(response["Location"]))


def test_write_for_a_friend_group_with_comments_closed(member: Member, friend: Member) -> None:
    group = friend_group_create(owner=member, name="家族", members=[friend.pk])
    client = as_member(member)
    assert f'value="group:{group.pk}"' in html(client.get("/diary/new/"))
    response = client.post("/diary/new/", {"title": "家族へ", "body": "元気です", "audience": f"group:{group.pk}"})
    assert response.status_code == 302
    entry = DiaryEntry.objects.get()
    assert (entry.audience, entry.friend_group_id, entry.comments_open) == ("friend_group", group.pk, False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "本文", "audience": "friends"}, "This field is required."),
        ({"title": "題", "body": "", "audience": "friends"}, "This field is required."),
        ({"title": "題", "body": "\n\n", "audience": "friends"}, "This field is required."),
        ({"title": "題" * 101, "body": "本文", "audience": "friends"}, None),
        ({"title": "題", "body": "本文", "audience": "everyone"}, None),
        ({"title": "題", "body": "本文", "audience": "group:999999"}, None),
        ({"title": "題", "body": "本文", "audience": "community"}, None),
        ({"title": "題", "body": "本文"}, "This field is required."),
    ],
)
def test_a_refused_entry_is_not_written_and_the_form_says_why(
    member: Member, data: dict[str, str], message: str | None
) -> None:
    response = as_member(member).post("/diary/new/", data)
    assert response.status_code == 400
    page = html(response)
    assert 'class="error"' in page or 'class="errors"' in page
    if message:
        assert ja(message) in page
    assert not DiaryEntry.objects.exists()


def test_someone_elses_friend_group_is_refused(member: Member, other: Member) -> None:
    group = friend_group_create(owner=other, name="他人のグループ")
    response = as_member(member).post("/diary/new/", {"title": "題", "body": "本文", "audience": f"group:{group.pk}"})
    assert response.status_code == 400
    assert not DiaryEntry.objects.exists()


def test_writing_needs_sign_in(client: Client) -> None:
    assert client.get("/diary/new/")["Location"].startswith("/login/")
    assert client.post("/diary/new/", {"title": "題", "body": "本文", "audience": "friends"}).status_code == 302
    assert not DiaryEntry.objects.exists()


def test_edit_an_entry(member: Member, friend: Member) -> None:
    entry = write(member, "前の題", audience="friends")
    client = as_member(member)
    page = html(client.get(f"/diary/{entry.pk}/edit/"))
    assert 'value="前の題"' in page
    response = client.post(
        f"/diary/{entry.pk}/edit/", {"title": "新しい題", "body": "書き直した", "audience": "only_me"}
    )
    assert response.status_code == 302 and response["Location"] == f"/diary/{entry.pk}/"
    entry.refresh_from_db()
    assert (entry.title, entry.body, entry.audience, entry.comments_open) == (
        "新しい題",
        "書き直した",
        "only_me",
        False,
    )
    assert as_member(friend).get(f"/diary/{entry.pk}/").status_code == 404


def test_a_refused_edit_changes_nothing(member: Member) -> None:
    entry = write(member, "そのまま", audience="friends")
    response = as_member(member).post(f"/diary/{entry.pk}/edit/", {"title": "", "body": "変更", "audience": "members"})
    assert response.status_code == 400
    entry.refresh_from_db()
    assert (entry.title, entry.body, entry.audience) == ("そのまま", "晴れ。", "friends")


def test_only_the_author_may_edit_or_delete(member: Member, friend: Member) -> None:
    """Everyone else gets 404, even friends who can read the entry."""
    entry = write(member)
    client = as_member(friend)
    for path in (f"/diary/{entry.pk}/edit/", f"/diary/{entry.pk}/delete/"):
        assert client.get(path).status_code == 404
        assert client.post(path, {"title": "乗っ取り", "body": "x", "audience": "members"}).status_code == 404
    entry.refresh_from_db()
    assert entry.title == "今日の日記"


def test_delete_an_entry_after_confirming(member: Member, friend: Member) -> None:
    entry = write(member)
    diary_comment_create(author=friend, entry_id=entry.pk, body="コメント")
    client = as_member(member)
    page = html(client.get(f"/diary/{entry.pk}/delete/"))
    assert 'data-action="confirm-delete-entry"' in page
    assert DiaryEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(f"/diary/{entry.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/members/{member.pk}/diary/"
    assert not DiaryEntry.objects.exists() and not DiaryComment.objects.exists()
    assert ja("The diary entry was deleted.") in html(client.get(response["Location"]))


def test_pages_follow_the_members_language(make_member: MakeMember) -> None:
    """An English-speaking member gets the write page and its errors in English."""
    english = make_member(language="en")
    client = as_member(english)
    assert en("Write a diary entry") in html(client.get("/diary/new/"))
    page = html(client.post("/diary/new/", {"title": "", "body": "", "audience": "friends"}))
    assert "This field is required." in page


# --- コメントした日記 --------------------------------------------------------------------------------------------------


def test_commented_lists_entries_with_new_comments_until_read(member: Member, friend: Member) -> None:
    entry = write(member)
    quiet = write(member, "静かな日記")
    diary_comment_create(author=friend, entry_id=entry.pk, body="最初")
    diary_comment_create(author=friend, entry_id=quiet.pk, body="ひとこと")
    diary_comment_create(author=member, entry_id=entry.pk, body="返事1")
    diary_comment_create(author=member, entry_id=entry.pk, body="返事2")
    client = as_member(friend)
    page = html(client.get("/diary/commented/"))
    assert entry_ids(page) == [entry.pk, quiet.pk]
    assert f'data-entry="{entry.pk}" data-unread="2"' in page
    assert f'data-entry="{quiet.pk}" data-unread="0"' in page
    assert f'href="/diary/{entry.pk}/#comment-2"' in page  # straight to the first new comment
    client.get(f"/diary/{entry.pk}/")
    assert f'data-entry="{entry.pk}" data-unread="0"' in html(client.get("/diary/commented/"))


def test_commented_leaves_out_entries_no_longer_visible(member: Member, friend: Member) -> None:
    entry = write(member)
    diary_comment_create(author=friend, entry_id=entry.pk, body="コメント")
    block_create(blocker=member, blocked_id=friend.pk)
    assert entry_ids(html(as_member(friend).get("/diary/commented/"))) == []


def test_commented_needs_sign_in(client: Client) -> None:
    assert client.get("/diary/commented/")["Location"].startswith("/login/")


# --- footprints -----------------------------------------------------------------------------------------------------


def test_list_archive_and_entry_leave_footprints(member: Member, friend: Member, stranger: Member) -> None:
    entry = write(member, audience="members")
    now = timezone.localtime()
    as_member(friend).get(f"/members/{member.pk}/diary/")
    as_member(stranger).get(f"/members/{member.pk}/diary/{now.year}/{now.month:02d}/")
    assert footprints(member) == [(friend.pk, "diary_list"), (stranger.pk, "diary_list")]
    Footprint.objects.all().delete()
    cache.clear()  # forget the repeat visits
    as_member(friend).get(f"/diary/{entry.pk}/")
    assert footprints(member) == [(friend.pk, "diary_entry")]


def test_no_footprints_on_own_pages_404s_or_for_blocked_visitors(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    entry = write(member, audience="friends")
    own = as_member(member)
    own.get(f"/members/{member.pk}/diary/")
    own.get(f"/diary/{entry.pk}/")
    assert as_member(stranger).get(f"/diary/{entry.pk}/").status_code == 404
    assert client.get(f"/members/{member.pk}/diary/").status_code == 404
    block_create(blocker=member, blocked_id=friend.pk)
    assert as_member(friend).get(f"/members/{member.pk}/diary/").status_code == 404
    assert footprints(member) == []


def test_refused_comment_leaves_no_footprint(member: Member, friend: Member) -> None:
    """Re-showing the entry with the comment form's errors is not a visit."""
    entry = write(member)
    assert as_member(friend).post(f"/diary/{entry.pk}/comments/", {"body": ""}).status_code == 400
    assert footprints(member) == []


# --- イイネ! -------------------------------------------------------------------------------------------------------------


def test_iine_without_javascript_goes_back_to_the_button(member: Member, friend: Member) -> None:
    entry = write(member)
    client = as_member(friend)
    page = html(client.get(f"/diary/{entry.pk}/"))
    assert f'action="/iine/diary_entry/{entry.pk}/"' in page
    response = client.post(f"/iine/diary_entry/{entry.pk}/", {"next": f"/diary/{entry.pk}/"})
    assert response.status_code == 302
    assert response["Location"] == f"/diary/{entry.pk}/#iine-diary_entry-{entry.pk}"
    assert Reaction.objects.filter(kind="diary_entry", item_id=entry.pk, member=friend).exists()
    page = html(client.get(f"/diary/{entry.pk}/"))
    assert f'data-iine="diary_entry:{entry.pk}" data-iine-count="1" data-iine-given' in page
    assert f'action="/iine/diary_entry/{entry.pk}/withdraw/"' in page
    # Twice is once.
    client.post(f"/iine/diary_entry/{entry.pk}/", {"next": f"/diary/{entry.pk}/"})
    assert Reaction.objects.count() == 1
    client.post(f"/iine/diary_entry/{entry.pk}/withdraw/", {"next": f"/diary/{entry.pk}/"})
    assert not Reaction.objects.exists()


def test_iine_with_htmx_answers_the_button(member: Member, friend: Member) -> None:
    entry = write(member)
    comment = diary_comment_create(author=member, entry_id=entry.pk, body="ありがとう")
    client = as_member(friend)
    response = client.post(
        f"/iine/diary_comment/{comment.pk}/", {"next": f"/diary/{entry.pk}/"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    partial = html(response)
    assert partial.lstrip().startswith(f'<div class="iine is-given" id="iine-diary_comment-{comment.pk}"')
    assert 'data-iine-count="1"' in partial and "<html" not in partial
    assert f'action="/iine/diary_comment/{comment.pk}/withdraw/"' in partial
    assert 'name="next" value="/diary/' in partial
    response = client.post(
        f"/iine/diary_comment/{comment.pk}/withdraw/", {"next": f"/diary/{entry.pk}/"}, headers={"HX-Request": "true"}
    )
    assert 'data-iine-count="0"' in html(response) and "data-iine-given" not in html(response)


def test_iine_refuses_unsafe_next(member: Member, friend: Member) -> None:
    entry = write(member)
    response = as_member(friend).post(f"/iine/diary_entry/{entry.pk}/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == f"/iine/diary_entry/{entry.pk}/members/"


def test_iine_on_hidden_unknown_or_deleted_items_is_404(
    member: Member, friend: Member, stranger: Member, make_member: MakeMember
) -> None:
    entry = write(member, audience="friends")
    comment = diary_comment_create(author=friend, entry_id=entry.pk, body="消える")
    diary_comment_delete(member=friend, entry_id=entry.pk, comment_id=comment.pk)
    assert as_member(stranger).post(f"/iine/diary_entry/{entry.pk}/").status_code == 404
    assert as_member(stranger).get(f"/iine/diary_entry/{entry.pk}/members/").status_code == 404
    assert as_member(friend).post(f"/iine/diary_comment/{comment.pk}/").status_code == 404
    commenter = make_member("コメントした人")
    befriend(member, commenter)
    hidden = diary_comment_create(author=commenter, entry_id=entry.pk, body="見せない")
    block_create(blocker=commenter, blocked_id=friend.pk)  # the entry stays visible to friend, the comment not
    assert as_member(friend).get(f"/diary/{entry.pk}/").status_code == 200
    assert as_member(friend).post(f"/iine/diary_comment/{hidden.pk}/").status_code == 404
    assert as_member(friend).get(f"/iine/diary_comment/{hidden.pk}/members/").status_code == 404
    assert as_member(friend).post(f"/iine/voice_post/{entry.pk}/").status_code == 404
    assert as_member(friend).get(f"/iine/nothing/{entry.pk}/members/").status_code == 404
    assert as_member(friend).post("/iine/diary_entry/99999999999999999999/").status_code == 404
    assert not Reaction.objects.exists()


def test_iine_needs_sign_in_and_post(member: Member, friend: Member, client: Client) -> None:
    site_settings_update(web_public_allowed=True)
    entry = write(member, audience="public")
    page = html(client.get(f"/diary/{entry.pk}/"))
    assert 'data-action="iine"' not in page
    assert client.post(f"/iine/diary_entry/{entry.pk}/")["Location"].startswith("/login/")
    assert as_member(friend).get(f"/iine/diary_entry/{entry.pk}/").status_code == 405
    assert not Reaction.objects.exists()


def test_reactors_list_shows_who_said_iine(member: Member, friend: Member, make_member: MakeMember) -> None:
    """Newest first, linked to their profiles; a reactor who blocked the viewer is left out."""
    blocker = make_member("ブロックする人")
    befriend(member, blocker)
    entry = write(member)
    iine_add(member=friend, kind="diary_entry", item_id=entry.pk)
    iine_add(member=blocker, kind="diary_entry", item_id=entry.pk)
    page = html(as_member(member).get(f"/iine/diary_entry/{entry.pk}/members/?next=/diary/{entry.pk}/"))
    assert [int(pk) for pk in re.findall(r'<li data-member="(\d+)"', page)] == [blocker.pk, friend.pk]
    assert f'href="/diary/{entry.pk}/" data-link="back"' in page
    block_create(blocker=blocker, blocked_id=friend.pk)
    page = html(as_member(friend).get(f"/iine/diary_entry/{entry.pk}/members/?next=https://evil.example/"))
    assert [int(pk) for pk in re.findall(r'<li data-member="(\d+)"', page)] == [friend.pk]
    assert 'data-link="back"' not in page
    # The entry page links the count to this list.
    assert f'href="/iine/diary_entry/{entry.pk}/members/?next=' in html(as_member(member).get(f"/diary/{entry.pk}/"))


# --- around the site ---------------------------------------------------------------------------------------------------


def test_nav_home_and_profile_link_to_the_diary(member: Member, friend: Member) -> None:
    write(member, "最新の日記")
    client = as_member(friend)
    assert 'href="/diary/" data-nav="diary"' in html(client.get("/"))
    home = html(client.get("/"))
    assert 'href="/diary/new/"' in home and 'href="/diary/commented/"' in home
    profile = html(client.get(f"/members/{member.pk}/"))
    assert f'href="/members/{member.pk}/diary/" data-link="diary"' in profile
    assert f'hx-get="/members/{member.pk}/diary/latest/"' in profile
    latest = html(client.get(f"/members/{member.pk}/diary/latest/"))
    assert "最新の日記" in latest and "<html" not in latest


def test_latest_on_the_profile_shows_only_visible_entries_and_leaves_no_footprint(
    member: Member, friend: Member, stranger: Member
) -> None:
    write(member, "友人だけ", "friends")
    write(member, "みんな", "members")
    page = html(as_member(stranger).get(f"/members/{member.pk}/diary/latest/"))
    assert "みんな" in page and "友人だけ" not in page
    assert footprints(member) == []
    block_create(blocker=member, blocked_id=stranger.pk)
    assert as_member(stranger).get(f"/members/{member.pk}/diary/latest/").status_code == 404


def test_anonymous_visitors_read_a_public_entry_without_buttons(member: Member, client: Client) -> None:
    """With web-public content allowed, an anonymous visitor reads a public entry with no edit, delete or イイネ!."""
    site_settings_update(web_public_allowed=True)
    entry = write(member, audience="public")
    diary_comment_create(author=member, entry_id=entry.pk, body="自分でコメント")
    response = client.get(f"/diary/{entry.pk}/")
    assert response.status_code == 200
    page = html(response)
    assert "自分でコメント" in page
    for action in ("edit-entry", "delete-entry", "delete-comment", "iine", "post-comment"):
        assert f'data-action="{action}"' not in page
    assert not Footprint.objects.exists()
