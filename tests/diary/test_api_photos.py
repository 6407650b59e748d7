"""Diary photos through the API: uploaded with an entry or a comment or added later (three at most), stripped
of EXIF and location, and served as bytes only to those who may see the entry (and read the comment)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from tests.api.helpers import GPS_IFD, assert_error, jpeg_with_gps, png
from tests.friends.api.helpers import api, auth, block
from tsunagu.accounts.models import Member
from tsunagu.core.services import site_settings_update
from tsunagu.diary import services
from tsunagu.diary.models import DiaryComment, DiaryEntry, DiaryPhoto
from tsunagu.friends.services import friend_request_accept, friend_request_send

pytestmark = pytest.mark.django_db

ENTRY = {"title": "写真日記", "body": "旅行の写真", "audience": "friends"}


def befriend(a: Member, b: Member) -> None:
    request = friend_request_send(sender=a, recipient_id=b.pk)
    friend_request_accept(recipient=b, request_id=request.pk)


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_form(client: Client, path: str, as_: Member | None, data: dict[str, Any]) -> HttpResponse:
    """A multipart POST to /api/v1`path`."""
    return client.post(f"/api/v1{path}", data, headers=auth(as_) if as_ is not None else {})


def fetch(client: Client, url: str, as_: Member | None) -> HttpResponse:
    return client.get(url, headers=auth(as_) if as_ is not None else {})


def image_of(response: Any) -> Image.Image:
    assert response.status_code == 200, getattr(response, "content", b"")
    assert response["Content-Type"] == "image/jpeg"
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "photos"
    return sorted(folder.iterdir()) if folder.exists() else []


def ja(message: str) -> str:
    with translation.override("ja"):
        return gettext(message)


@pytest.fixture
def friend(make_member: Callable[..., Member], member: Member) -> Member:
    person = make_member("高橋友子")
    befriend(member, person)
    return person


def test_photos_attached_at_creation_are_listed_and_served(client: Client, member: Member, friend: Member) -> None:
    """Two files `photos` with the entry: the answer lists them with API URLs that serve JPEG bytes."""
    response = post_form(client, "/diary", member, {**ENTRY, "photos": [upload(png((800, 600))), upload(png())]})
    assert response.status_code == 201, response.content
    photos = response.json()["photos"]
    stored = list(DiaryPhoto.objects.order_by("position"))
    entry = DiaryEntry.objects.get()
    assert photos == [
        {
            "id": photo.pk,
            "width": photo.width,
            "height": photo.height,
            "url": f"/api/v1/diary/{entry.pk}/photos/{photo.pk}",
            "thumbnail_url": f"/api/v1/diary/{entry.pk}/photos/{photo.pk}?size=thumbnail",
        }
        for photo in stored
    ]
    assert (photos[0]["width"], photos[0]["height"]) == (800, 600)
    full = image_of(fetch(client, photos[0]["url"], friend))
    thumbnail = image_of(fetch(client, photos[0]["thumbnail_url"], friend))
    assert full.size == (800, 600)
    assert max(thumbnail.size) <= 320
    # The entry and the list carry the same photos.
    assert api(client, "get", f"/diary/{entry.pk}", friend).json()["photos"] == photos
    assert api(client, "get", f"/members/{member.pk}/diary", friend).json()["items"][0]["photos"] == photos


def test_exif_and_location_are_gone_from_an_uploaded_photo(client: Client, member: Member, friend: Member) -> None:
    """A JPEG with GPS and camera EXIF comes back without any EXIF."""
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(GPS_IFD)  # the test image really carries a location
    response = post_form(client, "/diary", member, {**ENTRY, "photos": [upload(jpeg_with_gps())]})
    assert response.status_code == 201, response.content
    photo = response.json()["photos"][0]
    for url in (photo["url"], photo["thumbnail_url"]):
        served = image_of(fetch(client, url, friend))
        assert len(served.getexif()) == 0
        assert not served.getexif().get_ifd(GPS_IFD)
        assert "exif" not in served.info
    for path in stored_files():
        assert b"TsunaguCam" not in path.read_bytes()


def test_four_photos_are_refused_and_nothing_is_stored(client: Client, member: Member) -> None:
    response = post_form(client, "/diary", member, {**ENTRY, "photos": [upload(png()) for _ in range(4)]})
    error = assert_error(response, 422, "invalid")
    assert list(error["fields"]) == ["photos"]
    assert not DiaryEntry.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not really", "This file is not an image we can read."),
        (b"%PDF-1.4 hello", "This file is not an image we can read."),
        (b"", "The file is empty."),
    ],
)
def test_files_that_are_not_images_are_refused(client: Client, member: Member, data: bytes, message: str) -> None:
    """A non-image (even next to a good one) answers 422 on `photos` in the member's language; nothing stays."""
    files = [upload(png()), upload(data, "evil.jpg")]
    error = assert_error(post_form(client, "/diary", member, {**ENTRY, "photos": files}), 422, "invalid")
    assert error["fields"] == {"photos": [ja(message)]}
    assert not DiaryEntry.objects.exists()
    assert stored_files() == []


