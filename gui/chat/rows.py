"""Where each message of a long conversation sits, without a widget for each (Qt-free).

The chat view keeps live widgets only for the messages near the viewport (gui/chat/view.py);
the others are rows with a height: the one measured when their widget last stood at this
width, or else an estimate from their text. Row i's block starts at `top(i)`: the context
marker above it when it carries one, then the message, then the gap to the next. Positions are
prefix sums, recomputed from the first row that changed, so that scrolling through a 10,000-
message conversation costs the same at its end as at its start.
"""

from __future__ import annotations

import bisect
import itertools
import math
from typing import NamedTuple

# A message's text as the estimate reads it: characters and lines, counted once.
HEADER_PX = 34  # the role line, with the body's top margin
ANSWER_FOOTER_PX = 38  # an answer's copy and regenerate buttons
QUESTION_FOOTER_PX = 20  # a question's padding (its files have their own rows)


class TextShape(NamedTuple):
    """What the height estimate needs of a message: counted once, when it is loaded."""

    characters: int
    lines: int
    is_user: bool

    @classmethod
    def of(cls, text: str, is_user: bool) -> TextShape:
        return cls(len(text), text.count("\n") + 1, is_user)


def estimate_height(shape: TextShape, width: int, char_width: float, line_height: int) -> int:
    """A message's height at `width` before it was ever laid out there: each source line
    takes a line, and a long one as many as its characters fill (the half line a wrapped
    paragraph leaves on average is in the lines count)."""
    per_line = max(8.0, (width - 40) / max(char_width, 1.0))  # margins of the message's text
    lines = shape.lines + shape.characters / per_line
    footer = QUESTION_FOOTER_PX if shape.is_user else ANSWER_FOOTER_PX
    return HEADER_PX + footer + math.ceil(lines * line_height)


class RowHeights:
    """Every row's height and position; `gap` stands between rows (the layout's spacing)."""

    def __init__(self, gap: int) -> None:
        self.gap = gap
        self._heights: list[int] = []
        self._measured: list[bool] = []  # laid out at the current width
        self._tops: list[int] = [0]  # _tops[i]: where row i's block starts; one more than rows
        self._valid = 1  # _tops[:_valid] are right
        self._marked: int | None = None  # the row the marker stands above (len: below all)
        self._marker = 0  # the marker's height with its gap

    def __len__(self) -> int:
        return len(self._heights)

    # -- changes -----------------------------------------------------------------------------

    def insert(self, index: int, heights: list[int]) -> None:
        """New rows at `index` with estimated heights (older messages above, a new one below)."""
        self._heights[index:index] = heights
        self._measured[index:index] = [False] * len(heights)
        if self._marked is not None and self._marked >= index:
            self._marked += len(heights)
        self._invalidate(index)

    def truncate(self, index: int) -> None:
        """Rows from `index` on are gone."""
        del self._heights[index:], self._measured[index:]
        if self._marked is not None and self._marked > index:
            self._marked = None
        self._invalidate(index)

    def clear(self) -> None:
        self.truncate(0)
        self._marked = None

    def measure(self, index: int, height: int) -> None:
        """Row `index`'s widget was laid out `height` pixels tall at the current width."""
        self._measured[index] = True
        if self._heights[index] != height:
            self._heights[index] = height
            self._invalidate(index)

    def estimate(self, index: int, height: int) -> None:
        """A new estimate for a row not measured at this width (it keeps a measured one)."""
        if not self._measured[index] and self._heights[index] != height:
            self._heights[index] = height
            self._invalidate(index)

    def width_changed(self) -> None:
        """Nothing measured holds any longer: every row is an estimate until laid out again."""
        self._measured = [False] * len(self._heights)

    def is_measured(self, index: int) -> bool:
        return self._measured[index]

    def mark(self, index: int | None, height: int) -> None:
        """The marker (`height` with its gap) stands above row `index`; `len(self)` puts it
        below them all, None nowhere."""
        if (index, height) != (self._marked, self._marker):
            first = min(x for x in (index, self._marked, len(self._heights)) if x is not None)
            self._marked, self._marker = index, height
            self._invalidate(first)

    @property
    def marked(self) -> int | None:
        return self._marked

    # -- reading -----------------------------------------------------------------------------

    def height(self, index: int) -> int:
        return self._heights[index]

    def top(self, index: int) -> int:
        """Where row `index`'s block starts (`len(self)`: the end of the last block)."""
        self._compute(index)
        return self._tops[index]

    def message_top(self, index: int) -> int:
        """Where row `index`'s message starts: below the marker when it carries it."""
        return self.top(index) + (self._marker if index == self._marked else 0)

    def total(self) -> int:
        """The height of every block, the marker below them all included, without the gap
        after the last."""
        if not self._heights:
            return self._marker if self._marked == 0 else 0
        end = self.top(len(self._heights)) - self.gap
        return end + (self._marker if self._marked == len(self._heights) else 0)

    def span(self, start: int, end: int) -> int:
        """The height of rows [start, end) as one block, without its last gap (a spacer)."""
        if start >= end:
            return 0
        return self.top(end) - self.top(start) - self.gap

    def row_at(self, y: int) -> int:
        """The row whose block holds `y` (clamped to the rows there are)."""
        if not self._heights:
            return 0
        self._compute(len(self._heights))
        index = bisect.bisect_right(self._tops, y, 0, len(self._heights)) - 1
        return min(max(index, 0), len(self._heights) - 1)

    # -- plumbing ----------------------------------------------------------------------------

    def _invalidate(self, index: int) -> None:
        """Rows from `index` on changed: the tops up to its own still hold."""
        self._valid = min(self._valid, index + 1)
        del self._tops[len(self._heights) + 1 :]

    def _compute(self, index: int) -> None:
        if index < self._valid:
            return
        start = self._valid - 1
        gap, marked, marker = self.gap, self._marked, self._marker
        blocks = (
            h + gap + (marker if i == marked else 0)
            for i, h in enumerate(self._heights[start:], start)
        )
        tops = list(itertools.accumulate(blocks, initial=self._tops[start]))
        self._tops[start:] = tops
        self._valid = len(self._tops)
