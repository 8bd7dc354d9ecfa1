"""A throttle for repaints: the first request runs at once, later ones at most once per interval.

Tokens arrive hundreds of times a second; the chat view repaints a few dozen times a second.
A request that comes while the interval is running is remembered (once) and runs when the
interval ends, so the last state is always shown (qutebrowser's misc/throttle.py does the same).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """Calls `callback` now if it has not run for `interval_ms`, else once when that time is up."""

    def __init__(
        self, callback: Callable[[], None], interval_ms: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._callback = callback
        self._interval_ms = interval_ms
        self._last_run = -1.0e9  # monotonic seconds of the last run: long ago
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    @interval_ms.setter
    def interval_ms(self, value: int) -> None:
        # Takes effect from the next request; a pending run keeps its time.
        self._interval_ms = max(0, value)

    @property
    def pending(self) -> bool:
        """True while a run is scheduled for the end of the interval."""
        return self._timer.isActive()

    def request(self) -> None:
        """Ask for a run: now if the interval has passed, else once when it has."""
        if self._timer.isActive():
            return  # the scheduled run will see the latest state
        elapsed_ms = (time.monotonic() - self._last_run) * 1000.0
        if elapsed_ms >= self._interval_ms:
            self._run()
        else:
            self._timer.start(max(1, round(self._interval_ms - elapsed_ms)))

    def flush(self) -> None:
        """Run now if a run is pending (before a final render, say)."""
        if self._timer.isActive():
            self._timer.stop()
            self._run()

    def cancel(self) -> None:
        """Forget a pending run."""
        self._timer.stop()

    def _run(self) -> None:
        self._last_run = time.monotonic()
        self._callback()
