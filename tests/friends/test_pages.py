"""The friends pages: requests from the profile, the confirmation page, friend lists, removing, blocks, intros."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from tsunagu.accounts.models import Member
from tsunagu.friends import services
from tsunagu.friends.models import Block, FriendIntro, FriendRequest, Friendship
from tsunagu.profiles.services import profile_update


def ja(message: str) -> str:
    """The Japanese text of a message, as a Japanese member sees it."""
    with translation.override("ja"):
        return translation.gettext(message)


def as_member(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def befriend(a: Member, b: Member) -> None:
    """Make a and b friends the way members do: a asks, b accepts."""
    request = services.friend_request_send(sender=a, recipient_id=b.pk)
    services.friend_request_accept(recipient=b, request_id=request.pk)


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def fragment(page: str, start: str) -> str:
    """The HTML element that opens with `start` up to its closing tag, with the per-render CSRF tokens removed."""
    begin = page.index(start)
    tag = re.match(r"<(\w+)", start)
    assert tag
    name = tag[1]
    depth, position = 0, begin
    for match in re.compile(rf"<(/?){name}\b").finditer(page, begin):
        depth += -1 if match[1] else 1
        if depth == 0:
            position = page.index(">", match.end()) + 1
            break
    return without_tokens(page[begin:position])


def without_tokens(page: str) -> str:
    """The page without its CSRF tokens, which are masked differently on every render."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)


def relationship(page: str) -> str:
    match = re.search(r'data-relationship="([\w-]+)"', page)
    assert match, "no relationship section"
    return match[1]


# --- sending and answering requests ---------------------------------------------------------------


def test_stranger_profile_offers_a_friend_request_with_a_message(member: Member, other: Member) -> None:
    """A member who is neither friend nor asked sees the request form on the profile; sending it shows it as sent."""
    client = as_member(member)
    page = html(client.get(f"/members/{other.pk}/"))
    assert relationship(page) == "none"
    assert f'action="/members/{other.pk}/friend-request/"' in page
    assert 'name="message"' in page

    response = client.post(f"/members/{other.pk}/friend-request/", {"message": "高校で同じクラスだった佐藤です"})
    assert response.status_code == 302
    assert response["Location"] == f"/members/{other.pk}/"
    sent = FriendRequest.objects.get(sender=member, recipient=other)
    assert sent.message == "高校で同じクラスだった佐藤です"
    page = html(client.get(f"/members/{other.pk}/"))
    assert relationship(page) == "request-sent"
    assert f'action="/friend-requests/{sent.pk}/cancel/"' in page


def test_separate_request_page_and_refusals_shown_on_the_form(member: Member, other: Member) -> None:
    """/members/<id>/friend-request/ is a page of its own; a duplicate is refused with the service's message."""
    client = as_member(member)
    assert client.get(f"/members/{other.pk}/friend-request/").status_code == 200
    assert client.post(f"/members/{other.pk}/friend-request/", {"message": ""}).status_code == 302
    response = client.post(f"/members/{other.pk}/friend-request/", {"message": "again"})
    assert response.status_code == 400
    assert ja("You have already sent a friend request to this member.") in html(response).replace("&#x27;", "'")
    assert FriendRequest.objects.filter(sender=member, recipient=other).count() == 1


def test_request_to_oneself_is_refused(member: Member) -> None:
    client = as_member(member)
    response = client.post(f"/members/{member.pk}/friend-request/", {"message": ""})
    assert response.status_code == 400
    assert not FriendRequest.objects.exists()


def test_recipient_sees_request_on_confirm_page_and_accepts(member: Member, other: Member) -> None:
    """The request with its message waits on /confirm/ (and in the nav badge); accepting makes both friends."""
    services.friend_request_send(sender=member, recipient_id=other.pk, message="よろしく！<b>")
    client = as_member(other)
    page = html(client.get("/confirm/"))
    assert 'data-section="friend_requests"' in page
    assert "よろしく！&lt;b&gt;" in page
    assert 'data-pending-count="1"' in page
    request = FriendRequest.objects.get()
    response = client.post(f"/friend-requests/{request.pk}/accept/")
    assert response.status_code == 302
    assert response["Location"] == "/confirm/"
    assert Friendship.objects.filter(member=member, friend=other).exists()
    assert Friendship.objects.filter(member=other, friend=member).exists()
    page = html(client.get("/confirm/"))
    assert "data-pending-count" not in page
    assert 'data-empty="confirm"' in page
    for viewer, friend in ((member, other), (other, member)):
        mine = html(as_member(viewer).get("/friends/"))
        assert f'data-member="{friend.pk}"' in mine
        assert relationship(html(as_member(viewer).get(f"/members/{friend.pk}/"))) == "friend"


