"""Small, valid image files written by hand (the standard library only), and data URLs of them.

`png` writes a real PNG (zlib-compressed scanlines, CRCs and all) and can pad itself with a
private ancillary chunk to an exact byte size, for the 256 kB inline threshold. JPEG, GIF and
WebP are the few header bytes a reader needs, laid out as the formats specify.
"""

from __future__ import annotations

import base64
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 2, height: int = 1, size: int | None = None, seed: int = 0) -> bytes:
    """A truecolour PNG of `width` × `height`; `size` pads it to exactly that many bytes with an
    ancillary chunk (`seed` varies the padding, so two images of one size differ)."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    row = b"\x00" + bytes((x * 40 + seed) % 256 for x in range(width * 3))
    body = _chunk(b"IDAT", zlib.compress(row * height))
    end = _chunk(b"IEND", b"")
    image = b"\x89PNG\r\n\x1a\n" + header + body
    if size is not None:
        filler = size - len(image) - len(end) - 12
        if filler < 0:
            raise ValueError(f"a {width}×{height} PNG is larger than {size} bytes")
        image += _chunk(b"prVt", bytes((seed + i) % 251 for i in range(filler)))
    return image + end


def jpeg(width: int, height: int) -> bytes:
    """SOI, a JFIF APP0 segment, a DQT stub, a baseline SOF0 frame header, EOI."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(range(1, 65))
    components = b"\x01\x11\x00\x02\x11\x01\x03\x11\x01"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + components
    return b"\xff\xd8" + app0 + dqt + sof0 + b"\xff\xd9"


def gif(width: int, height: int) -> bytes:
    """A GIF89a header, logical screen descriptor and trailer."""
    return b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) + b";"


def _riff(chunk: bytes, payload: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_lossy(width: int, height: int) -> bytes:
    """A VP8 key frame header: frame tag, start code 9D 01 2A, 14-bit width and height."""
    return _riff(b"VP8 ", b"\x30\x01\x00\x9d\x01\x2a" + struct.pack("<HH", width, height))


def webp_lossless(width: int, height: int) -> bytes:
    """A VP8L header: signature 0x2F, then width-1 and height-1 in 14 bits each."""
    bits = (width - 1) | ((height - 1) << 14)
    return _riff(b"VP8L", b"\x2f" + struct.pack("<I", bits))


def webp_extended(width: int, height: int) -> bytes:
    """A VP8X header: flags, reserved bytes, 24-bit canvas width-1 and height-1."""
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return _riff(b"VP8X", b"\x00\x00\x00\x00" + canvas)


def data_url(data: bytes, content_type: str = "image/png") -> str:
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def image_part(url: str) -> dict[str, object]:
    """An OpenAI-style image content part."""
    return {"type": "image_url", "image_url": {"url": url}}


def with_images(text: str, *urls: str) -> dict[str, object]:
    """A user message of a text part and image parts."""
    return {"role": "user", "content": [{"type": "text", "text": text}, *map(image_part, urls)]}
