"""Renders Replicate's SSE events to bytes, and keeps a prediction's rendered output events.

Each output event is rendered once, when the producer emits it, into one growing buffer; every
stream connection (first or resumed) then sends slices of that buffer in large writes, so a
100,000-event reply costs a handful of writes, not 100,000.
"""

from __future__ import annotations

import itertools
import json
import re

LINE_ENDINGS = ("\n", "\r\n", "\r")

# SSE treats CR, LF and CRLF alike as line breaks, so each of them ends one `data:` line.
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def comment(text: str, eol: str) -> bytes:
    """A comment line and the blank line after it (`: hi`, `:408: 408 Request Timeout`)."""
    return f"{text}{eol}{eol}".encode()


def hello(eol: str) -> bytes:
    """What every stream starts with: nchan's `: hi` comment."""
    return comment(": hi", eol)


def timeout_408(eol: str) -> bytes:
    """The comment Replicate's stream sends before it closes after 30 seconds."""
    return comment(":408: 408 Request Timeout", eol)


def event(name: str | None, data: bytes, eol: str, event_id: str | None = None) -> bytes:
    """One event: optional `event:` and `id:` lines, one `data:` line per line of `data`."""
    end = eol.encode()
    parts: list[bytes] = []
    if name is not None:
        parts.append(b"event: " + name.encode() + end)
    if event_id is not None:
        parts.append(b"id: " + event_id.encode() + end)
    # Exactly one space after "data:", so a token " world" goes out as "data:  world".
    parts.extend(b"data: " + line + end for line in _LINE_BREAK.split(data))
    parts.append(end)
    return b"".join(parts)


def output_event(text: str, eol: str, event_id: str) -> bytes:
    """An `output` event carrying one chunk of text."""
    if "\n" not in text and "\r" not in text:
        # The common case, kept cheap: one data line, formatted in one go.
        return f"event: output{eol}id: {event_id}{eol}data: {text}{eol}{eol}".encode()
    return event("output", text.encode(), eol, event_id)


def output_events(chunks: list[str], eol: str, event_ids: list[str]) -> list[bytes]:
    """`output_event` for many chunks, rendered in one comprehension (a long reply's events)."""
    return [
        f"event: output{eol}id: {event_id}{eol}data: {text}{eol}{eol}".encode()
        if "\n" not in text and "\r" not in text
        else event("output", text.encode(), eol, event_id)
        for text, event_id in zip(chunks, event_ids, strict=True)
    ]


def done_event(reason: str | None, eol: str) -> bytes:
    """The final `done` event: `{}` on success, `{"reason": ...}` otherwise."""
    payload = "{}" if reason is None else json.dumps({"reason": reason}, separators=(",", ":"))
    return event("done", payload.encode(), eol)


def error_event(detail: str, eol: str) -> bytes:
    """The `error` event a failed prediction sends before `done {"reason":"error"}`."""
    return event("error", json.dumps({"detail": detail}).encode(), eol)


def terminal_events(status: str, error: str | None, eol: str) -> bytes:
    """What ends the stream of a prediction in a terminal status."""
    if status == "succeeded":
        return done_event(None, eol)
    if status == "failed":
        return error_event(error or "Prediction failed", eol) + done_event("error", eol)
    return done_event("canceled", eol)


def junk(eol: str) -> bytes:
    """Lines a correct SSE decoder ignores: no colon, unknown field, bad retry, comments,
    a `logs` event and a data-only event (type "message") that carry no reply text."""
    lines = [
        "garbage",
        "foo: bar",
        "retry: abc",
        ": a comment a client must skip",
        "",
        "event: logs",
        "data: Loading weights...",
        "",
        "data: an event without an event line is a message, not output",
        "",
    ]
    return "".join(line + eol for line in lines).encode()


class EventLog:
    """A prediction's output events, rendered once into one buffer, indexed by event number."""

    def __init__(self, eol: str) -> None:
        self.eol = eol
        self._buffer = bytearray()
        self._offsets = [0]
        self._index_by_id: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @property
    def nbytes(self) -> int:
        """Total size of the rendered events."""
        return len(self._buffer)

    def append(self, rendered: bytes, event_id: str, extra: bytes = b"") -> None:
        """Add one rendered event, plus bytes sent right after it (e.g. junk lines)."""
        self._index_by_id[event_id] = len(self)
        self._buffer += rendered
        self._buffer += extra
        self._offsets.append(len(self._buffer))

    def extend(self, rendered: list[bytes], event_ids: list[str]) -> None:
        """Add many rendered events at once (`append` for each, in one go)."""
        first = len(self)
        self._index_by_id.update(zip(event_ids, range(first, first + len(event_ids)), strict=True))
        offsets = itertools.accumulate(map(len, rendered), initial=len(self._buffer))
        next(offsets)  # the start of the first event is already the last offset
        self._offsets.extend(offsets)
        self._buffer += b"".join(rendered)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Byte range of events `start` up to (not including) `end`."""
        return self._offsets[start], self._offsets[end]

    def read(self, begin: int, end: int) -> bytes:
        """A copy of bytes `begin:end` (a copy, because the buffer may grow meanwhile)."""
        return bytes(self._buffer[begin:end])

    def index_after(self, last_event_id: str | None) -> int:
        """Where a reconnecting client resumes: just after that id, or at 0 if it is unknown."""
        if last_event_id is None:
            return 0
        index = self._index_by_id.get(last_event_id.strip())
        return 0 if index is None else index + 1
