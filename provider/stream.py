"""Reading one prediction's output to its end, whatever the network does in between.

The stream URL is read as server-sent events. When it breaks (closed before `done`, silent past
the idle timeout, or ended with Replicate's `:408` comment) the reader asks for the prediction:
finished ones are completed from their `output`, running ones are reconnected with
`Last-Event-ID`. Events replayed after a reconnect are recognised by their ids and skipped, so no
chunk is lost and none is repeated. After repeated breaks, or without ids to resume from, it polls
`urls.get` and yields the growing `output` past the characters already given. Predictions without
a stream URL are polled from the start.

If the consumer stops early (closes the generator or cancels its task), the prediction is
canceled on Replicate, or the model would keep running and the person keep paying.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncGenerator, Iterator
from typing import Any

import aiohttp

from .errors import (
    InvalidResponseError,
    PredictionCanceledError,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeoutError,
    prediction_failure,
)
from .events import (
    ChatEvent,
    Metrics,
    Prediction,
    PredictionCreated,
    PredictionFinished,
    StatusChanged,
    TextDelta,
)
from .sse import SSEDecoder
from .transport import Transport, check_url

__all__ = ["Item", "PredictionReader"]

# What `PredictionReader.batches()` hands out: events, with text deltas as plain strings.
Item = ChatEvent | str

log = logging.getLogger("provider.stream")

MAX_RECONNECTS = 3  # consecutive stream breaks without new text before falling back to polling
POLL_MIN_DELAY = 0.25
POLL_MAX_DELAY = 2.0
CANCEL_WAIT = 2.0  # how long a Stop waits for Replicate to confirm the cancel
STREAM_HEADERS = {"Accept": "text/event-stream", "Cache-Control": "no-store"}


class PredictionReader:
    """Turns one created prediction into chat events, and cancels it if abandoned."""

    def __init__(self, transport: Transport, prediction: Prediction, *, fetch_metrics: bool = True):
        self._transport = transport
        self.prediction = prediction
        self.status = prediction.status
        self.fetch_metrics = fetch_metrics
        self.emitted = 0  # characters of output given to the consumer so far
        self.finished = False  # the prediction reached a terminal state; nothing to cancel
        self._cancel_sent = False
        self._aborted = False  # the client was closed under us
        self._response: aiohttp.ClientResponse | None = None  # the open stream, to abort it
        self._streamed = False  # text came through SSE, which turns CR and CRLF into LF
        self._last_id: str | None = None
        # Ids of the output events received, in order: a list, which is cheaper to grow than a
        # set at 100,000 events; it becomes a set only when a reconnection needs to skip replays.
        self._seen_ids: list[str] = []
        self._done_reason: str | None = None  # set by a `done` event
        self._error_detail: str | None = None  # set by an `error` event
        self._break_reason = ""

    @property
    def get_url(self) -> str:
        return self.prediction.get_url or self._transport.api_url(
            f"predictions/{self.prediction.id}"
        )

    @property
    def cancel_url(self) -> str:
        return self.prediction.cancel_url or f"{self.get_url}/cancel"

    async def events(self) -> AsyncGenerator[ChatEvent, None]:
        """The whole reply: created, status changes, text, then finished (or an error)."""
        async with contextlib.aclosing(self.batches()) as batches:
            async for batch in batches:
                for item in batch:
                    yield TextDelta(item) if isinstance(item, str) else item

    async def batches(self) -> AsyncGenerator[list[Item], None]:
        """`events()` in lists, one per network read, with text deltas as plain strings.

        A long reply is 100,000 events; handing them up a chain of generators one by one, each
        wrapped in a `TextDelta`, costs more than reading them. `events()` and the `Replicate`
        facade unpack these lists at the one place that yields to the caller.
        """
        remove_abort = self._transport.on_close(self.abort)
        try:
            yield [PredictionCreated(self.prediction), StatusChanged(self.status)]
            if self.prediction.terminal:
                source = _batched(self._from_terminal(self.prediction))
            elif self.prediction.stream_url:
                source = self._stream(self.prediction.stream_url)
            else:
                source = _one_by_one(self._poll())
            # `async for` never closes the generator it reads; an early stop must, now, so the
            # connection is released before the cancel below rather than whenever GC runs.
            async with contextlib.aclosing(source):
                async for batch in source:
                    yield batch
        finally:
            remove_abort()
            if not self.finished:
                await self._cancel()

    def abort(self) -> None:
        """The client is closing: cancel the prediction (close() waits for it) and stop reading."""
        self._aborted = True
        if not self.finished:
            self._request_cancel()
        if self._response is not None:
            self._response.close()  # wakes a read that would otherwise wait out the idle timeout

    def _check_aborted(self) -> None:
        if self._aborted:
            raise ProviderConnectionError("The connection to Replicate was closed by the app.")

    # -- server-sent events -------------------------------------------------------------------

    async def _stream(self, url: str) -> AsyncGenerator[list[Item], None]:
        check_url(url, "stream URL")
        breaks = 0
        while True:
            before = self.emitted
            async with contextlib.aclosing(self._read_stream_once(url)) as connection:
                async for batch in connection:
                    yield batch
            self._check_aborted()
            if self._done_reason is not None:
                yield list(await self._after_done(self._done_reason))
                return
            breaks = 1 if self.emitted > before else breaks + 1
            log.info("stream of %s broke (%s)", self.prediction.id, self._break_reason)
            if breaks > MAX_RECONNECTS or (self.emitted and self._last_id is None):
                async with contextlib.aclosing(self._poll()) as polled:
                    async for event in polled:
                        yield [_item(event)]
                return
            if breaks > 1:
                # The last reconnect brought nothing: has the prediction ended meanwhile (or
                # been deleted, which Replicate answers with 408 on the stream)?
                self._check_aborted()
                current = await self._get()
                if current.terminal:
                    for event in self._from_terminal(current):
                        yield [_item(event)]  # one by one: text first, even when it raises
                    return
                if current.status == "starting":
                    # A cold boot: silence is expected, and Replicate ends an idle stream with
                    # :408 every 30 s. Keep streaming instead of giving up to polling.
                    breaks = 1
            await asyncio.sleep(self._transport.retry.backoff(breaks))

    async def _read_stream_once(self, url: str) -> AsyncGenerator[list[Item], None]:
        """One connection: yields what each network read brings (text as plain strings) until
        `done`, an error, or a break (which it records)."""
        headers = dict(STREAM_HEADERS)
        if self._last_id is not None:
            headers["Last-Event-ID"] = self._last_id
        # The stream URL is a capability URL: like Replicate's JS and Go clients, the token is not
        # sent there, so it travels to as few places as possible.
        self._check_aborted()  # close() may have come while we slept between connections
        skipping = bool(self._seen_ids)
        seen = set(self._seen_ids) if skipping else set()
        remember = self._seen_ids.append
        decoder = SSEDecoder()
        try:
            async with self._transport.session.get(
                url, headers=headers, timeout=self._transport.client_timeout()
            ) as response:
                self._response = response
                content_type = response.headers.get("Content-Type", "")
                if response.status != 200 or not content_type.startswith("text/event-stream"):
                    self._break_reason = f"HTTP {response.status} {content_type}".strip()
                    return
                async for chunk in response.content.iter_any():
                    # The loop below runs once per event of a long reply: locals only.
                    batch: list[Item] = []
                    add = batch.append
                    emitted = 0
                    last_id: str | None = None
                    processing = self.status == "processing"
                    for kind, data, event_id in decoder.feed_tuples(chunk):
                        if kind == "output":
                            if skipping:
                                if event_id in seen:
                                    continue
                                skipping = False
                            if event_id is not None:
                                remember(event_id)
                                last_id = event_id
                            if not processing:
                                processing = True
                                self.status = "processing"
                                add(StatusChanged("processing"))
                            emitted += len(data)
                            add(data)
                        elif kind == "done":
                            self._done_reason = _json_field(data, "reason") or ""
                            break
                        elif kind == "error":
                            self.finished = True
                            self._error_detail = _json_field(data, "detail") or data
                            break
                        # Other events (`logs`, unnamed "message"s) carry nothing for a chat.
                    if last_id is not None:
                        self._last_id = last_id
                    if batch:  # it holds text: a status change only ever comes with text
                        self.emitted += emitted
                        self._streamed = True
                        yield batch  # the text before an error or `done` comes first
                    if self._error_detail is not None:
                        raise prediction_failure(self._error_detail, self.prediction.id)
                    if self._done_reason is not None:
                        return
                    if decoder.comments:
                        if any(comment.startswith("408") for comment in decoder.comments):
                            self._break_reason = "the stream timed out (408)"
                            return
                        decoder.comments.clear()
                self._break_reason = "the stream ended before the reply was complete"
        except asyncio.TimeoutError:
            self._break_reason = f"no data for {self._transport.idle_timeout:g} s"
        except aiohttp.ClientError as exc:
            self._break_reason = str(exc) or type(exc).__name__
        finally:
            self._response = None

    async def _after_done(self, reason: str) -> list[ChatEvent]:
        self.finished = True
        if reason == "canceled":
            raise PredictionCanceledError(self.prediction.id)
        if reason == "error":
            current = await self._get_quietly()
            detail = current.error if current is not None and current.error else ""
            raise prediction_failure(detail, self.prediction.id)
        metrics = await self._final_metrics() if self.fetch_metrics else Metrics()
        self.status = "succeeded"
        return [
            StatusChanged("succeeded"),
            PredictionFinished(self.prediction.id, "succeeded", metrics),
        ]

    # -- polling --------------------------------------------------------------------------------

    async def _poll(self) -> AsyncGenerator[ChatEvent, None]:
        """Poll `urls.get`, yielding the growing output (backoff 0.25 s to 2 s, reset by news)."""
        delay = POLL_MIN_DELAY
        last_news = time.monotonic()
        while True:
            self._check_aborted()
            current = await self._get()
            news = False
            if current.status != self.status:
                self.status = current.status
                news = True
                if not current.terminal:
                    yield StatusChanged(current.status)
            for delta in self._new_text(current):
                news = True
                yield delta
            if current.terminal:
                for event in self._from_terminal(current):
                    yield event
                return
            now = time.monotonic()
            if news:
                delay, last_news = POLL_MIN_DELAY, now
            elif self.status != "starting" and now - last_news > self._transport.idle_timeout:
                # A cold boot (`starting`) may take minutes; a model silent mid-reply is stuck.
                raise ProviderTimeoutError(
                    f"The model produced nothing for {self._transport.idle_timeout:g} s; "
                    "the prediction was canceled."
                )
            await asyncio.sleep(delay)
            delay = min(POLL_MAX_DELAY, delay * 2)

    def _new_text(self, current: Prediction) -> Iterator[TextDelta]:
        """The output past the characters already given, chunk by chunk as the model made it."""
        output = current.output
        chunks = output if isinstance(output, list) else [current.output_text()]
        position = 0
        for chunk in chunks:
            text = chunk if isinstance(chunk, str) else str(chunk)
            if self._streamed:
                # SSE carried this chunk as lines, so the text counted so far has LF where the
                # chunk has CR or CRLF; count the same way or the offset drifts.
                text = _sse_line_breaks(text)
            end = position + len(text)
            if end > self.emitted:
                piece = text[self.emitted - position :] if position < self.emitted else text
                self.emitted = end
                yield TextDelta(piece)
            position = end

    def _from_terminal(self, current: Prediction) -> Iterator[ChatEvent]:
        """Finish from a terminal prediction: yield any text not yet given, then end as it did."""
        self.finished = True
        yield from self._new_text(current)
        self.status = current.status
        if current.status == "failed":
            raise prediction_failure(current.error or "", current.id)
        if current.status in ("canceled", "aborted"):
            raise PredictionCanceledError(current.id, current.status)
        yield StatusChanged(current.status)
        yield PredictionFinished(current.id, current.status, current.metrics)

    # -- requests -------------------------------------------------------------------------------

    async def _get(self) -> Prediction:
        raw = await self._transport.get_json(self.get_url)
        if not isinstance(raw, dict) or not raw.get("id"):
            raise InvalidResponseError("Replicate's prediction answer has no id.")
        return Prediction.from_api(raw)

    async def _get_quietly(self) -> Prediction | None:
        try:
            return await self._get()
        except ProviderError as exc:
            log.info("could not read prediction %s: %s", self.prediction.id, exc)
            return None

    async def _final_metrics(self) -> Metrics:
        """Metrics arrive with the terminal prediction, which may lag `done` by a moment."""
        for pause in (0.0, 0.1, 0.3, 0.6):
            await asyncio.sleep(pause)
            current = await self._get_quietly()
            if current is None:
                break
            if current.terminal:
                return current.metrics
        return Metrics()

    def _request_cancel(self) -> asyncio.Task[Any] | None:
        """Start the cancel request once, as the transport's background work."""
        if self._cancel_sent:
            return None
        self._cancel_sent = True
        self.finished = True
        log.info("canceling prediction %s", self.prediction.id)
        return self._transport.background(
            self._transport.post_json(self.cancel_url, idempotent=True, attempts=2)
        )

    async def _cancel(self) -> None:
        """Cancel the abandoned prediction and wait a moment for Replicate to confirm.

        Shielded: a second Stop, or the caller's task being cancelled again, ends the wait but
        not the request, and the client's close() still waits for it.
        """
        request = self._request_cancel()
        if request is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(request), CANCEL_WAIT)
        except (asyncio.TimeoutError, ProviderError) as exc:
            log.warning("could not cancel prediction %s: %s", self.prediction.id, exc)


def _item(event: ChatEvent) -> Item:
    """A polled or final event as a batch item: text as a plain string, as the stream gives it
    (batches promise that; only the polling paths make `TextDelta`s)."""
    return event.text if isinstance(event, TextDelta) else event


async def _batched(events: Iterator[ChatEvent]) -> AsyncGenerator[list[Item], None]:
    for event in events:
        yield [_item(event)]  # one by one: the text comes before an error the iterator raises


async def _one_by_one(events: AsyncGenerator[ChatEvent, None]) -> AsyncGenerator[list[Item], None]:
    async with contextlib.aclosing(events):
        async for event in events:
            yield [_item(event)]


def _sse_line_breaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _json_field(data: str, name: str) -> str | None:
    try:
        value: Any = json.loads(data)
    except ValueError:
        return None
    if isinstance(value, dict) and value.get(name) is not None:
        return str(value[name])
    return None
