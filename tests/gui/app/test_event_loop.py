"""The app's event loop (gui/app/event_loop.py): cancelled timers are gone at once, others run."""

from __future__ import annotations

import asyncio

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
    started = loop.time()
    loop.call_later(0.05, ran.append, "kept")
    loop.call_later(0.05, ran.append, "cancelled").cancel()
    loop.call_soon(ran.append, "soon")
    await asyncio.sleep(0.2)
    assert ran == ["soon", "kept"]
    assert loop.time() - started >= 0.05
    assert loop.call_at(loop.time() + 10, print).when() > loop.time()


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
