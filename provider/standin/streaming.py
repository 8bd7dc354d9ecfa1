"""Serves one SSE connection to a prediction's stream URL, with the scenario's stream faults.

A connection replays the rendered events from the start (or from just after `Last-Event-ID`),
then follows the producer live, then sends the terminal events. Faults are counted in events
written on this connection, replayed ones included.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from provider.standin import problems, wire
from provider.standin.prediction import StandInPrediction

WRITE_SIZE = 64 * 1024


class _Connection:
    """One stream response and the fault thresholds that apply to it."""

    def __init__(
        self,
        request: web.Request,
        prediction: StandInPrediction,
        response: web.StreamResponse,
        index: int,
        closing: Callable[[], bool],
    ) -> None:
        scenario = prediction.scenario
        self.request = request
        self.prediction = prediction
        self.response = response
        self.closing = closing
        self.write_size = scenario.write_size or WRITE_SIZE
        self.eol = scenario.line_ending
        self.sent = 0
        self.drop_at = scenario.drop_after if index < scenario.drops else None
        self.silence_at = scenario.silence_after if index == 0 else None
        self.timeout_at = scenario.timeout_408_after if index == 0 else None

    async def write(self, data: bytes) -> None:
        """Write in pieces of at most `write_size` bytes, each flushed on its own."""
        small = self.prediction.scenario.write_size is not None
        for begin in range(0, len(data), self.write_size):
            await self.response.write(data[begin : begin + self.write_size])
            if small:
                # Give the reader a chance to see this piece as a network read of its own.
                await asyncio.sleep(0)

    async def write_events(self, begin: int, end: int) -> None:
        """Write output events `begin:end` from the prediction's rendered log."""
        first, last = self.prediction.events.span(begin, end)
        for offset in range(first, last, WRITE_SIZE):
            await self.write(self.prediction.events.read(offset, min(offset + WRITE_SIZE, last)))
        self.sent += end - begin

    def limit(self, position: int, available: int) -> int:
        """How far the next write may go before a fault threshold is reached."""
        end = available
        for threshold in (self.drop_at, self.silence_at, self.timeout_at):
            if threshold is not None and threshold > self.sent:
                end = min(end, position + threshold - self.sent)
        return end

    async def silent(self, seconds: float) -> None:
        """Write nothing for a while (cut short when the stand-in closes)."""
        deadline = asyncio.get_running_loop().time() + seconds
        while not self.closing():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return
            await asyncio.sleep(min(remaining, 0.05))

    async def run(self, position: int) -> None:
        """Send events until the prediction ends, a fault ends the stream, or shutdown."""
        prediction = self.prediction
        while True:
            transport = self.request.transport
            if self.closing():
                if transport is not None:
                    transport.close()
                return
            if self.drop_at is not None and self.sent >= self.drop_at:
                # Cut the connection mid-body: no terminal event, no final chunk.
                if transport is not None:
                    transport.close()
                return
            if self.timeout_at is not None and self.sent >= self.timeout_at:
                await self.write(wire.timeout_408(self.eol))
                return
            if self.silence_at is not None and self.sent >= self.silence_at:
                self.silence_at = None
                await self.silent(prediction.scenario.silence)
                continue
            available = len(prediction.events)
            if position < available:
                end = self.limit(position, available)
                await self.write_events(position, end)
                position = end
                continue
            if prediction.terminal:
                await self.write(
                    wire.terminal_events(prediction.status, prediction.error, self.eol)
                )
                return
            await prediction.changed.wait()


async def serve_stream(
    request: web.Request, prediction: StandInPrediction, closing: Callable[[], bool]
) -> web.StreamResponse:
    """Answer `GET /v1/streams/{token}` for `prediction`."""
    scenario = prediction.scenario
    index = prediction.stream_connections
    prediction.stream_connections += 1
    last_event_id = request.headers.get("Last-Event-ID")
    prediction.last_event_ids.append(last_event_id)
    if scenario.stream_status is not None and index == 0:
        return problems.problem(scenario.stream_status, problems.scripted(scenario.stream_status))

    response = web.StreamResponse(
        status=200, headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    connection = _Connection(request, prediction, response, index, closing)
    start = 0 if scenario.ignore_last_event_id else prediction.events.index_after(last_event_id)
    try:
        await connection.write(wire.hello(connection.eol))
        if scenario.malformed:
            await connection.write(wire.junk(connection.eol))
        await connection.run(start)
    except ConnectionError:
        # The client went away; nothing to tell anyone.
        pass
    return response
