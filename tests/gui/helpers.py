"""Waiting helpers for async GUI tests: they yield to the qasync loop instead of nesting Qt's.

Never call qtbot.waitUntil / waitSignal inside an async test: a nested Qt event loop would run
asyncio callbacks re-entrantly.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(
    predicate: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Poll `predicate` on the running loop until it is truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        await asyncio.sleep(0.01)
