"""Avatars: re-encoded without metadata and bounded in size; bad or huge files refused; removal."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.api.helpers import GPS_IFD, assert_error, jpeg_with_gps, png, png_header_only
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import api_token_create
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import avatar_set


@pytest.fixture
def reader(make_member: Callable[..., Member]) -> Member:
    """A member who reads the site in English."""
    return make_member("Reader", language="en")


@pytest.fixture
def reader_client(reader: Member) -> Client:
    client = Client()
    client.force_login(reader)
    return client


def stored_avatar(member: Member) -> str:
    return Profile.objects.get(member=member).avatar


def open_stored(name: str) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def assert_clean(name: str) -> Image.Image:
    """The stored avatar is a JPEG with no EXIF (so no location) and fits 512×512."""
    image = open_stored(name)
    assert image.format == "JPEG"
    assert "exif" not in image.info
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(GPS_IFD)
    assert image.width <= 512 and image.height <= 512
    with default_storage.open(name) as handle:
        raw = handle.read()
    assert b"Exif" not in raw
    assert b"TsunaguCam" not in raw
    return image


def upload_web(client: Client, data: bytes, name: str = "photo.jpg", capture: Any = None) -> Any:
    def post() -> Any:
        return client.post("/settings/profile/avatar/", {"avatar": SimpleUploadedFile(name, data)}, follow=True)

    if capture is None:
        return post()
    with capture(execute=True):
        return post()


def upload_api(client: Client, data: bytes, headers: dict[str, str], name: str = "photo.jpg") -> Any:
    return client.post("/api/v1/me/avatar", {"avatar": SimpleUploadedFile(name, data)}, headers=headers)


def test_test_image_really_carries_gps() -> None:
    """The upload used below does carry a GPS location, so the stripping tests mean something."""
    image = Image.open(io.BytesIO(jpeg_with_gps()))
    assert image.getexif().get_ifd(GPS_IFD)[1] == "N"


def test_web_upload_strips_exif_and_bounds_size(reader_client: Client, reader: Member) -> None:
    """An avatar uploaded on the page is stored without EXIF (no GPS) and at most 512×512."""
    response = upload_web(reader_client, jpeg_with_gps((1600, 1200)))
    assert response.status_code == 200
    assert "Your avatar was changed." in response.content.decode()
    name = stored_avatar(reader)
    assert name
    image = assert_clean(name)
    assert image.size == (512, 512)


def test_api_upload_strips_exif_and_bounds_size(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """POST /me/avatar (multipart `avatar`) stores a clean, bounded avatar and answers the profile with its URL."""
    response = upload_api(client, jpeg_with_gps((3000, 800)), bearer)
    assert response.status_code == 200, response.content
    name = stored_avatar(member)
    assert response.json()["avatar_url"] == default_storage.url(name)
    assert_clean(name)


def test_avatar_is_square(client: Client, member: Member, bearer: dict[str, str]) -> None:
    """A wide or small picture becomes a square avatar within 512×512."""
    upload_api(client, jpeg_with_gps((300, 100)), bearer)
    width, height = assert_clean(stored_avatar(member)).size
    assert width == height <= 512


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA", "1", "CMYK"])
def test_other_image_modes_are_accepted(member: Member, mode: str) -> None:
    """PNGs with transparency, palettes or 1-bit pixels become ordinary JPEG avatars."""
    image = Image.new(mode, (80, 60))
    out = io.BytesIO()
    image.save(out, "JPEG" if mode == "CMYK" else "PNG")
    profile = avatar_set(member=member, data=out.getvalue())
    assert assert_clean(profile.avatar).mode in ("RGB", "L")


def test_replacing_the_avatar_deletes_the_old_file(member: Member, django_capture_on_commit_callbacks: Any) -> None:
    """A new avatar replaces the old one, whose file is deleted once the change is committed."""
    with django_capture_on_commit_callbacks(execute=True):
        first = avatar_set(member=member, data=jpeg_with_gps()).avatar
    with django_capture_on_commit_callbacks(execute=True):
        second = avatar_set(member=member, data=png()).avatar
    assert first != second
    assert not default_storage.exists(first)
    assert default_storage.exists(second)


BAD_UPLOADS = {
    "not an image": (b"%PDF-1.4 this is not a picture at all" * 10, "This file is not an image we can read."),
    "empty": (b"", "The file is empty."),
    "truncated": (jpeg_with_gps()[:400], "This file is not an image we can read."),
    "bomb": (png_header_only(20000, 20000), "The image has too many pixels."),
    "too many pixels": (png_header_only(8000, 6000), "The image has too many pixels."),
}


def bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    return out.getvalue()


@pytest.mark.parametrize("kind", [*BAD_UPLOADS, "bmp"])
def test_bad_web_upload_is_refused_and_old_avatar_stays(reader_client: Client, reader: Member, kind: str) -> None:
    """A non-image, an empty file, a broken file, an unsupported format or a decompression bomb is refused with a clear message; the old avatar stays."""
    data, message = BAD_UPLOADS[kind] if kind != "bmp" else (bmp(), "Please upload a JPEG, PNG, GIF or WebP image.")
    old = avatar_set(member=reader, data=jpeg_with_gps()).avatar
    response = upload_web(reader_client, data, name="upload.png")
    assert message in response.content.decode()
    assert stored_avatar(reader) == old
    assert default_storage.exists(old)


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_bad_api_upload_is_422_and_old_avatar_stays(client: Client, reader: Member, kind: str) -> None:
    """The API refuses bad uploads with 422 naming the `avatar` field; the old avatar stays."""
    data, message = BAD_UPLOADS[kind]
    old = avatar_set(member=reader, data=jpeg_with_gps()).avatar
    response = upload_api(client, data, {"Authorization": f"Bearer {api_token_create(member=reader)}"})
    error = assert_error(response, 422)
    assert error["fields"]["avatar"] == [message]
    assert stored_avatar(reader) == old


def test_too_large_file_is_refused(reader_client: Client, reader: Member, settings: Any) -> None:
    """A file over the configured size limit is refused with a message, before decoding; the old avatar stays."""
    old = avatar_set(member=reader, data=png()).avatar
    settings.AVATAR_MAX_UPLOAD_BYTES = 2048
    big = jpeg_with_gps((800, 800))
    assert len(big) > 2048
    response = upload_web(reader_client, big)
    assert "The file is too large" in response.content.decode()
    assert stored_avatar(reader) == old


def test_too_large_file_is_refused_by_the_api(
    client: Client, member: Member, bearer: dict[str, str], settings: Any
) -> None:
    """The API refuses an over-size file with 422 too."""
    settings.AVATAR_MAX_UPLOAD_BYTES = 2048
    error = assert_error(upload_api(client, jpeg_with_gps((800, 800)), bearer), 422)
    assert "avatar" in error["fields"]
    assert stored_avatar(member) == ""


def test_missing_file_is_refused(reader_client: Client, reader: Member, client: Client, bearer: dict[str, str]) -> None:
    """A form without a file asks for one; the API answers 422."""
    response = reader_client.post("/settings/profile/avatar/", {}, follow=True)
    assert "Choose an image file to upload." in response.content.decode()
    assert_error(client.post("/api/v1/me/avatar", {}, headers=bearer), 422)


def test_removing_the_avatar_deletes_the_file(
    reader_client: Client, reader: Member, django_capture_on_commit_callbacks: Any
) -> None:
    """Removing the avatar on the page clears it and deletes the file after commit."""
    name = avatar_set(member=reader, data=jpeg_with_gps()).avatar
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reader_client.post("/settings/profile/avatar/remove/")
    assert stored_avatar(reader) == ""
    assert default_storage.exists(name)  # not before commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)


def test_removing_the_avatar_by_api(
    client: Client, member: Member, bearer: dict[str, str], django_capture_on_commit_callbacks: Any
) -> None:
    """DELETE /me/avatar clears the avatar and deletes its file."""
    name = avatar_set(member=member, data=jpeg_with_gps()).avatar
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete("/api/v1/me/avatar", headers=bearer)
    assert response.status_code == 200
    assert response.json()["avatar_url"] is None
    assert not default_storage.exists(name)


def test_avatar_is_shown_on_the_profile_page(member: Member, other: Member) -> None:
    """The profile page shows the avatar's URL."""
    name = avatar_set(member=member, data=jpeg_with_gps()).avatar
    client = Client()
    client.force_login(other)
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert default_storage.url(name) in html
