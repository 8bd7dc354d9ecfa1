"""Images attached to a question: read with Qt, upright, scaled down and re-encoded before
anything is kept or sent.

PNG, JPEG, WebP and GIF (its first frame) are read with EXIF orientation applied. A picture is
kept at most MAX_SIDE pixels on its long side (a 12-megapixel photo is decoded straight at that
size: Qt's JPEG reader scales while it decodes), as JPEG when it is opaque and PNG when it has
transparency; `fit_for` shrinks it further for a model that takes less (Claude's megapixel
limit, Gemini's bytes). Safe on a worker thread: QImage and QImageReader need no GUI thread.
"""

from __future__ import annotations

import math
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from gui.attachments.documents import AttachmentError
from gui.store.records import IMAGE, Attachment
from gui.utils.translation import translate

MAX_SIDE: Final = 2048  # a sensible cap for models that state none
MAX_SOURCE_PIXELS: Final = 100_000_000  # larger images are refused before decoding
THUMBNAIL_SIDE: Final = 240  # pixels, enough for a sharp chip at twice the density
JPEG_QUALITY: Final = 88
_FORMATS: Final = {b"png": "PNG", b"jpeg": "JPEG", b"jpg": "JPEG", b"webp": "WebP", b"gif": "GIF"}


def image_format(data: bytes) -> str | None:
    """ "PNG", "JPEG", "WebP" or "GIF" by the file's first bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def read_image(name: str, data: bytes, max_side: int = MAX_SIDE) -> Attachment:
    """`data`, a file called `name`, as an image attachment; AttachmentError if it is not an
    image Qt can read whole."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # EXIF orientation: a phone's portrait photo stands up
    kind = _FORMATS.get(bytes(reader.format().data()).lower())
    if kind is None:
        raise AttachmentError(
            translate("Attachments", "{name} is not an image this app can read.").format(name=name)
        )
    size = reader.size()
    if size.width() * size.height() > MAX_SOURCE_PIXELS:
        raise AttachmentError(
            translate("Attachments", "{name} is too large: {width} × {height} pixels.").format(
                name=name, width=f"{size.width():,}", height=f"{size.height():,}"
            )
        )
    scale = min(1.0, max_side / max(size.width(), size.height(), 1))
    if scale < 1.0:
        # Before the orientation is applied: the long side is the long side either way.
        reader.setScaledSize(
            QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        )
    image = reader.read()
    if image.isNull():
        raise AttachmentError(
            translate("Attachments", "{name} could not be read: {reason}.").format(
                name=name, reason=reader.errorString()
            )
        )
    return image_attachment(name, image)


def image_attachment(name: str, image: QImage) -> Attachment:
    """An upright image as it is kept and sent: encoded, with its thumbnail."""
    data, mime = encode(image)
    thumbnail, _ = encode(
        image.scaled(
            THUMBNAIL_SIDE,
            THUMBNAIL_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ),
        png=True,
    )
    return Attachment(
        IMAGE, name, mime, data, width=image.width(), height=image.height(), thumbnail=thumbnail
    )


def encode(image: QImage, *, png: bool = False, quality: int = JPEG_QUALITY) -> tuple[bytes, str]:
    """The image as PNG (with `png`, or when it has transparency) or JPEG, and its MIME type."""
    if png or _is_transparent(image):
        return _save(image, "PNG", -1), "image/png"
    opaque = image.convertToFormat(QImage.Format.Format_RGB32)
    return _save(opaque, "JPEG", quality), "image/jpeg"


def fit_for(attachment: Attachment, *, max_pixels: int | None, max_bytes: int | None) -> Attachment:
    """The image scaled down (and re-encoded) to at most `max_pixels` and `max_bytes`, or as
    it is when it already fits."""
    pixels = attachment.width * attachment.height
    if (max_pixels is None or pixels <= max_pixels) and (
        max_bytes is None or attachment.size <= max_bytes
    ):
        return attachment
    image = QImage.fromData(attachment.data)
    scale = 1.0 if max_pixels is None else min(1.0, math.sqrt(max_pixels / max(pixels, 1)))
    while True:
        width = max(1, math.floor(attachment.width * scale))
        height = max(1, math.floor(attachment.height * scale))
        smaller = image.scaled(
            width,
            height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        data, mime = encode(smaller, png=attachment.mime == "image/png")
        if max_bytes is None or len(data) <= max_bytes or width * height <= 64 * 64:
            return Attachment(
                IMAGE,
                attachment.name,
                mime,
                data,
                width=width,
                height=height,
                thumbnail=attachment.thumbnail,
            )
        scale *= 0.8  # still too many bytes: a fifth smaller each try


def _is_transparent(image: QImage) -> bool:
    """Has the image a pixel that is not opaque? (A PNG with an alpha channel but every pixel
    opaque, as screenshots often are, goes as JPEG.)"""
    if not image.hasAlphaChannel():
        return False
    alpha = image.convertToFormat(QImage.Format.Format_Alpha8)
    data, width, stride = bytes(alpha.constBits()), alpha.width(), alpha.bytesPerLine()
    if stride == width:
        return data.count(255) != len(data)
    # Rows are padded to four bytes, and the padding's value is anyone's guess.
    rows = range(0, stride * alpha.height(), stride)
    return any(data[start : start + width].count(255) != width for start in rows)


def _save(image: QImage, format_name: str, quality: int) -> bytes:
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, format_name, quality):
        raise AttachmentError(translate("Attachments", "The image could not be encoded."))
    return bytes(out.data())
