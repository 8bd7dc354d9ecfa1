"""Run something right after a widget's next frame is on screen, not before it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _NextPaint(QObject):
    def __init__(
        self, widget: QWidget, callback: Callable[[], None], at_most_ms: int | None
    ) -> None:
        super().__init__(widget)  # goes away with the widget: a callback never outlives it
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        if at_most_ms is not None:
            QTimer.singleShot(at_most_ms, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # The rest of this frame paints before a zero timer runs.
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None or not shiboken6.isValid(self):
            return  # ran already (the paint and the time limit both came), or the widget is gone
        self._widget.removeEventFilter(self)
        self.deleteLater()
        callback()


def after_next_paint(
    widget: QWidget, callback: Callable[[], None], *, at_most_ms: int | None = None
) -> None:
    """Call `callback` once, on the event-loop turn after `widget`'s next paint event, or after
    `at_most_ms` if the widget is not painted by then (hidden, or covered by its children)."""
    _NextPaint(widget, callback, at_most_ms)


class FirstFrame(QObject):
    """Whether a widget's first frame is on screen yet (`painted`), and `wait()` for it;
    `then` is called once it is."""

    def __init__(self, widget: QWidget, then: Callable[[], None] | None = None) -> None:
        super().__init__(widget)
        self.painted = False
        self._event = asyncio.Event()
        self._then = then
        after_next_paint(widget, self._on_painted)

    def _on_painted(self) -> None:
        self.painted = True
        self._event.set()
        if self._then is not None:
            self._then()

    async def wait(self, at_most_s: float) -> None:
        """Return once the first frame is on screen, at once if it is already, or after
        `at_most_s` if it does not come (a window never shown, or minimized)."""
        if not self.painted:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), at_most_s)


async def next_paint(widget: QWidget, at_most_s: float) -> None:
    """Return on the event-loop turn after `widget`'s next paint event, or after `at_most_s`."""
    done = asyncio.get_running_loop().create_future()
    after_next_paint(
        widget, lambda: done.done() or done.set_result(None), at_most_ms=int(at_most_s * 1000)
    )
    await done
