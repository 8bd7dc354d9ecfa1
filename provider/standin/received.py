""" "What I received": the demo reply's account of a request's images and documents.

Images are read where a vision model takes them (`image`, `image_input`, `images`, ...): data
URLs are decoded here, the stand-in's own file URLs read through `read_file`, and web URLs named
but not fetched (the stand-in stays offline). Documents are the blocks `provider.documents`
fenced into the question.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

from provider.documents import parse_document_blocks
from provider.standin.imageinfo import image_info

IMAGE_FIELDS = ("image", "image_input", "images", "input_images", "input_image")
ReadFile = Callable[[str], bytes | None]
"""The bytes of one of the stand-in's own file URLs; None when it is not one (or is gone)."""

_DATA_URL = re.compile(r"data:([^,;]*)((?:;[^,;]*)*),(.*)", re.S | re.I)


def decode_data_url(url: str) -> bytes | None:
    """The bytes of a data URL (RFC 2397, base64 or percent-encoded); None if it is not one."""
    match = _DATA_URL.fullmatch(url)
    if match is None:
        return None
    raw = unquote_to_bytes(match[3])
    if "base64" not in (param.strip().lower() for param in match[2].split(";")):
        return raw
    compact = re.sub(rb"\s+", b"", raw)
    try:
        return base64.b64decode(compact + b"=" * (-len(compact) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def image_values(model_input: Mapping[str, Any]) -> list[str]:
    """The image URLs of an input, in the order its image fields hold them."""
    found: list[str] = []
    for name in IMAGE_FIELDS:
        value = model_input.get(name)
        values = value if isinstance(value, list) else [value]
        found += [item for item in values if isinstance(item, str) and item]
    return found


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _russian_plural(count: int, one: str, few: str, many: str) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return f"{count:,} {one}"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return f"{count:,} {few}"
    return f"{count:,} {many}"


def _describe_image(url: str, read_file: ReadFile | None, russian: bool) -> str:
    if url.lower().startswith("data:"):
        data, where = decode_data_url(url), "data URL"
    else:
        data = read_file(url) if read_file is not None else None
        where = "uploaded file" if not russian else "загруженный файл"
    if data is None:
        if russian:
            return f"изображение по ссылке `{url[:80]}` (не загружалось: сервер работает офлайн)"
        return f"a web image at `{url[:80]}` (not fetched: the stand-in stays offline)"
    if russian:
        size = _russian_plural(len(data), "байт", "байта", "байт")
    else:
        size = f"{len(data):,} bytes"
    info = image_info(data)
    if info is None:
        kind = "неизвестный формат" if russian else "an unknown format"
        return f"{kind}, {size} ({where})"
    parts = [info.format, size]
    if info.size is not None:
        pixels = "пикселей" if russian else "pixels"
        parts.append(f"{info.size[0]:,} × {info.size[1]:,} {pixels}")
    return f"{', '.join(parts)} ({where})"


def received_section(
    model_input: Mapping[str, Any],
    question: str,
    read_file: ReadFile | None = None,
    *,
    russian: bool = False,
) -> list[str]:
    """The section's lines, ending with a blank one; none when nothing was attached."""
    images = image_values(model_input)
    documents = parse_document_blocks(question)
    if not images and not documents:
        return []
    lines = ["## Что я получил" if russian else "## What I received", ""]
    if images:
        if russian:
            count = _russian_plural(len(images), "изображение", "изображения", "изображений")
        else:
            count = _plural(len(images), "image", "images")
        lines.append(f"**{count}**:")
        lines.append("")
        for number, url in enumerate(images, 1):
            lines.append(f"{number}. {_describe_image(url, read_file, russian)}")
        lines.append("")
    if documents:
        if russian:
            count = _russian_plural(len(documents), "документ", "документа", "документов")
        else:
            count = _plural(len(documents), "document", "documents")
        lines.append(f"**{count}**:")
        lines.append("")
        for name, characters in documents:
            if russian:
                length = _russian_plural(characters, "символ", "символа", "символов")
            else:
                length = _plural(characters, "character", "characters")
            shown = f"`{name}`" if "`" not in name else f"“{name}”"
            lines.append(f"- {shown}, {length}")
        lines.append("")
    return lines