def test_a_bad_field_with_good_photos_stores_nothing(client: Client, member: Member) -> None:
    response = post_form(client, "/diary", member, {**ENTRY, "title": "", "photos": [upload(png())]})
    assert_error(response, 422, "invalid")
    assert stored_files() == []


def test_other_file_fields_are_refused(client: Client, member: Member) -> None:
    response = post_form(client, "/diary", member, {**ENTRY, "attachment": upload(png())})
    error = assert_error(response, 422, "invalid")
    assert list(error["fields"]) == ["attachment"]
    response = post_form(client, "/diary", member, {**ENTRY, "photos": "not a file"})
    assert list(assert_error(response, 422, "invalid")["fields"]) == ["photos"]
    assert not DiaryEntry.objects.exists()


def test_adding_photos_later_up_to_three(client: Client, member: Member) -> None:
    """POST /diary/{id}/photos answers 201 with the new photos; a fourth in all is refused."""
    entry = services.diary_entry_create(author=member, photos=[png()], **ENTRY)
    response = post_form(client, f"/diary/{entry.pk}/photos", member, {"photos": [upload(png()), upload(png())]})
    assert response.status_code == 201, response.content
    added = response.json()
    assert [photo["id"] for photo in added] == list(
        DiaryPhoto.objects.filter(entry=entry).order_by("position").values_list("pk", flat=True)[1:]
    )
    files = len(stored_files())
    error = assert_error(post_form(client, f"/diary/{entry.pk}/photos", member, {"photos": [upload(png())]}), 422)
    assert list(error["fields"]) == ["photos"]
    assert DiaryPhoto.objects.filter(entry=entry).count() == 3
    assert len(stored_files()) == files


def test_adding_no_photo_is_refused(client: Client, member: Member) -> None:
    entry = services.diary_entry_create(author=member, **ENTRY)
    error = assert_error(post_form(client, f"/diary/{entry.pk}/photos", member, {}), 422, "invalid")
    assert list(error["fields"]) == ["photos"]
    error = assert_error(api(client, "post", f"/diary/{entry.pk}/photos", member, {"caption": "x"}), 422, "invalid")
    assert list(error["fields"]) == ["caption"]


def test_only_the_author_adds_or_removes_photos(client: Client, member: Member, friend: Member, other: Member) -> None:
    """A friend who sees the entry gets 403; a stranger who does not gets 404; nothing changes."""
    entry = services.diary_entry_create(author=member, photos=[png()], **ENTRY)
    photo = DiaryPhoto.objects.get()
    assert_error(post_form(client, f"/diary/{entry.pk}/photos", friend, {"photos": [upload(png())]}), 403)
    assert_error(post_form(client, f"/diary/{entry.pk}/photos", other, {"photos": [upload(png())]}), 404)
    assert_error(api(client, "delete", f"/diary/{entry.pk}/photos/{photo.pk}", friend), 403, "forbidden")
    assert_error(api(client, "delete", f"/diary/{entry.pk}/photos/{photo.pk}", other), 404, "not_found")
    assert DiaryPhoto.objects.count() == 1
    assert len(stored_files()) == 2  # the photo and its thumbnail


