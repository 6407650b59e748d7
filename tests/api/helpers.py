"""Helpers shared by the API, account and profile tests: JSON calls and test images."""

from __future__ import annotations

import functools
import io
import json
import re
from typing import Any

from django.http import HttpResponse
from django.test import Client
from PIL import Image

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
GPS_IFD = 0x8825


def call(
    client: Client, method: str, path: str, data: Any = None, *, raw: str | bytes | None = None, **headers: str
) -> HttpResponse:
    """Send `data` as a JSON body (or `raw` as it is) to the API and return the response."""
    body = raw if raw is not None else ("" if data is None else json.dumps(data))
    return getattr(client, method.lower())(path, data=body, content_type="application/json", headers=headers)


def assert_error(response: HttpResponse, status: int, code: str | None = None) -> dict[str, Any]:
    """Check the response is the API's JSON error with this status (and code); return its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["code"], str) and error["code"]
    if code is not None:
        assert error["code"] == code, error
    return error


def jpeg_with_gps(size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A JPEG whose EXIF carries a GPS location (Tokyo Station) and a camera make."""
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "TsunaguCam"  # Make
    exif[GPS_IFD] = {1: "N", 2: (35.0, 40.0, 52.0), 3: "E", 4: (139.0, 46.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size: tuple[int, int] = (64, 64), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


@functools.cache
def png_header_only(width: int, height: int) -> bytes:
    """A 1-bit greyscale PNG of the given size, all black, built by hand (Pillow would need the pixels in memory)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte, then the packed bits
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")
