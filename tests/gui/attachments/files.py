"""Real files for the attachment tests, made here: pictures written by Qt, PDFs by hand."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageIOHandler, QImageWriter, QPainter

# A 1 × 1 red GIF (the format Qt reads but does not write).
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\x00\x00\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def picture(width: int, height: int, *, transparent: bool = False) -> QImage:
    """A picture with a left half and a right half that differ, to tell rotations apart."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0) if transparent else QColor("white"))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 2, height, QColor("navy"))
    painter.end()
    return image


def encoded(image: QImage, format_name: str, *, rotate: bool = False, quality: int = 90) -> bytes:
    """`image` as a file of `format_name`; with `rotate`, a JPEG whose EXIF orientation says
    "turn me 90° clockwise", as phones write portrait photos."""
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, format_name.encode())
    writer.setQuality(quality)
    if rotate:
        writer.setTransformation(QImageIOHandler.Transformation.TransformationRotate90)
    assert writer.write(image), writer.errorString()
    return bytes(out.data())


def pdf(*pages: str) -> bytes:
    """A valid PDF whose pages show `pages` in Helvetica (an empty string: a page without
    text, as a scan has)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for text in pages:
        number = len(objects) + 1
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {number + 1} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            ">> >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        kids.append(f"{number} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (index, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def left_is_navy(image: QImage) -> bool:
    return (
        QColor(image.pixel(1, image.height() // 2)).blue() > 100
        and QColor(image.pixel(image.width() - 2, image.height() // 2)).red() > 200
    )


def top_is_navy(image: QImage) -> bool:
    return (
        QColor(image.pixel(image.width() // 2, 1)).blue() > 100
        and QColor(image.pixel(image.width() // 2, image.height() - 2)).red() > 200
    )


__all__ = ["GIF", "encoded", "left_is_navy", "pdf", "picture", "top_is_navy"]
