"""Images in a chat's messages: found in OpenAI-style content parts, chosen for the model's image
input, and put into the prediction's input.

A message's `content` may be a list of parts, `{"type": "text", "text": ...}` and
`{"type": "image_url", "image_url": {"url": ...}}` (or `"image_url": "<url>"`). The text parts
form the prompt or `messages` as before (`prompts.message_text` skips images); the images go to
the one input the model takes them in (fact sheet §10.1), never into the text. A data URL whose
bytes fit in 256 kB is sent as it is; a larger one is uploaded first (fact sheet §10.2,
`provider/uploads.py`); an http(s) URL is passed on as given.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from .errors import ConfigurationError, ImagesNotSupportedError
from .images import ImageInput, image_input
from .prompts import Message
from .schema import InputSchema

__all__ = [
    "INLINE_LIMIT",
    "ImageSource",
    "choose_images",
    "image_field",
    "message_images",
    "parse_data_url",
    "place_images",
]

INLINE_LIMIT = 256 * 1024
"""Bytes up to which an image goes as its data URL: "a data URL for files up to 256 kB"
(the OpenAPI text, fact sheet §10.2). A larger one is uploaded."""

_DATA_URL = re.compile(r"data:(?P<type>[^,;]*)(?P<params>(?:;[^,;]*)*),(?P<data>.*)", re.S | re.I)
_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/bmp": ".bmp",
    "image/tiff": ".tiff",
    "image/svg+xml": ".svg",
}


@dataclass(frozen=True, slots=True)
class ImageSource:
    """One image of a chat: the URL as given, and for a data URL its decoded bytes, type and
    SHA-256 (what an upload is remembered by)."""

    url: str
    data: bytes | None = None
    content_type: str = ""
    sha256: str = ""

    @property
    def inline(self) -> bool:
        """Sent as given: a web URL, or a data URL of at most `INLINE_LIMIT` bytes."""
        return self.data is None or len(self.data) <= INLINE_LIMIT

    @property
    def filename(self) -> str:
        """A name for its upload: `image-<first 12 hex digits of its hash>.<extension>`."""
        return f"image-{self.sha256[:12]}{_EXTENSIONS.get(self.content_type, '')}"

    @classmethod
    def from_url(cls, url: str) -> ImageSource:
        """An image from a content part's URL; raises `ConfigurationError` for anything that is
        neither an http(s) URL nor a data URL of an image."""
        url = url.strip()
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme in ("http", "https"):
            return cls(url)
        if scheme == "data":
            content_type, data = parse_data_url(url)
            return cls(url, data, content_type, hashlib.sha256(data).hexdigest())
        raise ConfigurationError(
            f"An image must be a data: URL or an https:// URL, not {_excerpt(url)!r}."
        )


def _excerpt(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def parse_data_url(url: str) -> tuple[str, bytes]:
    """The media type and bytes of an image's data URL (RFC 2397); `ConfigurationError` when it
    is malformed or not an image."""
    match = _DATA_URL.fullmatch(url.strip())
    if match is None:
        raise ConfigurationError(f"{_excerpt(url)!r} is not a valid data URL.")
    content_type = match["type"].strip().lower()
    if not content_type.startswith("image/"):
        raise ConfigurationError(
            f"A data URL of type {content_type or 'text/plain'!r} is not an image."
        )
    raw = unquote_to_bytes(match["data"])
    if not any(param.strip().lower() == "base64" for param in match["params"].split(";")):
        return content_type, raw
    compact = re.sub(rb"\s+", b"", raw)
    try:
        return content_type, base64.b64decode(compact + b"=" * (-len(compact) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ConfigurationError(f"The image {_excerpt(url)!r} is not valid base64.") from None


def _part_url(part: Mapping[str, Any]) -> str | None:
    """The URL of an `image_url` part, in either of its shapes; None for any other part."""
    if part.get("type") != "image_url":
        return None
    value = part.get("image_url")
    if isinstance(value, Mapping):
        value = value.get("url")
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError("An image_url content part holds no URL.")
    return value


def _parts(content: Any) -> Iterable[Mapping[str, Any]]:
    if isinstance(content, Mapping):
        return (content,)
    if isinstance(content, (str, bytes)) or not isinstance(content, Iterable):
        return ()
    return (part for part in content if isinstance(part, Mapping))


def message_images(messages: Sequence[Message]) -> list[ImageSource]:
    """Every image of the chat, in conversation order (the same image twice counts twice)."""
    found = []
    for message in messages:
        for part in _parts(message.get("content")):
            url = _part_url(part)
            if url is not None:
                found.append(ImageSource.from_url(url))
    return found


def image_field(model: str, schema: InputSchema | None) -> ImageInput:
    """The model's image input; `ImagesNotSupportedError` when it has none or its schema is
    unknown (images are not sent to an input guessed from the model's name)."""
    field = image_input(schema)
    if field is None:
        raise ImagesNotSupportedError(model, schema_known=schema is not None)
    return field


def choose_images(images: Sequence[ImageSource], field: ImageInput) -> list[ImageSource]:
    """The newest images the input takes (one for a string), kept in conversation order."""
    capacity = field.capacity
    if capacity is None or len(images) <= capacity:
        return list(images)
    return list(images[len(images) - capacity :]) if capacity > 0 else []


def place_images(
    data: MutableMapping[str, Any],
    field: ImageInput,
    urls: Sequence[str],
    extra_data: Mapping[str, Any] | None = None,
) -> None:
    """Put the images' URLs into the input: a string or an array of URIs. A value the caller
    gave in `extra_data` wins, as every `extra_data` value does."""
    if not urls or (extra_data and field.name in extra_data):
        return
    data[field.name] = list(urls) if field.multiple else urls[-1]
