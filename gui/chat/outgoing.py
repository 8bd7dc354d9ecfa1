"""What a request carries of each message sent: its text, its documents' text, and its
pictures as the model takes them.

Every turn sent again carries its own files. A document's text goes into its message's text,
fenced and labelled with its name (provider/documents.py), for every model. Pictures go as
OpenAI-style content parts, which the provider maps to the model's own image field, uploading
the large ones; only the newest the model takes are prepared (scaled down to its limits, off
the GUI thread), and a model that sees no pictures gets none: the caller says so.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gui.attachments.images import fit_for
from gui.store.records import DOCUMENT, IMAGE, Attachment
from provider.documents import document_block

if TYPE_CHECKING:
    from provider.images import ImageInput


@dataclass(frozen=True)
class Outgoing:
    """The history as sent, and how many pictures were left out of it."""

    history: list[dict[str, Any]]
    pictures_left_out: int


def data_url(attachment: Attachment) -> str:
    return f"data:{attachment.mime};base64,{base64.b64encode(attachment.data).decode('ascii')}"


async def outgoing(
    history: Sequence[Mapping[str, Any]],
    sent_ids: Sequence[int],
    files: Mapping[int, list[Attachment]],
    image_input: ImageInput | None,
) -> Outgoing:
    """`history` (one message per id of `sent_ids`) with each message's `files` in it, for a
    model whose image input is `image_input` (None: it sees no pictures)."""
    pictures = [
        (message_id, item)
        for message_id in sent_ids
        for item in files.get(message_id, [])
        if item.kind == IMAGE
    ]
    taken: list[tuple[int, Attachment]] = []
    urls: list[str] = []
    if image_input is not None:
        most = 1 if not image_input.multiple else image_input.max_count
        taken = pictures[-most:] if most else pictures  # the newest the model takes
        # Scaling and base64 take a while for a large picture: off the GUI thread.
        urls = await asyncio.to_thread(_prepare, [item for _id, item in taken], image_input)
    out = []
    for message, message_id in zip(history, sent_ids, strict=True):
        mine = files.get(message_id, [])
        documents = [document_block(d.name, d.text or "") for d in mine if d.kind == DOCUMENT]
        text = message["content"]
        if documents:
            text = "\n\n".join(part for part in [str(text), *documents] if part)
        images = [
            url for (owner, _item), url in zip(taken, urls, strict=True) if owner == message_id
        ]
        if images:
            content: Any = [{"type": "text", "text": text}] + [
                {"type": "image_url", "image_url": {"url": url}} for url in images
            ]
        else:
            content = text
        out.append({**message, "content": content})
    return Outgoing(out, len(pictures) - len(taken))


def _prepare(pictures: list[Attachment], image_input: ImageInput) -> list[str]:
    """Each picture within what the model takes (its pixels, bytes, longest side), as a data
    URL (the provider uploads the large ones)."""
    fitted = []
    for item in pictures:
        most = image_input.max_pixels
        side = image_input.max_side
        if side and max(item.width, item.height) > side:
            by_side = side * side * min(item.width, item.height) // max(item.width, item.height)
            most = by_side if most is None else min(most, by_side)
        fitted.append(data_url(fit_for(item, max_pixels=most, max_bytes=image_input.max_bytes)))
    return fitted
