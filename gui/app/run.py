"""Start-up and shut-down: the QApplication, the qasync loop, the store, the demo stand-in.

The QApplication is created first; one asyncio loop (qasync) runs inside Qt's. Quitting goes
through the window's shutdown: the reply is stopped and its text saved, tasks are cancelled and
awaited, HTTP sessions closed, the store checkpointed and closed; then the loop ends.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import logging
import signal
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.app import crash
from gui.app.event_loop import EventLoop
from gui.app.heap import freeze_startup_objects
from gui.app.logs import configure_logging
from gui.app.quiet_gc import QuietCollector
from gui.app.single_instance import SingleInstance
from gui.config.settings import AppSettings, load_settings, peek_language
from gui.config.token_store import TokenStore
from gui.store.check import IntegrityCheck
from gui.store.conversations import ConversationStore
from gui.store.records import COMPLETE
from gui.store.schema import StoreError
from gui.theme.scheme import ThemeController
from gui.utils.i18n import choose_language, install_translators
from gui.utils.paths import AppPaths, app_paths
from gui.utils.resources import APP_ID, app_icon
from gui.utils.version import app_version
from gui.window.context import AppContext
from gui.window.main_window import MainWindow

log = logging.getLogger(__name__)

# The demo streams at a readable pace, like a fast hosted model.
DEMO_CHUNK_DELAY = 0.02


def run_app(options: argparse.Namespace, early_check: IntegrityCheck | None = None) -> int:
    """Show the window and run until it is closed; the exit status of the app. `early_check` is
    the store's integrity check, started before Qt was imported (gui/__main__.py)."""
    paths = app_paths(options)
    paths.create()
    configure_logging(paths.log_dir, verbose=options.verbose)
    log.info("Replicate Chat %s starting (demo=%s)", app_version(), options.demo)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setApplicationName("Replicate Chat")
    QApplication.setApplicationVersion(app_version())
    QApplication.setOrganizationName("Replicate Chat")
    # Wayland's app id and X11's WM_CLASS: how the desktop matches the window to its launcher.
    QGuiApplication.setDesktopFileName(APP_ID)
    # The window closes only after its async shutdown; Qt must not quit on its own before that.
    QApplication.setQuitOnLastWindowClosed(False)
    # Language and theme come before the first widget, so that every text and colour is right
    # from the first paint; --language and --theme override the saved choice for this run only.
    # The language is read first, alone, so that the settings' own warnings come translated.
    language = choose_language(options.language or peek_language(paths.settings_file))
    translators = install_translators(app, language)
    settings, notices = load_settings(paths.settings_file)
    theme = ThemeController(app, options.theme or settings.theme)
    crash.install()
    loop = EventLoop(app)
    loop.set_exception_handler(crash.loop_exception_handler)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            return loop.run_until_complete(
                _run(paths, options, settings, notices, theme, early_check)
            )
    finally:
        asyncio.set_event_loop(None)
        for translator in translators:
            app.removeTranslator(translator)
        theme.deleteLater()


async def _run(
    paths: AppPaths,
    options: argparse.Namespace,
    settings: AppSettings,
    notices: list[str],
    theme: ThemeController,
    early_check: IntegrityCheck | None,
) -> int:
    instance = SingleInstance(paths.data_dir)
    if not instance.acquire():
        return await _already_running(instance, paths)
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(instance.release)
        if early_check is not None:
            await early_check.finished()  # the window's loop turns while the check ends
        try:
            store = ConversationStore.open(paths.store_file, early_check=early_check)
        except StoreError as error:
            await _tell(
                QApplication.translate("app", "Replicate Chat cannot open its conversations"),
                str(error),
            )
            return 1
        if store.moved_aside is not None:
            notices.append(
                QApplication.translate(
                    "app",
                    "The conversation store could not be read and was moved aside to %s. "
                    "Nothing was deleted: that file is kept as it was. A new, empty store has "
                    "been started.",
                )
                % store.moved_aside
            )
        try:
            store.mark_interrupted()  # replies cut off by a crash or a kill say so
        except StoreError as error:  # a read-only or full store still opens, to be read
            notices.append(str(error))
        base_url, demo_token = None, None
        if options.demo:
            from provider.standin import STANDIN_TOKEN, Scenario, StandIn

            standin = StandIn(default_scenario=Scenario(chunk_delay=DEMO_CHUNK_DELAY))
            await stack.enter_async_context(standin)
            base_url, demo_token = standin.base_url, STANDIN_TOKEN
        context = AppContext(
            paths=paths,
            store=store,
            settings=settings,
            token_store=TokenStore(),
            base_url=base_url,
            demo=options.demo,
            demo_token=demo_token,
            notices=notices,
            theme=theme,
        )
        window = MainWindow(context)
        instance.show_requested.connect(window.bring_forward)
        QuietCollector(busy=lambda: window.view.windowing.pending, parent=window)
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        _close_on_signals(window)
        window.show()
        await window.start()
        # The window icon (X11 reads it from the window; Wayland, Windows and macOS from the
        # launcher) is read from seven files: ~3 ms the first frame need not wait for.
        QApplication.setWindowIcon(app_icon())
        _load_network_stack()
        exit_code = 0
        if options.smoke_test is not None:
            exit_code = await _smoke_test(
                window,
                options.smoke_test,
                options.screenshot,
                new_chat=not options.in_latest,
                screenshot_at=options.screenshot_at,
            )
            window.close()
        await closed.wait()
        return exit_code
    return 0  # unreachable; keeps type checkers calm about the async-with