def test_removing_a_photo(
    client: Client, member: Member, friend: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """DELETE answers 204; the photo is gone from the entry, its URL is 404, and its files are deleted."""
    entry = services.diary_entry_create(author=member, photos=[png(), png()], **ENTRY)
    gone, kept = DiaryPhoto.objects.order_by("position")
    with django_capture_on_commit_callbacks(execute=True):
        response = api(client, "delete", f"/diary/{entry.pk}/photos/{gone.pk}", member)
    assert response.status_code == 204
    assert [p["id"] for p in api(client, "get", f"/diary/{entry.pk}", member).json()["photos"]] == [kept.pk]
    assert_error(fetch(client, f"/api/v1/diary/{entry.pk}/photos/{gone.pk}", friend), 404, "not_found")
    assert len(stored_files()) == 2
    assert_error(api(client, "delete", f"/diary/{entry.pk}/photos/{gone.pk}", member), 404, "not_found")


def test_a_photo_of_a_hidden_entry_is_404(
    client: Client, member: Member, friend: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    """Strangers, blocked members and anonymous visitors get 404 for the bytes, like a photo that does not exist."""
    entry = services.diary_entry_create(author=member, photos=[png()], **ENTRY)
    photo = DiaryPhoto.objects.get()
    blocked = make_member()
    befriend(member, blocked)
    block(member, blocked)
    site_settings_update(web_public_allowed=True)
    url = f"/api/v1/diary/{entry.pk}/photos/{photo.pk}"
    image_of(fetch(client, url, friend))
    for viewer in (other, blocked, None):
        assert_error(fetch(client, url, viewer), 404, "not_found")
        assert_error(fetch(client, f"{url}?size=thumbnail", viewer), 404, "not_found")
    # A photo id under another entry's path is not found either.
    elsewhere = services.diary_entry_create(author=member, **ENTRY)
    assert_error(fetch(client, f"/api/v1/diary/{elsewhere.pk}/photos/{photo.pk}", member), 404, "not_found")


def test_anonymous_visitors_fetch_photos_of_public_entries(client: Client, member: Member) -> None:
    entry = services.diary_entry_create(author=member, photos=[png()], **{**ENTRY, "audience": "public"})
    url = f"/api/v1/diary/{entry.pk}/photos/{DiaryPhoto.objects.get().pk}"
    assert_error(fetch(client, url, None), 404, "not_found")
    site_settings_update(web_public_allowed=True)
    response = fetch(client, url, None)
    image_of(response)
    assert response["Cache-Control"] == "private, max-age=3600"


def test_an_unknown_size_is_422(client: Client, member: Member) -> None:
    entry = services.diary_entry_create(author=member, photos=[png()], **ENTRY)
    url = f"/api/v1/diary/{entry.pk}/photos/{DiaryPhoto.objects.get().pk}?size=huge"
    error = assert_error(fetch(client, url, member), 422, "invalid")
    assert list(error["fields"]) == ["size"]


def test_comment_photos(client: Client, member: Member, friend: Member, make_member: Callable[..., Member]) -> None:
    """A comment takes photos from a form; they are served to readers, and 404 to a viewer the commenter blocked."""
    entry = services.diary_entry_create(author=member, **{**ENTRY, "audience": "members"})
    response = post_form(client, f"/diary/{entry.pk}/comments", friend, {"body": "写真つき", "photos": [upload(png())]})
    assert response.status_code == 201, response.content
    photo = response.json()["photos"][0]
    assert photo["url"] == f"/api/v1/diary/{entry.pk}/photos/{DiaryPhoto.objects.get(comment__isnull=False).pk}"
    listed = api(client, "get", f"/diary/{entry.pk}/comments", member).json()["items"][0]
    assert listed["photos"] == [photo]
    assert api(client, "get", f"/diary/{entry.pk}", member).json()["photos"] == []  # not the entry's own
    image_of(fetch(client, photo["url"], member))
    blocked = make_member()
    block(friend, blocked)
    assert_error(fetch(client, photo["url"], blocked), 404, "not_found")


def test_comment_with_four_photos_is_refused(client: Client, member: Member, friend: Member) -> None:
    entry = services.diary_entry_create(author=member, **ENTRY)
    data = {"body": "多すぎ", "photos": [upload(png()) for _ in range(4)]}
    error = assert_error(post_form(client, f"/diary/{entry.pk}/comments", friend, data), 422, "invalid")
    assert list(error["fields"]) == ["photos"]
    assert not DiaryComment.objects.exists()
    assert stored_files() == []
