"""Owning asyncio tasks: start them, keep them until they end, log how they failed, and cancel or
await them when their owner closes. Qt-free: the owner decides what a failure shows."""

from __future__ import annotations

import asyncio
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
    references); a failure is logged with its traceback and passed to `on_failure`."""

    def __init__(
        self, what: str, on_failure: Callable[[BaseException], None] | None = None
    ) -> None:
        self._what = what  # for the log: "background task", "a dialog's closing"
        self._on_failure = on_failure
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("%s failed", self._what, exc_info=error)
            if self._on_failure is not None:
                self._on_failure(error)

    async def wait(self) -> None:
        """Let every task finish (a closing that must not be cut short)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def cancel(self) -> None:
        """Cancel every task but the caller's own, and wait until they have ended."""
        current = asyncio.current_task()
        others = [task for task in self._tasks if task is not current]
        for task in others:
            task.cancel()
        if others:
            await asyncio.wait(others)
