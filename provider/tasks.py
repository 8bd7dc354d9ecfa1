"""Owning asyncio tasks: start them, keep them until they end, log how they failed, and cancel
or await them when their owner closes.

One helper for every owner in the app and in this package (the window, its dialogs, the model
search, the chat session, the HTTP transport's background cancels), so that no task is left
pending at quit and no failure is silently dropped. GUI-free: the owner decides what a failure
shows (`on_failure`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


def loop_running() -> bool:
    """Whether an asyncio loop runs here (Qt can close a widget outside it, in a teardown)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class OwnedTasks:
    """The tasks one owner started. A task is held until it ends (asyncio keeps only weak
    references). A failure of an `expected` type is logged as a warning; any other is logged
    with its traceback and passed to `on_failure` (a bug should not pass for a hiccup)."""

    def __init__(
        self,
        what: str,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        expected: tuple[type[BaseException], ...] = (),
    ) -> None:
        self._what = what  # for the log: "a background request", "the model search"
        self._on_failure = on_failure
        self._expected = expected
        self._live: set[asyncio.Task[Any]] = set()
        self._ending: set[asyncio.Task[Any]] = set()  # cancelled, not yet ended

    def __len__(self) -> int:
        """How many tasks run and have not been cancelled."""
        return len(self._live)

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._live.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._live.discard(task)
        self._ending.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        if isinstance(error, self._expected):
            log.warning("%s failed: %s", self._what, error)
            return
        log.error("%s failed", self._what, exc_info=error)
        if self._on_failure is not None:
            self._on_failure(error)

    def cancel_now(self) -> None:
        """Cancel every task but the caller's own; they end at the loop's next turns."""
        current = _current_task()
        for task in list(self._live):
            if task is not current:
                with contextlib.suppress(RuntimeError):  # its loop may be closed already
                    task.cancel()
                self._live.discard(task)
                self._ending.add(task)

    async def cancel(self) -> None:
        """Cancel every task but the caller's own, and wait until they have ended."""
        self.cancel_now()
        await self.wait()

    async def wait(self, timeout: float | None = None) -> None:
        """Let every task (but the caller's own) end, for at most `timeout` seconds. Never
        cancels them: a caller cancelled meanwhile leaves them running."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        current = asyncio.current_task()
        while pending := {t for t in self._live | self._ending if t is not current}:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return
            await asyncio.wait(pending, timeout=left)


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no loop running (a widget closed in a teardown)
        return None
