"""A file, or what the clipboard holds, as an attachment: an image or a document by its first
bytes (not its name), within a size the app reads whole."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from gui.attachments.documents import AttachmentError, read_document
from gui.attachments.images import image_format, read_image
from gui.store.records import Attachment
from gui.utils.translation import translate

MAX_FILE_BYTES: Final = 50 * 1024 * 1024  # read whole, kept whole: a sane bound for both


def read_path(path: Path) -> Attachment:
    """The file at `path` as an attachment; AttachmentError says why it cannot be one."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AttachmentError(too_large(name, size))
        data = path.read_bytes()
    except OSError as error:
        raise AttachmentError(
            translate("Attachments", "{name} could not be opened: {reason}.").format(
                name=name, reason=error.strerror or type(error).__name__
            )
        ) from None
    return read_bytes(name, data)


def read_bytes(name: str, data: bytes) -> Attachment:
    """`data`, called `name`, as an attachment (a picture pasted, a file read)."""
    if not data:
        raise AttachmentError(translate("Attachments", "{name} is empty.").format(name=name))
    if len(data) > MAX_FILE_BYTES:
        raise AttachmentError(too_large(name, len(data)))
    if image_format(data) is not None:
        return read_image(name, data)
    return read_document(name, data)


def too_large(name: str, size: int) -> str:
    return translate(
        "Attachments",
        "{name} is too large to attach: {size} MB, and files up to {limit} MB can be.",
    ).format(name=name, size=f"{size / 1_048_576:,.0f}", limit=MAX_FILE_BYTES // 1_048_576)
