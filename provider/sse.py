"""A pure, incremental decoder of server-sent events: bytes in, events out, no I/O.

It follows the WHATWG "event stream interpretation" algorithm: lines end in CR, LF or CRLF (a CR
ending one network read and an LF starting the next are one line break), lines starting with ":"
are comments, the field value loses exactly one leading space, several `data` lines of one event
are joined with "\n", `id` persists until changed, and an event with no `data` line is not
dispatched. Text is UTF-8; a line is only decoded once it is complete, so a multi-byte character
split across reads is never broken. Invalid bytes become U+FFFD instead of aborting the stream:
one bad byte from a model must not cost the person the rest of the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RawEvent", "SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"

# An event as `feed_tuples` gives it: (event type, data, last event id).
RawEvent = tuple[str, str, str | None]

# The `event` value of the usual output event, as the fast path stores it (compared by identity).
_OUTPUT = b"output"
# Event types decoded once: an event with no (or an empty) `event` field is a "message".
_NAMES = {b"": "message", b"output": "output", b"done": "done", b"error": "error"}


def _event_name(value: bytes) -> str:
    name = _NAMES.get(value)
    return name if name is not None else value.decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One dispatched event. `id` is the stream's last event id at dispatch time (may be None)."""

    event: str
    data: str
    id: str | None = None


class SSEDecoder:
    """Feed it bytes as they arrive; it returns the events those bytes complete.

    `comments` collects comment lines (without the leading colon) until the caller clears it:
    Replicate ends a stream that timed out with the comment `:408: 408 Request Timeout`, and the
    reader needs to tell that apart from a clean end.
    """

    __slots__ = (
        "_at_start",
        "_data",
        "_event",
        "_id",
        "_partial",
        "_skip_lf",
        "comments",
        "last_event_id",
        "retry",
    )

    def __init__(self) -> None:
        self._partial: list[bytes] = []  # pieces of an incomplete line from earlier reads
        self._skip_lf = (
            False  # the previous read ended in CR: an LF right after it is the same break
        )
        self._at_start = True  # a UTF-8 byte-order mark is dropped once, at the very start
        self._data: list[bytes] = []
        self._event = b""
        # The id read so far; it becomes `last_event_id` when its event is dispatched (WHATWG's
        # "last event ID buffer"), so an event cut off by a dropped connection is asked for again.
        self._id: str | None = None
        self.last_event_id: str | None = None
        self.retry: int | None = None
        self.comments: list[str] = []

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one network read; return the events it completes, in order."""
        return [ServerSentEvent(name, data, id) for name, data, id in self.feed_tuples(chunk)]

    def feed_tuples(self, chunk: bytes) -> list[RawEvent]:
        """`feed`, with each event as a plain `(event, data, id)` tuple.

        For readers of long streams: a tuple costs a fraction of a frozen dataclass, which
        matters at 100,000 events a reply.
        """
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[0] == 0x0A:
                chunk = chunk[1:]
                if not chunk:
                    return []
        if self._at_start:
            buffer = b"".join(self._partial) + chunk
            if len(buffer) < len(_BOM) and _BOM.startswith(buffer):
                self._partial = [buffer]  # cannot tell yet whether this is a byte-order mark
                return []
            self._at_start = False
            chunk = buffer[len(_BOM) :] if buffer.startswith(_BOM) else buffer
            self._partial = []
        if b"\n" not in chunk and b"\r" not in chunk:
            # No line ends here: keep the piece; joining only once a line completes keeps a long
            # line arriving in many small reads linear rather than quadratic.
            self._partial.append(chunk)
            return []
        buffer = b"".join(self._partial) + chunk if self._partial else chunk
        if b"\r" not in buffer:
            # The common case, LF only: split() drops the line ends for free, and the last piece
            # is the incomplete line (empty when the buffer ends with a line break).
            lines = buffer.split(b"\n")
            rest = lines.pop()
            self._partial = [rest] if rest else []
        else:
            lines = buffer.splitlines(keepends=True)
            if lines[-1][-1:] not in (b"\n", b"\r"):
                self._partial = [lines.pop()]
            else:
                self._partial = []
                if buffer[-1:] == b"\r":
                    self._skip_lf = True
            lines = [line[:-2] if line[-2:] == b"\r\n" else line[:-1] for line in lines]
        return self._decode_lines(lines)

    def _decode_lines(self, lines: list[bytes]) -> list[RawEvent]:
        """Interpret complete lines (without their line ends); the hot loop of a long reply.

        The lines every Replicate output event has, written the usual way (`event: output`,
        `id: ...`, `data: ...`), are handled inline on local variables with the cheapest tests
        there are; anything else takes the general path, `_process_field`.
        """
        events: list[RawEvent] = []
        add = events.append
        data, event, event_id = self._data, self._event, self._id
        last_id = self.last_event_id
        output = _OUTPUT
        for line in lines:
            if not line:
                # Dispatch. The id becomes the last event id even when there is no data.
                last_id = event_id
                if data:
                    raw = data[0] if len(data) == 1 else b"\n".join(data)
                    try:
                        text = raw.decode()
                    except UnicodeDecodeError:
                        text = raw.decode("utf-8", "replace")
                    add((_event_name(event) if event is not output else "output", text, last_id))
                    data = []
                event = b""
            elif line == b"event: output":
                event = output
            elif line[:6] == b"data: ":  # a slice compares faster than startswith() here
                data.append(line[6:])
            elif line[:4] == b"id: " and 0 not in line:  # an id with NUL is ignored
                try:
                    event_id = line[4:].decode()
                except UnicodeDecodeError:
                    event_id = line[4:].decode("utf-8", "replace")
            else:
                self._data, self._event, self._id = data, event, event_id
                self._process_field(line)
                data, event, event_id = self._data, self._event, self._id
        self._data, self._event, self._id = data, event, event_id
        self.last_event_id = last_id
        return events

    def _process_field(self, line: bytes) -> None:
        colon = line.find(b":")
        if colon == 0:
            self.comments.append(line[1:].decode("utf-8", "replace"))
            return
        if colon < 0:
            name, value = line, b""
        else:
            name, value = line[:colon], line[colon + 1 :]
            if value[:1] == b" ":
                value = value[1:]
        if name == b"data":
            self._data.append(value)
        elif name == b"event":
            self._event = value
        elif name == b"id":
            if b"\x00" not in value:
                self._id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            self.retry = int(value)
        # Any other field name is ignored, as the specification says.
