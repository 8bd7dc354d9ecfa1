"""The messages of the open conversation as rows, with widgets only near the viewport.

Every loaded message is a row (its `ChatMessage` and its height, gui/chat/rows.py); rows
[lo, hi) have live widgets in the column, between a spacer for the rows above and one for the
rows below. A widget that holds something of the person's (a streaming answer, an open editor,
a selection, the keyboard focus) is kept when its row leaves the window: hidden, out of the
layout, and put back when the row comes into it again, or let go once it holds nothing. Which
selections hold their widget is the selection's to say (gui/chat/selection.py: not a span's
part, which it selects again in a widget made anew; but the text a drag started in, whose
mouse grab the drag goes on with).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetricsF

from gui.chat.column import MessageColumn
from gui.chat.message.model import ChatMessage
from gui.chat.rows import RowHeights, TextShape, estimate_height
from gui.widgets.focus import drop_focus, has_focus_within

if TYPE_CHECKING:  # made by the view's `make`, which loads the module after the first frame
    from gui.chat.message.widget import MessageWidget

MIN_WIDTH = 400  # the column's width for estimates before it was ever laid out


class LiveRows(QObject):
    """Rows, the window of live widgets among them, and the widgets kept outside it."""

    def __init__(
        self,
        area: MessageColumn,
        make: Callable[[ChatMessage], MessageWidget],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._area = area
        self._make = make
        self.messages: list[ChatMessage] = []
        # Plain tuples: the garbage collector stops tracking those (not a NamedTuple's), so a
        # 10,000-message conversation leaves its full passes 10,000 objects shorter.
        self._shapes: list[tuple[int, int, bool]] = []
        self._row: dict[int, int] = {}  # message id -> row
        self.heights = RowHeights(area.column.layout().spacing())
        self.lo = self.hi = 0
        self._live: list[MessageWidget] = []  # rows [lo, hi), in order
        self._kept: dict[int, MessageWidget] = {}  # outside the window, holding something
        self._width = 0
        self._metrics: tuple[float, int] | None = None  # the font's character width, line
        # Does the selection hold this widget (see the module's docstring)?
        self.selection_holds: Callable[[MessageWidget], bool] = has_selection

    def __len__(self) -> int:
        return len(self.messages)

    # -- reading -----------------------------------------------------------------------------

    def row_of(self, message_id: int) -> int | None:
        return self._row.get(message_id)

    def widget(self, message_id: int) -> MessageWidget | None:
        """The message's widget, if it has one (live or kept)."""
        row = self._row.get(message_id)
        if row is not None and self.lo <= row < self.hi:
            return self._live[row - self.lo]
        return self._kept.get(message_id)

    def live(self) -> list[MessageWidget]:
        return list(self._live)

    def widgets(self) -> list[MessageWidget]:
        """Every widget there is, live or kept."""
        return self._live + list(self._kept.values())

    def base(self) -> int:
        """Where row 0's block starts in the scroll area's content."""
        return self._area.column.y() + self._area.column.layout().contentsMargins().top()

    def y_of(self, message_id: int) -> int | None:
        row = self._row.get(message_id)
        return None if row is None else self.base() + self.heights.message_top(row)

    def anchor_at(self, value: int) -> tuple[int, int] | None:
        if not self.messages:
            return None
        row = self.heights.row_at(value - self.base())
        message_id = self.messages[row].id
        y = self.y_of(message_id)
        return None if y is None else (message_id, y - value)

    def rows_between(self, top: int, bottom: int) -> tuple[int, int]:
        """The rows [first, last) whose blocks meet content y in [top, bottom]."""
        base = self.base()
        return self.heights.row_at(top - base), self.heights.row_at(bottom - base) + 1

    # -- the data ----------------------------------------------------------------------------

    def reset(self, messages: list[ChatMessage]) -> None:
        """Only these messages, no widget live yet (the window is empty, at the end)."""
        self.drop_all()
        self.messages, self._shapes, self._row = [], [], {}
        self.heights.clear()
        self.lo = self.hi = 0
        self.insert(0, messages)

    def insert(self, index: int, messages: list[ChatMessage]) -> None:
        """Rows for `messages` at `index`, with no widget (the window shifts if below)."""
        shapes = [_shape(message) for message in messages]
        self.messages[index:index] = messages
        self._shapes[index:index] = shapes
        self.heights.insert(index, [self._estimate(shape) for shape in shapes])
        if index <= self.lo:  # above the window (an empty one stays where it was too)
            self.lo += len(messages)
            self.hi += len(messages)
        self._reindex(index)
        self.place()

    def replace(self, message_id: int, **changes: object) -> None:
        """What the row shows when its widget is next made (the live one changed itself)."""
        row = self._row.get(message_id)
        if row is not None:
            message = dataclasses.replace(self.messages[row], **changes)  # type: ignore[arg-type]
            self.messages[row] = message
            self._shapes[row] = _shape(message)

    def truncate(self, index: int) -> list[MessageWidget]:
        """Rows from `index` on are gone; their widgets are returned, out of the layout."""
        gone = [self._live.pop() for _ in range(max(0, self.hi - max(index, self.lo)))]
        self.hi = max(self.lo, min(self.hi, index))
        if self.lo > index:
            self.lo = self.hi = index
        for message in self.messages[index:]:
            kept = self._kept.pop(message.id, None)
            if kept is not None:
                gone.append(kept)
            self._row.pop(message.id, None)
        del self.messages[index:], self._shapes[index:]
        self.heights.truncate(index)
        for widget in gone:
            self._area.remove(widget)
        self.place()
        return gone

    # -- the window --------------------------------------------------------------------------

    def ensure(self, first: int, end: int) -> list[MessageWidget]:
        """Make rows [first, end) live, the window growing to reach them (or moving there, when
        they are apart from it); returns the widgets made."""
        first, end = max(0, first), min(len(self.messages), end)
        if first >= end:
            return []
        if not self._live or end < self.lo or first > self.hi:
            self.drop_all()
            self.lo = self.hi = first
        made = []
        while self.hi < end:
            made.append(self._enter(self.hi, at_top=False))
        while self.lo > first:
            made.append(self._enter(self.lo - 1, at_top=True))
        self.place()
        return made

    def grow(self, at_top: bool) -> MessageWidget | None:
        """One more live row above (or below) the window; None at the end of the rows."""
        if at_top and self.lo > 0:
            widget = self._enter(self.lo - 1, at_top=True)
        elif not at_top and self.hi < len(self.messages):
            widget = self._enter(self.hi, at_top=False)
        else:
            return None
        self.place()
        return widget

    def shrink(self, first: int, end: int, at_most: int = 1 << 30) -> bool:
        """Let go of live rows outside [first, end), `at_most` of them; True if any went."""
        gone = 0
        while self._live and self.lo < min(first, self.hi) and gone < at_most:
            self._leave(self._live.pop(0))
            self.lo += 1
            gone += 1
        while self._live and self.hi > max(end, self.lo) and gone < at_most:
            self._leave(self._live.pop())
            self.hi -= 1
            gone += 1
        if gone:
            self.place()
        return gone > 0

    def let_go_of_kept(self) -> bool:
        """Widgets kept aside that hold nothing any more go (the drag they began ended, the
        focus moved on, the reply streaming into one finished); True if any did."""
        idle = [w for w in self._kept.values() if not _holds_something(w, self.selection_holds)]
        for widget in idle:
            del self._kept[widget.message_id]
            widget.deleteLater()
        return bool(idle)

    def has_kept(self) -> bool:
        return bool(self._kept)

    def keep(self, row: int) -> MessageWidget:
        """Row `row`, outside the window, gets a widget kept aside (a reply streaming into it)."""
        message = self.messages[row]
        widget = self._make(message)
        widget.setParent(self._area.column)
        widget.hide()
        self._kept[message.id] = widget
        return widget

    def drop_all(self) -> None:
        for widget in self._live:
            self._leave(widget)
        self._live = []
        self.hi = self.lo

    def discard_all(self) -> list[MessageWidget]:
        """Every widget goes (another conversation is shown): returned, out of the layout."""
        gone = self._live + list(self._kept.values())
        for widget in gone:
            self._area.remove(widget)
        self._live, self._kept = [], {}
        self.hi = self.lo
        self.place()
        return gone

    def place(self) -> None:
        """The spacers' heights and the marker's place, for the window as it is now."""
        count, heights = len(self.messages), self.heights
        below = heights.span(self.hi, count)
        if self.marked_row == count and self.hi < count:
            below += self._area.marker_height()
        self._area.set_spacers(heights.span(0, self.lo), below)
        marked = self.marked_row
        if marked is not None and self.lo <= marked < self.hi:
            self._area.mark_before(self._live[marked - self.lo])
        elif marked is not None and marked == count and self.hi == count:
            self._area.mark_before(self._area.column)
        else:
            self._area.mark_before(None)

    @property
    def marked_row(self) -> int | None:
        """The row the context marker stands above (len(self): below them all)."""
        return self.heights.marked

    def mark(self, row: int | None) -> None:
        """The context marker stands above `row` (len(self): below them all; None: nowhere)."""
        self.heights.mark(row, self._area.marker_height() if row is not None else 0)
        self.place()

    def width_changed(self, width: int) -> bool:
        """The column is `width` wide now: what was measured is an estimate again."""
        if width == self._width or width <= 0:
            return False
        self._width = width
        self.heights.width_changed()
        for row, shape in enumerate(self._shapes):
            self.heights.estimate(row, self._estimate(shape))
        self.place()
        return True

    # -- plumbing ----------------------------------------------------------------------------

    def font_changed(self) -> None:
        self._metrics = None
        self._width = 0  # estimated again, with the new font, at the next width

    def measure_live(self) -> None:
        """Take the live widgets' heights as laid out (a view not shown keeps its estimates)."""
        for offset, widget in enumerate(self._live):
            if widget.isVisible():
                self.heights.measure(self.lo + offset, widget.height())

    def _estimate(self, shape: tuple[int, int, bool]) -> int:
        if self._metrics is None:
            metrics = QFontMetricsF(self._area.font())
            # A paragraph's lines stand further apart than the font's own spacing.
            self._metrics = (metrics.averageCharWidth(), round(metrics.lineSpacing() * 1.25))
        width = self._area.inner_width(max(self._width or self._area.column.width(), MIN_WIDTH))
        return estimate_height(TextShape._make(shape), width, *self._metrics)

    def _enter(self, row: int, *, at_top: bool) -> MessageWidget:
        message = self.messages[row]
        widget = self._kept.pop(message.id, None) or self._make(message)
        widget.installEventFilter(self)
        if at_top:
            self._live.insert(0, widget)
            self.lo -= 1
            self._area.insert(0, widget)
        else:
            self._live.append(widget)
            self.hi += 1
            self._area.insert(len(self._live) - 1, widget)
        widget.show()
        return widget

    def _leave(self, widget: MessageWidget) -> None:
        """A live widget's row left the window: kept if it holds something, else gone."""
        self._area.remove(widget)
        if _holds_something(widget, self.selection_holds):
            widget.hide()
            self._kept[widget.message_id] = widget
            return
        drop_focus(widget)
        widget.hide()
        widget.deleteLater()

    def _reindex(self, start: int) -> None:
        for row in range(start, len(self.messages)):
            self._row[self.messages[row].id] = row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            widget = cast("MessageWidget", watched)  # only message widgets are watched
            row = self._row.get(widget.message_id)
            if row is not None and self.lo <= row < self.hi and widget.isVisible():
                self.heights.measure(row, widget.height())
        return False


def _shape(message: ChatMessage) -> tuple[int, int, bool]:
    shape = TextShape.of(message.content + (message.thinking or ""), message.role == "user")
    return (shape.characters, shape.lines, shape.is_user)


def _holds_something(
    widget: MessageWidget, selection_holds: Callable[[MessageWidget], bool]
) -> bool:
    """Would making this widget anew lose something of the person's?"""
    return (
        widget.is_streaming
        or widget.is_editing
        or has_focus_within(widget)
        or selection_holds(widget)
    )


def has_selection(widget: MessageWidget) -> bool:
    """Is some of the widget's text selected?"""
    return any(segment.textCursor().hasSelection() for segment in widget.body.segments)
