"""GUI tests: offscreen Qt, and each async test runs on a qasync loop inside Qt's event loop."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from pathlib import Path

# Before any QApplication exists: tests draw offscreen; the Xvfb tests launch their own process.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from gui.app_context import AppContext
from gui.main_window import MainWindow
from gui.paths import resolve_paths
from gui.settings import AppSettings, GenerationSettings
from gui.store import ConversationStore
from gui.token_store import TokenStore
from provider.standin import STANDIN_TOKEN, StandIn
from tests.gui.secret_service import (  # noqa: F401
    clean_keyring,
    no_keyring,
    secret_service,
)

WINDOW_MODEL = "meta/meta-llama-3-70b-instruct"


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


@pytest.fixture
async def window(
    standin: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[MainWindow]:
    """The main window on a fresh store, talking to the stand-in (token from the environment)."""
    monkeypatch.setenv("REPLICATE_API_TOKEN", STANDIN_TOKEN)
    paths = resolve_paths(tmp_path / "data")
    paths.create()
    context = AppContext(
        paths=paths,
        store=ConversationStore.open(paths.store_file),
        settings=AppSettings(defaults=GenerationSettings(model=WINDOW_MODEL)),
        token_store=TokenStore(),
        base_url=standin.base_url,
    )
    main = MainWindow(context)
    main.show()
    await main.start()
    yield main
    # Shut down inside the loop (pytest-qt would close registered widgets outside it).
    if not main._shutdown_done:
        await main.shutdown()
        main._shutdown_done = True
    main.close()
    main.deleteLater()
