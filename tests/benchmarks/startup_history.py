"""Part 3: start-up and a year of history (1,000 conversations, 50,000 messages).

    python -m tests.benchmarks.startup_history [--out FILE.json] [--quick]

Everything runs on a private Xvfb, in a throwaway home, on a copy of a store made by
tests/benchmarks/make_store.py (cached in build/bench/):

- start-up: the real app (`gui.__main__.main --data-dir`) in a child process, from the parent's
  clock reading just before it starts the child to the child's first paint event of the main
  window (CLOCK_MONOTONIC is system-wide), against a bare PySide6 window that imports the same
  third-party and standard modules the app had loaded by then and looks up the same PySide6
  classes (tests/benchmarks/startup_probe.py says why). Runs interleaved, medians.
  The app starts as a person with a token does: REPLICATE_API_TOKEN holds the stand-in's fake
  token (so no keyring is asked), REPLICATE_BASE_URL points at a closed loopback port (the app
  makes no request at start; if it did, it could not reach Replicate), D-Bus points nowhere and
  keyring's fail backend is forced, so the real keyring is never touched.
- in this process, the real MainWindow on the same store: opening the 2,000-message
  conversation from the sidebar until the first frame showing it is painted; the sidebar's
  search; memory after opening the twenty large conversations; CPU while idle.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.context_gauge import context_gauge_figures
from tests.benchmarks.make_store import cached_store, special_ids
from tests.benchmarks.probes import (
    cpu_seconds,
    display,
    isolated_home,
    rss_mb,
    run_on_app_loop,
    wait_until,
)
from tests.benchmarks.reply_saves import reply_save_figures
from tests.benchmarks.report import Figure, write_figures

SECTION = "3 start-up"
ROOT = Path(__file__).resolve().parents[2]
# Queries a person types into the sidebar's search: a common word, a rare one, two words, a
# prefix of a word, and Russian.
QUERIES = ("function", "quokka", "index table", "optim", "память")
CLOSED_PORT_URL = "http://127.0.0.1:9"  # the discard port: nothing listens on loopback
# Start-up to the first paint at most 1.3 times a bare PySide6 window's with the same imports.
RATIO_LIMIT = 1.3
RATIO_TARGET = f"<= {RATIO_LIMIT}x"
# Interleaved app and bare starts: the median of 7 moved by 0.1 between runs a minute apart.
STARTUP_RUNS = 15


def figure(name: str, value: float | None, unit: str, target: str = "", **extra: object) -> Figure:
    return Figure(SECTION, name, value, unit, target, **extra)  # type: ignore[arg-type]


def below(value: float | None, limit: float) -> bool | None:
    return None if value is None else value < limit


# -- start-up (child processes) ----------------------------------------------------------------


def start_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float | None] | str:
    """(ms to the first paint event, ms to the end of that frame, ms to the end of the first
    frame showing a message or None), or why there is none."""
    started = time.monotonic()
    try:
        result = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        return "timed out"
    for line in result.stdout.splitlines():
        if line.startswith("FIRST_PAINT "):
            painted, framed, content = line.split()[1:4]
            shown = None if content == "-" else (float(content) - started) * 1000
            return (float(painted) - started) * 1000, (float(framed) - started) * 1000, shown
    return f"exit {result.returncode}: {result.stderr.strip()[-200:]}"


def _imports(modules: Path) -> str:
    """What the bare window imports, as the probe's list says."""
    names = modules.read_text().split()
    classes = sum(":" in name for name in names)
    return f"{len(names) - classes} modules, {classes} PySide6 classes looked up"