async def _already_running(instance: SingleInstance, paths: AppPaths) -> int:
    """Another instance holds this data folder: bring its window forward, or say why not."""
    if instance.ask_holder_to_show():
        print(
            QApplication.translate(
                "app",
                "Replicate Chat is already running with these conversations; its window was "
                "brought forward.",
            ),
            flush=True,
        )
        return 0
    pid = instance.holder_pid()
    await _tell(
        QApplication.translate("app", "Replicate Chat is already running"),
        QApplication.translate(
            "app",
            "Another Replicate Chat (process {pid}) is using the conversations in {folder} and "
            "does not answer. Close it first, or start this one with --data-dir to use other "
            "conversations.",
        ).format(pid=pid if pid is not None else "?", folder=paths.data_dir),
    )
    return 1


def _load_network_stack() -> None:
    """aiohttp takes about a quarter of a second to import (provider/__init__.py), so the window
    starts without it; it loads on a thread once the newest chat is shown (not while it renders:
    the two would share the GIL), and the first message does not wait. Then start-up is over:
    what is alive is exempted from garbage collection (gui/app/heap.py)."""

    def load_then_freeze() -> None:
        importlib.import_module("provider.client")
        frozen = freeze_startup_objects()
        log.debug("start-up done: %d objects exempted from garbage collection", frozen)

    threading.Thread(target=load_then_freeze, name="load-network", daemon=True).start()


def _close_on_signals(window: MainWindow) -> None:
    """Ctrl+C in a terminal and SIGTERM from a session manager close the window gracefully."""
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, window.close)


async def _smoke_test(
    window: MainWindow,
    message: str,
    screenshot: Path | None,
    *,
    new_chat: bool = True,
    screenshot_at: float | None = None,
) -> int:
    """Send `message` in a new chat (or the newest one), wait for the whole reply, optionally
    save a screenshot (after the reply, or `screenshot_at` seconds after sending); 0 if the
    reply completed."""
    finished: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def on_finished(_message_id: int, status: str, _failure: object) -> None:
        if not finished.done():
            finished.set_result(status)

    window.session.reply_finished.connect(on_finished)
    if new_chat:
        window.new_chat()
    window.composer.set_text(message)
    window.composer.button.click()  # the same path as a person pressing Send
    if screenshot is not None and screenshot_at is not None:
        await asyncio.sleep(screenshot_at)
        save_screenshot(window, screenshot)  # while the reply streams
    status = await asyncio.wait_for(finished, timeout=120)
    await asyncio.sleep(0.5)  # let the final render and the follow-scroll land before the shot
    if screenshot is not None and screenshot_at is None:
        save_screenshot(window, screenshot)
    for notice in window.notices.texts():
        print(f"notice: {notice}", flush=True)
    # Which keyring a real token would go to: a bundle must find the system's, not the fail one.
    import keyring

    print(f"smoke test: keyring {keyring.get_keyring().name}", flush=True)
    await _report_formulas()
    print(f"smoke test: reply {status}", flush=True)
    return 0 if status == COMPLETE else 1


async def _report_formulas() -> None:
    """How the formulas of the reply were drawn (a bundle must be able to start the helper
    process that lays them out)."""
    from gui.chat.message.math_image import formula_images

    images = formula_images()
    for _ in range(200):  # 10 s at most
        if not images.drawing:
            break
        await asyncio.sleep(0.05)
    print(
        f"smoke test: formulas laid out {images.laid_out}, failed {images.failed}, "
        f"waiting {images.drawing}",
        flush=True,
    )


def save_screenshot(window: MainWindow, path: Path) -> None:
    """What the X server shows of the window (a real screen grab), or the widget's own render."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(window.winId()) if screen is not None else None
    if pixmap is None or pixmap.isNull():
        pixmap = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path)):
        raise OSError(f"could not write the screenshot {path}")


async def _tell(title: str, text: str) -> None:
    """A critical message before the window exists, shown with open() and awaited."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.setWindowIcon(app_icon())
    done = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda result: done.done() or done.set_result(result))
    box.open()
    QTimer.singleShot(0, box.raise_)
    await done
