"""GUI tests: offscreen Qt, and each async test runs on a qasync loop inside Qt's event loop."""

from __future__ import annotations

import gc
import os

# Before any QApplication exists: tests draw offscreen; the Xvfb tests launch their own process.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from tests.gui.secret_service import (  # noqa: F401
    clean_keyring,
    no_keyring,
    secret_service,
)


def _qasync_loop() -> qasync.QEventLoop:
    app = QApplication.instance() or QApplication(["replicate-chat-tests"])
    # As in the app: closing the last window must not quit Qt (and stop the loop) by itself.
    QApplication.setQuitOnLastWindowClosed(False)
    return qasync.QEventLoop(app)


def pytest_asyncio_loop_factories(config: object, item: object) -> dict[str, object]:
    """Async tests under tests/gui/ run on qasync, as the app does; elsewhere on plain asyncio."""
    return {"qasync": _qasync_loop}


@pytest.fixture(autouse=True)
def collect_earlier_loops() -> None:
    """Collect earlier tests' qasync loops now, on the main thread.

    Every test has its own loop; left to the cyclic GC, a closed loop's timer object may be
    collected in a worker thread (keyring calls run in threads), and Qt then warns "Timers cannot
    be stopped from another thread". The app has one loop for its lifetime; this is a test concern.
    """
    gc.collect()
