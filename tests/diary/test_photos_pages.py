"""Diary photos on the web pages: uploaded with an entry or a comment, added and removed while editing (three at
most), and served (full size and thumbnail, without location) only to those who may see the entry and comment."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from tests.api.helpers import GPS_IFD, jpeg_with_gps, png
from tests.friends.test_pages import as_member, befriend, html
from tsunagu.accounts.models import Member
from tsunagu.diary.models import DiaryComment, DiaryEntry, DiaryPhoto
from tsunagu.diary.services import diary_comment_delete, diary_entry_create
from tsunagu.friends.services import block_create

pytestmark = pytest.mark.django_db

ENTRY = {"title": "写真日記", "body": "旅行の写真", "audience": "friends"}


def ja(message: str) -> str:
    with translation.override("ja"):
        return escape(translation.gettext(message))


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "photos"
    return sorted(folder.iterdir()) if folder.exists() else []


def image_of(response: Any) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def friend(make_member: Callable[..., Member], member: Member) -> Member:
    person = make_member("高橋友子")
    befriend(member, person)
    return person


@pytest.fixture
def stranger(make_member: Callable[..., Member]) -> Member:
    return make_member("知らない人")


def test_write_with_photos_and_see_them(member: Member, friend: Member) -> None:
    """Photos chosen in the write form are stored in order, shown as thumbnails linking to the full image."""
    client = as_member(member)
    response = client.post(
        "/diary/new/", {**ENTRY, "photo1": upload(jpeg_with_gps()), "photo3": upload(png((400, 300)))}
    )
    assert response.status_code == 302
    entry = DiaryEntry.objects.get()
    photos = list(entry.photos.order_by("position"))
    assert [p.position for p in photos] == [1, 2]
    page = html(as_member(friend).get(f"/diary/{entry.pk}/"))
    for photo in photos:
        assert f'href="/diary/{entry.pk}/photos/{photo.pk}/"' in page
        assert f'src="/diary/{entry.pk}/photos/{photo.pk}/thumbnail/"' in page
    assert f'src="/diary/{entry.pk}/photos/{photos[0].pk}/thumbnail/"' in html(
        as_member(friend).get(f"/members/{member.pk}/diary/")
    )


def test_photos_are_served_without_location_to_viewers_only(
    member: Member, friend: Member, stranger: Member, client: Client
) -> None:
    entry = diary_entry_create(author=member, photos=[jpeg_with_gps((1600, 1200))], **ENTRY)
    photo = entry.photos.get()
    full = f"/diary/{entry.pk}/photos/{photo.pk}/"
    thumbnail = f"/diary/{entry.pk}/photos/{photo.pk}/thumbnail/"
    for viewer in (member, friend):
        image = image_of(as_member(viewer).get(full))
        assert image.size == (1600, 1200)
        assert GPS_IFD not in image.getexif()
        assert max(image_of(as_member(viewer).get(thumbnail)).size) <= 320
    for path in (full, thumbnail):
        assert as_member(stranger).get(path).status_code == 404
        assert client.get(path).status_code == 404
    block_create(blocker=member, blocked_id=friend.pk)
    assert as_member(friend).get(full).status_code == 404


def test_photo_addresses_must_match_their_entry(member: Member, friend: Member) -> None:
    """A photo asked for under another entry's address (even one the viewer may see), or one that is gone, is 404."""
    hidden = diary_entry_create(author=member, photos=[png()], **{**ENTRY, "audience": "only_me"})
    visible = diary_entry_create(author=member, **ENTRY)
    photo = hidden.photos.get()
    client = as_member(friend)
    assert client.get(f"/diary/{visible.pk}/photos/{photo.pk}/").status_code == 404
    assert client.get(f"/diary/{visible.pk}/photos/99999999/").status_code == 404
    assert client.get(f"/diary/{hidden.pk}/photos/{photo.pk}/thumbnail/").status_code == 404


