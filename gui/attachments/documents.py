"""Documents attached to a question: their text, which goes into the prompt for every model.

Plain text, Markdown, source code, CSV, JSON, XML/HTML and logs are read as UTF-8 (UTF-16 and
UTF-32 when a byte-order mark says so); any other encoding is refused with a way out, rather
than guessed and garbled. PDFs are read with pypdf (pure Python, imported on the first PDF);
one without a text layer (a scan) says so. No Qt here.
"""

from __future__ import annotations

import codecs
import io
from pathlib import PurePath
from typing import Final

from gui.store.records import DOCUMENT, Attachment
from gui.utils.translation import translate

MAX_CHARACTERS: Final = 200_000  # about 50k tokens: more would crowd out most context windows
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's, which it begins with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# MIME types by suffix, for what the chip and the export say; anything else that is UTF-8
# text is text/plain.
_TEXT_TYPES: Final = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".json": "application/json",
    ".jsonl": "application/jsonl",
    ".xml": "application/xml",
    ".html": "text/html",
    ".htm": "text/html",
    ".py": "text/x-python",
    ".js": "text/javascript",
    ".css": "text/css",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".toml": "application/toml",
}


class AttachmentError(Exception):
    """A file that cannot be attached; the message says why, in the person's words."""


def is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-")


def read_document(name: str, data: bytes) -> Attachment:
    """`data`, a file called `name`, as a document: its text, or AttachmentError."""
    if not data:
        raise AttachmentError(translate("Attachments", "{name} is empty.").format(name=name))
    if is_pdf(data):
        return _checked(
            Attachment(DOCUMENT, name, "application/pdf", data, text=pdf_text(name, data))
        )
    text = decode_text(name, data)
    mime = _TEXT_TYPES.get(PurePath(name).suffix.lower(), "text/plain")
    return _checked(Attachment(DOCUMENT, name, mime, data, text=text))


def decode_text(name: str, data: bytes) -> str:
    """The text of a text file: UTF-8, or what its byte-order mark names."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        if b"\x00" not in data[:8192]:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                raise AttachmentError(
                    translate(
                        "Attachments",
                        "{name} is not UTF-8 text (it uses another encoding). Save it as "
                        "UTF-8 and attach it again.",
                    ).format(name=name)
                ) from None
    raise AttachmentError(
        translate(
            "Attachments", "{name} is not an image, a PDF or a text file, so it cannot be attached."
        ).format(name=name)
    )


def pdf_text(name: str, data: bytes) -> str:
    """The text layer of a PDF, page after page; AttachmentError when it has none."""
    from pypdf import PdfReader  # ~0.1 s to import: only when a PDF is attached
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise AttachmentError(
                translate("Attachments", "{name} is protected by a password.").format(name=name)
            )
        pages: list[str] = []
        length = 0
        for page in reader.pages:  # page by page: a long book is refused before it is all read
            pages.append((page.extract_text() or "").strip())
            length += len(pages[-1]) + 2
            if length > MAX_CHARACTERS:
                more = translate("Attachments", "more than {count}")
                raise AttachmentError(_too_long(name, more.format(count=f"{MAX_CHARACTERS:,}")))
    except AttachmentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise AttachmentError(
            translate("Attachments", "{name} could not be read: the PDF is damaged.").format(
                name=name
            )
        ) from None
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise AttachmentError(
            translate(
                "Attachments",
                "{name} has no text to read: its pages are pictures (a scan?). Attach the "
                "pages as images for a model that sees them.",
            ).format(name=name)
        )
    return text


def _checked(attachment: Attachment) -> Attachment:
    length = len(attachment.text or "")
    if length > MAX_CHARACTERS:
        raise AttachmentError(_too_long(attachment.name, f"{length:,}"))
    return attachment


def _too_long(name: str, count: str) -> str:
    return translate(
        "Attachments",
        "{name} is too long to attach: {count} characters, and a message takes at most {limit}.",
    ).format(name=name, count=count, limit=f"{MAX_CHARACTERS:,}")
