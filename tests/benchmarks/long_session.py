"""Part 4: a long session: 500 streamed replies in one running app, against the stand-in.

    python -m tests.benchmarks.long_session [--out FILE.json] [--quick] [--replies N]

The stand-in runs in its own process (tests/benchmarks/throughput_server.py) and streams each
reply as 120 realistic markdown tokens 1 ms apart, so every reply passes through the view's
streaming path. The real MainWindow runs here on a private Xvfb, in a throwaway home, with the
token in REPLICATE_API_TOKEN (the keyring is never asked). It sends a message, waits for the
reply to end, starts a new chat every ten replies (as people do), and stops every 25th reply
after its first words (the Stop path must not leak either).

Resident memory, asyncio tasks, pending loop timers, open sockets, live widgets, Python wrappers
of Qt objects and Python objects are read after the first 50 replies (the warm-up: caches, fonts,
the connection pool fill up) and again at the end, each time in the same state: a new empty
chat, a second's rest, a garbage collection. Growth between the two is the leak; every reply's
text is also checked against what the stand-in sent.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.probes import (
    close_window,
    display,
    isolated_home,
    open_sockets,
    rss_mb,
    run_on_app_loop,
    started_window,
    wait_until,
)
from tests.benchmarks.provider_throughput import StandInProcess
from tests.benchmarks.report import Figure, write_figures
from tests.benchmarks.throughput_server import MODEL, expected

SECTION = "4 long session"
EVENTS_PER_REPLY = 120
CHUNK_DELAY = 0.001
CHAT_LENGTH = 10  # replies before the next new chat
STOP_EVERY = 25  # every this many replies, one is stopped after its first words
WARM_UP = 50
RSS_LIMIT_MB = 50


@dataclass(frozen=True)
class Census:
    """What the running app holds at one moment."""

    rss: float
    tasks: int
    timers: int
    sockets: int
    widgets: int
    wrappers: int
    objects: int


async def census(window: object) -> Census:
    """The app at rest on a new empty chat: deferred deletes run, garbage collected."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication
    from shiboken6 import Shiboken

    window.new_chat()  # type: ignore[attr-defined]
    await asyncio.sleep(1.0)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    await asyncio.sleep(0.1)
    gc.collect()
    return Census(
        rss=rss_mb(),
        tasks=len(asyncio.all_tasks()),
        timers=asyncio.get_running_loop().pending_timers(),  # type: ignore[attr-defined]
        sockets=open_sockets(),
        widgets=len(QApplication.allWidgets()),
        wrappers=len(Shiboken.getAllValidWrappers()),
        objects=len(gc.get_objects()),
    )


async def session(base_url: str, replies: int) -> tuple[Census, Census, dict[str, float]]:
    from gui.store.records import COMPLETE, STOPPED

    window = await started_window(base_url, MODEL)
    want = expected(EVENTS_PER_REPLY)
    wrong = stopped = 0
    first: Census | None = None
    started = time.monotonic()
    for number in range(1, replies + 1):
        window.send_message(f"Question {number}: tell me about streams.")
        message_id = window.session.message_id
        if number % STOP_EVERY == 0:
            await wait_until(lambda: window.session.current_text())
            await window.session.stop()
        await wait_until(lambda: not window.session.busy)
        reply = window.store.get_message(message_id) if message_id is not None else None
        if reply is None:
            wrong += 1
        elif number % STOP_EVERY == 0:
            stopped += reply.status == STOPPED and want.startswith(reply.content)
            wrong += not (reply.status == STOPPED and want.startswith(reply.content))
        else:
            wrong += not (reply.status == COMPLETE and reply.content == want)
        if number == min(WARM_UP, replies // 2):
            first = await census(window)
            measured_from, measured_at = number, time.monotonic()
        elif number % CHAT_LENGTH == 0:
            window.new_chat()
        if number % 100 == 0:
            print(f"{number} replies, RSS {rss_mb():.0f} MB", flush=True)
    elapsed = time.monotonic() - measured_at
    last = await census(window)
    await close_window(window)
    assert first is not None
    facts = {
        "wrong": wrong,
        "stopped": stopped,
        "measured_replies": replies - measured_from,
        "replies_per_s": (replies - measured_from) / elapsed if elapsed else 0.0,
        "total_s": time.monotonic() - started,
    }
    return first, last, facts


def figures(first: Census, last: Census, facts: dict[str, float], replies: int) -> list[Figure]:
    span = f"after reply {replies - int(facts['measured_replies'])} vs after {replies}"

    def counted(name: str, before: int, after: int, slack: int = 0) -> Figure:
        growth = after - before
        return Figure(
            SECTION,
            f"{name}: growth",
            growth,
            "",
            f"<= {slack}" if slack else "no growth",
            growth <= slack,
            f"{before} -> {after}",
        )

    growth = last.rss - first.rss
    per_reply = growth * 1024 / max(1, facts["measured_replies"])
    return [
        Figure(
            SECTION,
            f"replies exact ({replies} sent, every {STOP_EVERY}th stopped)",
            replies - facts["wrong"],
            "",
            f"= {replies}",
            facts["wrong"] == 0,
            f"{int(facts['stopped'])} stopped, kept up to Stop",
        ),
        Figure(
            SECTION,
            "resident memory growth",
            growth,
            "MB",
            f"< {RSS_LIMIT_MB} MB",
            growth < RSS_LIMIT_MB,
            f"{first.rss:.0f} -> {last.rss:.0f} MB, {span}; {per_reply:.1f} KiB per reply",
        ),
        counted("asyncio tasks", first.tasks, last.tasks),
        counted("pending loop timers", first.timers, last.timers),
        counted("open sockets", first.sockets, last.sockets),
        counted("live widgets", first.widgets, last.widgets),
        # Wrappers and Python objects move a little with caches (fonts, regexes, the store's
        # statement cache): a few per cent of slack, not a per-reply leak.
        counted("Qt object wrappers", first.wrappers, last.wrappers, first.wrappers // 20),
        counted("Python objects (gc)", first.objects, last.objects, first.objects // 50),
        Figure(
            SECTION,
            "replies per second, measured stretch",
            facts["replies_per_s"],
            "",
            note=f"{EVENTS_PER_REPLY} tokens each, {CHUNK_DELAY * 1000:.0f} ms apart; "
            f"whole run {facts['total_s']:.0f} s",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.long_session")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--quick", action="store_true", help="40 replies instead of 500")
    parser.add_argument("--replies", type=int, help="how many replies (default 500)")
    options = parser.parse_args(argv)
    replies = options.replies or (40 if options.quick else 500)
    server = StandInProcess(EVENTS_PER_REPLY, CHUNK_DELAY)
    try:
        with display() as platform, isolated_home():
            from provider.standin import STANDIN_TOKEN

            os.environ["REPLICATE_API_TOKEN"] = STANDIN_TOKEN
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
            os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
            first, last, facts = run_on_app_loop(lambda: session(server.base_url, replies))
            print(f"display: {platform}", flush=True)
    finally:
        server.close()
    write_figures(options.out, figures(first, last, facts, replies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
