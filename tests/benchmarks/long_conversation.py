"""Benchmark part 6: a 10,000-message conversation in the real window.

    python -m tests.benchmarks.long_conversation [--out FILE] [--quick]

One conversation of 10,000 messages (questions of a sentence or two, answers of 300 to 2,500
characters of markdown with lists, tables and code, as make_store writes them) in a real store,
opened in the real window under Xvfb:
- opening it, to its first frame painted (median of 7, a new chat shown in between);
- scrolling from the newest message to the oldest in page steps (Page Up, as the scroll bar's
  page step), each step to its frame painted, with a probe on the event loop meanwhile: the
  frames, the loop's longest stall, and the steps whose frame waited for an older page to load;
- the CPU it took per message reached over the first 1,000 messages reached and the last 1,000,
  each in units of a yardstick: a fixed task run after every step and timed apart. This host's
  speed drifts by half over tens of seconds (the same loop took 140 to 270 ms over two minutes),
  which alone moved the plain ratio from 1.03x to 1.55x between runs of the same code;
- the process's memory before opening it, and after scrolling to the oldest and back.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.make_store import END_TIME, Writer
from tests.benchmarks.probes import (
    close_window,
    cpu_seconds,
    display,
    isolated_home,
    percentile,
    rss_mb,
    run_on_app_loop,
    started_window,
    wait_until,
)
from tests.benchmarks.report import Figure, write_figures

SECTION = "6 long chat"
SIZE = 10_000
QUICK_SIZE = 400
SPAN = 1_000  # messages reached, first and last, whose cost is compared
PROBE_S = 0.004  # the loop probe's period
YARDSTICK_HTML = "".join(
    f"<p>Paragraph {i} with <b>bold</b>, <code>code</code> and a longer run of plain words "
    "that wraps over a line or two.</p><pre>for item in items:\n    print(item)</pre>"
    for i in range(6)
)


def fill(store: Any, size: int, seed: int = 7) -> int:
    """One conversation of `size` messages, written as make_store writes (one transaction)."""
    rng = random.Random(seed)
    writer = Writer(rng)
    conn = store.db.connection()
    conn.execute("BEGIN IMMEDIATE")
    cursor = conn.execute(
        "INSERT INTO conversations (title, created_at, updated_at, model, params) "
        "VALUES ('Months of questions', ?, ?, 'meta/meta-llama-3-70b-instruct', '{}')",
        (END_TIME - 1e6, END_TIME),
    )
    conversation_id = int(cursor.lastrowid or 0)
    parent = None
    for position in range(size):
        user = position % 2 == 0
        topic = rng.choice(("python list comprehension", "sqlite full-text search"))
        content = (
            writer.question(topic, False)
            if user
            else writer.answer(topic, False, rng.randint(300, 2500))
        )
        cursor = conn.execute(
            "INSERT INTO messages (conversation_id, position, role, content, status, model, "
            "metrics, created_at, updated_at, parent_id) "
            "VALUES (?, ?, ?, ?, 'complete', ?, ?, ?, ?, ?)",
            (
                conversation_id,
                position,
                "user" if user else "assistant",
                content,
                None if user else "meta/meta-llama-3-70b-instruct",
                None if user else json.dumps({"output_tokens": len(content) // 4}),
                END_TIME - size + position,
                END_TIME - size + position,
                parent,
            ),
        )
        parent = cursor.lastrowid
    conn.execute("UPDATE conversations SET leaf_id = ? WHERE id = ?", (parent, conversation_id))
    conn.execute("COMMIT")
    return conversation_id


class Yardstick:
    """A fixed task (a rich-text document laid out, a Python loop: what a message costs, in
    small) whose CPU is counted apart from the steps', to tell the host's drift from growth."""

    def __init__(self) -> None:
        from PySide6.QtGui import QTextDocument

        self._document = QTextDocument()
        self._document.setTextWidth(600)
        self.spent = 0.0  # CPU seconds it took, in all
        self.runs = 0

    def run(self) -> None:
        started = cpu_seconds()
        self._document.setHtml(YARDSTICK_HTML)
        self._document.size()  # laid out
        sorted(str(value * 7919 % 1000) for value in range(3000))
        self.spent += cpu_seconds() - started
        self.runs += 1


class LoopProbe:
    """How late a periodic callback runs: the event loop's stalls while it runs."""

    def __init__(self) -> None:
        self.stalls: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            due = time.perf_counter() + PROBE_S
            await asyncio.sleep(PROBE_S)
            self.stalls.append(max(0.0, time.perf_counter() - due) * 1000)

    def __enter__(self) -> LoopProbe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def measure(size: int, quick: bool) -> list[Figure]:
    from PySide6.QtWidgets import QAbstractSlider

    from gui.app.heap import freeze_startup_objects
    from gui.app.quiet_gc import QuietCollector
    from tests.benchmarks.startup_history import FramePainted

    window = await started_window("http://127.0.0.1:9", "meta/meta-llama-3-70b-instruct")
    freeze_startup_objects()  # as the app does once its window is up
    view = window.view
    collector = QuietCollector(lambda: view.windowing.pending, window)  # as the app has it
    conversation_id = fill(window.store, size)
    window.sidebar.model.load_conversations()
    watch = FramePainted(view)
    figures: list[Figure] = []

    def idle() -> bool:
        return not view.windowing.pending

    # Opening it.
    opens = []
    for _ in range(2 if quick else 7):
        window.new_chat()
        await wait_until(idle)
        await asyncio.sleep(0.2)
        gc.collect()
        rss_before = rss_mb()
        painted = watch.arm()
        started = time.perf_counter()
        window.open_conversation(conversation_id)
        opens.append((await painted - started) * 1000)
        await wait_until(idle)
    opened = statistics.median(opens)
    figures.append(
        Figure(
            SECTION,
            f"open a {size:,}-message conversation to first paint",
            opened,
            "ms",
            "< 200 ms",
            opened < 200,
            f"median of {len(opens)}",
        )
    )

    # Scrolling to the oldest, a page at a time.
    bar = view.scroll_area.verticalScrollBar()
    loads: list[float] = []
    view.load_earlier_requested.connect(lambda: loads.append(time.perf_counter()))
    frames: list[float] = []
    waited = 0
    # Messages reached (from the newest) -> the steps' CPU seconds so far, the yardstick's, and
    # its runs.
    reached_cpu: dict[int, tuple[float, float, int]] = {}
    yardstick = Yardstick()
    cpu_start = cpu_seconds()
    scroll_started = time.perf_counter()
    with LoopProbe() as probe:
        while True:
            rows = view.rows
            first_shown = rows.heights.row_at(bar.value() - rows.base())
            reached = len(rows) - first_shown
            reached_cpu.setdefault(
                reached,
                (cpu_seconds() - cpu_start - yardstick.spent, yardstick.spent, yardstick.runs),
            )
            if bar.value() == 0 and not view._has_earlier and first_shown == 0:
                break
            painted = watch.arm()
            loads_before = len(loads)
            started = time.perf_counter()
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)
            done = await painted
            frames.append((done - started) * 1000)
            if any(started <= at <= done for at in loads[loads_before:]):
                waited += 1
            await wait_until(idle)
            yardstick.run()
    scroll_seconds = time.perf_counter() - scroll_started
    gc.collect()
    rss_top = rss_mb()
    view.scroll_to_bottom()
    await wait_until(idle)
    await asyncio.sleep(0.3)  # deferred deletes
    gc.collect()
    rss_back = rss_mb()
    growth = max(rss_top, rss_back) - rss_before
    stalls = probe.stalls
    p99 = percentile(frames, 0.99)
    longest = max(max(frames), max(stalls))
    note = f"{len(frames):,} steps in {scroll_seconds:.0f} s"
    figures += [
        Figure(SECTION, "scroll newest to oldest in page steps: p99 frame", p99, "ms", "< 16 ms",
               p99 < 16, note),
        Figure(SECTION, "… longest frame or loop stall", longest, "ms", "< 50 ms", longest < 50,
               f"longest frame {max(frames):.1f} ms, loop stall {max(stalls):.1f} ms"),
        Figure(SECTION, "… steps whose frame waited for a page to load", waited, "", "= 0",
               waited == 0, f"{len(loads)} pages loaded on the way"),
        Figure(SECTION, "memory growth after scrolling to the oldest and back", growth, "MB",
               "< 150 MB", growth < 150,
               f"RSS {rss_before:.0f} MB before, {rss_top:.0f} at the oldest, {rss_back:.0f} back"),
        Figure(SECTION, "live message widgets at the end", len(view.rows.widgets()), "",
               note=f"of {len(view.rows):,} messages"),
    ]  # fmt: skip
    if not quick:
        first, first_yard = _cpu_per_message(reached_cpu, 0, SPAN)
        last, last_yard = _cpu_per_message(reached_cpu, size - SPAN, size)
        ratio = (last / last_yard) / (first / first_yard) if first and last_yard else None
        figures += [
            Figure(SECTION, f"CPU per message reached, first {SPAN:,}", first * 1e3, "ms",
                   note=f"yardstick {first_yard * 1e3:.2f} ms"),
            Figure(SECTION, f"CPU per message reached, last {SPAN:,}", last * 1e3, "ms",
                   note=f"yardstick {last_yard * 1e3:.2f} ms"),
            Figure(SECTION, "… last / first, in yardsticks", ratio, "x", "<= 1.2x",
                   None if ratio is None else ratio <= 1.2,
                   f"{last / first:.2f}x in plain CPU" if first else ""),
        ]  # fmt: skip
    watch.close()
    collector.close()
    await close_window(window)
    return figures


def _cpu_per_message(
    cpu: dict[int, tuple[float, float, int]], start: int, end: int
) -> tuple[float, float]:
    """CPU seconds per message over the messages reached from `start` to `end` (from the
    newest), between the first points at or past each, and the yardstick's CPU per run
    meanwhile."""
    reached = sorted(cpu)
    low = next(r for r in reached if r >= start)
    high = next((r for r in reached if r >= end), reached[-1])
    (steps_low, yard_low, runs_low), (steps_high, yard_high, runs_high) = cpu[low], cpu[high]
    per_message = (steps_high - steps_low) / max(1, high - low)
    return per_message, (yard_high - yard_low) / max(1, runs_high - runs_low)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.long_conversation")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE} messages")
    options = parser.parse_args(argv)
    size = QUICK_SIZE if options.quick else SIZE
    with display(), isolated_home():
        import os

        from tests.benchmarks.probes import qt_app

        os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        qt_app()
        figures = run_on_app_loop(lambda: measure(size, options.quick))
    write_figures(options.out, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
