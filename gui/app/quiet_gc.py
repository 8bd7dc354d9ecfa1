"""Full garbage collections in a turn of their own, while the chat view is not busy.

Python starts a full pass from whatever allocation comes when one is due, which is most often
the turn that allocates most: the chat view making message widgets ahead of a scroll (10 to 30
ms). With a long conversation open, its rows are alive (10,000 messages: about 26,000 objects
to walk), and a full pass over them and over the widgets' garbage took 12 to 40 ms more, in that
same turn: the longest stalls of `make bench` part 6 (88 and 94 ms in two runs; 47 with no
collection at all, which is no option: scrolling that conversation left 300 MB of widget
garbage behind). Message widgets no longer form cycles (an answer's buttons held it), so the
passes found nothing to free there and took 7 to 14 ms; they stay for the garbage that is.

So the full pass Python would start on its own (after FULL_PASS_DUE passes of the middle
generation) is taken over: once due, it waits for a turn of its own in which `busy()` is
false, at most WAIT_AT_MOST_MS. Python's own full passes still come, FALLBACK_FACTOR times
later, should these never get to run (a window that does not return to its loop).
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

FULL_PASS_DUE = 10  # middle-generation passes before a full one: Python's own default
FALLBACK_FACTOR = 10  # Python still makes its full passes, this many times later
CHECK_MS = 50  # how soon a due pass looks for a quiet turn, and again while the view is busy
WAIT_AT_MOST_MS = 3000  # then it runs in a turn of its own anyway


class QuietCollector(QObject):
    """Takes over Python's full collections while it lives (`close` gives them back)."""

    def __init__(self, busy: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._busy = busy
        self._thread = threading.get_ident()
        self._due_since = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self._check)
        self._thresholds = gc.get_threshold()
        young, middle, _full = self._thresholds
        gc.set_threshold(young, middle, FULL_PASS_DUE * FALLBACK_FACTOR)
        gc.callbacks.append(self._after_pass)
        self.passes = 0  # full passes made here

    def close(self) -> None:
        """Python's own schedule again."""
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._after_pass)
            gc.set_threshold(*self._thresholds)

    def _after_pass(self, phase: str, info: dict[str, int]) -> None:
        # Inside the collector, on whichever thread allocated: only note that a full pass is
        # due, from the thread whose loop will run it.
        if (
            phase != "stop"
            or info["generation"] != 1
            or gc.get_count()[2] < FULL_PASS_DUE
            or threading.get_ident() != self._thread
        ):
            return
        try:
            if not self._timer.isActive():
                self._due_since = time.monotonic()
                self._timer.start()
        except RuntimeError:  # its window is gone, and Qt with it: Python's schedule again
            self.close()

    def _check(self) -> None:
        waited_ms = (time.monotonic() - self._due_since) * 1000
        if self._busy() and waited_ms < WAIT_AT_MOST_MS:
            self._timer.start()
            return
        gc.collect()
        self.passes += 1