def startup_figures(data_dir: Path, runs: int) -> list[Figure]:
    modules = data_dir.parent / "modules.txt"
    probe = [sys.executable, "-m", "tests.benchmarks.startup_probe"]
    app = [*probe, "app", "--modules-out", str(modules), "--", "--data-dir", str(data_dir)]
    bare = [*probe, "bare", "--modules", str(modules)]
    env = dict(os.environ)
    env.pop("STARTUP_PROFILE", None)
    # An installed app runs from cached bytecode (pip compiles it; a first run writes it). Where
    # this environment forbids writing it, every start would compile the app's own modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # One app run first: it writes the module list for the bare window and warms the disk cache.
    first = start_once(app, env)
    if isinstance(first, str):
        why = f"the app did not start: {first}"
        return [
            figure("app start to first paint", None, "ms", "< 700 ms", note=why),
            figure("app / bare window", None, "x", RATIO_TARGET, note=why),
        ]
    app_ms: list[float] = []
    app_frames: list[float] = []
    app_contents: list[float] = []
    bare_ms: list[float] = []
    problems: list[str] = []
    for _ in range(runs):  # interleaved, so that a noisy moment hits both
        for command, into in ((app, app_ms), (bare, bare_ms)):
            got = start_once(command, env)
            if isinstance(got, str):
                problems.append(got)
                continue
            into.append(got[0])
            if command is app:
                app_frames.append(got[1])
                if got[2] is not None:
                    app_contents.append(got[2])
    app_median = statistics.median(app_ms) if app_ms else None
    bare_median = statistics.median(bare_ms) if bare_ms else None
    ratio = app_median / bare_median if app_median and bare_median else None
    runs_note = f"median of {len(app_ms)}" + (f"; failures: {problems[:2]}" if problems else "")
    frame_median = statistics.median(app_frames) if app_frames else None
    content_median = statistics.median(app_contents) if app_contents else None
    return [
        figure(
            "app start to first paint",
            app_median,
            "ms",
            "< 700 ms",
            met=below(app_median, 700),
            note=f"{runs_note}; frame painted at {frame_median or 0:.0f} ms",
        ),
        figure(
            "app start to the newest chat's messages painted",
            content_median,
            "ms",
            "< 700 ms",
            met=below(content_median, 700),
            note=f"median of {len(app_contents)}: the frame after the first, once the newest "
            "chat's messages are rendered",
        ),
        figure(
            "bare PySide6 window, same imports",
            bare_median,
            "ms",
            note=f"median of {len(bare_ms)}; {_imports(modules)}",
        ),
        figure(
            "app / bare window",
            ratio,
            "x",
            RATIO_TARGET,
            met=None if ratio is None else ratio <= RATIO_LIMIT,
        ),
    ]


# -- the window (this process) -----------------------------------------------------------------


class FramePainted:
    """Watches paint events inside one widget: when is the first frame after `arm()` painted."""

    def __init__(self, root: object) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication, QWidget

        outer = self
        self.root = root
        self.done: asyncio.Future[float] | None = None
        self.last_paint = 0.0
        self.first = True

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                future = outer.done
                if future is None or future.done() or event.type() != QEvent.Type.Paint:
                    return False
                if not isinstance(watched, QWidget) or not outer.root.isAncestorOf(watched):  # type: ignore[attr-defined]
                    return False
                outer.last_paint = time.perf_counter()
                if outer.first:
                    outer.first = False
                    # The rest of this frame paints before a zero timer can run.
                    QTimer.singleShot(
                        0, lambda: future.done() or future.set_result(outer.last_paint)
                    )
                return False

        self.filter = Filter()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.filter)

    def arm(self) -> asyncio.Future[float]:
        self.first = True
        self.done = asyncio.get_running_loop().create_future()
        return self.done

    def close(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.filter)


async def _version_switch_figure(window: Any, long_id: int, size: int, quick: bool) -> Figure:
    """Median time from a click on the switcher to the frame that shows the other version."""
    store, view = window.store, window.view
    last = next(m for m in reversed(store.messages(long_id)) if m.role == "assistant")
    store.add_message(
        long_id, "assistant", "Another version.\n\n" + last.content, parent=last.parent_id
    )
    window.open_conversation(long_id)
    await wait_until(lambda: not view.windowing.pending)
    await asyncio.sleep(0.2)
    watch = FramePainted(view)
    switches: list[float] = []
    for _ in range(3 if quick else 15):
        current = view.message_ids()[-1]
        tools = view.message_widget(current).tools
        button = tools.previous_button if tools.previous_button.isEnabled() else tools.next_button
        painted = watch.arm()
        started = time.perf_counter()
        button.click()
        switches.append((await painted - started) * 1000)
        await asyncio.sleep(0.1)
    watch.close()
    switched = statistics.median(switches)
    return figure(
        f"switch versions of an answer in a {size:,}-message conversation",
        switched,
        "ms",
        "< 100 ms",
        met=below(switched, 100),
        note=f"a click on the switcher to its frame painted, median of {len(switches)}",
    )


