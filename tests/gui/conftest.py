"""GUI tests: offscreen Qt, and each async test runs on a qasync loop inside Qt's event loop."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

# Before any QApplication exists: tests draw offscreen; the Xvfb tests launch their own process.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest
import shiboken6
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QToolTip
from pytestqt.qtbot import QtBot

from gui.app.event_loop import EventLoop
from gui.chat.view import ChatView
from gui.config.settings import AppSettings, GenerationSettings
from gui.config.token_store import TokenStore
from gui.store.conversations import ConversationStore
from gui.theme.scheme import ThemeController
from gui.utils.paths import resolve_paths
from gui.window.context import AppContext
from gui.window.main_window import MainWindow
from provider.standin import STANDIN_TOKEN, StandIn
from tests.gui.secret_service import (  # noqa: F401
    clean_keyring,
    no_keyring,
    secret_service,
)

WINDOW_MODEL = "meta/meta-llama-3-70b-instruct"


def _qasync_loop() -> EventLoop:
    app = QApplication.instance() or QApplication(["replicate-chat-tests"])
    # As in the app: closing the last window must not quit Qt (and stop the loop) by itself.
    QApplication.setQuitOnLastWindowClosed(False)
    return EventLoop(app)  # the app's own loop (qasync's, see gui/app/event_loop.py)


def pytest_asyncio_loop_factories(config: object, item: object) -> dict[str, object]:
    """Async tests under tests/gui/ run on qasync, as the app does; elsewhere on plain asyncio."""
    return {"qasync": _qasync_loop}


@pytest.fixture(scope="session", autouse=True)
def clipboard_emptied_before_exit() -> Iterator[None]:
    """Empty the clipboard while Python still runs.

    Copying a selection puts a QMimeData made in Python on the clipboard. The offscreen
    platform's clipboard is freed by Qt at process exit, after Python has shut down, and
    Shiboken then crashes releasing that object's wrapper (exit status 139, every test passed).
    The app runs on a real platform, whose clipboard hands its data over instead (checked on
    Xvfb: no crash); this is a test concern.
    """
    yield
    if QApplication.instance() is not None:
        QApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def collect_earlier_loops() -> None:
    """Collect earlier tests' qasync loops now, on the main thread.

    Every test has its own loop; left to the cyclic GC, a closed loop's timer object may be
    collected in a worker thread (keyring calls run in threads), and Qt then warns "Timers cannot
    be stopped from another thread". The app has one loop for its lifetime; this is a test concern.
    """
    gc.collect()


async def open_window(
    base_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    token_in_environment: bool = True,
    **context: Any,
) -> AsyncIterator[MainWindow]:
    """The main window on a fresh store under `tmp_path`, talking to `base_url` with the
    stand-in's token from the environment (else from the keyring, which the caller provides);
    `context` sets more AppContext fields. For fixtures: it yields the started window and shuts
    it down afterwards."""
    if token_in_environment:
        monkeypatch.setenv("REPLICATE_API_TOKEN", STANDIN_TOKEN)
    paths = resolve_paths(tmp_path / "data")
    paths.create()
    main = MainWindow(
        AppContext(
            paths=paths,
            store=ConversationStore.open(paths.store_file),
            settings=AppSettings(defaults=GenerationSettings(model=WINDOW_MODEL)),
            token_store=TokenStore(),
            base_url=base_url,
            **context,
        )
    )
    main.show()
    await main.start()
    yield main
    # Shut down inside the loop (pytest-qt would close registered widgets outside it).
    if not main._shutdown_done:
        await main.shutdown()
        main._shutdown_done = True
    main.close()
    main.deleteLater()


@pytest.fixture
async def window(
    standin: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[MainWindow]:
    """The main window on a fresh store, talking to the stand-in (token from the environment)."""
    async for main in open_window(standin.base_url, tmp_path, monkeypatch):
        yield main


@pytest.fixture
def keep_running_when_closed(qapp: QApplication) -> Iterator[None]:
    """As in the app (gui/app/run.py): closing a dialog that is the only window must not quit Qt,
    which would stop the qasync loop under the test."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    try:
        yield
    finally:
        qapp.setQuitOnLastWindowClosed(before)


@pytest.fixture
def view(qtbot: QtBot) -> ChatView:
    """A chat view on its own, shown at a usual size."""
    widget = ChatView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def style_name(style: QStyle) -> str:
    """The name of a style, or of the one a proxy style draws with."""
    return (style.baseStyle() if isinstance(style, QProxyStyle) else style).name()


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[None]:
    """A test may change the app's palette, style and font: put them back for the others."""
    palette = QPalette(qapp.palette())
    tooltip_palette = QPalette(QToolTip.palette())
    style = style_name(qapp.style())
    font = QFont(qapp.font())
    yield
    hints = qapp.styleHints()
    if hasattr(hints, "unsetColorScheme"):
        hints.unsetColorScheme()
    qapp.setStyle(style)
    QApplication.setPalette(palette)
    QToolTip.setPalette(tooltip_palette)
    QApplication.setFont(font)


@pytest.fixture
def controller(restore_look: None) -> Iterator[Callable[[str], ThemeController]]:
    """Makes theme controllers; each is deleted afterwards (it is parented to the long-lived
    app), and the app's look is put back."""
    made: list[ThemeController] = []

    def make(choice: str = "system") -> ThemeController:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        made.append(ThemeController(app, choice))
        return made[-1]

    yield make
    for theme in made:
        shiboken6.delete(theme)
