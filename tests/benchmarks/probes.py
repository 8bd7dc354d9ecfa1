"""What every part measures with: memory, CPU, percentiles, a private X server and home."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tests.xvfb import xvfb_server

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

T = TypeVar("T")


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc status")


def cpu_seconds() -> float:
    """CPU time (user + system) of this process so far."""
    return time.process_time()


def open_sockets(pid: int | str = "self") -> int:
    """How many sockets the process holds open (its file descriptors that are sockets)."""
    count = 0
    folder = Path(f"/proc/{pid}/fd")
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(entry).startswith("socket:"):
                count += 1
    return count


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction 0.99 for p99); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


@contextlib.contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set (or, for None, remove) these environment variables; restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def isolated_home() -> Iterator[Path]:
    """A throwaway home: the XDG folders point into a temporary directory, restored after."""
    names = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    with tempfile.TemporaryDirectory(prefix="replicate-chat-bench-") as folder:
        folders = {name: os.path.join(folder, name.lower()) for name in names}
        with environment(**folders, REPLICATE_API_TOKEN=None):
            yield Path(folder)


@contextlib.contextmanager
def display() -> Iterator[str]:
    """A private Xvfb server for Qt (sets DISPLAY and QT_QPA_PLATFORM=xcb) when Xvfb is
    installed, else Qt's offscreen platform. Yields the platform's name for the table."""
    if shutil.which("Xvfb") is None:
        with environment(QT_QPA_PLATFORM="offscreen"):
            yield "offscreen"
        return
    with xvfb_server() as number, environment(DISPLAY=number, QT_QPA_PLATFORM="xcb"):
        yield "Xvfb"


async def wait_for(predicate: Callable[[], object], timeout: float = 120.0) -> bool:
    """Yield to the loop until `predicate` holds (no nested Qt loops under qasync); False if
    `timeout` seconds passed first."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.005)
    return True


async def wait_until(predicate: Callable[[], object], timeout: float = 120.0) -> None:
    """`wait_for`, raising TimeoutError when it times out."""
    if not await wait_for(predicate, timeout):
        raise TimeoutError("the window did not get there in time")


def qt_app() -> QApplication:
    """The QApplication, made if need be; as in the app, closing a window does not quit it."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["replicate-chat-bench"])
    QApplication.setQuitOnLastWindowClosed(False)
    assert isinstance(app, QApplication)
    return app


def run_on_app_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `main()` to its end on the app's own event loop (gui/app/event_loop.py) inside Qt's."""
    from gui.app.event_loop import EventLoop

    loop = EventLoop(qt_app())
    asyncio.set_event_loop(loop)
    try:
        with loop:
            return loop.run_until_complete(main())  # type: ignore[no-any-return]
    finally:
        asyncio.set_event_loop(None)


async def started_window(base_url: str, model: str) -> Any:
    """The real MainWindow on a fresh store in the isolated home, talking to `base_url` with
    `model` chosen: shown at 1100 x 800 and started, as the app starts it."""
    from gui.config.settings import AppSettings, GenerationSettings
    from gui.config.token_store import TokenStore
    from gui.store.conversations import ConversationStore
    from gui.utils.paths import resolve_paths
    from gui.window.context import AppContext
    from gui.window.main_window import MainWindow

    paths = resolve_paths(Path(os.environ["XDG_DATA_HOME"]) / "replicate-chat")
    paths.create()
    context = AppContext(
        paths=paths,
        store=ConversationStore.open(paths.store_file),
        settings=AppSettings(defaults=GenerationSettings(model=model)),
        token_store=TokenStore(),
        base_url=base_url,
    )
    window = MainWindow(context)
    window.resize(1100, 800)
    window.show()
    await window.start()
    return window


async def close_window(window: Any) -> None:
    """Shut the window down as the app does on quit, then close it."""
    await window.shutdown()
    window._shutdown_done = True
    window.close()
