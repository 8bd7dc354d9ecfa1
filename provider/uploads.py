"""Uploading files with Replicate's Files API, reporting progress as the bytes go out.

`POST /v1/files` takes `multipart/form-data` with the parts `content` (the bytes, with a
filename and type), `filename` and `type`, and answers 201 with the file object; over 100 MB it
answers 413 (fact sheet §10.2). The transport sends it like any non-idempotent POST: retried on
429 and on a connection that failed before anything was sent, never after, so a file is not
stored twice by a retry. `ImageUploads` turns a chat's chosen images into input values: small
ones inline, the others from the cache or uploaded, with `UploadProgress` events meanwhile.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence

import aiohttp
from aiohttp.abc import AbstractStreamWriter
from aiohttp.payload import Payload

from .attachments import ImageSource
from .errors import FileTooLargeError
from .events import UploadProgress
from .files import FileCache, UploadedFile
from .transport import Transport

__all__ = ["CHUNK_SIZE", "ImageUploads", "ProgressPayload", "upload_file", "upload_form"]

log = logging.getLogger("provider.uploads")

CHUNK_SIZE = 64 * 1024
"""Bytes written between two progress reports."""

OnSent = Callable[[int], None]
"""Told the bytes of content written so far, after each chunk (a retry starts again at 0)."""
Upload = Callable[[bytes, str, str, OnSent], Awaitable[UploadedFile]]


class ProgressPayload(Payload):
    """Bytes written in chunks of `CHUNK_SIZE`, reporting after each how many have gone out
    (to the socket's buffer: a slow link holds the writer back, and the reports with it)."""

    def __init__(self, data: bytes, on_sent: OnSent, *, filename: str, content_type: str):
        super().__init__(data, content_type=content_type, filename=filename)
        self._data = memoryview(data)
        self._size = len(data)
        self._on_sent = on_sent

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return bytes(self._data).decode(encoding, errors)

    async def write(self, writer: AbstractStreamWriter) -> None:
        self._on_sent(0)
        sent = 0
        for start in range(0, len(self._data), CHUNK_SIZE):
            chunk = self._data[start : start + CHUNK_SIZE]
            await writer.write(chunk)
            sent += len(chunk)
            self._on_sent(sent)

    async def write_with_length(
        self, writer: AbstractStreamWriter, content_length: int | None
    ) -> None:
        await self.write(writer)


def upload_form(
    data: bytes, filename: str, content_type: str, on_sent: OnSent
) -> aiohttp.MultipartWriter:
    """The multipart body of `POST /v1/files`: `filename` and `type` first, then `content`."""
    form = aiohttp.MultipartWriter("form-data")
    for name, value in (("filename", filename), ("type", content_type)):
        form.append(value).set_content_disposition("form-data", name=name)
    content = ProgressPayload(data, on_sent, filename=filename, content_type=content_type)
    content.set_content_disposition("form-data", name="content", filename=filename)
    form.append_payload(content)
    return form


async def upload_file(
    transport: Transport,
    data: bytes,
    filename: str,
    content_type: str,
    on_sent: OnSent | None = None,
) -> UploadedFile:
    """Store `data` with the Files API; `FileTooLargeError` names the file on a 413."""
    digest = hashlib.sha256(data).hexdigest()
    report = on_sent or (lambda sent: None)
    try:
        raw = await transport.post_form(
            transport.api_url("files"),
            lambda: upload_form(data, filename, content_type, report),
        )
    except FileTooLargeError as error:
        raise FileTooLargeError(
            error.status, error.title, error.detail, filename=filename, size=len(data)
        ) from None
    return UploadedFile.from_api(raw, digest)


class ImageUploads:
    """The input values of a chat's images: data URLs up to 256 kB as they are, the rest by
    URL, from `cache` or uploaded now. Iterate `resolve` for the progress; then `urls` holds
    one value per image, in their order."""

    def __init__(self, upload: Upload, cache: FileCache, scope: str) -> None:
        self._upload = upload
        self._cache = cache
        self._scope = scope
        self._stored: dict[str, str] = {}  # sha256 → URL, for this request
        self.urls: list[str] = []

    async def resolve(self, images: Sequence[ImageSource]) -> AsyncGenerator[UploadProgress, None]:
        """Yield progress while uploads run (nothing when none is needed), then fill `urls`.

        The uploads run in a task of their own, since the bytes are written inside a request
        this generator cannot yield from; closing the generator, or cancelling the task that
        reads it, cancels that task and with it the upload, at once.
        """
        pending: dict[str, ImageSource] = {}
        for image in images:
            if image.inline or image.sha256 in self._stored:
                continue
            cached = self._cache.get(image.sha256, self._scope)
            if cached is not None:
                self._stored[image.sha256] = cached.url
            else:
                pending.setdefault(image.sha256, image)
        if pending:
            reports: asyncio.Queue[UploadProgress | None] = asyncio.Queue()
            work = asyncio.ensure_future(self._upload_all(list(pending.values()), reports))
            work.add_done_callback(lambda _: reports.put_nowait(None))
            try:
                while (report := await reports.get()) is not None:
                    yield report
                work.result()  # an upload's error, raised here
            finally:
                if not work.done():
                    work.cancel()
                    await asyncio.wait({work})
        self.urls = [image.url if image.inline else self._stored[image.sha256] for image in images]

    async def _upload_all(
        self, images: list[ImageSource], reports: asyncio.Queue[UploadProgress | None]
    ) -> None:
        total = sum(len(image.data or b"") for image in images)
        count = len(images)
        done_bytes = 0
        furthest = 0  # `sent` never goes down, even when a retry starts a file again

        def report(sent: int, files_done: int) -> None:
            nonlocal furthest
            furthest = max(furthest, min(total, sent))
            reports.put_nowait(UploadProgress(furthest, total, files_done, count))

        for index, image in enumerate(images):
            assert image.data is not None
            log.info("uploading %s (%d bytes)", image.filename, len(image.data))
            stored = await self._upload(
                image.data,
                image.filename,
                image.content_type or "application/octet-stream",
                functools.partial(_offset, report, done_bytes, index),
            )
            # Used for this request even when it expires too soon for the cache to keep it.
            self._stored[image.sha256] = stored.url
            self._cache.put(stored, self._scope)
            done_bytes += len(image.data)
            report(done_bytes, index + 1)


def _offset(report: Callable[[int, int], None], before: int, files_done: int, sent: int) -> None:
    """One file's progress as the request's: the bytes of the files before it added."""
    report(before + sent, files_done)
