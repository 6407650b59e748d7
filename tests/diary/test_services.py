"""The diary services and selectors: entries, photos, numbered comments, 「コメントした日記」 and account deletion.

Every refusal is checked to carry a message, and every refused write to leave nothing behind: no rows,
no files in MEDIA_ROOT.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.http import Http404
from PIL import ExifTags, Image

from tests.conftest import PASSWORD
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_delete
from tsunagu.core.errors import Forbidden, Invalid, NotFound, ServiceError
from tsunagu.diary import selectors
from tsunagu.diary.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CommentedEntry,
    DiaryComment,
    DiaryEntry,
    DiaryPhoto,
)
from tsunagu.diary.services import (
    comments_read,
    diary_comment_create,
    diary_comment_delete,
    diary_entry_create,
    diary_entry_delete,
    diary_entry_update,
    diary_photo_delete,
    diary_photos_add,
)
from tsunagu.friends.services import block_create, friend_group_create, friendship_create
from tsunagu.notifications.models import Notification
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


# --- helpers shared by the diary tests ----------------------------------------------------------------


def jpeg(size: tuple[int, int] = (64, 48), *, gps: bool = False, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A JPEG with EXIF (camera make, and with `gps` the location of Tokyo Tower)."""
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TsunaguCam"
    if gps:
        location = exif.get_ifd(ExifTags.IFD.GPSInfo)
        location[ExifTags.GPS.GPSLatitudeRef] = "N"
        location[ExifTags.GPS.GPSLatitude] = (35.0, 39.0, 31.0)
        location[ExifTags.GPS.GPSLongitudeRef] = "E"
        location[ExifTags.GPS.GPSLongitude] = (139.0, 44.0, 28.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def media_files() -> list[str]:
    """Every file under MEDIA_ROOT (the test's own temporary folder), relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


@contextmanager
def refused(kind: type[ServiceError], *fields: str) -> Iterator[Any]:
    """Expect the service to refuse with `kind`, with a message, and (for Invalid) exactly these fields marked."""
    with pytest.raises(kind) as caught:
        yield caught
    assert caught.value.message.strip(), "every refusal says why"
    if fields:
        assert sorted(caught.value.fields) == sorted(fields)
        assert all(message.strip() for messages in caught.value.fields.values() for message in messages)


def entry(author: Member, audience: str = "friends", **kwargs: Any) -> DiaryEntry:
    kwargs.setdefault("title", "今日の日記")
    kwargs.setdefault("body", "晴れ。")
    return diary_entry_create(author=author, audience=audience, **kwargs)


def numbers(entry: DiaryEntry) -> list[tuple[int, bool]]:
    """(number, deleted) of each comment, in order."""
    return [(c.number, c.is_deleted) for c in DiaryComment.objects.filter(entry=entry).order_by("number")]


def fresh(item: DiaryEntry) -> DiaryEntry:
    return DiaryEntry.objects.get(pk=item.pk)


# --- entries --------------------------------------------------------------------------------------------


def test_entry_is_written_with_its_html_and_times(member: Member) -> None:
    """An entry keeps the cleaned text, its sanitised HTML, the audience and equal creation and update times."""
    written = diary_entry_create(
        author=member, title="  花見  ", body="上野へ。\nhttps://example.jp/を見て", audience="members"
    )
    stored = fresh(written)
    assert (stored.title, stored.audience, stored.comments_open) == ("花見", "members", True)
    assert stored.body_html.startswith("<p>上野へ。<br>")
    assert 'href="https://example.jp/"' in stored.body_html
    assert stored.created_at == stored.updated_at
    assert (stored.comment_count, stored.last_comment_number, stored.last_commented_at) == (0, 0, None)


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"title": ""}, ["title"]),
        ({"title": "   \n "}, ["title"]),
        ({"title": "あ" * (TITLE_MAX_LENGTH + 1)}, ["title"]),
        ({"title": None}, ["title"]),
        ({"title": 12}, ["title"]),
        ({"body": ""}, ["body"]),
        ({"body": "\u0000\u0007"}, ["body"]),
        ({"body": "あ" * (BODY_MAX_LENGTH + 1)}, ["body"]),
        ({"body": ["本文"]}, ["body"]),
        ({"audience": "everyone"}, ["audience"]),
        ({"audience": "community"}, ["audience"]),
        ({"audience": None}, ["audience"]),
        ({"audience": "friend_group"}, ["friend_group"]),
        ({"audience": "friend_group", "friend_group": "abc"}, ["friend_group"]),
        ({"audience": "friend_group", "friend_group": True}, ["friend_group"]),
        ({"audience": "friend_group", "friend_group": 10**9}, ["friend_group"]),
        ({"comments_open": "yes"}, ["comments_open"]),
        ({"comments_open": 1}, ["comments_open"]),
        (
            {"title": "", "body": "", "audience": "x", "comments_open": None},
            ["title", "body", "audience", "comments_open"],
        ),
    ],
)
def test_invalid_entries_are_refused_field_by_field(member: Member, changes: dict[str, Any], fields: list[str]) -> None:
    """Each bad field is named with a message (all of them at once), and nothing is written."""
    arguments: dict[str, Any] = {"title": "題", "body": "本文", "audience": "friends", **changes}
    with refused(Invalid, *fields):
        diary_entry_create(author=member, **arguments)
    assert not DiaryEntry.objects.exists()


def test_text_at_the_limits_is_accepted(member: Member) -> None:
    """Exactly the maximum lengths are fine; control characters are dropped, line breaks kept in the body only."""
    written = diary_entry_create(author=member, title="題" * TITLE_MAX_LENGTH, body="あ\u0007\n" + "い" * 10)
    assert fresh(written).title == "題" * TITLE_MAX_LENGTH
    assert fresh(written).body == "あ\n" + "い" * 10
    written = diary_entry_create(author=member, title="一行\n目", body="x" * BODY_MAX_LENGTH)
    assert fresh(written).title == "一行目"


def test_friend_group_audience_takes_only_the_authors_own_groups(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    """A friend group must be one of the author's; another member's group is refused like a missing one."""
    pal = make_member()
    friendship_create(member, pal)
    friendship_create(other, pal)
    mine = friend_group_create(owner=member, name="仲良し", members=[pal.pk])
    theirs = friend_group_create(owner=other, name="同僚", members=[pal.pk])
    written = entry(member, "friend_group", friend_group=mine.pk)
    assert (fresh(written).audience, fresh(written).friend_group_id) == ("friend_group", mine.pk)
    with refused(Invalid, "friend_group"):
        entry(member, "friend_group", friend_group=theirs.pk)
    with refused(Invalid, "friend_group"):
        diary_entry_update(author=member, entry_id=written.pk, audience="friend_group", friend_group=theirs.pk)
    assert fresh(written).friend_group_id == mine.pk
    # A group given with another audience is not kept.
    assert entry(member, "friends", friend_group=mine.pk).friend_group_id is None


def test_update_changes_only_what_is_given(member: Member) -> None:
    """None leaves a part alone; the HTML follows the body; the update time moves."""
    written = entry(member, "friends", title="元の題", body="元の本文")
    updated = diary_entry_update(author=member, entry_id=str(written.pk), body="新しい\n本文")
    stored = fresh(written)
    assert (stored.title, stored.body, stored.body_html, stored.audience) == (
        "元の題",
        "新しい\n本文",
        "<p>新しい<br>本文</p>",
        "friends",
    )
    assert stored.updated_at > stored.created_at
    assert updated.body == stored.body
    diary_entry_update(author=member, entry_id=written.pk, audience="only_me", comments_open=False, title="秘密")
    stored = fresh(written)
    assert (stored.title, stored.audience, stored.comments_open, stored.body) == (
        "秘密",
        "only_me",
        False,
        "新しい\n本文",
    )


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"title": ""}, ["title"]),
        ({"body": "あ" * (BODY_MAX_LENGTH + 1)}, ["body"]),
        ({"audience": "nobody"}, ["audience"]),
        ({"friend_group": 1}, ["friend_group"]),
        ({"comments_open": "no"}, ["comments_open"]),
        ({"title": "良い題", "body": ""}, ["body"]),
    ],
)
def test_invalid_update_changes_nothing(member: Member, changes: dict[str, Any], fields: list[str]) -> None:
    """A refused update leaves every part of the entry as it was, even the valid parts given with it."""
    written = entry(member, "friends", title="元の題", body="元の本文")
    with refused(Invalid, *fields):
        diary_entry_update(author=member, entry_id=written.pk, **changes)
    stored = fresh(written)
    assert (stored.title, stored.body, stored.body_html, stored.audience, stored.comments_open, stored.updated_at) == (
        "元の題",
        "元の本文",
        "<p>元の本文</p>",
        "friends",
        True,
        written.updated_at,
    )


@pytest.mark.parametrize("entry_id", ["abc", "", None, True, -1, "1.5", 10**30])
def test_update_and_delete_of_ids_that_cannot_exist_are_not_found(member: Member, entry_id: Any) -> None:
    """Ids that cannot be ids are simply not found, never a crash."""
    entry(member)
    with refused(NotFound):
        diary_entry_update(author=member, entry_id=entry_id, title="x")
    with refused(NotFound):
        diary_entry_delete(author=member, entry_id=entry_id)


def test_others_cannot_update_or_delete_an_entry(member: Member, other: Member) -> None:
    """Someone else's entry is not found for editing, even by a friend who can read it."""
    friendship_create(member, other)
    written = entry(member, "members")
    with refused(NotFound):
        diary_entry_update(author=other, entry_id=written.pk, title="乗っ取り")
    with refused(NotFound):
        diary_entry_delete(author=other, entry_id=written.pk)
    with refused(NotFound):
        diary_photos_add(author=other, entry_id=written.pk, photos=[jpeg()])
    assert fresh(written).title == "今日の日記"
    assert media_files() == []


def test_delete_removes_comments_photos_iine_notifications_and_files_after_commit(
    member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Deleting an entry takes its comments, photos, イイネ! and notifications; files go once it has committed."""
    friendship_create(member, other)
    with django_capture_on_commit_callbacks(execute=True):
        written = entry(member, photos=[jpeg(), jpeg()])
        comment = diary_comment_create(author=other, entry_id=written.pk, body="いいね", photos=[jpeg()])
        iine_add(member=other, kind="diary_entry", item_id=written.pk)
        iine_add(member=member, kind="diary_comment", item_id=comment.pk)
    assert sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True)) == [
        "diary_comment",
        "iine",
    ]
    assert len(media_files()) == 6  # three photos, three thumbnails
    kept = entry(member, photos=[jpeg()])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        diary_entry_delete(author=member, entry_id=written.pk)
    assert len(media_files()) == 8, "files stay until the transaction has committed"
    for callback in callbacks:
        callback()
    assert not DiaryEntry.objects.filter(pk=written.pk).exists()
    assert not DiaryComment.objects.exists()
    assert list(DiaryPhoto.objects.values_list("entry_id", flat=True)) == [kept.pk]
    assert not Reaction.objects.exists()
    assert not Notification.objects.exists()
    assert not CommentedEntry.objects.exists()
    kept_photo = DiaryPhoto.objects.get()
    assert media_files() == sorted([kept_photo.image, kept_photo.thumbnail])


def test_entry_shared_with_a_deleted_group_falls_back_to_the_author(member: Member, other: Member) -> None:
    """When the group goes, the entry is seen by its author alone (never by more people)."""
    from tsunagu.friends.services import friend_group_delete

    friendship_create(member, other)
    group = friend_group_create(owner=member, name="仲良し", members=[other.pk])
    written = entry(member, "friend_group", friend_group=group.pk)
    assert selectors.entry_for_viewer(viewer=other, entry_id=written.pk).entry == written
    friend_group_delete(owner=member, group_id=group.pk)
    with pytest.raises(Http404):
        selectors.entry_for_viewer(viewer=other, entry_id=written.pk)
    assert list(selectors.entries_for_viewer(viewer=other, author=member)) == []
    assert selectors.entry_for_viewer(viewer=member, entry_id=written.pk).entry == written


# --- photos ---------------------------------------------------------------------------------------------


def test_photos_lose_exif_and_location_and_are_bounded_with_a_thumbnail(member: Member) -> None:
    """A photo with a GPS location is stored without any EXIF, fitted into 1600 px, with a small thumbnail."""
    upload = jpeg((4000, 1000), gps=True)
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the upload has a location"
    written = entry(member, photos=[upload])
    photo = DiaryPhoto.objects.get(entry=written)
    assert (photo.width, photo.height, photo.position, photo.comment_id) == (1600, 400, 1, None)
    with default_storage.open(photo.image) as file:
        stored_bytes = file.read()
    with default_storage.open(photo.thumbnail) as file:
        thumbnail = Image.open(io.BytesIO(file.read()))
    stored = Image.open(io.BytesIO(stored_bytes))
    assert (stored.format, stored.size) == ("JPEG", (1600, 400))
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert b"Exif" not in stored_bytes and b"TsunaguCam" not in stored_bytes
    assert thumbnail.size == (320, 80) and len(thumbnail.getexif()) == 0
    assert photo.image.startswith("photos/") and photo.thumbnail.startswith("photos/")
    assert photo.image != photo.thumbnail


def test_small_photos_are_never_enlarged(member: Member) -> None:
    """A photo smaller than the thumbnail stays its own size in both."""
    photo = DiaryPhoto.objects.get(entry=entry(member, photos=[jpeg((100, 50))]))
    with default_storage.open(photo.thumbnail) as file:
        assert Image.open(io.BytesIO(file.read())).size == (100, 50)
    assert (photo.width, photo.height) == (100, 50)


def test_an_invalid_third_photo_leaves_no_entry_and_no_files(member: Member) -> None:
    """Two good photos and a bad third: the entry is refused and the two stored files are removed again."""
    with refused(Invalid, "photos"):
        entry(member, photos=[jpeg(), jpeg(gps=True), b"not an image at all"])
    assert not DiaryEntry.objects.exists()
    assert not DiaryPhoto.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize(
    "bad",
    [b"", b"GIF89a broken", b"%PDF-1.4\n" + b"0" * 100],
    ids=["empty", "broken-gif", "pdf"],
)
def test_files_that_are_not_images_are_refused(member: Member, bad: bytes) -> None:
    with refused(Invalid, "photos"):
        entry(member, photos=[bad])
    assert not DiaryEntry.objects.exists()
    assert media_files() == []


def test_too_large_uploads_are_refused(member: Member, settings: Any) -> None:
    """Uploads over PHOTO_MAX_UPLOAD_BYTES are refused before decoding."""
    upload = jpeg((800, 800))
    settings.PHOTO_MAX_UPLOAD_BYTES = len(upload) - 1
    with refused(Invalid, "photos"):
        entry(member, photos=[upload])
    assert media_files() == []


def test_at_most_three_photos_per_entry(member: Member) -> None:
    """Four at once are refused; added later, the total still stops at three (and positions continue)."""
    with refused(Invalid, "photos"):
        entry(member, photos=[jpeg()] * 4)
    assert not DiaryEntry.objects.exists()
    written = entry(member, photos=[jpeg()])
    added = diary_photos_add(author=member, entry_id=written.pk, photos=[jpeg(), jpeg()])
    assert [p.position for p in added] == [2, 3]
    with refused(Invalid, "photos"):
        diary_photos_add(author=member, entry_id=written.pk, photos=[jpeg()])
    with refused(Invalid, "photos"):
        diary_photos_add(author=member, entry_id=written.pk, photos=[])
    assert DiaryPhoto.objects.filter(entry=written).count() == 3
    assert len(media_files()) == 6


def test_comment_photos_do_not_count_towards_the_entrys_three(member: Member, other: Member) -> None:
    friendship_create(member, other)
    written = entry(member, photos=[jpeg()] * 3)
    diary_comment_create(author=other, entry_id=written.pk, body="写真どうぞ", photos=[jpeg()] * 3)
    assert DiaryPhoto.objects.filter(entry=written, comment__isnull=True).count() == 3
    assert DiaryPhoto.objects.filter(entry=written, comment__isnull=False).count() == 3


def test_photo_delete_removes_the_row_and_both_files_after_commit(
    member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Only the author removes an entry's photo; files go on commit; a comment's photo is not an entry photo."""
    friendship_create(member, other)
    written = entry(member, photos=[jpeg(), jpeg()])
    comment = diary_comment_create(author=other, entry_id=written.pk, body="写真", photos=[jpeg()])
    first, second = DiaryPhoto.objects.filter(entry=written, comment__isnull=True)
    comment_photo = DiaryPhoto.objects.get(comment=comment)
    with refused(NotFound):
        diary_photo_delete(author=other, entry_id=written.pk, photo_id=first.pk)
    with refused(NotFound):
        diary_photo_delete(author=member, entry_id=written.pk, photo_id=comment_photo.pk)
    with refused(NotFound):
        diary_photo_delete(author=member, entry_id=written.pk, photo_id="x")
    with django_capture_on_commit_callbacks(execute=True):
        diary_photo_delete(author=member, entry_id=written.pk, photo_id=first.pk)
    assert list(DiaryPhoto.objects.filter(entry=written, comment__isnull=True)) == [second]
    assert first.image not in media_files() and first.thumbnail not in media_files()
    assert len(media_files()) == 4


def test_photo_for_viewer_checks_the_entry_and_the_comment(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    """A photo is reachable only through an entry the viewer may see, under that entry's id."""
    stranger = make_member()
    friendship_create(member, other)
    written = entry(member, photos=[jpeg()])
    elsewhere = entry(member, "members")
    photo = DiaryPhoto.objects.get(entry=written)
    assert selectors.photo_for_viewer(viewer=other, entry_id=written.pk, photo_id=photo.pk) == photo
    cases: list[tuple[Any, Any, Any]] = [
        (stranger, written.pk, photo.pk),
        (AnonymousUser(), written.pk, photo.pk),
        (other, elsewhere.pk, photo.pk),  # the right photo under the wrong (visible) entry
        (other, written.pk, "1;DROP"),
        (other, written.pk, 10**30),
    ]
    for viewer, entry_id, photo_id in cases:
        with pytest.raises(Http404):
            selectors.photo_for_viewer(viewer=viewer, entry_id=entry_id, photo_id=photo_id)


# --- comments -------------------------------------------------------------------------------------------


def test_comments_are_numbered_from_one_and_deleted_numbers_are_never_reused(member: Member, other: Member) -> None:
    """1, 2, 3; deleting 3 keeps its number, and the next comment is 4."""
    friendship_create(member, other)
    written = entry(member)
    made = [
        diary_comment_create(author=a, entry_id=written.pk, body=f"{n}") for n, a in enumerate([other, member, other])
    ]
    assert [c.number for c in made] == [1, 2, 3]
    diary_comment_delete(member=other, entry_id=written.pk, comment_id=made[2].pk)
    assert diary_comment_create(author=member, entry_id=written.pk, body="次").number == 4
    assert numbers(written) == [(1, False), (2, False), (3, True), (4, False)]
    stored = fresh(written)
    assert (stored.last_comment_number, stored.comment_count) == (4, 3)
    assert stored.last_commented_at == DiaryComment.objects.get(entry=written, number=4).created_at


def test_numbers_are_per_entry(member: Member, other: Member) -> None:
    friendship_create(member, other)
    first, second = entry(member), entry(member)
    diary_comment_create(author=other, entry_id=first.pk, body="a")
    diary_comment_create(author=other, entry_id=first.pk, body="b")
    assert diary_comment_create(author=other, entry_id=second.pk, body="c").number == 1


@pytest.mark.parametrize(
    "body", ["", "   ", "\n\n", None, 5, "あ" * (COMMENT_MAX_LENGTH + 1)], ids=lambda b: repr(b)[:12]
)
def test_invalid_comments_are_refused_and_take_no_number(member: Member, body: Any) -> None:
    written = entry(member)
    with refused(Invalid, "body"):
        diary_comment_create(author=member, entry_id=written.pk, body=body, photos=[jpeg()])
    assert fresh(written).last_comment_number == 0
    assert not DiaryComment.objects.exists()
    assert media_files() == []
    assert diary_comment_create(author=member, entry_id=written.pk, body="あ" * COMMENT_MAX_LENGTH).number == 1


def test_comment_with_a_bad_photo_takes_no_number_and_leaves_no_file(member: Member) -> None:
    written = entry(member)
    with refused(Invalid, "photos"):
        diary_comment_create(author=member, entry_id=written.pk, body="写真", photos=[jpeg(), b"nope"])
    assert (fresh(written).last_comment_number, media_files()) == (0, [])
    assert not CommentedEntry.objects.exists()


def test_closed_comments_are_refused_even_for_the_author(member: Member, other: Member) -> None:
    """With comments closed nobody may comment; reopening takes the next number."""
    friendship_create(member, other)
    written = entry(member, comments_open=False)
    for author in (other, member):
        with refused(Forbidden):
            diary_comment_create(author=author, entry_id=written.pk, body="開けて", photos=[jpeg()])
    assert (fresh(written).last_comment_number, media_files()) == (0, [])
    diary_entry_update(author=member, entry_id=written.pk, comments_open=True)
    assert diary_comment_create(author=other, entry_id=written.pk, body="開いた").number == 1


@pytest.mark.parametrize("entry_id", ["hidden", "missing", "garbage"])
def test_comment_on_an_entry_the_member_cannot_see_is_not_found(member: Member, other: Member, entry_id: str) -> None:
    """An entry hidden from the commenter is refused exactly like one that does not exist."""
    hidden = entry(member, "friends")
    target = {"hidden": hidden.pk, "missing": hidden.pk + 1000, "garbage": "1 OR 1=1"}[entry_id]
    with refused(NotFound):
        diary_comment_create(author=other, entry_id=target, body="こんにちは")
    assert not DiaryComment.objects.exists()


def test_comment_on_an_entry_deleted_meanwhile_is_not_found(member: Member, other: Member) -> None:
    """The entry goes between the visibility check and the row lock: NotFound, no comment, no files."""
    written = entry(member, "members")
    fetch = selectors.entry_for_viewer

    def fetch_then_delete(**kwargs: Any) -> selectors.VisibleEntry:
        visible = fetch(**kwargs)
        diary_entry_delete(author=member, entry_id=written.pk)
        return visible

    with mock.patch.object(selectors, "entry_for_viewer", fetch_then_delete), refused(NotFound):
        diary_comment_create(author=other, entry_id=written.pk, body="間に合わず", photos=[jpeg()])
    assert not DiaryComment.objects.exists() and not CommentedEntry.objects.exists()
    assert media_files() == []


def test_blocked_member_cannot_comment(member: Member, other: Member) -> None:
    written = entry(member, "members")
    block_create(blocker=member, blocked_id=other.pk)
    with refused(NotFound):
        diary_comment_create(author=other, entry_id=written.pk, body="見えている？")


def test_comment_delete_rights(member: Member, other: Member, make_member: MakeMember) -> None:
    """The comment's author and the entry's author may delete a comment; another reader may not."""
    third = make_member()
    written = entry(member, "members")
    first = diary_comment_create(author=other, entry_id=written.pk, body="一")
    second = diary_comment_create(author=other, entry_id=written.pk, body="二")
    with refused(Forbidden):
        diary_comment_delete(member=third, entry_id=written.pk, comment_id=first.pk)
    diary_comment_delete(member=other, entry_id=written.pk, comment_id=first.pk)
    diary_comment_delete(member=member, entry_id=written.pk, comment_id=second.pk)
    assert numbers(written) == [(1, True), (2, True)]
    with refused(NotFound):
        diary_comment_delete(member=other, entry_id=written.pk, comment_id=first.pk)
    assert fresh(written).comment_count == 0


def test_comment_delete_needs_the_right_entry(member: Member, other: Member) -> None:
    """A comment id under another entry, or under an entry the member cannot see, is not found."""
    written, elsewhere = entry(member, "members"), entry(member, "members")
    comment = diary_comment_create(author=other, entry_id=written.pk, body="一")
    with refused(NotFound):
        diary_comment_delete(member=other, entry_id=elsewhere.pk, comment_id=comment.pk)
    diary_entry_update(author=member, entry_id=written.pk, audience="only_me")
    with refused(NotFound):
        diary_comment_delete(member=other, entry_id=written.pk, comment_id=comment.pk)
    assert not DiaryComment.objects.get(pk=comment.pk).is_deleted


def test_deleted_comment_keeps_its_number_and_loses_text_author_photos_iine_and_notifications(
    member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    friendship_create(member, other)
    written = entry(member)
    with django_capture_on_commit_callbacks(execute=True):
        comment = diary_comment_create(author=other, entry_id=written.pk, body="消す前", photos=[jpeg(gps=True)])
    iine_add(member=member, kind="diary_comment", item_id=comment.pk)
    assert Notification.objects.filter(target_id=comment.pk).count() == 1
    photo = DiaryPhoto.objects.get(comment=comment)
    with django_capture_on_commit_callbacks(execute=True):
        diary_comment_delete(member=member, entry_id=written.pk, comment_id=comment.pk)
    gone = DiaryComment.objects.get(pk=comment.pk)
    assert (gone.number, gone.body, gone.body_html, gone.author_id) == (1, "", "", None)
    assert gone.is_deleted
    assert not DiaryPhoto.objects.filter(pk=photo.pk).exists()
    assert media_files() == []
    assert not Reaction.objects.exists()
    assert not Notification.objects.exists()
    listed = list(selectors.comments_for_viewer(viewer=other, entry=written))
    assert [(c.number, selectors.comment_readable(c)) for c in listed] == [(1, False)]
    with pytest.raises(Http404):
        selectors.photo_for_viewer(viewer=member, entry_id=written.pk, photo_id=photo.pk)


def test_comments_of_members_who_blocked_the_viewer_or_left_are_hidden_but_keep_numbers(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    """A comment by someone who blocked the viewer shows no text to the viewer (others still read it)."""
    reader, closed = make_member(), make_member()
    written = entry(member, "members")
    by_other = diary_comment_create(author=other, entry_id=written.pk, body="読める？", photos=[jpeg()])
    diary_comment_create(author=closed, entry_id=written.pk, body="退会予定")
    diary_comment_create(author=reader, entry_id=written.pk, body="読者です")
    block_create(blocker=other, blocked_id=reader.pk)
    closed.is_active = False
    closed.save(update_fields=["is_active"])

    def readable(viewer: Any) -> list[tuple[int, bool]]:
        return [
            (c.number, selectors.comment_readable(c))
            for c in selectors.comments_for_viewer(viewer=viewer, entry=written)
        ]

    assert readable(reader) == [(1, False), (2, False), (3, True)]
    assert readable(member) == [(1, True), (2, False), (3, True)]
    photo = DiaryPhoto.objects.get(comment=by_other)
    with pytest.raises(Http404):
        selectors.photo_for_viewer(viewer=reader, entry_id=written.pk, photo_id=photo.pk)
    assert selectors.photo_for_viewer(viewer=member, entry_id=written.pk, photo_id=photo.pk) == photo


# --- 「コメントした日記」 -----------------------------------------------------------------------------------


def unread(member: Member) -> dict[int, int]:
    return {row.entry_id: row.unread for row in selectors.commented_entries(member=member)}  # type: ignore[attr-defined]


def test_commented_entries_count_others_new_comments_and_reading_clears_them(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    """Others' comments after mine count as unread; my own do not; reading the entry clears the count."""
    third = make_member()
    written = entry(member, "members")
    assert unread(other) == {}
    diary_comment_create(author=other, entry_id=written.pk, body="一番")
    assert unread(other) == {written.pk: 0}
    diary_comment_create(author=member, entry_id=written.pk, body="ありがとう")
    diary_comment_create(author=third, entry_id=written.pk, body="私も")
    assert unread(other) == {written.pk: 2}
    assert unread(member) == {written.pk: 1}
    deleted = diary_comment_create(author=third, entry_id=written.pk, body="間違い")
    diary_comment_delete(member=third, entry_id=written.pk, comment_id=deleted.pk)
    assert unread(other) == {written.pk: 2}, "deleted comments are not news"
    comments_read(member=other, entry=fresh(written))
    assert unread(other) == {written.pk: 0}
    assert unread(member) == {written.pk: 1}, "reading is per member"
    diary_comment_create(author=third, entry_id=written.pk, body="追伸")
    diary_comment_create(author=other, entry_id=written.pk, body="返信")
    assert unread(other) == {written.pk: 0}, "commenting marks what came before as read"
    comments_read(member=AnonymousUser(), entry=fresh(written))  # nothing to do, no error


def test_commented_entries_newest_activity_first_and_only_entries_still_visible(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    """Latest comment first; an entry that became hidden (audience change, block, deletion) drops out."""
    friendship_create(member, other)
    author2 = make_member()
    older, newer, theirs = entry(member, "members"), entry(member, "friends"), entry(author2, "members")
    for target in (older, newer, theirs):
        diary_comment_create(author=other, entry_id=target.pk, body="コメント")
    diary_comment_create(author=member, entry_id=older.pk, body="返信")
    assert [row.entry_id for row in selectors.commented_entries(member=other)] == [older.pk, theirs.pk, newer.pk]
    diary_entry_update(author=member, entry_id=newer.pk, audience="only_me")
    block_create(blocker=author2, blocked_id=other.pk)
    assert [row.entry_id for row in selectors.commented_entries(member=other)] == [older.pk]
    diary_entry_delete(author=member, entry_id=older.pk)
    assert list(selectors.commented_entries(member=other)) == []


# --- selectors ------------------------------------------------------------------------------------------


def test_diary_page_and_month_archive(member: Member, other: Member, settings: Any) -> None:
    """Pages run newest first through a cursor; a month holds its entries oldest first, in the current zone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    written = []
    for day in (1, 2, 3):
        item = entry(member, "members", title=f"{day}日")
        item.created_at = datetime(2024, 3, day, 0, 30, tzinfo=tokyo)  # 15:30 UTC the day before
        item.save(update_fields=["created_at"])
        written.append(item)
    entry(member, "only_me", title="秘密")
    page = selectors.diary_page(viewer=other, author=member, limit=2)
    assert [e.title for e in page.items] == ["3日", "2日"]
    assert page.next_cursor
    rest = selectors.diary_page(viewer=other, author=member, cursor=page.next_cursor, limit=2)
    assert ([e.title for e in rest.items], rest.next_cursor) == (["1日"], None)
    settings.TIME_ZONE = "Asia/Tokyo"
    assert [e.title for e in selectors.month_entries(viewer=other, author=member, year=2024, month=3)] == [
        "1日",
        "2日",
        "3日",
    ]
    assert selectors.month_entries(viewer=other, author=member, year=2024, month=2) == []
    months = selectors.months_with_entries(viewer=other, author=member)
    assert months[-1][0].isoformat() == "2024-03-01" and months[-1][1] == 3
    assert sum(n for _, n in selectors.months_with_entries(viewer=member, author=member)) == 4
    for year, month in [(2024, 0), (2024, 13), (1899, 1), (9999, 12)]:
        with pytest.raises(Http404):
            selectors.month_bounds(year, month)
    assert selectors.month_bounds(2024, 12)[1] == datetime(2025, 1, 1, tzinfo=tokyo)


def test_adjacent_entries_skip_what_the_viewer_cannot_see(member: Member, other: Member) -> None:
    first, hidden, middle, last = (
        entry(member, "members"),
        entry(member, "only_me"),
        entry(member, "members"),
        entry(member, "members"),
    )
    assert selectors.adjacent_entries(viewer=other, entry=middle) == (first, last)
    assert selectors.adjacent_entries(viewer=member, entry=middle) == (hidden, last)
    assert selectors.adjacent_entries(viewer=other, entry=first) == (None, middle)


@pytest.mark.parametrize("raw", ["abc", "", None, True, "-1", "1e3", "١٢", 10**19, "1" * 19])
def test_ids_that_cannot_be_ids_are_404(member: Member, raw: Any) -> None:
    with pytest.raises(Http404):
        selectors.entry_for_viewer(viewer=member, entry_id=raw)


@pytest.mark.parametrize("raw", ["abc", "", None, "-1", 10**30])
def test_diary_owner_of_an_impossible_id_is_404(member: Member, raw: Any) -> None:
    with pytest.raises(Http404):
        selectors.diary_owner_for_viewer(viewer=member, member_id=raw)


# --- account deletion -----------------------------------------------------------------------------------


def test_account_deletion_erases_comments_elsewhere_but_keeps_their_numbers(
    member: Member, other: Member, make_member: MakeMember, django_capture_on_commit_callbacks: Any
) -> None:
    """The leaver's comments on others' entries lose text, author, photos and イイネ!; numbers stay; their own
    entries (with others' comments, photos and the notifications about them) go, files included, once the
    deletion has committed."""
    leaver = make_member(password=PASSWORD)
    friendship_create(member, leaver)
    friendship_create(other, leaver)
    with django_capture_on_commit_callbacks(execute=True):
        theirs = entry(member, "members")
        diary_comment_create(author=other, entry_id=theirs.pk, body="一")
        gone = diary_comment_create(author=leaver, entry_id=theirs.pk, body="二", photos=[jpeg()])
        diary_comment_create(author=other, entry_id=theirs.pk, body="三")
        own = entry(leaver, "members", photos=[jpeg()])
        on_own = diary_comment_create(author=member, entry_id=own.pk, body="読みました", photos=[jpeg()])
        diary_comment_create(author=other, entry_id=own.pk, body="私も")
    iine_add(member=other, kind="diary_comment", item_id=gone.pk)
    iine_add(member=member, kind="diary_entry", item_id=own.pk)
    iine_add(member=other, kind="diary_comment", item_id=on_own.pk)
    iine_add(member=leaver, kind="diary_entry", item_id=theirs.pk)
    assert len(media_files()) == 6
    assert Notification.objects.filter(recipient=member).count() == 4  # three on my entry, one on the leaver's
    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=leaver, password=PASSWORD)
    assert numbers(theirs) == [(1, False), (2, True), (3, False)]
    erased = DiaryComment.objects.get(pk=gone.pk)
    assert (erased.body, erased.body_html, erased.author_id) == ("", "", None)
    assert fresh(theirs).comment_count == 2
    assert fresh(theirs).last_comment_number == 3
    assert not DiaryEntry.objects.filter(pk=own.pk).exists()
    assert not Reaction.objects.exists()
    assert media_files() == []
    assert list(selectors.commented_entries(member=member)) == []
    assert set(Notification.objects.values_list("target_kind", "target_id")) == {
        ("diary_comment", c.pk) for c in DiaryComment.objects.filter(entry=theirs, number__in=[1, 3])
    }, "only notifications about comments that still exist (and not by the leaver) remain"
    assert diary_comment_create(author=member, entry_id=theirs.pk, body="四").number == 4
