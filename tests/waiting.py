"""Waiting in async tests for the thing that matters, with a deadline, never for a fixed time.

`wait_until` yields to the running loop (asyncio's or qasync's) between looks, so it works in
every async test; in a GUI test it never nests a Qt event loop (qtbot.waitUntil would, and run
asyncio callbacks re-entrantly).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(
    predicate: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Yield to the loop until `predicate` is truthy; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        await asyncio.sleep(0.01)
