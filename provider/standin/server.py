"""`StandIn`: a local Replicate-compatible HTTP server for tests, benchmarks and demo mode.

It speaks Replicate's real wire protocol over loopback HTTP, records every request, and plays
a queue of scenarios (replies, timings and faults), one per created prediction.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler
from multidict import CIMultiDict

from provider.standin import problems
from provider.standin.browse import Browse
from provider.standin.catalog import CATALOG, CatalogModel
from provider.standin.files import DEFAULT_LIFETIME, MAX_FILE_BYTES, FilesApi
from provider.standin.prediction import StandInPrediction
from provider.standin.predictions import PredictionsApi
from provider.standin.scenario import QueuedScenario, Scenario

# A fake token shaped like a real one: "r8_" and 37 alphanumerics.
STANDIN_TOKEN = "r8_StandInFakeToken000000000000000000000"
STANDIN_USER = "standin-user"
STREAM_PREFIX = "/v1/streams/"
MAX_REQUEST_BODY = 32 * 1024 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One request the stand-in received, as the client sent it."""

    method: str
    path: str
    query: dict[str, str]
    headers: CIMultiDict[str]
    body: bytes
    json: Any
    stream_url: bool
    received_at: float = 0.0  # time.monotonic() when it arrived (to check a client's pacing)


def _parse_json(body: bytes) -> Any:
    """The body as JSON, or None when it is empty or not JSON."""
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


class StandIn:
    """A Replicate stand-in on `host:port` (port 0: a free one). Use `async with` or
    `start()`/`close()`."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        tokens: Mapping[str, str] | None = None,
        *,
        catalog: tuple[CatalogModel, ...] = CATALOG,
        default_scenario: Scenario | None = None,
        file_lifetime: float = DEFAULT_LIFETIME,
        max_file_bytes: int = MAX_FILE_BYTES,
        upload_read_delay: float = 0.0,
    ) -> None:
        """`file_lifetime` is how long an uploaded file lives (seconds; 0: gone at once),
        `max_file_bytes` the Files API's limit, and `upload_read_delay` a pause after each
        64 kB of an upload read (a slow link). All three can be changed later on `files`."""
        self.host = host
        self.port = port
        self.tokens: dict[str, str] = dict(tokens or {STANDIN_TOKEN: STANDIN_USER})
        self.catalog = catalog
        self.requests: list[RecordedRequest] = []
        self.predictions: dict[str, StandInPrediction] = {}
        self._queue: deque[QueuedScenario] = deque()
        self._default = QueuedScenario(default_scenario or Scenario(), None)
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._closed = asyncio.Event()  # set by close(): scripted delays end
        self.files = FilesApi(
            self.username,
            self._closed,
            lifetime=file_lifetime,
            max_bytes=max_file_bytes,
            read_delay=upload_read_delay,
        )
        self._api = PredictionsApi(
            catalog, self.predictions, self._next_scenario, self.closing, self.files
        )

    # -- scenarios -------------------------------------------------------------------------

    @property
    def default_scenario(self) -> Scenario:
        """The scenario used when the queue is empty."""
        return self._default.scenario

    @default_scenario.setter
    def default_scenario(self, scenario: Scenario) -> None:
        self._default = QueuedScenario(scenario, None)

    def queue(self, *scenarios: Scenario) -> None:
        """Queue scenarios; each prediction creation takes the next one (FIFO)."""
        self._queue.extend(QueuedScenario(s, self._queue) for s in scenarios)

    def clear_queue(self) -> None:
        """Drop every queued scenario, including one left at the head by scripted failures."""
        self._queue.clear()

    @property
    def queued(self) -> list[Scenario]:
        """The scenarios still waiting in the queue."""
        return [q.scenario for q in self._queue]

    def _next_scenario(self) -> QueuedScenario:
        return self._queue[0] if self._queue else self._default

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """`http://HOST:PORT`, without `/v1`, like the Python client's `base_url`."""
        if self._runner is None:
            raise RuntimeError("the stand-in is not running; call start() first")
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def closing(self) -> bool:
        """True once `close()` has begun."""
        return self._closing

    async def start(self) -> StandIn:
        """Bind and start serving; returns self."""
        if self._runner is not None:
            raise RuntimeError("the stand-in is already running")
        app = web.Application(middlewares=[self._middleware], client_max_size=MAX_REQUEST_BODY)
        app.add_routes(Browse(self.catalog, self.username).routes())
        app.add_routes(self._api.routes())
        app.add_routes(self.files.routes())
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._closing = False
        self._api.closed.clear()
        self._closed.clear()
        self.port = int(runner.addresses[0][1])
        return self

    async def close(self) -> None:
        """Stop producers and connections, and free the port; no task is left behind."""
        if self._runner is None:
            return
        self._closing = True
        self._api.closed.set()
        self._closed.set()
        tasks = [p.task for p in self.predictions.values() if p.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for prediction in self.predictions.values():
            prediction.notify()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> StandIn:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def wait_terminal(self, prediction_id: str, timeout: float = 5) -> StandInPrediction:
        """Wait until that prediction has ended; raises TimeoutError after `timeout` seconds."""
        prediction = self.predictions[prediction_id]

        async def until_terminal() -> None:
            while not prediction.terminal:
                await prediction.changed.wait()

        await asyncio.wait_for(until_terminal(), timeout)
        return prediction

    # -- requests --------------------------------------------------------------------------

    def username(self, request: web.Request) -> str:
        """The account of the request's bearer token ("" when it has none)."""
        return self._user(request.headers.get("Authorization")) or ""

    def _user(self, authorization: str | None) -> str | None:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme != "Bearer":
            return None
        return self.tokens.get(token.strip())

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Record the request, check its token, and answer unknown routes with problem JSON.

        An upload's body is left to the Files API, which reads it as it streams in (it may be
        100 MB, or arrive slowly): its record holds no body.
        """
        body = b"" if FilesApi.is_upload(request) else await request.read()
        is_stream = request.path.startswith(STREAM_PREFIX)
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=CIMultiDict(request.headers),
                body=body,
                json=_parse_json(body),
                stream_url=is_stream,
                received_at=time.monotonic(),
            )
        )
        if request.path.startswith("/v1/"):
            # The stream URL is a capability URL: no token needed, but a token sent must be valid.
            # So is a file's signed download URL.
            authorization = request.headers.get("Authorization")
            capability = is_stream or FilesApi.is_download(request.path)
            anonymous = capability and authorization is None
            if not anonymous and self._user(authorization) is None:
                return problems.problem(401, problems.UNAUTHENTICATED)
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return problems.problem(404, problems.not_found("Resource"))
        except web.HTTPMethodNotAllowed as error:
            body_ = {"detail": "Method not allowed", "status": 405}
            return problems.problem(405, body_, {"Allow": ",".join(sorted(error.allowed_methods))})
