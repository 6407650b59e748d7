"""The notification pages: the list (unread highlighted, grouped イイネ!, links that mark read), mark all as
read, the settings page, and the unread badge in the navigation."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.friends.test_pages import as_member, html
from tests.notifications.helpers import World, stored, unread
from tsunagu.accounts.models import Member
from tsunagu.friends.services import block_create
from tsunagu.notifications.models import NotificationKind
from tsunagu.notifications.selectors import badge, notification_settings

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


def nav_badge(page: str) -> str | None:
    found = re.search(r'data-unread-notifications="([^"]+)"', page)
    return found.group(1) if found else None


def test_the_list_shows_each_notification_with_unread_ones_marked(
    member: Member, make_member: MakeMember, world: World
) -> None:
    a, b = make_member("あき"), make_member("ぶん")
    entry = world.entry(member, "members", title="花見")
    world.comment(a, entry, "きれい")
    world.iine(a, "diary_entry", entry.pk)
    world.iine(b, "diary_entry", entry.pk)
    iine, comment = stored(member)
    page = html(as_member(member).get("/notifications/"))
    assert "ぶんさん他1人があなたの日記「花見」にイイネ!しました" in page
    assert "あきさんが日記「花見」にコメントしました" in page
    assert "きれい" in page
    assert f'href="/notifications/{iine.pk}/"' in page and f'href="/notifications/{comment.pk}/"' in page
    assert page.count('data-read="false"') == 2 and page.count('class="has-unread"') == 2
    assert nav_badge(page) == "2"


def test_opening_marks_read_and_goes_to_the_target(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    comment = world.comment(other, entry)
    [row] = stored(member)
    client = as_member(member)
    response = client.get(f"/notifications/{row.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/diary/{entry.pk}/#comment-{comment.number}"
    assert unread(member) == 0
    page = html(client.get("/notifications/"))
    assert 'data-read="true"' in page and nav_badge(page) is None
    assert as_member(other).get(f"/notifications/{row.pk}/").status_code == 404, "not theirs"


def test_a_hidden_notification_is_not_listed_and_cannot_be_opened(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    world.comment(other, entry, "ひみつ")
    [row] = stored(member)
    block_create(blocker=other, blocked_id=member.pk)
    client = as_member(member)
    page = html(client.get("/notifications/"))
    assert "ひみつ" not in page and other.nickname not in page and 'data-empty="notifications"' in page
    assert client.get(f"/notifications/{row.pk}/").status_code == 404


def test_mark_all_as_read(member: Member, other: Member, world: World) -> None:
    entry = world.entry(member, "members")
    world.comment(other, entry)
    world.comment(other, entry, "二")
    client = as_member(member)
    assert client.get("/notifications/read/").status_code == 405
    response = client.post("/notifications/read/", follow=True)
    assert response.redirect_chain == [("/notifications/", 302)]
    assert unread(member) == 0 and 'data-read="false"' not in html(response)


def test_older_pages_by_cursor_and_a_bad_cursor(member: Member, make_member: MakeMember, world: World) -> None:
    entry = world.entry(member, "members")
    commenter = make_member()
    for index in range(23):
        world.comment(commenter, entry, f"コメント{index}")
    client = as_member(member)
    first = html(client.get("/notifications/"))
    assert first.count("data-notification=") == 20
    cursor = re.search(r'rel="next" href="\?cursor=([^"]+)"', first)
    assert cursor is not None
    older = html(client.get(f"/notifications/?cursor={cursor.group(1)}"))
    assert older.count("data-notification=") == 3 and 'rel="next"' not in older
    assert "コメント0" in older and "コメント0" not in first
    assert client.get("/notifications/?cursor=bad!").status_code == 400


def test_the_badge_counts_up_to_99_and_then_says_99_plus(
    member: Member, other: Member, world: World, client: Client
) -> None:
    assert badge(0) == "" and badge(99) == "99" and badge(100) == "99+"
    entry = world.entry(member, "members")
    for index in range(100):
        world.comment(other, entry, f"{index}")
    page = html(as_member(member).get("/notifications/"))
    assert nav_badge(page) == "99+"
    assert unread(member) == 100


def test_signed_out_visitors_are_sent_to_log_in(client: Client) -> None:
    for path in ("/notifications/", "/notifications/1/", "/notifications/settings/"):
        response = client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_settings_page_turns_kinds_and_the_digest_on_and_off(member: Member) -> None:
    client = as_member(member)
    assert 'href="/notifications/settings/"' in html(client.get("/settings/"))
    page = html(client.get("/notifications/settings/"))
    kinds = len(NotificationKind.values)
    assert page.count('name="kinds"') == kinds and page.count("checked") == kinds
    assert "イイネ!" in page and "マイミクの誕生日" in page
    kinds_on = [kind for kind in NotificationKind.values if kind not in ("iine", "birthday")]
    response = client.post("/notifications/settings/", {"kinds": kinds_on, "digest": "on"})
    assert response.status_code == 302
    current = notification_settings(member=member)
    assert current.muted == {"iine", "birthday"} and current.digest is True
    page = html(client.get("/notifications/settings/"))
    assert page.count("checked") == len(kinds_on) + 1  # and the digest
    client.post("/notifications/settings/", {"kinds": [*kinds_on, "iine", "birthday"]})
    current = notification_settings(member=member)
    assert current.muted == frozenset() and current.digest is False
