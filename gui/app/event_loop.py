"""The app's asyncio loop: qasync's, with timers that are really gone once cancelled.

qasync runs every `call_later` on a Qt timer of its own and keeps the handle until that timer
fires, cancelled or not. aiohttp re-arms its read timeout on every network read (cancel, then a
new `call_later` 180 s ahead), so a streaming reply left one live Qt timer and one handle per
read for three minutes: the long-session benchmark counted over 10,000 of them after 100 replies,
and a fast model streaming for minutes made tens of thousands. Here a cancelled timer's Qt timer
is killed and its handle dropped at once.

Qt's default (coarse) timers may also fire up to 5% early, and qasync ran the handle anyway;
asyncio's own loops never run a timer before its time. Here an early timer waits out the rest.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
from collections.abc import Callable
from typing import Any

import qasync
from PySide6.QtCore import QObject, Qt, QTimerEvent
from PySide6.QtWidgets import QApplication


class _TimerHandle(asyncio.Handle):
    """A delayed callback that tells its timers when it is cancelled."""

    __slots__ = ("_timer_id", "_timers", "_when")

    def __init__(
        self,
        when: float,
        callback: Callable[..., object],
        args: tuple[Any, ...],
        loop: asyncio.AbstractEventLoop,
        context: contextvars.Context | None,
        timers: _Timers,
    ) -> None:
        super().__init__(callback, args, loop, context=context)
        self._when = when
        self._timers = timers
        self._timer_id = 0

    def when(self) -> float:
        """The loop time it is due at, as asyncio.TimerHandle has it."""
        return self._when

    def cancel(self) -> None:
        if not self._cancelled:
            super().cancel()
            self._timers.forget(self._timer_id)


class _Timers(QObject):
    """Qt timers running asyncio handles: qasync's `_SimpleTimer`, plus `forget`."""

    def __init__(self) -> None:
        super().__init__()
        self._handles: dict[int, asyncio.Handle] = {}
        self._stopped = False

    def add_callback(
        self,
        handle: asyncio.Handle,
        delay: float = 0,
        kind: Qt.TimerType = Qt.TimerType.CoarseTimer,
    ) -> asyncio.Handle:
        # Whole milliseconds, rounded up: a timer that fires early only waits again.
        timer_id = self.startTimer(math.ceil(max(0.0, delay) * 1000), kind)
        self._handles[timer_id] = handle
        if isinstance(handle, _TimerHandle):
            handle._timer_id = timer_id
        return handle

    def forget(self, timer_id: int) -> None:
        """A handle was cancelled: stop its Qt timer and let go of it now."""
        if self._handles.pop(timer_id, None) is not None:
            self.killTimer(timer_id)

    def pending(self) -> int:
        """How many callbacks are waiting for their time (cancelled ones are not)."""
        return len(self._handles)

    def timerEvent(self, event: QTimerEvent) -> None:
        timer_id = event.timerId()
        self.killTimer(timer_id)  # every handle runs once
        handle = self._handles.pop(timer_id, None)
        if handle is None or self._stopped or handle.cancelled():
            return
        if isinstance(handle, _TimerHandle):
            early = handle.when() - handle._loop.time()
            if early > 0:  # a coarse timer came early: wait out the rest, to the millisecond
                self.add_callback(handle, early, Qt.TimerType.PreciseTimer)
                return
        handle._run()

    def stop(self) -> None:
        self._stopped = True

    def set_debug(self, enabled: bool) -> None:
        """qasync's loop calls this from set_debug; slow-callback logs are asyncio's own."""


class EventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's QEventLoop whose cancelled timers free their Qt timer at once."""

    def __init__(self, app: QApplication | None = None) -> None:
        super().__init__(app)
        self._timer = _Timers()  # qasync reaches its timers only through this attribute

    def call_later(
        self,
        delay: float,
        callback: Callable[..., object],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        if delay <= 0:  # call_soon: runs on the next turn, nothing to free early
            return super().call_later(delay, callback, *args, context=context)
        if asyncio.iscoroutinefunction(callback):
            raise TypeError("coroutines cannot be used with call_later")
        if not callable(callback):
            raise TypeError(f"callback must be callable: {type(callback).__name__}")
        handle = _TimerHandle(self.time() + delay, callback, args, self, context, self._timer)
        return self._timer.add_callback(handle, delay)

    def pending_timers(self) -> int:
        """Callbacks waiting to run, for tests and benchmarks."""
        return self._timer.pending()
