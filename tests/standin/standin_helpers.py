"""Shared helpers for the stand-in tests: auth headers, a reference SSE parser, shortcuts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import aiohttp

from provider.standin import STANDIN_TOKEN, StandIn

AUTH = {"Authorization": f"Bearer {STANDIN_TOKEN}"}
LLAMA = "meta/meta-llama-3-8b-instruct"
TINY = "standin/tiny-chat"


@dataclass
class Event:
    """One dispatched server-sent event."""

    type: str
    data: str
    id: str | None


def parse_sse(raw: bytes) -> list[Event]:
    """Decode a complete SSE body the way the WHATWG spec says (the tests' reference)."""
    text = raw.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    events: list[Event] = []
    event_type, last_id = "", None
    data: list[str] = []
    # A trailing unterminated line is discarded, as the spec does at end of stream.
    for line in re.split(r"\r\n|\r|\n", text)[:-1]:
        if not line:
            if data:
                events.append(Event(event_type or "message", "\n".join(data), last_id))
            event_type, data = "", []
            continue
        if line.startswith(":"):
            continue
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            event_type = value
        elif name == "data":
            data.append(value)
        elif name == "id" and "\0" not in value:
            last_id = value
    return events


def outputs(events: list[Event]) -> str:
    """The reply text carried by the output events."""
    return "".join(e.data for e in events if e.type == "output")


def types(events: list[Event]) -> list[str]:
    """The event types, in order."""
    return [e.type for e in events]


async def create(
    http: aiohttp.ClientSession,
    standin: StandIn,
    model: str = LLAMA,
    model_input: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """Create a prediction of an official model; returns the status and the parsed body."""
    body = {"input": model_input if model_input is not None else {"prompt": "hi"}}
    url = f"{standin.base_url}/v1/models/{model}/predictions"
    async with http.post(url, json=body, headers={**AUTH, **(headers or {})}) as resp:
        return resp.status, await resp.json(content_type=None)


async def create_ok(http: aiohttp.ClientSession, standin: StandIn, **kwargs: Any) -> dict[str, Any]:
    """Create a prediction that must succeed; returns its JSON."""
    status, body = await create(http, standin, **kwargs)
    assert status == 201, body
    return dict(body)


async def read_stream(
    http: aiohttp.ClientSession, url: str, headers: dict[str, str] | None = None
) -> bytes:
    """The whole body of a stream URL that must answer 200 text/event-stream."""
    async with http.get(url, headers=headers) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "text/event-stream"
        return await resp.read()


async def read_until_cut(
    http: aiohttp.ClientSession, url: str, headers: dict[str, str] | None = None
) -> tuple[bytes, BaseException | None]:
    """Read a stream until it ends or breaks; returns the bytes and the error, if any."""
    received = bytearray()
    async with http.get(url, headers=headers) as resp:
        assert resp.status == 200
        try:
            async for piece in resp.content.iter_any():
                received += piece
        except aiohttp.ClientError as error:
            return bytes(received), error
    return bytes(received), None


async def get_json(http: aiohttp.ClientSession, url: str) -> tuple[int, Any]:
    """GET with the stand-in token; returns the status and the parsed body."""
    async with http.get(url, headers=AUTH) as resp:
        return resp.status, await resp.json(content_type=None)
