"""Image intake: decode with Pillow, refuse what is bad or huge, re-encode without metadata."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_PIXELS = 40_000_000


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message is for the member."""


@dataclass(frozen=True)
class EncodedImage:
    content: bytes
    width: int
    height: int
    extension: str = "jpg"


def image_reencode(data: bytes, *, max_bytes: int, box: tuple[int, int], square: bool = False) -> EncodedImage:
    """Decode `data`, fit it into `box` and return it as a fresh JPEG with no EXIF or other metadata."""
    if not data:
        raise ImageRejected(_("The file is empty."))
    if len(data) > max_bytes:
        raise ImageRejected(_("The file is too large (at most %(mb)s MB).") % {"mb": f"{max_bytes / 1024 / 1024:g}"})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageRejected(_("Please upload a JPEG, PNG, GIF or WebP image."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected(_("The image has too many pixels."))
            probe.verify()
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses these dimensions before we can check them ourselves.
        raise ImageRejected(_("The image has too many pixels.")) from None
    except UnidentifiedImageError:
        raise ImageRejected(_("This file is not an image we can read.")) from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRejected(_("This file is not an image we can read.")) from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    if square:
        side = min(image.size)
        image = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    image.thumbnail(box, Image.Resampling.LANCZOS)  # shrinks to fit, never enlarges
    out = io.BytesIO()
    # A new image object carries no EXIF, ICC or XMP unless we pass them: we pass none.
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return EncodedImage(content=out.getvalue(), width=image.width, height=image.height)
