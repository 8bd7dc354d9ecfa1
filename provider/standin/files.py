"""The Files API (fact sheet §10.2): upload, list, get and delete files, and serve their bytes.

`POST /v1/files` reads its multipart body as it arrives: the `content` part is counted, hashed
and spooled (to disk past a few megabytes), and the answer is a 413 as soon as it passes the
limit, so an oversized upload never sits in memory. Files expire after `lifetime` seconds (24 h,
as recorded); `urls.get` is the stand-in's own download URL, signed like Replicate's
(`/v1/files/{id}/download?owner=&expiry=&signature=`), which predictions accept as an input.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from yarl import URL

from provider.standin import problems
from provider.standin.browse import origin
from provider.standin.prediction import new_prediction_id, rfc3339

MAX_FILE_BYTES = 100 * 1024 * 1024
DEFAULT_LIFETIME = 24 * 3600.0
READ_CHUNK = 64 * 1024
SPOOL_IN_MEMORY = 4 * 1024 * 1024
MAX_FIELD_BYTES = 64 * 1024
TOO_LARGE = {
    "title": "Content Too Large",
    "detail": "Files must be less than 100MB in size",
    "status": 413,
}
_FILE_PATH = re.compile(r"/v1/files/(?P<id>[a-z0-9]+)(?P<download>/download)?")


@dataclass(eq=False)
class StoredFile:
    """One uploaded file and what the API says about it."""

    id: str
    name: str
    content_type: str
    data: bytes = field(repr=False)
    owner: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    created: float = 0.0
    expires: float = 0.0
    sha256: str = field(init=False)
    md5: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.data).hexdigest()
        self.md5 = hashlib.md5(self.data, usedforsecurity=False).hexdigest()

    def live(self, now: float | None = None) -> bool:
        """Not expired yet (a lifetime of 0 s makes a file that is gone at once)."""
        return (time.time() if now is None else now) < self.expires

    def to_json(self, url: str) -> dict[str, Any]:
        """The file object, as `POST /v1/files` and `GET /v1/files/{id}` answer it."""
        return {
            "id": self.id,
            "name": self.name,
            "content_type": self.content_type,
            "size": len(self.data),
            "etag": f'"{self.md5}"',
            "checksums": {"sha256": self.sha256, "md5": self.md5},
            "metadata": self.metadata,
            "created_at": rfc3339(self.created),
            "expires_at": rfc3339(self.expires),
            "urls": {"get": url},
        }


class _TooLarge(Exception):
    """Internal: the content passed the limit."""


class FilesApi:
    """The Files API's handlers and store. `lifetime`, `max_bytes` and `read_delay` (seconds
    of pause after each 64 kB read: a slow link, so a test can stop an upload midway) may be
    changed between requests."""

    def __init__(
        self,
        username: Callable[[web.Request], str],
        closed: asyncio.Event,
        *,
        lifetime: float = DEFAULT_LIFETIME,
        max_bytes: int = MAX_FILE_BYTES,
        read_delay: float = 0.0,
    ) -> None:
        self.username = username
        self.closed = closed
        self.lifetime = lifetime
        self.max_bytes = max_bytes
        self.read_delay = read_delay
        self.fail_next: list[int] = []
        """Statuses the next uploads answer, one each, before reading their bodies."""
        self.files: dict[str, StoredFile] = {}
        self.uploads_started = 0
        self.uploads_abandoned = 0  # the client went away before the body ended
        self._secret = secrets.token_bytes(32)

    def routes(self) -> list[web.RouteDef]:
        """The routes this class serves."""
        return [
            web.post("/v1/files", self.create),
            web.get("/v1/files", self.list),
            web.get("/v1/files/{id}", self.get),
            web.delete("/v1/files/{id}", self.delete),
            web.get("/v1/files/{id}/download", self.download),
        ]

    @staticmethod
    def is_upload(request: web.Request) -> bool:
        """A request whose body this API reads itself, as it streams in."""
        return request.method == "POST" and request.path == "/v1/files"

    @staticmethod
    def is_download(path: str) -> bool:
        """A signed download URL: it needs no token, like Replicate's."""
        match = _FILE_PATH.fullmatch(path)
        return match is not None and bool(match["download"])

    # -- lookups (predictions read their inputs through these) ------------------------------

    def live_file(self, file_id: str) -> StoredFile | None:
        """The file with this id, unless it was deleted or has expired."""
        found = self.files.get(file_id)
        return found if found is not None and found.live() else None

    def lookup(self, url: str) -> StoredFile | None:
        """The live file a URL of this stand-in names (its `urls.get` or `/v1/files/{id}`)."""
        try:
            parsed = URL(url)
        except ValueError:
            return None
        match = _FILE_PATH.fullmatch(parsed.path)
        if match is None or parsed.scheme not in ("http", "https"):
            return None
        return self.live_file(match["id"])

    def read(self, url: str) -> bytes | None:
        """The bytes of the live file a URL of this stand-in names, else None."""
        found = self.lookup(url)
        return found.data if found is not None else None

    def is_own_url(self, url: str) -> bool:
        """Whether `url` has the shape of this stand-in's file URLs (live or not)."""
        with contextlib.suppress(ValueError):
            return _FILE_PATH.fullmatch(URL(url).path) is not None
        return False

    def _signature(self, owner: str, file_id: str, expiry: int) -> str:
        digest = hmac.new(self._secret, f"{owner} {file_id} {expiry}".encode(), "sha256")
        return base64.b64encode(digest.digest()).decode()

    def download_url(self, request: web.Request, stored: StoredFile) -> str:
        expiry = int(stored.expires)
        query = {
            "owner": stored.owner,
            "expiry": str(expiry),
            "signature": self._signature(stored.owner, stored.id, expiry),
        }
        return str(URL(f"{origin(request)}/v1/files/{stored.id}/download").with_query(query))

    # -- handlers ----------------------------------------------------------------------------

    async def create(self, request: web.Request) -> web.Response:
        """`POST /v1/files`: multipart parts `content` (required), `filename`, `type`,
        `metadata`; 201 with the file object, 413 past the limit."""
        if not request.content_type.startswith("multipart/form-data"):
            detail = "The request body must be multipart/form-data"
            return problems.problem(400, problems.bad_request(detail))
        self.uploads_started += 1
        if self.fail_next:
            status = self.fail_next.pop(0)
            return problems.problem(status, problems.scripted(status))
        try:
            return await self._create(request)
        except _TooLarge:
            # Answered now; aiohttp then reads and drops the rest (its lingering close), so the
            # client gets this answer rather than a reset connection.
            return problems.problem(413, TOO_LARGE)
        except (ConnectionError, HttpProcessingError, asyncio.IncompleteReadError):
            # The client went away midway (a Stop): nothing is stored, and nobody reads this.
            self.uploads_abandoned += 1
            return problems.problem(400, problems.bad_request("The upload was not completed"))

    async def _create(self, request: web.Request) -> web.Response:
        fields: dict[str, str] = {}
        content: tuple[bytes, str | None, str | None] | None = None
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue  # a nested multipart: not part of this API
            if part.name == "content":
                data = await self._read_content(request, part)
                content = (data, part.filename, part.headers.get("Content-Type"))
            elif part.name in ("filename", "type", "metadata"):
                raw = await part.read()
                if len(raw) > MAX_FIELD_BYTES:
                    return problems.problem(400, problems.bad_request(f"{part.name} is too long"))
                fields[part.name] = raw.decode("utf-8", "replace")
            else:
                await part.release()
        if content is None:
            return problems.problem(400, problems.bad_request("content is required"))
        data, part_filename, part_type = content
        name = fields.get("filename") or part_filename or "file"
        if len(name.encode()) > 255:
            detail = "filename must be at most 255 bytes"
            return problems.problem(400, problems.bad_request(detail))
        metadata = _metadata(fields.get("metadata"))
        if metadata is None:
            return problems.problem(400, problems.bad_request("metadata must be a JSON object"))
        now = time.time()
        stored = StoredFile(
            id=new_prediction_id(),
            name=name,
            content_type=fields.get("type") or part_type or "application/octet-stream",
            data=data,
            owner=self.username(request),
            metadata=metadata,
            created=now,
            expires=now + max(0.0, self.lifetime),
        )
        self.files[stored.id] = stored
        return web.json_response(stored.to_json(self.download_url(request, stored)), status=201)

    async def _read_content(self, request: web.Request, part: BodyPartReader) -> bytes:
        """The part's bytes, counted as they come; `_TooLarge` the moment they pass the limit."""
        size = 0
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
            while chunk := await part.read_chunk(READ_CHUNK):
                size += len(chunk)
                if size > self.max_bytes:
                    raise _TooLarge
                spool.write(chunk)
                if self.read_delay > 0:
                    await self._pause(self.read_delay)
                    if request.transport is None or request.transport.is_closing():
                        # Gone: what is still buffered here will never be completed.
                        raise ConnectionResetError("the client closed the connection")
            spool.seek(0)
            return spool.read()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.closed.wait(), seconds)

    def _owned(self, request: web.Request) -> StoredFile | None:
        found = self.live_file(request.match_info["id"])
        return found if found is not None and found.owner == self.username(request) else None

    async def list(self, request: web.Request) -> web.Response:
        """`GET /v1/files`: the caller's live files, newest first, on one page."""
        owner = self.username(request)
        files = [f for f in self.files.values() if f.owner == owner and f.live()]
        files.sort(key=lambda f: f.created, reverse=True)
        results = [f.to_json(self.download_url(request, f)) for f in files]
        return web.json_response({"next": None, "previous": None, "results": results})

    async def get(self, request: web.Request) -> web.Response:
        """`GET /v1/files/{id}`: the file object; 404 once deleted or expired."""
        found = self._owned(request)
        if found is None:
            return problems.problem(404, problems.not_found("File"))
        return web.json_response(found.to_json(self.download_url(request, found)))

    async def delete(self, request: web.Request) -> web.Response:
        """`DELETE /v1/files/{id}`: 204, then the file is gone."""
        found = self._owned(request)
        if found is None:
            return problems.problem(404, problems.not_found("File"))
        del self.files[found.id]
        return web.Response(status=204)

    async def download(self, request: web.Request) -> web.Response:
        """The bytes, for a correctly signed URL of a live file; 404 otherwise."""
        found = self.live_file(request.match_info["id"])
        query = request.query
        expiry = query.get("expiry", "")
        valid = (
            found is not None
            and expiry.isdigit()
            and hmac.compare_digest(
                query.get("signature", ""),
                self._signature(query.get("owner", ""), found.id, int(expiry)),
            )
        )
        if found is None or not valid:
            return problems.problem(404, problems.not_found("File"))
        return web.Response(body=found.data, headers={"Content-Type": found.content_type})


def _metadata(raw: str | None) -> dict[str, Any] | None:
    if raw is None or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
