"""The app's event loop (gui/app/event_loop.py): cancelled timers are gone at once, others run;
and the qasync internals it relies on are still there."""

from __future__ import annotations

import asyncio
import importlib.metadata
import inspect

import qasync

from gui.app.event_loop import EventLoop
from provider import ReplicateClient, TextDelta
from provider.standin import STANDIN_TOKEN, Scenario, StandIn

MODEL = "meta/meta-llama-3-8b-instruct"


def running_loop() -> EventLoop:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, EventLoop), "tests under tests/gui run on the app's loop"
    return loop


async def test_a_cancelled_timer_is_let_go_at_once() -> None:
    loop = running_loop()
    before = loop.pending_timers()
    handles = [loop.call_later(180, print) for _ in range(1000)]
    assert loop.pending_timers() == before + 1000
    for handle in handles:
        handle.cancel()
    assert loop.pending_timers() == before
    handles[0].cancel()  # twice is harmless
    assert loop.pending_timers() == before


async def test_timers_run_once_at_their_time_and_cancelled_ones_never() -> None:
    loop = running_loop()
    ran: list[str] = []
    kept_ran = asyncio.Event()
    started = loop.time()
    loop.call_later(0.05, ran.append, "cancelled").cancel()
    ran_at: list[float] = []
    loop.call_later(0.05, lambda: (ran.append("kept"), ran_at.append(loop.time()), kept_ran.set()))
    loop.call_soon(ran.append, "soon")
    await asyncio.wait_for(kept_ran.wait(), 10)
    assert ran == ["soon", "kept"]  # the cancelled one, due first, never ran
    # Never early, as asyncio's own loops: Qt's coarse timers (the default, kind to batteries)
    # may fire up to 5% early, and the loop waits out the rest.
    assert ran_at[0] - started >= 0.05
    assert loop.call_at(loop.time() + 10, print).when() > loop.time()


async def test_no_timer_runs_before_its_time() -> None:
    # Delays that are not whole milliseconds, and coarse timers that may come early, all run late.
    loop = running_loop()
    early: list[float] = []
    done = asyncio.Event()
    delays = [0.0005 + 0.0031 * i for i in range(40)]

    def ran(handle_when: float) -> None:
        early.append(handle_when - loop.time())
        if len(early) == len(delays):
            done.set()

    for delay in delays:
        when = loop.time() + delay
        loop.call_at(when, ran, when)
    await asyncio.wait_for(done.wait(), 10)
    assert max(early) <= 0, f"a timer ran {max(early) * 1000:.2f} ms early"


async def test_a_long_streamed_reply_leaves_no_timers_behind(standin: StandIn) -> None:
    # aiohttp re-arms its read timeout on each network read: with qasync's own timers each
    # read left a Qt timer and its handle alive for the whole idle timeout (180 s here).
    loop = running_loop()
    chunks = [f"w{i} " for i in range(300)]
    standin.queue(Scenario(chunks=chunks, chunk_delay=0.002))
    before = loop.pending_timers()
    async with ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, timeout=180) as client:
        events = client.stream_chat(MODEL, [{"role": "user", "content": "Hi"}])
        text = "".join([e.text async for e in events if isinstance(e, TextDelta)])
        assert text == "".join(chunks)
        assert loop.pending_timers() < before + 20


# The qasync releases gui/app/event_loop.py was checked against (pyproject.toml pins them).
QASYNC_CHECKED = ("0.28.0",)


def test_qasync_is_a_release_the_event_loop_was_checked_against() -> None:
    installed = importlib.metadata.version("qasync")
    assert installed in QASYNC_CHECKED, (
        f"qasync {installed}: gui/app/event_loop.py replaces its private `_timer` and runs "
        "asyncio handles itself. Check the assumptions below against this release, then add "
        "it to QASYNC_CHECKED and widen the pin in pyproject.toml."
    )


def test_qasync_still_runs_every_callback_through_the_timer_object_we_replace() -> None:
    source = inspect.getsource(qasync)  # the loop class is made by a decorator: read the module
    # Made in the constructor, then the only way call_soon, call_later and call_at schedule...
    assert "self._timer = _SimpleTimer()" in source
    assert "return self._timer.add_callback(handle, delay)" in source
    assert "return self.call_later(0, callback, *args, context=context)" in source
    assert "return self.call_later(when - self.time(), callback, *args, context=context)" in source
    # ...stopped on close, told about debug mode.
    assert "self._timer.stop()" in source
    assert "self._timer.set_debug(enabled)" in source
    # The asyncio internals our timers use to run and skip handles.
    assert callable(getattr(asyncio.Handle, "_run", None))
    assert "_cancelled" in asyncio.Handle.__slots__


async def test_every_kind_of_callback_goes_through_our_timers() -> None:
    loop = running_loop()
    before = loop.pending_timers()
    ran: list[str] = []
    all_ran = asyncio.Event()

    def note(kind: str) -> None:
        ran.append(kind)
        if len(ran) == 3:
            all_ran.set()

    loop.call_soon(note, "soon")
    loop.call_later(0.01, note, "later")
    loop.call_at(loop.time() + 0.01, note, "at")
    assert loop.pending_timers() == before + 3
    await asyncio.wait_for(all_ran.wait(), 10)
    assert sorted(ran) == ["at", "later", "soon"]
    assert loop.pending_timers() == before
