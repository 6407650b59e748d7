"""イイネ!: giving one (twice does nothing), withdrawing it, items the member cannot see, and who is counted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.diary.test_services import entry, refused
from tsunagu.accounts.models import Member
from tsunagu.core.errors import NotFound
from tsunagu.core.services import site_settings_update
from tsunagu.diary.services import diary_comment_create, diary_comment_delete, diary_entry_update
from tsunagu.friends.services import block_create, friendship_create
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.selectors import iine_counts, iine_given, reactors
from tsunagu.reactions.services import iine_add, iine_withdraw

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]
ENTRY, COMMENT = "diary_entry", "diary_comment"


def who(viewer: Any, kind: str, item_id: int) -> list[int]:
    return [reaction.member_id for reaction in reactors(viewer=viewer, kind=kind, item_id=item_id)]


def test_iine_twice_does_nothing_and_withdraw_takes_it_back(member: Member, other: Member) -> None:
    """The first イイネ! counts, a repeat returns False and adds nothing; withdrawing twice is harmless."""
    written = entry(member, "members")
    assert iine_add(member=other, kind=ENTRY, item_id=written.pk) is True
    assert iine_add(member=other, kind=ENTRY, item_id=str(written.pk)) is False
    assert Reaction.objects.filter(kind=ENTRY, item_id=written.pk).count() == 1
    assert iine_counts(viewer=member, kind=ENTRY, item_ids=[written.pk]) == {written.pk: 1}
    assert iine_given(viewer=other, kind=ENTRY, item_ids=[written.pk]) == {written.pk}
    assert iine_given(viewer=member, kind=ENTRY, item_ids=[written.pk]) == set()
    assert iine_given(viewer=AnonymousUser(), kind=ENTRY, item_ids=[written.pk]) == set()
    assert iine_withdraw(member=other, kind=ENTRY, item_id=written.pk) is True
    assert iine_withdraw(member=other, kind=ENTRY, item_id=written.pk) is False
    assert iine_counts(viewer=member, kind=ENTRY, item_ids=[written.pk]) == {}
    assert iine_add(member=other, kind=ENTRY, item_id=written.pk) is True


def test_authors_may_like_their_own_items(member: Member) -> None:
    written = entry(member, "only_me")
    assert iine_add(member=member, kind=ENTRY, item_id=written.pk)
    assert who(member, ENTRY, written.pk) == [member.pk]


def test_entries_and_comments_with_the_same_id_are_separate_items(member: Member, other: Member) -> None:
    written = entry(member, "members")
    comment = diary_comment_create(author=other, entry_id=written.pk, body="一")
    iine_add(member=other, kind=ENTRY, item_id=written.pk)
    iine_add(member=member, kind=COMMENT, item_id=comment.pk)
    assert who(member, ENTRY, written.pk) == [other.pk]
    assert who(member, COMMENT, comment.pk) == [member.pk]


@pytest.mark.parametrize("case", ["hidden", "missing", "garbage", "unknown-kind", "only-me-after-change"])
def test_items_the_member_cannot_see_are_not_found(member: Member, other: Member, case: str) -> None:
    """イイネ! (and withdrawing it) on a hidden, missing or impossible item is NotFound, and stores nothing."""
    friendship_create(member, other)
    visible = entry(member, "friends")
    kind = ENTRY
    item_id: Any = visible.pk
    if case == "hidden":
        item_id = entry(member, "only_me").pk
    elif case == "missing":
        item_id = visible.pk + 1000
    elif case == "garbage":
        item_id = "1 OR 1=1"
    elif case == "unknown-kind":
        kind = "voice_post"
    else:
        iine_add(member=other, kind=ENTRY, item_id=visible.pk)
        diary_entry_update(author=member, entry_id=visible.pk, audience="only_me")
    with refused(NotFound):
        iine_add(member=other, kind=kind, item_id=item_id)
    with refused(NotFound):
        iine_withdraw(member=other, kind=kind, item_id=item_id)
    assert Reaction.objects.filter(member=other).count() == (1 if case == "only-me-after-change" else 0)


def test_blocked_member_cannot_like(member: Member, other: Member) -> None:
    written = entry(member, "members")
    block_create(blocker=member, blocked_id=other.pk)
    with refused(NotFound):
        iine_add(member=other, kind=ENTRY, item_id=written.pk)


def test_comments_deleted_or_hidden_from_the_member_cannot_be_liked(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    """A deleted comment, or one whose author blocked the member, is not found for イイネ!."""
    reader = make_member()
    written = entry(member, "members")
    deleted = diary_comment_create(author=other, entry_id=written.pk, body="消す")
    diary_comment_delete(member=other, entry_id=written.pk, comment_id=deleted.pk)
    blocker_comment = diary_comment_create(author=other, entry_id=written.pk, body="読めない人がいる")
    block_create(blocker=other, blocked_id=reader.pk)
    with refused(NotFound):
        iine_add(member=reader, kind=COMMENT, item_id=deleted.pk)
    with refused(NotFound):
        iine_add(member=reader, kind=COMMENT, item_id=blocker_comment.pk)
    assert iine_add(member=member, kind=COMMENT, item_id=blocker_comment.pk)
    hidden_entry = entry(member, "only_me")
    on_hidden = diary_comment_create(author=member, entry_id=hidden_entry.pk, body="独り言")
    with refused(NotFound):
        iine_add(member=reader, kind=COMMENT, item_id=on_hidden.pk)


def test_counts_and_reactors_leave_out_members_who_blocked_the_viewer_or_closed_their_account(
    member: Member, make_member: MakeMember
) -> None:
    """Each viewer counts only the reactors they may know exist; the viewer always sees their own."""
    viewer, blocker, leaver, plain = make_member(), make_member(), make_member(), make_member()
    written = entry(member, "members")
    for reactor in (viewer, blocker, leaver, plain):
        iine_add(member=reactor, kind=ENTRY, item_id=written.pk)
    block_create(blocker=blocker, blocked_id=viewer.pk)
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    assert iine_counts(viewer=viewer, kind=ENTRY, item_ids=[written.pk]) == {written.pk: 2}
    assert who(viewer, ENTRY, written.pk) == [plain.pk, viewer.pk]
    assert iine_counts(viewer=member, kind=ENTRY, item_ids=[written.pk]) == {written.pk: 3}
    assert who(member, ENTRY, written.pk) == [plain.pk, blocker.pk, viewer.pk]
    assert who(blocker, ENTRY, written.pk) == [plain.pk, blocker.pk, viewer.pk]


def test_anonymous_counts_follow_the_web_public_switch(member: Member, other: Member) -> None:
    """Anonymous visitors count nobody unless the site is web-public (then only active members)."""
    written = entry(member, "public")
    iine_add(member=other, kind=ENTRY, item_id=written.pk)
    assert iine_counts(viewer=AnonymousUser(), kind=ENTRY, item_ids=[written.pk]) == {}
    site_settings_update(web_public_allowed=True)
    assert iine_counts(viewer=AnonymousUser(), kind=ENTRY, item_ids=[written.pk]) == {written.pk: 1}
    assert who(AnonymousUser(), ENTRY, written.pk) == [other.pk]


def test_counts_for_many_items_in_one_query(
    member: Member, make_member: MakeMember, django_assert_num_queries: Any
) -> None:
    items = [entry(member, "members") for _ in range(5)]
    likers = [make_member() for _ in range(3)]
    for n, item in enumerate(items):
        for liker in likers[:n]:
            iine_add(member=liker, kind=ENTRY, item_id=item.pk)
    with django_assert_num_queries(1):
        counts = iine_counts(viewer=member, kind=ENTRY, item_ids=[item.pk for item in items])
    assert counts == {items[1].pk: 1, items[2].pk: 2, items[3].pk: 3, items[4].pk: 3}
