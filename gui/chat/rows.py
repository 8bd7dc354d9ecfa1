"""Where each message of a long conversation sits, without a widget for each (Qt-free).

The chat view keeps live widgets only for the messages near the viewport (gui/chat/view.py);
the others are rows with a height: the one measured when their widget last stood at this
width, or else an estimate from their text. Row i's block starts at `top(i)`: the context
marker above it when it carries one, then the message, then the gap to the next. Positions are
sums kept in a Fenwick tree, so that a height measured costs the same at the top of a 10,000-
message conversation as at its bottom (recounting from the row that changed made each step
near the oldest messages cost a pass over them all).
"""

from __future__ import annotations

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
    """Every row's height and position; `gap` stands between rows (the layout's spacing).

    Positions come from a Fenwick tree over the rows' blocks counted from the bottom (position
    p holds row n - p): older pages arrive above the rows there are, which in that count is
    the end, where the tree grows without being built again. A height measured, a marker moved
    or a page added costs O(log n) whatever the row; anything else (a row added below, rows
    cut, every estimate after a width change) builds the tree again, once, when next read."""

    def __init__(self, gap: int) -> None:
        self.gap = gap
        self._heights: list[int] = []
        self._measured: list[bool] = []  # laid out at the current width
        self._tree: list[int] = [0]  # 1-based; _tree[p] sums the blocks of its range
        self._sum = 0  # every block
        self._stale = False  # the tree is built again before it is read
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
        if index == 0 and not self._stale:
            for height in reversed(heights):  # the nearest to the rows there were comes first
                self._append(height + self.gap)
        elif heights:
            self._stale = True

    def truncate(self, index: int) -> None:
        """Rows from `index` on are gone."""
        if index < len(self._heights):
            del self._heights[index:], self._measured[index:]
            self._stale = True
        if self._marked is not None and self._marked > index:
            self._marked = None
            self._stale = True

    def clear(self) -> None:
        self.truncate(0)
        self._marked = None

    def measure(self, index: int, height: int) -> None:
        """Row `index`'s widget was laid out `height` pixels tall at the current width."""
        self._measured[index] = True
        self._set(index, height)

    def estimate(self, index: int, height: int) -> None:
        """A new estimate for a row not measured at this width (it keeps a measured one)."""
        if not self._measured[index]:
            self._set(index, height)

    def width_changed(self) -> None:
        """Nothing measured holds any longer: every row is an estimate until laid out again
        (and each is about to get a new one: the tree is built once, after them all)."""
        self._measured = [False] * len(self._heights)
        self._stale = True

    def is_measured(self, index: int) -> bool:
        return self._measured[index]

    def mark(self, index: int | None, height: int) -> None:
        """The marker (`height` with its gap) stands above row `index`; `len(self)` puts it
        below them all, None nowhere."""
        if (index, height) == (self._marked, self._marker):
            return
        self._add_to(self._marked, -self._marker)
        self._marked, self._marker = index, height
        self._add_to(index, height)

    @property
    def marked(self) -> int | None:
        return self._marked

    # -- reading -----------------------------------------------------------------------------

    def height(self, index: int) -> int:
        return self._heights[index]

    def top(self, index: int) -> int:
        """Where row `index`'s block starts (`len(self)`: the end of the last block)."""
        self._build()
        return self._sum - self._below(len(self._heights) - index)

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
        count = len(self._heights)
        if not count:
            return 0
        self._build()
        # The last row whose top is at most y: the fewest blocks from the bottom that reach
        # from y to the end.
        index = count - self._fewest_reaching(self._sum - y)
        return min(max(index, 0), count - 1)

    # -- the tree ----------------------------------------------------------------------------

    def _set(self, index: int, height: int) -> None:
        delta = height - self._heights[index]
        if delta:
            self._heights[index] = height
            self._add_to(index, delta)

    def _add_to(self, index: int | None, delta: int) -> None:
        """Row `index`'s block grew by `delta` (no row, or the place below them all: nothing)."""
        count = len(self._heights)
        if index is None or index >= count or self._stale:
            return
        self._sum += delta
        tree, position = self._tree, count - index
        while position <= count:
            tree[position] += delta
            position += position & -position

    def _append(self, block: int) -> None:
        """One more block at the far end of the count (above every row there is)."""
        tree = self._tree
        position = len(tree)
        total, below, stop = block, position - 1, position - (position & -position)
        while below > stop:
            total += tree[below]
            below -= below & -below
        tree.append(total)
        self._sum += block

    def _below(self, count: int) -> int:
        """The height of the last `count` blocks."""
        total, tree = 0, self._tree
        while count > 0:
            total += tree[count]
            count -= count & -count
        return total

    def _fewest_reaching(self, height: int) -> int:
        """The fewest blocks, counted from the bottom, whose height reaches `height` (0 when
        it is not above 0, one more than there are when they all fall short)."""
        if height <= 0:
            return 0
        tree, position = self._tree, 0
        step = 1 << (len(tree) - 1).bit_length()
        while step:
            nxt = position + step
            if nxt < len(tree) and tree[nxt] < height:
                position = nxt
                height -= tree[nxt]
            step >>= 1
        return position + 1

    def _build(self) -> None:
        """The tree again from the heights, in linear time."""
        if not self._stale:
            return
        gap, heights, count = self.gap, self._heights, len(self._heights)
        tree = [0, *(height + gap for height in reversed(heights))]
        if self._marked is not None and self._marked < count:
            tree[count - self._marked] += self._marker
        self._sum = sum(tree)
        for position in range(1, count + 1):
            parent = position + (position & -position)
            if parent <= count:
                tree[parent] += tree[position]
        self._tree = tree
        self._stale = False
