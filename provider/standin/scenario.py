"""Scenarios: what one stand-in prediction does — its reply, its timing and its faults.

A test queues scenarios; each prediction creation takes the next one. `expected_text()` says
what a correct client reassembles from the stream (or from polling), character for character.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from provider.standin.demo import demo_chunks
from provider.standin.received import ReadFile
from provider.standin.wire import LINE_ENDINGS

CREATE_BODIES = ("non_json", "truncated", "oversized")

# The bytes an `invalid_utf8` scenario puts into one event; a "replace" decoder turns each of
# them into one U+FFFD.
INVALID_BYTES = b"\xff\xfe"
REPLACEMENT = INVALID_BYTES.decode("utf-8", "replace")

_LINE_BREAK = re.compile(r"\r\n|\r")


@dataclass
class Scenario:
    """How the next prediction behaves. Every field has a harmless default."""

    chunks: list[str] | None = None
    """Output tokens; None makes the demo responder write a reply to the input."""
    chunk_delay: float = 0.0
    """Seconds between two output events (0: everything at once, pre-rendered)."""
    boot_delay: float = 0.0
    """Seconds in `starting` before the first token (a cold boot; the stream stays silent)."""

    create_status: int | None = None
    """Prediction creation answers this HTTP status with Replicate's problem body."""
    create_failures: int = 1
    """How many creations fail with `create_status` before one succeeds."""
    retry_after: str | None = None
    """`Retry-After` header value sent with a scripted 429."""
    create_body: str | None = None
    """Garbage creation response: "non_json", "truncated" or "oversized"."""

    error_after: int | None = None
    """Fail after this many output events (error event, then done reason "error")."""
    error_detail: str = "Something went wrong"
    """The prediction's `error`, and the `detail` of the stream's error event."""
    cancel_after: int | None = None
    """End canceled after this many output events, as if canceled elsewhere."""

    drop_after: int | None = None
    """Cut the TCP connection after this many events written in one connection."""
    drops: int = 1
    """How many stream connections (the first ones) are cut by `drop_after`."""
    silence_after: int | None = None
    """On the first stream connection, go silent after this many events..."""
    silence: float = 0.0
    """...for this many seconds (the producer keeps going meanwhile)."""
    timeout_408_after: int | None = None
    """On the first connection, send `:408: 408 Request Timeout` after this many events, end."""
    no_stream: bool = False
    """The prediction has no `urls.stream`: its text is only available by polling."""
    ignore_last_event_id: bool = False
    """Reconnections replay from the first event whatever `Last-Event-ID` says."""
    malformed: bool = False
    """The stream also carries lines and events a correct decoder ignores."""
    invalid_utf8: bool = False
    """One output event has the raw bytes FF FE in the middle of its text."""
    line_ending: str = "\n"
    """The stream's line ending: "\\n", "\\r\\n" or "\\r"."""
    write_size: int | None = None
    """Split every stream write into flushed pieces of at most this many bytes."""
    stream_status: int | None = None
    """The first stream connection answers this HTTP status instead of streaming."""
    get_failures: int = 0
    """How many `GET /v1/predictions/{id}` answer `get_status` before the normal answer."""
    get_status: int = 503
    """The status of those failing GETs."""
    metrics: dict[str, float] | None = None
    """Metrics that override the computed ones in the terminal prediction."""
    create_delay: float = 0.0
    """Seconds the 201 answer takes after the prediction exists (a slow link)."""
    cancel_delay: float = 0.0
    """Seconds a cancel request takes before it acts and answers (counted on arrival)."""
    urls_origin: str | None = None
    """Where the prediction's `urls` (get, cancel, stream) point, instead of this server: a
    foreign or plain-http host, to show where a client sends the token."""

    def __post_init__(self) -> None:
        if self.line_ending not in LINE_ENDINGS:
            raise ValueError(f"line_ending must be one of {LINE_ENDINGS!r}")
        if self.create_body is not None and self.create_body not in CREATE_BODIES:
            raise ValueError(f"create_body must be one of {CREATE_BODIES!r}")
        if self.write_size is not None and self.write_size < 1:
            raise ValueError("write_size must be at least 1")

    def resolve_chunks(
        self,
        model_input: Mapping[str, Any] | None = None,
        model: str | None = None,
        read_file: ReadFile | None = None,
    ) -> list[str]:
        """The full script of output tokens: `chunks`, or the demo reply to `model_input`
        (`read_file` reads the stand-in's uploaded files, for the images it describes)."""
        if self.chunks is not None:
            return list(self.chunks)
        return demo_chunks(model_input or {}, model, read_file)

    def emitted_count(self, total: int) -> int:
        """How many of `total` chunks go out before an error or cancel ends the prediction."""
        limits = [n for n in (self.error_after, self.cancel_after) if n is not None]
        return min([total, *limits])

    def final_status(self) -> str:
        """The status the prediction ends in when nobody cancels it."""
        error, cancel = self.error_after, self.cancel_after
        if error is not None and (cancel is None or error <= cancel):
            return "failed"
        return "succeeded" if cancel is None else "canceled"

    def invalid_index(self, total: int) -> int | None:
        """Which output event carries the invalid bytes (the middle one), if any."""
        return total // 2 if self.invalid_utf8 and total else None

    def output_text(self, index: int, chunk: str, total: int) -> str:
        """Chunk `index` as the prediction's `output` array holds it (U+FFFD for bad bytes)."""
        if index != self.invalid_index(total):
            return chunk
        middle = len(chunk) // 2
        return chunk[:middle] + REPLACEMENT + chunk[middle:]

    def wire_data(self, index: int, chunk: str, total: int) -> bytes | None:
        """The raw data bytes of chunk `index` when they are not plain UTF-8, else None."""
        if index != self.invalid_index(total):
            return None
        middle = len(chunk) // 2
        return chunk[:middle].encode() + INVALID_BYTES + chunk[middle:].encode()

    def expected_text(
        self,
        model_input: Mapping[str, Any] | None = None,
        model: str | None = None,
        read_file: ReadFile | None = None,
    ) -> str:
        """What a correct client reassembles from this scenario's stream.

        The emitted chunks joined, with U+FFFD where invalid bytes were sent. CR and CRLF
        inside a chunk come out as LF, because SSE reads every one of them as a line break.
        """
        return expected_text(self, model_input, model, read_file)


def expected_text(
    scenario: Scenario,
    model_input: Mapping[str, Any] | None = None,
    model: str | None = None,
    read_file: ReadFile | None = None,
) -> str:
    """What a correct client reassembles from `scenario` (see `Scenario.expected_text`)."""
    chunks = scenario.resolve_chunks(model_input, model, read_file)
    total = len(chunks)
    emitted = chunks[: scenario.emitted_count(total)]
    text = "".join(scenario.output_text(i, chunk, total) for i, chunk in enumerate(emitted))
    return _LINE_BREAK.sub("\n", text)


class QueuedScenario:
    """A scenario waiting for a creation, with the creation failures it has scripted so far."""

    def __init__(self, scenario: Scenario, owner: deque[QueuedScenario] | None) -> None:
        self.scenario = scenario
        self.failures = 0
        self._owner = owner

    def consume(self) -> None:
        """A prediction was created with this scenario: leave the queue (the default stays)."""
        if self._owner is not None and self._owner and self._owner[0] is self:
            self._owner.popleft()