async def window_figures(
    data_dir: Path, quick: bool, conversations: int, messages: int
) -> list[Figure]:
    from gui.config.settings import AppSettings
    from gui.config.token_store import TokenStore
    from gui.store.conversations import ConversationStore
    from gui.utils.paths import resolve_paths
    from gui.window.context import AppContext
    from gui.window.main_window import MainWindow

    long_id, large_ids = special_ids(conversations, messages)
    paths = resolve_paths(data_dir)
    paths.create()
    store = ConversationStore.open(paths.store_file)
    store.mark_interrupted()
    context = AppContext(paths=paths, store=store, settings=AppSettings(), token_store=TokenStore())
    window = MainWindow(context)
    window.show()
    await window.start()
    view = window.view
    sidebar = window.sidebar

    def settled() -> bool:
        return not view.windowing.pending  # what is near the viewport has its widgets

    await wait_until(settled)
    await asyncio.sleep(0.5)
    figures: list[Figure] = []

    # Idle: the newest conversation shown, nothing happening.
    idle_seconds = 2.0 if quick else 10.0
    cpu_before, wall_before = cpu_seconds(), time.monotonic()
    await asyncio.sleep(idle_seconds)
    idle = 100 * (cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
    figures.append(
        figure(
            "CPU while idle, window open",
            idle,
            "%",
            "< 1%",
            met=below(idle, 1.0),
            note=f"over {idle_seconds:.0f} s, a conversation shown",
        )
    )

    # Search: what the sidebar runs when typing pauses (the store's search and the list model).
    repeats = 3 if quick else 15
    per_query: list[tuple[str, float, int]] = []
    for query in QUERIES:
        sidebar.model.load_search(query)  # warm-up
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            sidebar.model.load_search(query)
            times.append((time.perf_counter() - started) * 1000)
        per_query.append((query, statistics.median(times), sidebar.model.rowCount()))
    sidebar.model.load_conversations()
    sidebar.select(window.shown.id)
    worst = max(per_query, key=lambda item: item[1])
    figures.append(
        figure(
            f"full-text search over {messages:,} messages (worst query median)",
            worst[1],
            "ms",
            "< 30 ms",
            met=below(worst[1], 30),
            note="medians: " + ", ".join(f"'{q}' {ms:.1f}" for q, ms, _rows in per_query) + " ms",
        )
    )

    # Opening the long history from the sidebar, switching to a short chat in between.
    watch = FramePainted(view)

    def click(conversation_id: int) -> None:
        row = sidebar.model.row_of(conversation_id)
        assert row is not None
        sidebar.list.clicked.emit(sidebar.model.index(row))  # what a click on the row emits

    short_id = next(
        c.id for c in store.list_conversations() if c.id != long_id and c.id not in large_ids
    )
    opens: list[float] = []
    for _ in range(1 if quick else 7):
        click(short_id)
        await wait_until(settled)
        await asyncio.sleep(0.2)
        painted = watch.arm()
        started = time.perf_counter()
        click(long_id)
        opens.append((await painted - started) * 1000)
        await wait_until(settled)
        await asyncio.sleep(0.2)
    watch.close()
    opened = statistics.median(opens)
    size = store.count_messages(long_id)
    figures.append(
        figure(
            f"open a {size:,}-message conversation to first paint",
            opened,
            "ms",
            "< 200 ms",
            met=below(opened, 200),
            note=f"sidebar click to its frame painted, median of {len(opens)}",
        )
    )
    # Switching between two versions of the long conversation's last answer.
    figures.append(await _version_switch_figure(window, long_id, size, quick))

    # Memory: the twenty large conversations, one after another, each shown in full (its page).
    rss_start = rss_mb()
    for conversation_id in large_ids:
        click(conversation_id)
        await wait_until(settled)
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # deferred deletes of the last conversation's predecessors
    rss = rss_mb()
    figures.append(
        figure(
            f"memory after opening {len(large_ids)} large conversations",
            rss,
            "MB",
            "< 300 MB",
            met=below(rss, 300),
            note=f"process RSS; {rss_start:.0f} MB before them",
        )
    )

    await window.shutdown()
    window._shutdown_done = True
    window.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.startup_history")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--quick", action="store_true", help="a small store, one run each")
    options = parser.parse_args(argv)
    conversations, messages = (30, 600) if options.quick else (1000, 50_000)
    runs = 1 if options.quick else STARTUP_RUNS
    source = cached_store(conversations, messages)
    figures = [
        figure(
            "store",
            source.stat().st_size / 2**20,
            "MB",
            note=f"{conversations:,} conversations, {messages:,} messages",
        )
    ]
    with display() as platform, isolated_home() as home:
        os.environ["REPLICATE_API_TOKEN"] = _standin_token()
        os.environ["REPLICATE_BASE_URL"] = CLOSED_PORT_URL
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        with tempfile.TemporaryDirectory(dir=home) as folder:
            data_dir = Path(folder) / "data"
            data_dir.mkdir()
            shutil.copyfile(source, data_dir / "conversations.sqlite3")
            figures += startup_figures(data_dir, runs)
            figures += run_on_app_loop(
                lambda: window_figures(data_dir, options.quick, conversations, messages)
            )
        print(f"display: {platform}", flush=True)
    figures += reply_save_figures(options.quick)
    figures += context_gauge_figures(options.quick)
    write_figures(options.out, figures)
    return 0


def _standin_token() -> str:
    from provider.standin import STANDIN_TOKEN

    return STANDIN_TOKEN


if __name__ == "__main__":
    sys.exit(main())