def test_accept_and_decline_from_the_profile_return_to_it(member: Member, other: Member) -> None:
    """The profile of someone who asked you shows accept / decline, and the answer brings you back to it."""
    request = services.friend_request_send(sender=member, recipient_id=other.pk, message="やあ")
    client = as_member(other)
    page = html(client.get(f"/members/{member.pk}/"))
    assert relationship(page) == "request-received"
    assert "やあ" in page
    response = client.post(f"/friend-requests/{request.pk}/decline/", {"next": f"/members/{member.pk}/"})
    assert response["Location"] == f"/members/{member.pk}/"
    assert relationship(html(client.get(f"/members/{member.pk}/"))) == "none"


def test_answer_goes_nowhere_but_this_site(member: Member, other: Member) -> None:
    request = services.friend_request_send(sender=member, recipient_id=other.pk)
    response = as_member(other).post(f"/friend-requests/{request.pk}/accept/", {"next": "https://evil.example/"})
    assert response["Location"] == "/confirm/"


def test_nobody_else_can_answer_or_cancel_a_request(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """Answering a request sent to someone else, or cancelling someone else's, is 404 and changes nothing."""
    stranger = make_member("第三者")
    request = services.friend_request_send(sender=member, recipient_id=other.pk)
    client = as_member(stranger)
    for action in ("accept", "decline", "cancel"):
        assert client.post(f"/friend-requests/{request.pk}/{action}/").status_code == 404
    assert as_member(member).post(f"/friend-requests/{request.pk}/accept/").status_code == 404
    request.refresh_from_db()
    assert request.declined_at is None
    assert not Friendship.objects.exists()


def test_answering_needs_post(member: Member, other: Member) -> None:
    request = services.friend_request_send(sender=member, recipient_id=other.pk)
    assert as_member(other).get(f"/friend-requests/{request.pk}/accept/").status_code == 405
    assert not Friendship.objects.exists()


def test_sender_cancels_from_the_confirm_page(member: Member, other: Member) -> None:
    request = services.friend_request_send(sender=member, recipient_id=other.pk)
    client = as_member(member)
    page = html(client.get("/confirm/"))
    assert f'data-request="{request.pk}"' in fragment(page, '<section class="confirm-section" data-section="outgoing">')
    assert client.post(f"/friend-requests/{request.pk}/cancel/").status_code == 302
    assert not FriendRequest.objects.exists()
    assert "data-pending-count" not in html(as_member(other).get("/confirm/"))


def test_decline_is_invisible_to_the_requester(member: Member, other: Member) -> None:
    """The requester's confirm page and their view of the recipient's profile are the same before and after."""
    request = services.friend_request_send(sender=member, recipient_id=other.pk, message="覚えてる？")
    client = as_member(member)

    def views() -> tuple[str, str, str]:
        confirm = html(client.get("/confirm/"))
        profile = html(client.get(f"/members/{other.pk}/"))
        return (
            fragment(confirm, '<section class="confirm-section" data-section="outgoing">'),
            fragment(profile, '<section class="relationship"'),
            fragment(profile, '<nav class="nav"'),
        )

    before = views()
    assert "覚えてる？" in before[0]
    assert as_member(other).post(f"/friend-requests/{request.pk}/decline/").status_code == 302
    request.refresh_from_db()
    assert request.declined_at is not None
    assert views() == before
    # The recipient no longer sees it.
    assert f'data-request="{request.pk}"' not in html(as_member(other).get("/confirm/"))


def test_pending_badge_counts_incoming_requests(member: Member, make_member: Callable[..., Member]) -> None:
    """The nav badge counts the requests waiting for the member, and is not shown at zero."""
    assert "data-pending-count" not in html(as_member(member).get("/"))
    for number in range(3):
        services.friend_request_send(sender=make_member(f"申請者{number}"), recipient_id=member.pk)
    page = html(as_member(member).get("/"))
    assert 'data-pending-count="3"' in page
    assert 'href="/confirm/"' in page
    assert 'href="/friends/"' in page


def test_anonymous_visitors_are_sent_to_log_in(member: Member, client: Client) -> None:
    for path in ("/friends/", "/confirm/", "/friends/groups/", "/settings/blocks/", f"/members/{member.pk}/block/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/login/"), path


# --- friend lists ----------------------------------------------------------------------------------


def test_my_friends_lists_friends_with_remove(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    stranger = make_member("知らない人")
    befriend(member, other)
    page = html(as_member(member).get("/friends/"))
    assert f'data-member="{other.pk}"' in page
    assert f'href="/members/{other.pk}/remove-friend/' in page
    assert f'data-member="{stranger.pk}"' not in page


def test_remove_friend_asks_first_then_ends_it_on_both_sides(member: Member, other: Member) -> None:
    befriend(member, other)
    services.intro_write(author=other, subject_id=member.pk, body="いい人です")
    client = as_member(member)
    page = html(client.get(f"/members/{other.pk}/"))
    assert f'href="/members/{other.pk}/remove-friend/"' in page
    confirm = client.get(f"/members/{other.pk}/remove-friend/")
    assert confirm.status_code == 200
    assert 'data-form="remove-friend"' in html(confirm)
    assert Friendship.objects.count() == 2  # asking changed nothing
    response = client.post(f"/members/{other.pk}/remove-friend/")
    assert response["Location"] == "/friends/"
    assert not Friendship.objects.exists()
    assert not FriendIntro.objects.exists()
    assert relationship(html(as_member(other).get(f"/members/{member.pk}/"))) == "none"


def test_remove_friend_for_a_non_friend_is_404(member: Member, other: Member) -> None:
    client = as_member(member)
    assert client.get(f"/members/{other.pk}/remove-friend/").status_code == 404
    assert client.post(f"/members/{other.pk}/remove-friend/").status_code == 404


def test_friend_list_default_audience_is_friends(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """A friend list with audience friends is 404 for a non-friend, and shown to a friend and the owner."""
    stranger = make_member("他人")
    befriend(member, other)
    assert as_member(stranger).get(f"/members/{member.pk}/friends/").status_code == 404
    assert 'data-link="friend-list"' not in html(as_member(stranger).get(f"/members/{member.pk}/"))
    for viewer in (other, member):
        response = as_member(viewer).get(f"/members/{member.pk}/friends/")
        assert response.status_code == 200
        assert f'data-member="{other.pk}"' in html(response)
    profile = html(as_member(other).get(f"/members/{member.pk}/"))
    assert f'href="/members/{member.pk}/friends/"' in profile


def test_friend_list_open_to_members_shows_its_count(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    stranger = make_member("他人")
    befriend(member, other)
    profile_update(member=member, friend_list={"audience": "members"})
    assert as_member(stranger).get(f"/members/{member.pk}/friends/").status_code == 200
    page = html(as_member(stranger).get(f"/members/{member.pk}/"))
    link = fragment(page, '<a href="/members/' + str(member.pk) + '/friends/"')
    assert "1" in link


def test_friend_list_is_paginated_by_50(member: Member, make_member: Callable[..., Member]) -> None:
    friends = [make_member(f"友達{number:02d}") for number in range(51)]
    for friend in friends:
        befriend(friend, member)
    client = as_member(member)
    first = html(client.get("/friends/"))
    assert first.count('data-member="') == 50
    assert 'rel="next"' in first
    second = html(client.get("/friends/?page=2"))
    assert second.count('data-member="') == 1
    assert html(client.get(f"/members/{member.pk}/friends/?page=2")).count('data-member="') == 1
    assert client.get("/friends/?page=nonsense").status_code == 200


def test_anonymous_visitor_gets_404_on_a_friend_list(member: Member, client: Client) -> None:
    profile_update(member=member, friend_list={"audience": "members"})
    assert client.get(f"/members/{member.pk}/friends/").status_code == 404


# --- mutual friends -----------------------------------------------------------------------------------


def test_mutual_friends_on_the_profile(member: Member, other: Member, make_member: Callable[..., Member]) -> None:
    """共通の友人: friends of both, shown on the profile when the friend list is visible to the viewer."""
    common = make_member("共通さん")
    only_mine = make_member("私だけの友達")
    befriend(member, other)
    befriend(member, common)
    befriend(other, common)
    befriend(member, only_mine)
    page = html(as_member(other).get(f"/members/{member.pk}/"))
    mutual = fragment(page, '<section data-section="mutual-friends">')
    assert "共通さん" in mutual
    assert "私だけの友達" not in mutual
    # Nothing in common: no section.
    assert 'data-section="mutual-friends"' not in html(as_member(only_mine).get(f"/members/{common.pk}/"))


# --- blocks ---------------------------------------------------------------------------------------------


def test_block_asks_first_then_hides_everything(member: Member, other: Member) -> None:
    """X blocks Y: Y gets 404 on X's profile and friend list; the friendship ends; X sees an unblock link."""
    befriend(member, other)
    profile_update(member=member, friend_list={"audience": "members"})
    x = as_member(member)
    page = html(x.get(f"/members/{other.pk}/"))
    assert f'href="/members/{other.pk}/block/"' in fragment(page, '<details class="more"')
    assert 'data-form="block"' in html(x.get(f"/members/{other.pk}/block/"))
    assert not Block.objects.exists()
    assert x.post(f"/members/{other.pk}/block/")["Location"] == f"/members/{other.pk}/"
    assert Block.objects.filter(blocker=member, blocked=other).exists()
    assert not Friendship.objects.exists()

    y = as_member(other)
    for path in (f"/members/{member.pk}/", f"/members/{member.pk}/friends/", f"/members/{member.pk}/friend-request/"):
        assert y.get(path).status_code == 404, path
    assert y.post(f"/members/{member.pk}/friend-request/", {"message": ""}).status_code == 404
    assert not FriendRequest.objects.exists()

    page = html(x.get(f"/members/{other.pk}/"))
    assert relationship(page) == "blocked"
    assert f'href="/members/{other.pk}/unblock/"' in page


def test_blocked_member_is_not_told_on_their_own_pages(member: Member, other: Member) -> None:
    """The blocked member's /friends/ and /confirm/ look the same as if the two had simply never met."""
    client = as_member(other)
    before = (html(client.get("/friends/")), html(client.get("/confirm/")))
    services.block_create(blocker=member, blocked_id=other.pk)
    after = (html(client.get("/friends/")), html(client.get("/confirm/")))
    assert [without_tokens(page) for page in after] == [without_tokens(page) for page in before]


def test_blocks_page_lists_and_unblocks(member: Member, other: Member) -> None:
    services.block_create(blocker=member, blocked_id=other.pk)
    client = as_member(member)
    assert 'href="/settings/blocks/"' in html(client.get("/settings/"))
    page = html(client.get("/settings/blocks/"))
    assert f'data-member="{other.pk}"' in page
    assert f'action="/members/{other.pk}/unblock/"' in page
    response = client.post(f"/members/{other.pk}/unblock/", {"next": "/settings/blocks/"})
    assert response["Location"] == "/settings/blocks/"
    assert not Block.objects.exists()
    assert as_member(other).get(f"/members/{member.pk}/").status_code == 200


def test_unblock_from_the_profile_asks_first(member: Member, other: Member) -> None:
    services.block_create(blocker=member, blocked_id=other.pk)
    client = as_member(member)
    assert 'data-form="unblock"' in html(client.get(f"/members/{other.pk}/unblock/"))
    assert Block.objects.exists()
    client.post(f"/members/{other.pk}/unblock/")
    assert not Block.objects.exists()
    assert client.get(f"/members/{other.pk}/unblock/").status_code == 404  # nothing to unblock


def test_blocks_page_shows_only_ones_own_blocks(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    third = make_member("第三者")
    services.block_create(blocker=other, blocked_id=third.pk)
    page = html(as_member(member).get("/settings/blocks/"))
    assert f'data-member="{third.pk}"' not in page
    assert as_member(member).post(f"/members/{third.pk}/unblock/").status_code == 404
    assert Block.objects.count() == 1


def test_block_oneself_is_404(member: Member) -> None:
    assert as_member(member).post(f"/members/{member.pk}/block/").status_code == 404
    assert not Block.objects.exists()


# --- intros (紹介文) ------------------------------------------------------------------------------------


def test_friend_writes_and_rewrites_an_intro(member: Member, other: Member) -> None:
    befriend(member, other)
    client = as_member(other)
    page = html(client.get(f"/members/{member.pk}/"))
    assert 'data-form="intro"' in page
    response = client.post(f"/members/{member.pk}/intro/", {"body": "頼れる先輩です"})
    assert response["Location"] == f"/members/{member.pk}/#intros"
    page = html(client.get(f"/members/{member.pk}/"))
    assert "頼れる先輩です" in fragment(page, '<section id="intros"')
    client.post(f"/members/{member.pk}/intro/", {"body": "とても頼れる先輩です"})
    assert FriendIntro.objects.get().body == "とても頼れる先輩です"
    assert client.post(f"/members/{member.pk}/intro/", {"body": ""}).status_code == 400


def test_non_friend_cannot_write_an_intro(member: Member, other: Member) -> None:
    client = as_member(other)
    assert 'data-form="intro"' not in html(client.get(f"/members/{member.pk}/"))
    response = client.post(f"/members/{member.pk}/intro/", {"body": "こんにちは"})
    assert response.status_code == 400
    assert not FriendIntro.objects.exists()


def test_hidden_intro_is_not_in_the_html_for_others(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """The owner hides an intro: other members (and visitors of any kind) no longer get it; the owner still does."""
    visitor = make_member("訪問者")
    befriend(member, other)
    intro = services.intro_write(author=other, subject_id=member.pk, body="ひみつの紹介文")
    owner = as_member(member)
    page = html(owner.get(f"/members/{member.pk}/"))
    assert f'action="/members/{member.pk}/intros/{intro.pk}/hide/"' in page
    assert "ひみつの紹介文" in html(as_member(visitor).get(f"/members/{member.pk}/"))

    owner.post(f"/members/{member.pk}/intros/{intro.pk}/hide/")
    assert "ひみつの紹介文" not in html(as_member(visitor).get(f"/members/{member.pk}/"))
    page = html(owner.get(f"/members/{member.pk}/"))
    assert "ひみつの紹介文" in page
    assert f'action="/members/{member.pk}/intros/{intro.pk}/unhide/"' in page

    owner.post(f"/members/{member.pk}/intros/{intro.pk}/unhide/")
    assert "ひみつの紹介文" in html(as_member(visitor).get(f"/members/{member.pk}/"))


def test_only_the_subject_hides_and_only_subject_or_author_deletes(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    visitor = make_member("訪問者")
    befriend(member, other)
    intro = services.intro_write(author=other, subject_id=member.pk, body="紹介文")
    for client in (as_member(visitor), as_member(other)):
        assert client.post(f"/members/{member.pk}/intros/{intro.pk}/hide/").status_code == 404
    assert as_member(visitor).post(f"/members/{member.pk}/intros/{intro.pk}/delete/").status_code == 404
    intro.refresh_from_db()
    assert not intro.hidden
    page = html(as_member(other).get(f"/members/{member.pk}/"))
    assert f'action="/members/{member.pk}/intros/{intro.pk}/delete/"' in page  # the author's own
    assert as_member(other).post(f"/members/{member.pk}/intros/{intro.pk}/delete/").status_code == 302
    assert not FriendIntro.objects.exists()


def test_subject_deletes_an_intro(member: Member, other: Member) -> None:
    befriend(member, other)
    intro = services.intro_write(author=other, subject_id=member.pk, body="紹介文")
    as_member(member).post(f"/members/{member.pk}/intros/{intro.pk}/delete/")
    assert not FriendIntro.objects.exists()


@pytest.mark.parametrize("path", ["/members/{pk}/intros/{intro}/hide/", "/members/{pk}/intros/{intro}/delete/"])
def test_intro_actions_need_post(member: Member, other: Member, path: str) -> None:
    befriend(member, other)
    intro = services.intro_write(author=other, subject_id=member.pk, body="紹介文")
    assert as_member(member).get(path.format(pk=member.pk, intro=intro.pk)).status_code == 405


def test_a_suspended_friend_is_in_none_of_the_members_own_lists(
    member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """An operator suspended a friend's account: gone from /friends/ and from the group and message pickers, as it
    is from everyone else's pages; the friend who is still active stays."""
    still = make_member("残る友達")
    befriend(member, other)
    befriend(member, still)
    client = as_member(member)
    for path in ("/friends/", "/friends/groups/new/", "/messages/new/"):
        assert other.nickname in html(client.get(path)), path
    Member.objects.filter(pk=other.pk).update(is_active=False)
    for path in ("/friends/", "/friends/groups/new/", "/messages/new/"):
        page = html(client.get(path))
        assert other.nickname not in page and f'value="{other.pk}"' not in page, path
        assert still.nickname in page, path
