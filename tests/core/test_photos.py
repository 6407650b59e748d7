"""Photo intake and storage (core.photos): re-encoded without metadata, bounded, stored under unguessable
names, removed again when the write that stored them fails, deleted only after commit, served privately."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from PIL import ExifTags, Image

from tests.diary.test_services import jpeg, media_files
from tsunagu.core.errors import Invalid
from tsunagu.core.photos import (
    PHOTO_BOX,
    PHOTOS_PER_ITEM,
    photo_files_delete,
    photo_response,
    photo_store,
    photos_stored,
)


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30), mode: str = "RGB", **save: Any) -> bytes:
    color: Any = (10, 200, 30, 0) if mode == "RGBA" else ((10, 200, 30) if mode == "RGB" else 0)
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save)
    return out.getvalue()


def opened(name: str) -> tuple[Image.Image, bytes]:
    with default_storage.open(name) as file:
        data = file.read()
    return Image.open(io.BytesIO(data)), data


def test_stored_photo_has_no_exif_and_fits_the_box() -> None:
    stored = photo_store(jpeg((3200, 2400), gps=True))
    image, data = opened(stored.image)
    assert (image.format, image.size, (stored.width, stored.height)) == ("JPEG", (1600, 1200), (1600, 1200))
    assert image.size[0] <= PHOTO_BOX[0] and image.size[1] <= PHOTO_BOX[1]
    assert len(image.getexif()) == 0 and not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Exif" not in data and b"TsunaguCam" not in data
    thumbnail, _ = opened(stored.thumbnail)
    assert thumbnail.size == (320, 240)


def test_names_are_unguessable_and_distinct() -> None:
    names = [photo_store(jpeg()).image for _ in range(3)]
    assert len(set(names)) == 3
    assert all(name.startswith("photos/") and len(name) > len("photos/") + 30 for name in names)


def test_orientation_is_applied_before_the_exif_is_dropped() -> None:
    """A portrait photo stored sideways with an EXIF orientation comes out upright (the tag itself is gone)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (80, 40), (0, 0, 255)).save(out, "JPEG", exif=exif)
    stored = photo_store(out.getvalue())
    assert (stored.width, stored.height) == (40, 80)


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (image_bytes("PNG", mode="RGBA"), (40, 30)),
        (image_bytes("PNG", mode="P"), (40, 30)),
        (image_bytes("GIF", mode="P"), (40, 30)),
        (image_bytes("WEBP"), (40, 30)),
        (image_bytes("PNG", mode="L"), (40, 30)),
    ],
    ids=["png-alpha", "png-palette", "gif", "webp", "grey"],
)
def test_accepted_formats_become_jpeg(data: bytes, size: tuple[int, int]) -> None:
    stored = photo_store(data)
    image, _ = opened(stored.image)
    assert (image.format, image.size) == ("JPEG", size)
    assert stored.image.endswith(".jpg")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain text",
        image_bytes("BMP"),
        image_bytes("TIFF"),
        jpeg((200, 200))[:200],
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    ],
    ids=["empty", "text", "bmp", "tiff", "truncated", "svg"],
)
def test_other_files_are_refused_naming_the_field(data: bytes) -> None:
    with pytest.raises(Invalid) as caught:
        photo_store(data, field="image")
    assert list(caught.value.fields) == ["image"] and caught.value.message
    assert media_files() == []


def test_images_with_too_many_pixels_are_refused() -> None:
    """A tiny file that decodes to a huge image (a decompression bomb) is refused before decoding."""
    bomb = image_bytes("PNG", size=(10_000, 10_000), mode="L", optimize=True)
    assert len(bomb) < 1_000_000
    with pytest.raises(Invalid):
        photo_store(bomb)
    assert media_files() == []


def test_a_failing_block_removes_the_files_it_stored() -> None:
    with pytest.raises(RuntimeError), photos_stored([jpeg(), jpeg()]) as stored:
        assert len(stored) == 2 and len(media_files()) == 4
        raise RuntimeError("the write failed")
    assert media_files() == []


def test_a_bad_upload_removes_the_good_ones_stored_before_it() -> None:
    with pytest.raises(Invalid), photos_stored([jpeg(), b"bad"]):
        pytest.fail("the block does not run")
    assert media_files() == []


def test_a_successful_block_keeps_its_files() -> None:
    with photos_stored([jpeg()]) as stored:
        pass
    assert media_files() == sorted([stored[0].image, stored[0].thumbnail])


def test_the_count_includes_photos_the_item_already_has() -> None:
    with pytest.raises(Invalid) as caught, photos_stored([jpeg()], already=PHOTOS_PER_ITEM):
        pass
    assert caught.value.fields["photos"]
    with photos_stored([jpeg()], already=PHOTOS_PER_ITEM - 1) as stored:
        assert len(stored) == 1


@pytest.mark.django_db(transaction=True)
def test_files_are_deleted_only_when_the_transaction_commits() -> None:
    """A rolled-back deletion keeps the files; a committed one removes them."""
    stored = photo_store(jpeg())
    names = [stored.image, stored.thumbnail]

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        photo_files_delete(names)
        raise Rollback
    assert media_files() == sorted(names)
    with transaction.atomic():
        photo_files_delete(["", *names])
        assert media_files() == sorted(names)
    assert media_files() == []


@pytest.mark.django_db  # closing a response signals request_finished, which tidies database connections
def test_photo_response_is_private_and_not_sniffable() -> None:
    stored = photo_store(jpeg())
    response = photo_response(stored.image)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[arg-type]
    response.close()
    with pytest.raises(Http404):
        photo_response("photos/missing.jpg")