def test_comment_photos_follow_the_comment(member: Member, friend: Member, make_member: Callable[..., Member]) -> None:
    """A comment's photo is shown with it; hidden from a member the commenter blocked; gone with the comment."""
    third = make_member("第三者")
    befriend(member, third)
    entry = diary_entry_create(author=member, **ENTRY)
    response = as_member(friend).post(
        f"/diary/{entry.pk}/comments/", {"body": "写真もどうぞ", "photo2": upload(png((200, 100)))}
    )
    assert response.status_code == 302
    comment = DiaryComment.objects.get()
    photo = comment.photos.get()
    path = f"/diary/{entry.pk}/photos/{photo.pk}/"
    assert f'src="{path}thumbnail/"' in html(as_member(third).get(f"/diary/{entry.pk}/"))
    assert image_of(as_member(third).get(path)).size == (200, 100)

    block_create(blocker=friend, blocked_id=third.pk)
    assert f'src="{path}thumbnail/"' not in html(as_member(third).get(f"/diary/{entry.pk}/"))
    assert as_member(third).get(path).status_code == 404
    assert as_member(member).get(path).status_code == 200

    diary_comment_delete(member=member, entry_id=entry.pk, comment_id=comment.pk)
    assert as_member(member).get(path).status_code == 404


def test_a_file_that_is_not_an_image_refuses_the_whole_entry(member: Member) -> None:
    response = as_member(member).post(
        "/diary/new/", {**ENTRY, "photo1": upload(png()), "photo2": upload(b"not an image", "notes.txt")}
    )
    assert response.status_code == 400
    assert ja("This file is not an image we can read.") in html(response)
    assert 'value="写真日記"' in html(response)  # what was typed is kept
    assert not DiaryEntry.objects.exists()
    assert stored_files() == []


def test_an_empty_file_is_refused(member: Member) -> None:
    response = as_member(member).post("/diary/new/", {**ENTRY, "photo1": upload(b"")})
    assert response.status_code == 400
    assert not DiaryEntry.objects.exists()


def test_a_comment_with_a_bad_photo_is_not_posted(member: Member, friend: Member) -> None:
    entry = diary_entry_create(author=member, **ENTRY)
    response = as_member(friend).post(
        f"/diary/{entry.pk}/comments/", {"body": "どうぞ", "photo1": upload(b"GIF89a broken")}
    )
    assert response.status_code == 400
    assert ja("This file is not an image we can read.") in html(response)
    assert "どうぞ" in html(response)
    assert not DiaryComment.objects.exists()
    assert DiaryEntry.objects.get(pk=entry.pk).last_comment_number == 0
    assert stored_files() == []


def test_edit_offers_one_input_per_free_slot_and_adds_photos(member: Member) -> None:
    entry = diary_entry_create(author=member, photos=[png()], **ENTRY)
    client = as_member(member)
    page = html(client.get(f"/diary/{entry.pk}/edit/"))
    assert 'name="photo1"' in page and 'name="photo2"' in page and 'name="photo3"' not in page
    assert 'data-action="remove-photo"' in page
    response = client.post(
        f"/diary/{entry.pk}/edit/", {**ENTRY, "title": "写真を追加", "photo1": upload(png()), "photo2": upload(png())}
    )
    assert response.status_code == 302
    assert entry.photos.count() == 3
    assert DiaryEntry.objects.get(pk=entry.pk).title == "写真を追加"
    page = html(client.get(f"/diary/{entry.pk}/edit/"))
    assert 'name="photo1"' not in page
    assert ja("This entry has as many photos as it can have. Remove one to add another.") in page


def test_a_refused_photo_while_editing_changes_nothing(member: Member) -> None:
    entry = diary_entry_create(author=member, **ENTRY)
    files = stored_files()
    response = as_member(member).post(
        f"/diary/{entry.pk}/edit/", {**ENTRY, "title": "変えたい", "photo1": upload(png()), "photo2": upload(b"x")}
    )
    assert response.status_code == 400
    assert DiaryEntry.objects.get(pk=entry.pk).title == "写真日記"
    assert not DiaryPhoto.objects.exists()
    assert stored_files() == files


def test_remove_a_photo(member: Member, friend: Member, django_capture_on_commit_callbacks: Any) -> None:
    entry = diary_entry_create(author=member, photos=[png(), png()], **ENTRY)
    first, second = entry.photos.order_by("position")
    path = f"/diary/{entry.pk}/photos/{first.pk}/delete/"
    assert as_member(friend).post(path).status_code == 404
    assert as_member(member).get(path).status_code == 405
    assert len(stored_files()) == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = as_member(member).post(path)
    assert response.status_code == 302 and response["Location"] == f"/diary/{entry.pk}/edit/"
    assert list(entry.photos.all()) == [second]
    assert len(stored_files()) == 2
    assert as_member(member).get(f"/diary/{entry.pk}/photos/{first.pk}/").status_code == 404
    assert as_member(member).post(path).status_code == 404  # already gone
