"""An image's format and pixel size, read by hand from its first bytes (no imaging library).

The demo reply says what it received; these headers are enough for that: PNG's IHDR chunk,
GIF's logical screen, JPEG's start-of-frame segment, and WebP's VP8, VP8L or VP8X chunk.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

__all__ = ["ImageInfo", "image_info"]

# JPEG start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length: TEM, RST0-7, SOI, EOI.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xDA)})


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """`format` is PNG, JPEG, GIF or WebP; `width` and `height` are None when the header that
    holds them is missing or cut short."""

    format: str
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> tuple[int, int] | None:
        if self.width is None or self.height is None:
            return None
        return self.width, self.height


def image_info(data: bytes) -> ImageInfo | None:
    """What the magic bytes say `data` is, with its size where the header gives it; None for
    anything that is none of the four formats."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    return None


def _png(data: bytes) -> ImageInfo:
    # Signature (8), then the IHDR chunk: length (4), "IHDR", width (4), height (4), big-endian.
    if len(data) < 24 or data[12:16] != b"IHDR":
        return ImageInfo("PNG")
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo("PNG", width, height)


def _gif(data: bytes) -> ImageInfo:
    # The logical screen descriptor follows the signature: width, height, little-endian.
    if len(data) < 10:
        return ImageInfo("GIF")
    width, height = struct.unpack("<HH", data[6:10])
    return ImageInfo("GIF", width, height)


def _jpeg(data: bytes) -> ImageInfo:
    """Walk the segments after SOI to the first start-of-frame: precision (1), height (2),
    width (2), big-endian, after the marker and the segment's length."""
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return ImageInfo("JPEG")  # not at a marker: the file is damaged
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _SOF:
            if position + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return ImageInfo("JPEG", width, height)
        if marker == 0xDA or length < 2:  # start of scan: no frame header came before it
            break
        position += 2 + length
    return ImageInfo("JPEG")


def _webp(data: bytes) -> ImageInfo:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        # A lossy key frame: 3 bytes of frame tag, the start code, then 14-bit width, height.
        width, height = struct.unpack("<HH", data[26:30])
        return ImageInfo("WebP", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        # Lossless: a signature byte, then width-1 and height-1 in 14 bits each, LSB first.
        (bits,) = struct.unpack("<I", data[21:25])
        return ImageInfo("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(data) >= 30:
        # Extended: flags (1), reserved (3), then canvas width-1 and height-1 in 24 bits each.
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageInfo("WebP", width, height)
    return ImageInfo("WebP")
