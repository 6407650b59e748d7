"""Photos attached to content: re-encoded, stored under unguessable names, served only through policy-checked views.

Files live in the default storage under `photos/`, which is never served as public media: the only way
to fetch one is a view that first fetched its item for the viewer (404 otherwise), then `photo_response`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import ngettext

from tsunagu.core.errors import Invalid
from tsunagu.core.images import ImageRejected, image_reencode

PHOTO_BOX = (1600, 1600)
THUMBNAIL_BOX = (320, 320)
PHOTOS_PER_ITEM = 3
FOLDER = "photos"


@dataclass(frozen=True)
class StoredPhoto:
    image: str
    thumbnail: str
    width: int
    height: int


def photo_store(data: bytes, *, field: str = "photos") -> StoredPhoto:
    """Re-encode an upload (no EXIF or location, bounded size) and store it with its thumbnail.

    Raises `Invalid` naming `field` for anything that is not an acceptable image.
    """
    try:
        image = image_reencode(data, max_bytes=settings.PHOTO_MAX_UPLOAD_BYTES, box=PHOTO_BOX)
        thumbnail = image_reencode(image.content, max_bytes=len(image.content), box=THUMBNAIL_BOX)
    except ImageRejected as error:
        raise Invalid(str(error), fields={field: [str(error)]}) from None
    key = secrets.token_urlsafe(24)
    return StoredPhoto(
        image=default_storage.save(f"{FOLDER}/{key}.{image.extension}", ContentFile(image.content)),
        thumbnail=default_storage.save(f"{FOLDER}/{key}.thumb.{thumbnail.extension}", ContentFile(thumbnail.content)),
        width=image.width,
        height=image.height,
    )


@contextmanager
def photos_stored(
    uploads: Sequence[bytes], *, field: str = "photos", already: int = 0, most: int = PHOTOS_PER_ITEM
) -> Iterator[list[StoredPhoto]]:
    """Store the uploads for the `with` block; if the block fails, the files are deleted again.

    So a post refused after its photos were stored (or rolled back) leaves no file behind. Refuses more
    than `most` photos in all (`already` counts those the item has).
    """
    if already + len(uploads) > most:
        message = ngettext("Attach at most %(count)d photo.", "Attach at most %(count)d photos.", most) % {
            "count": most
        }
        raise Invalid(message, fields={field: [message]})
    stored: list[StoredPhoto] = []
    try:
        for data in uploads:
            stored.append(photo_store(data, field=field))
        yield stored
    except BaseException:
        for photo in stored:
            default_storage.delete(photo.image)
            default_storage.delete(photo.thumbnail)
        raise


def photo_file_names(photos: Any) -> list[str]:
    """The stored files (image and thumbnail) of a queryset of photo rows."""
    return [name for image, thumbnail in photos.values_list("image", "thumbnail") for name in (image, thumbnail)]


def photo_files_delete(names: list[str]) -> None:
    """Delete stored files once the transaction that dropped their rows has committed."""
    names = [name for name in names if name]
    if names:

        def delete() -> None:
            for name in names:
                default_storage.delete(name)

        transaction.on_commit(delete)


def photo_response(name: str) -> FileResponse:
    """The stored file, cacheable by the viewer's browser only (never by shared caches)."""
    try:
        file = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
