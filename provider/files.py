"""Files uploaded to Replicate's Files API, and the cache that spares uploading one twice.

Uploaded files expire (24 h after creation in the recorded traffic, 1 h in the OpenAPI example;
fact sheet §10.2), and only the uploading account's predictions can read them. The cache keeps
each file's URL until shortly before its `expires_at`; a later request that needs an expired or
unknown file uploads it again, from the bytes the app keeps. Aiohttp-free, so that the GUI can
hold a cache for the app's life without loading the network stack.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from .errors import InvalidResponseError

__all__ = ["EXPIRY_MARGIN", "FileCache", "UploadedFile", "parse_timestamp"]

EXPIRY_MARGIN = 300.0
"""Seconds before `expires_at` at which a cached file counts as gone: a prediction created
just before the end might start after it, and clocks differ."""

_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_timestamp(value: Any) -> datetime | None:
    """An RFC 3339 time as an aware datetime (UTC when it names no zone); None if unreadable.

    Go writes nanoseconds; Python reads at most microseconds, so the rest is dropped."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _FRACTION.sub(r"\1", value.strip())
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file stored by the Files API: `url` (its `urls.get`) is what a model input takes."""

    id: str
    url: str
    size: int
    sha256: str
    expires_at: datetime | None = None
    content_type: str = ""

    @classmethod
    def from_api(cls, raw: Any, sha256: str = "") -> UploadedFile:
        """Read the 201 answer of `POST /v1/files`; `sha256` is what the sender computed."""
        if not isinstance(raw, Mapping):
            raise InvalidResponseError("Replicate's answer to an upload is not a JSON object.")
        urls = raw.get("urls")
        url = urls.get("get") if isinstance(urls, Mapping) else None
        if not raw.get("id") or not isinstance(url, str) or not url:
            raise InvalidResponseError("Replicate's answer to an upload has no id or URL.")
        checksums = raw.get("checksums")
        stated = checksums.get("sha256") if isinstance(checksums, Mapping) else None
        if sha256 and isinstance(stated, str) and stated and stated.lower() != sha256.lower():
            raise InvalidResponseError(
                "Replicate's checksum of the uploaded file differs from the file sent."
            )
        size = raw.get("size")
        return cls(
            id=str(raw["id"]),
            url=url,
            size=size if type(size) is int else 0,
            sha256=sha256 or (stated if isinstance(stated, str) else ""),
            expires_at=parse_timestamp(raw.get("expires_at")),
            content_type=str(raw.get("content_type") or ""),
        )


class FileCache:
    """Uploaded files by the SHA-256 of their bytes, until just before they expire.

    One cache may serve many clients (the app keeps one for its life): entries are kept per
    `scope` (the client's host and account), since a file is readable only by the account that
    uploaded it. Not thread-safe; one asyncio loop uses it. A file without `expires_at` is kept
    until `forget` or `clear`.
    """

    def __init__(
        self, margin: float = EXPIRY_MARGIN, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.margin = margin
        self._clock = clock
        self._files: dict[tuple[str, str], UploadedFile] = {}

    def __len__(self) -> int:
        self._purge()
        return len(self._files)

    def __repr__(self) -> str:
        return f"FileCache({len(self._files)} files, margin={self.margin:g} s)"

    def get(self, sha256: str, scope: str = "") -> UploadedFile | None:
        """The file with these bytes, if it is still usable for a while; else None."""
        key = (scope, sha256.lower())
        found = self._files.get(key)
        if found is not None and not self._usable(found):
            del self._files[key]
            return None
        return found

    def put(self, file: UploadedFile, scope: str = "") -> None:
        """Remember an upload (under its `sha256`), dropping entries that have expired."""
        self._purge()
        if file.sha256 and self._usable(file):
            self._files[(scope, file.sha256.lower())] = file

    def forget(self, sha256: str, scope: str = "") -> None:
        self._files.pop((scope, sha256.lower()), None)

    def clear(self) -> None:
        self._files.clear()

    def _usable(self, file: UploadedFile) -> bool:
        if file.expires_at is None:
            return True
        now = datetime.fromtimestamp(self._clock(), timezone.utc)
        return file.expires_at - timedelta(seconds=self.margin) > now

    def _purge(self) -> None:
        for key in [key for key, file in self._files.items() if not self._usable(file)]:
            del self._files[key]
