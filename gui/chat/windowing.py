"""Which messages have widgets: the ones the viewport shows, at once; those a screen or so
ahead of it, a few per event-loop turn; none far from it.

The viewport moving (a scroll, a resize) makes what it now shows before the frame is painted.
Then, on later turns and within half a frame each, the rows above and below it get theirs, so
that a page step finds its widgets made; the ones far behind go, and older pages load while
the top of what is loaded is still screens away.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.chat.column import MessageColumn
from gui.chat.live_rows import LiveRows
from gui.chat.scroll import ScrollKeeper
from gui.chat.stream_render import settle_layouts
from gui.widgets.paint_watch import after_next_paint

if TYPE_CHECKING:
    from gui.chat.message.widget import MessageWidget

AHEAD = 1.5  # screens of messages made ready above and below the viewport...
KEEP = 3.0  # ...and kept, beyond which widgets go (between the two: no churn back and forth)
LOAD_AHEAD = 4.0  # screens from the top of what is loaded at which older pages load
GROW_BUDGET_S = 0.008  # making widgets ahead, per event-loop turn: half a frame
GROW_GAP_MS = 2  # between two such turns, whatever else is waiting runs
DROP_PER_TURN = 4  # widgets let go of per turn (each one's deletion is a millisecond or two)
SYNC_PASSES = 3  # new heights may move the view on to rows still without widgets


T = TypeVar("T")


class Windowing(QObject):
    """Keeps the live rows around the viewport."""

    def __init__(
        self,
        area: MessageColumn,
        rows: LiveRows,
        keeper: ScrollKeeper,
        shown: Callable[[list[MessageWidget]], None],
        load_earlier: Callable[[], bool],
        view: QWidget,
    ) -> None:
        super().__init__(view)
        self._area = area
        self._rows = rows
        self._keeper = keeper
        self._shown = shown  # widgets were made: their buttons, tab order, find marks
        self._load_earlier = load_earlier  # asks for an older page; False when there is none
        self._view = view
        self._syncing = False
        self._before_paint = False  # a conversation opened: its first frame is not up yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Not 0: a turn's asyncio callbacks (queued as zero timers too) run before the next
        # piece, rather than after two pieces of work back to back.
        self._timer.setInterval(GROW_GAP_MS)
        self._timer.timeout.connect(self.grow)
        # After the keeper's: it has taken the message to keep in place by then.
        area.verticalScrollBar().valueChanged.connect(self.sync)
        self._viewport = area.viewport()
        self._viewport.installEventFilter(self)  # resized: what it shows changes too
        # A widget kept aside for its focus can go once the focus moves on.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, *_widgets: object) -> None:
        if self._rows.has_kept():
            self._timer.start()

    def viewport_height(self) -> int:
        height = self._area.viewport().height()
        if self._view.isVisible():
            return height
        return max(height, self._view.window().height(), 600)  # not laid out yet: a guess

    @property
    def pending(self) -> bool:
        """Widgets ahead of the viewport are still to make (or pages to load)."""
        return self._timer.isActive() or self._before_paint

    def start(self) -> None:
        """Make what is ahead on the coming turns."""
        self._timer.start()

    def newest_screen(self) -> int:
        """The first row of the newest screenful, as estimated (a question and its answer at
        least): what opening a conversation makes at once."""
        rows = self._rows
        rows.width_changed(self._area.column.width())
        top = self._newest_top()
        return min(rows.rows_between(top, top + self.viewport_height())[0], len(rows) - 2)

    def _newest_top(self) -> int:
        """Where the newest screenful starts in the content (the viewport at the bottom)."""
        return self._rows.base() + self._rows.heights.total() - self.viewport_height()

    def _viewport_top(self) -> int:
        """Where the viewport starts in the content. Following the bottom: where the newest
        screen starts, whatever the scroll bar says (just after a conversation is opened or the
        window is shown, its range has not caught up with the content, and its value 0 would
        make the oldest loaded messages, only to drop them again)."""
        if self._keeper.following:
            return max(0, self._newest_top())
        return self._area.verticalScrollBar().value()

    def after_first_paint(self, then: Callable[[], None]) -> None:
        """Once the newest screen is painted, make what is ahead of it, and call `then`."""

        def painted() -> None:
            self._before_paint = False
            self.start()
            then()

        self._before_paint = True
        # The viewport, not a message: the widgets made may be gone by the time it paints.
        after_next_paint(self._area.viewport(), painted, at_most_ms=300)

    def stop(self) -> None:
        self._timer.stop()
        self._before_paint = False

    def settle(self) -> None:
        """Lay out now, take the live rows' heights, and put the view back where it was. (The
        spacers stand for the other rows: new live heights leave them as they are.)"""
        settle_layouts()
        self._rows.measure_live()
        self._keeper.restore()

    def sync(self) -> None:
        """The viewport moved: what it shows gets its widgets now, the rest on later turns."""
        rows = self._rows
        if self._syncing or not rows.messages:
            return
        self._syncing = True
        try:
            rows.width_changed(self._area.column.width())
            for _ in range(SYNC_PASSES):
                value = self._viewport_top()
                first, end = rows.rows_between(value, value + self.viewport_height())
                made = rows.ensure(first, end)
                if not made:
                    break
                self._shown(made)
                self.settle()
        finally:
            self._syncing = False
        self._timer.start()

    def reveal(self, row: int) -> None:
        """Make row `row` live and scroll its message's top to the viewport's."""
        self._shown(self._changing_window(lambda: self._rows.ensure(row, row + 1)))
        self.settle()
        y = self._rows.y_of(self._rows.messages[row].id)
        if y is not None:
            self._area.verticalScrollBar().setValue(y - 8)  # as if the person scrolled

    def _changing_window(self, change: Callable[[], T]) -> T:
        """`change()`, with no sync in the middle of it: a widget that leaves the window with
        the focus gives it to the next one, which scrolls the view, whose sync would change the
        window while `change` still holds a widget it is letting go of."""
        syncing, self._syncing = self._syncing, True
        try:
            return change()
        finally:
            self._syncing = syncing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # (getattr: in a teardown the garbage collector may clear our attributes while Qt
        # still sends the viewport's events here.)
        if event.type() == QEvent.Type.Resize and watched is getattr(self, "_viewport", None):
            QTimer.singleShot(0, self, self.sync)  # once the column has its new width
        return False

    def grow(self) -> None:
        """One piece of the work ahead per event-loop turn, so that no turn is long: make the
        widgets ahead of the viewport (within half a frame: one at least, another only while one
        as dear as the last still fits), or let go of a few far ones (and of those kept aside
        that hold nothing any more), or load the page before the first loaded message once it
        is screens away.
        """
        rows = self._rows
        if not rows.messages:
            return
        value = self._viewport_top()
        height = self.viewport_height()
        first, end = rows.rows_between(
            round(value - AHEAD * height), round(value + (1 + AHEAD) * height)
        )
        deadline = time.perf_counter() + GROW_BUDGET_S
        made: list[MessageWidget] = []
        cost = 0.0  # of the last widget: the next one is made if one as dear still fits
        while (rows.hi < end or rows.lo > first) and time.perf_counter() + cost < deadline:
            started = time.perf_counter()
            widget = rows.grow(at_top=rows.hi >= end)
            if widget is None:
                break
            made.append(widget)
            cost = time.perf_counter() - started
        if made:
            self._shown(made)
            self.settle()
            self._timer.start()
            return
        keep = rows.rows_between(round(value - KEEP * height), round(value + (1 + KEEP) * height))
        if self._changing_window(lambda: rows.shrink(*keep, at_most=DROP_PER_TURN)):
            self.settle()
            self._timer.start()
            return
        rows.let_go_of_kept()
        loaded_top = rows.base() + rows.heights.top(0)
        if value - loaded_top < LOAD_AHEAD * height and self._load_earlier():
            self._timer.start()  # the page is in: what is ahead of the view may be in it
