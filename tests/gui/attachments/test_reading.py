"""Reading attachments (gui/attachments/): real pictures upright, scaled and re-encoded; text
and PDFs into text; every kind of bad file refused with a message that names it."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from gui.attachments.documents import MAX_CHARACTERS, AttachmentError
from gui.attachments.images import MAX_SIDE, fit_for
from gui.attachments.reading import read_bytes, read_path
from gui.store.records import DOCUMENT, IMAGE
from tests.gui.attachments.files import GIF, encoded, left_is_navy, pdf, picture, top_is_navy


def shown(data: bytes) -> QImage:
    image = QImage.fromData(data)
    assert not image.isNull()
    return image


def test_a_photo_is_scaled_to_the_cap_and_kept_as_jpeg(qapp: object) -> None:
    photo = encoded(picture(4000, 3000), "JPEG")  # 12 megapixels
    attachment = read_bytes("holiday.jpg", photo)
    assert (attachment.kind, attachment.mime) == (IMAGE, "image/jpeg")
    assert (attachment.width, attachment.height) == (MAX_SIDE, 1536)
    kept = shown(attachment.data)
    assert (kept.width(), kept.height()) == (MAX_SIDE, 1536) and left_is_navy(kept)
    thumbnail = shown(attachment.thumbnail)
    assert max(thumbnail.width(), thumbnail.height()) == 240


def test_a_portrait_photo_is_turned_upright_by_its_exif_orientation(qapp: object) -> None:
    sideways = encoded(picture(300, 200), "JPEG", rotate=True)
    attachment = read_bytes("portrait.jpg", sideways)
    assert (attachment.width, attachment.height) == (200, 300)  # turned a quarter
    assert top_is_navy(shown(attachment.data))  # the left half went to the top


@pytest.mark.parametrize("format_name", ["PNG", "WebP"])
def test_transparency_keeps_png_and_an_opaque_png_becomes_jpeg(
    qapp: object, format_name: str
) -> None:
    clear = read_bytes("logo", encoded(picture(64, 48, transparent=True), format_name))
    assert clear.mime == "image/png" and shown(clear.data).hasAlphaChannel()
    opaque = read_bytes("shot", encoded(picture(63, 48), format_name))  # odd: padded rows
    assert opaque.mime == "image/jpeg" and (opaque.width, opaque.height) == (63, 48)


def test_a_gif_gives_its_first_frame(qapp: object) -> None:
    attachment = read_bytes("dot.gif", GIF)
    assert (attachment.kind, attachment.width, attachment.height) == (IMAGE, 1, 1)


def test_a_model_that_takes_less_gets_a_smaller_image(qapp: object) -> None:
    attachment = read_bytes("holiday.jpg", encoded(picture(2000, 1000), "JPEG"))
    for_claude = fit_for(attachment, max_pixels=500_000, max_bytes=None)
    assert for_claude.width * for_claude.height <= 500_000 and for_claude.width == 1000
    assert shown(for_claude.data).width() == for_claude.width
    tiny = fit_for(attachment, max_pixels=None, max_bytes=20_000)
    assert tiny.size <= 20_000 and tiny.width < attachment.width
    assert fit_for(attachment, max_pixels=None, max_bytes=None) is attachment


def test_text_and_pdfs_become_text() -> None:
    notes = read_bytes("notes.md", "# Café\n\n- one\n".encode())
    assert (notes.kind, notes.mime, notes.text) == (DOCUMENT, "text/markdown", "# Café\n\n- one\n")
    utf16 = read_bytes("log.txt", codecs.BOM_UTF16_LE + "naïve".encode("utf-16-le"))
    assert utf16.text == "naïve"
    report = read_bytes("report.pdf", pdf("Quarterly figures", "Second page"))
    assert report.mime == "application/pdf"
    assert report.text is not None
    assert "Quarterly figures" in report.text and "Second page" in report.text


def test_bad_files_are_refused_with_a_message_naming_them(tmp_path: Path, qapp: object) -> None:
    def refusal(name: str, data: bytes) -> str:
        with pytest.raises(AttachmentError) as raised:
            read_bytes(name, data)
        assert name in str(raised.value)
        return str(raised.value)

    assert "is empty" in refusal("empty.png", b"")
    png = encoded(picture(200, 200), "PNG")
    assert "could not be read" in refusal("cut.png", png[: len(png) // 2])
    assert "not an image, a PDF or a text file" in refusal("fake.png", b"\x00\x01binary\x00")
    assert "not UTF-8 text" in refusal("latin.txt", "café".encode("latin-1"))
    assert "no text to read" in refusal("scan.pdf", pdf(""))
    assert "damaged" in refusal("cut.pdf", pdf("Hello")[:60])
    long_text = ("word " * (MAX_CHARACTERS // 5 + 1)).encode()
    assert "too long to attach" in refusal("book.txt", long_text)
    page = "word " * 1000  # 5,000 characters a page: the 41st page is one too many
    assert "more than 200,000 characters" in refusal("book.pdf", pdf(*[page] * 60))
    huge = tmp_path / "huge.bin"
    with huge.open("wb") as file:  # 200 MB, sparse: nothing is written or read
        file.truncate(200 * 1024 * 1024)
    with pytest.raises(AttachmentError, match=r"huge\.bin is too large to attach: 200 MB"):
        read_path(huge)
    with pytest.raises(AttachmentError, match=r"gone\.txt could not be opened"):
        read_path(tmp_path / "gone.txt")
