"""Waiting helpers for async GUI tests: they yield to the qasync loop instead of nesting Qt's.

Never call qtbot.waitUntil / waitSignal inside an async test: a nested Qt event loop would run
asyncio callbacks re-entrantly.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.window.main_window import MainWindow


async def wait_until(
    predicate: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Poll `predicate` on the running loop until it is truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        await asyncio.sleep(0.01)


async def send(window: MainWindow, text: str) -> None:
    """Type `text` into the composer and press Enter, as a person does; wait for the reply."""
    window.composer.set_text(text)
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert window.session.busy, "Enter started a reply"
    await wait_until(lambda: not window.session.busy, 15, "the reply to finish")


def stored(window: MainWindow) -> list[tuple[str, str, str]]:
    conversation = window.store.list_conversations()[0]
    return [(m.role, m.content, m.status) for m in window.store.messages(conversation.id)]
