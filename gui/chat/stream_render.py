"""Rendering streamed text at a pace a reader can follow.

Streamed text is buffered per message and rendered by a throttle: the first piece at once,
then at most 10 times a second, less often when rendering gets expensive, so that input and
painting keep most of the time. Ten follows what a reader can see: a reader takes in a few words
in a tenth of a second, so the text still moves on smoothly, while each render (with the repaint
of a view that follows the stream) costs the same however many tokens it shows; at 30 a second
the view took a third of a core at 100 tokens/s (make bench, part 2: 3,250 against 330-450 µs a
token now).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from gui.widgets.throttle import Throttle

if TYPE_CHECKING:
    from gui.chat.message.widget import MessageWidget

RENDER_INTERVAL_MS = 100  # at most 10 renders a second...
MAX_RENDER_INTERVAL_MS = 250  # ...and when a render is expensive, at least 4 a second
RENDER_BUDGET = 4  # render at most 1/RENDER_BUDGET of the time, so input stays responsive
LAYOUT_PASSES = 8  # a segment is 5 layouts below the scroll area; a few more to spare


def settle_layouts() -> None:
    """Lay out now what a render changed, so that the next frame is painted once, right.

    A text that grows makes its segment taller; Qt then lays out the body, the message, the
    column and the canvas one posted event each, and the window was painted between the first
    and the rest: two paints per render, the first with the new text clipped and the view not
    yet scrolled to follow it. Each pass sends the layout requests the previous one posted.
    """
    for _ in range(LAYOUT_PASSES):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


class StreamRenderer:
    """Which messages have text waiting to be rendered, and the throttle that renders them.

    Only a message in sight is rendered: one scrolled out of the view, or in a minimized
    window, keeps its text waiting (its final render comes when it ends, like any other) and is
    rendered as soon as it comes into sight. A long answer streaming while the person reads
    further up, or works in another window, costs nothing but its saving.
    """

    def __init__(
        self,
        find: Callable[[int], MessageWidget | None],
        parent: QObject,
        area: QAbstractScrollArea | None = None,
    ) -> None:
        self._find = find  # a shown message's widget, or None once it is gone
        self._dirty: set[int] = set()
        self._throttle = Throttle(self._render, RENDER_INTERVAL_MS, parent)
        self._bar = area.verticalScrollBar() if area is not None else None
        if self._bar is not None:  # scrolled: a message waiting may have come into sight
            self._bar.valueChanged.connect(self._on_scrolled)

    def _in_sight(self, widget: QWidget) -> bool:
        """Could the person see any of `widget` now? At the bottom, following the stream, the
        answer is there (even before its first layout); scrolled up, only if some of it shows;
        in a minimized window, nothing does."""
        if widget.window().isMinimized():
            return False
        if self._bar is None or self._bar.value() >= self._bar.maximum():
            return True
        return widget.isVisible() and not widget.visibleRegion().isEmpty()

    def _on_scrolled(self) -> None:
        if self._dirty:
            self._throttle.request()

    @property
    def interval_ms(self) -> int:
        return self._throttle.interval_ms

    def request(self, message_id: int) -> None:
        """`message_id` has new text: render it soon."""
        self._dirty.add(message_id)
        self._throttle.request()

    def forget(self, message_id: int) -> None:
        """The message ended or went away: nothing of it is left to render here."""
        self._dirty.discard(message_id)

    def flush(self) -> None:
        """Render what waits now, not at the next interval."""
        self._throttle.flush()

    def cancel(self) -> None:
        self._dirty.clear()
        self._throttle.cancel()

    def _render(self) -> None:
        started = time.perf_counter()
        unseen: set[int] = set()
        for message_id in sorted(self._dirty):
            widget = self._find(message_id)
            if widget is None:
                continue
            if self._in_sight(widget):
                widget.render_pending()
            else:
                unseen.add(message_id)
        self._dirty = unseen
        settle_layouts()
        # Expensive renders (a huge table still open, say) are spaced out so that input and
        # painting keep most of the time.
        cost_ms = (time.perf_counter() - started) * 1000.0
        self._throttle.interval_ms = round(
            min(MAX_RENDER_INTERVAL_MS, max(RENDER_INTERVAL_MS, cost_ms * RENDER_BUDGET))
        )
