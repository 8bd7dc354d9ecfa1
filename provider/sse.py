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

__all__ = ["SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"


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
        lines = buffer.splitlines(keepends=True)
        if lines[-1][-1:] not in (b"\n", b"\r"):
            self._partial = [lines.pop()]
        else:
            self._partial = []
            if buffer[-1:] == b"\r":
                self._skip_lf = True
        events: list[ServerSentEvent] = []
        for line in lines:
            line = line[:-2] if line[-2:] == b"\r\n" else line[:-1]
            if not line:
                event = self._dispatch()
                if event is not None:
                    events.append(event)
            else:
                self._process_field(line)
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

    def _dispatch(self) -> ServerSentEvent | None:
        self.last_event_id = self._id  # even for an event with no data, as the spec says
        data, event = self._data, self._event
        self._data = []
        self._event = b""
        if not data:
            return None
        text = (data[0] if len(data) == 1 else b"\n".join(data)).decode("utf-8", "replace")
        name = event.decode("utf-8", "replace") if event else "message"
        return ServerSentEvent(name, text, self.last_event_id)
