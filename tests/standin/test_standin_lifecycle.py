"""Starting and stopping the stand-in, its speed, and its command line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
import pytest

from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.standin.standin_helpers import AUTH, create_ok, outputs, parse_sse


async def test_start_and_close_without_context_manager(http: aiohttp.ClientSession) -> None:
    standin = StandIn()
    with pytest.raises(RuntimeError):
        _ = standin.base_url
    assert await standin.start() is standin
    assert standin.base_url == f"http://127.0.0.1:{standin.port}"
    assert standin.port > 0
    async with http.get(f"{standin.base_url}/v1/account", headers=AUTH) as resp:
        assert resp.status == 200
    await standin.close()
    await standin.close()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with http.get(f"http://127.0.0.1:{standin.port}/v1/account", headers=AUTH):
            pass


async def test_close_ends_live_streams_and_producers() -> None:
    async with aiohttp.ClientSession() as http:
        standin = await StandIn().start()
        standin.queue(Scenario(chunks=["tick"] * 1000, chunk_delay=0.05))
        standin.queue(Scenario(chunks=["late"], boot_delay=30))
        live = await create_ok(http, standin)
        booting = await create_ok(http, standin)
        received = bytearray()
        ticking = asyncio.Event()

        async def follow(url: str) -> None:
            try:
                async with http.get(url) as resp:
                    async for piece in resp.content.iter_any():
                        received.extend(piece)
                        if b"data: tick" in received:
                            ticking.set()
            except aiohttp.ClientError:
                pass

        followers = [
            asyncio.create_task(follow(live["urls"]["stream"])),
            asyncio.create_task(follow(booting["urls"]["stream"])),
        ]
        await asyncio.wait_for(ticking.wait(), 10)
        await standin.close()
        # Left alone, the streams would go on for 50 s and 30 s: ten seconds tells an ended
        # stream from a running one on any machine, where a tight bound would only add noise.
        await asyncio.wait_for(asyncio.gather(*followers), 10)
        for prediction in standin.predictions.values():
            assert prediction.task is not None and prediction.task.done()


async def test_wait_terminal_times_out(standin: StandIn, http: aiohttp.ClientSession) -> None:
    standin.queue(Scenario(chunks=["x"], boot_delay=10))
    created = await create_ok(http, standin)
    with pytest.raises(asyncio.TimeoutError):
        await standin.wait_terminal(created["id"], timeout=0.05)


async def test_default_scenario_is_used_when_the_queue_is_empty(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    standin.default_scenario = Scenario(chunks=["default"])
    standin.queue(Scenario(chunks=["queued"]))
    scripts = [standin.predictions[(await create_ok(http, standin))["id"]].script for _ in "abc"]
    assert scripts == [["queued"], ["default"], ["default"]]
    assert standin.queued == []


async def test_100k_events_stream_complete_and_in_order(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    # How fast they stream is make bench's business (its provider part streams these).
    count = 100_000
    standin.queue(Scenario(chunks=[f" w{i % 10}" for i in range(count)]))
    created = await create_ok(http, standin)
    async with http.get(created["urls"]["stream"]) as resp:
        raw = await resp.read()
    events = parse_sse(raw)
    assert len(events) == count + 1
    assert events[-1].type == "done"
    assert events[count - 1].id == f"{int(standin.predictions[created['id']].created)}:{count - 1}"
    assert outputs(events) == "".join(f" w{i % 10}" for i in range(count))


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


async def test_command_line_serves_until_interrupted() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "provider.standin",
        "--port",
        "0",
        "--chunk-delay",
        "0",
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # Ctrl+C as in a terminal: a test runner started in the background of a shell inherits
        # SIGINT ignored, and Python would then never raise KeyboardInterrupt in the child.
        preexec_fn=_interruptible,
    )
    assert process.stdout is not None
    try:
        first = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
        base_url = first.rsplit(" ", 1)[-1].strip()
        rest = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
        token_line = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
        assert base_url.startswith("http://127.0.0.1:")
        assert rest.strip() == f"REPLICATE_BASE_URL={base_url}"
        assert token_line.strip() == f"REPLICATE_API_TOKEN={STANDIN_TOKEN}"
        async with aiohttp.ClientSession(headers=AUTH) as http:
            url = f"{base_url}/v1/models/meta/meta-llama-3-8b-instruct/predictions"
            async with http.post(url, json={"input": {"prompt": "ping"}}) as resp:
                created = await resp.json()
            async with http.get(created["urls"]["stream"]) as resp:
                text = outputs(parse_sse(await resp.read()))
        assert "> ping" in text
    finally:
        process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(process.wait(), 10)
    assert code == 0
