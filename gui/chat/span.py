"""Where a selection across messages starts and ends, as positions (Qt-free).

A point is a message and a character offset in its text as one document would show it. A
message shown in several segments (gui/chat/message/body.py) counts each segment's characters
and one more between two segments: the paragraph separator the whole message rendered as one
document has there, so a point stays valid when its message's widget is made anew (in one
segment) or when there is no widget at all. END stands for the end of any message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

END = 1 << 62  # past the end of any message


class Point(NamedTuple):
    message_id: int
    offset: int


class Ends(NamedTuple):
    """A span in reading order: its first message's row and offset, its last one's, and
    whether it was made upwards (its anchor is at the end)."""

    first_row: int
    first: int
    last_row: int
    last: int
    backwards: bool

    def range_in(self, row: int) -> tuple[int, int] | None:
        """The offsets [lo, hi) of row `row`'s message in the span; None when outside it."""
        if not self.first_row <= row <= self.last_row:
            return None
        lo = self.first if row == self.first_row else 0
        hi = self.last if row == self.last_row else END
        return lo, hi


def ordered(anchor: Point, focus: Point, row_of: Callable[[int], int | None]) -> Ends | None:
    """The span from `anchor` to `focus` in reading order; None if a message is gone."""
    anchor_row, focus_row = row_of(anchor.message_id), row_of(focus.message_id)
    if anchor_row is None or focus_row is None:
        return None
    start, end = (anchor_row, anchor.offset), (focus_row, focus.offset)
    backwards = end < start
    if backwards:
        start, end = end, start
    return Ends(start[0], start[1], end[0], end[1], backwards)


def bases(lengths: Sequence[int]) -> list[int]:
    """Where each segment (of `lengths` characters) starts in its message's offsets."""
    starts, offset = [], 0
    for length in lengths:
        starts.append(offset)
        offset += length + 1  # the separator after it
    return starts


def pieces(lengths: Sequence[int], lo: int, hi: int) -> list[tuple[int, int, int] | None]:
    """What [lo, hi) of a message covers, in order: (segment, start, end) for each segment's
    part, None for the line break between two segments (when the span covers it)."""
    found: list[tuple[int, int, int] | None] = []
    for index, (base, length) in enumerate(zip(bases(lengths), lengths, strict=True)):
        start, end = max(lo, base), min(hi, base + length)
        if start < end:
            found.append((index, start - base, end - base))
        if index + 1 < len(lengths) and lo <= base + length < hi:
            found.append(None)
    return found


def cursors(
    lengths: Sequence[int], lo: int, hi: int, backwards: bool
) -> list[tuple[int, int] | None]:
    """Each segment's selection for [lo, hi) as (anchor, position); None: nothing selected.
    Upwards, each anchor is at its part's end, as a drag there leaves it."""
    found: list[tuple[int, int] | None] = [None] * len(lengths)
    for piece in pieces(lengths, lo, hi):
        if piece is not None:
            index, start, end = piece
            found[index] = (end, start) if backwards else (start, end)
    return found
