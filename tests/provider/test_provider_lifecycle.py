"""Stopping a reply cancels the prediction exactly once and leaks nothing, whatever the timing."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp
import pytest

from provider import Replicate, ReplicateClient, TextDelta
from provider import http as provider_http
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import FAST_RETRY, USER_HI

MODEL = "meta/meta-llama-3-8b-instruct"
LONG = [f"{i} " for i in range(200)]


async def test_break_then_leaving_the_client_still_cancels(standin: StandIn) -> None:
    # The documented use: `async with ReplicateClient(...)`, iterate, stop with `break`.
    # The abandoned generator is finalised by the loop's asyncgen hook *after* the client has
    # closed its session, so the cancel POST hits "Session is closed" (a RuntimeError, not a
    # ProviderError), the prediction keeps running, and the loop reports
    # "Task exception was never retrieved".
    standin.queue(Scenario(chunks=LONG, chunk_delay=0.02))
    loop_errors: list[dict[str, Any]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, ctx: loop_errors.append(ctx))
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=5
    ) as client:
        async for event in client.stream_chat(MODEL, USER_HI):
            if isinstance(event, TextDelta):
                break
    await asyncio.sleep(0.5)
    (prediction,) = standin.predictions.values()
    status, cancels = prediction.status, prediction.cancel_requests
    prediction.cancel()  # stop the stand-in's producer either way
    assert [ctx.get("message") for ctx in loop_errors] == []
    assert cancels == 1, f"prediction left {status}"


async def test_a_second_stop_during_the_cancel_leaks_no_session(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cancel POST is slow to leave (DNS/TCP/TLS for a fresh connection to the API host,
    # since the pooled one is busy streaming). A second task.cancel() arrives meanwhile:
    # CancelledError leaves the shielded wait, Replicate.create_async_generator closes the
    # client, and the still-running cancel request then lazily builds a *new* session
    # (Transport.session) that nobody ever closes.
    real_send = provider_http.Transport._send

    async def slow_cancel_send(self: Any, method: str, url: Any, body: Any) -> Any:
        if url.path.endswith("/cancel"):
            await asyncio.sleep(0.3)
        return await real_send(self, method, url, body)

    sessions: list[aiohttp.ClientSession] = []
    real_session_for = provider_http._session_for

    def recording_session_for(*args: Any) -> aiohttp.ClientSession:
        session = real_session_for(*args)
        sessions.append(session)
        return session

    monkeypatch.setattr(provider_http.Transport, "_send", slow_cancel_send)
    monkeypatch.setattr(provider_http, "_session_for", recording_session_for)
    standin.queue(Scenario(chunks=LONG, chunk_delay=0.02))

    async def consume() -> None:
        async for _ in Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
        ):
            pass

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.2)
    task.cancel()
    await asyncio.sleep(0.1)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.6)
    still_open = [s for s in sessions if not s.closed]
    for session in still_open:
        await session.close()
    assert len(sessions) == 1, f"{len(sessions)} sessions, {len(still_open)} left open"


async def test_closing_the_client_during_a_reply_neither_hangs_nor_reopens(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app quits (closes the client) while another task still reads a reply. aiohttp then
    # never wakes the stream read (its sock_read timer dies with the connection), so the
    # reader hangs past the idle timeout; once cancelled, its cancel POST lazily opens a new
    # session that nobody closes.
    sessions: list[aiohttp.ClientSession] = []
    real_session_for = provider_http._session_for

    def recording_session_for(*args: Any) -> aiohttp.ClientSession:
        session = real_session_for(*args)
        sessions.append(session)
        return session

    monkeypatch.setattr(provider_http, "_session_for", recording_session_for)
    standin.queue(Scenario(chunks=LONG, chunk_delay=0.02))
    client = ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=1)

    async def consume() -> None:
        async for _ in client.stream_chat(MODEL, USER_HI):
            pass

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.3)
    await client.close()
    done, _ = await asyncio.wait({task}, timeout=3)  # three times the idle timeout
    hung = not done
    task.cancel()
    with contextlib.suppress(BaseException):
        await task
    still_open = [s for s in sessions if not s.closed]
    for session in still_open:
        await session.close()
    (prediction,) = standin.predictions.values()
    prediction.cancel()
    assert not hung, "the reader still waits 3 s after close() with timeout=1"
    assert not still_open, f"{len(sessions)} sessions made, {len(still_open)} left open"


async def test_a_stop_while_the_creation_answer_is_in_flight_still_cancels(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stop pressed after Replicate created the prediction but before its answer arrived
    # (a slow link): the id is lost with the cancelled await, nothing cancels the prediction,
    # and the model runs (and bills) to the end.
    real_send = provider_http.Transport._send

    async def slow_answer_send(self: Any, method: str, url: Any, body: Any) -> Any:
        result = await real_send(self, method, url, body)
        if method == "POST" and url.path.endswith("/predictions"):
            await asyncio.sleep(0.5)  # the 201 is still on its way
        return result

    monkeypatch.setattr(provider_http.Transport, "_send", slow_answer_send)
    standin.queue(Scenario(chunks=LONG, chunk_delay=0.02))

    async def consume() -> None:
        async for _ in Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
        ):
            pass

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.25)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.3)
    (prediction,) = standin.predictions.values()
    cancels, status = prediction.cancel_requests, prediction.status
    prediction.cancel()
    assert cancels == 1, f"the prediction was left {status}"


async def test_a_stop_during_a_rate_limit_wait_creates_no_prediction(standin: StandIn) -> None:
    # Stop pressed while creation waits out a 429's Retry-After: nothing exists yet, so
    # nothing should be created. The shielded creation instead keeps waiting, creates the
    # prediction a second later, and cancels it again (a prediction the person never wanted).
    standin.queue(Scenario(chunks=LONG, create_status=429, retry_after="1", create_failures=1))
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=5
    ) as client:

        async def consume() -> None:
            async for _ in client.stream_chat(MODEL, USER_HI):
                pass

        task = asyncio.create_task(consume())
        await asyncio.sleep(0.3)  # the first POST got its 429; the retry waits 1 s
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await asyncio.sleep(1.5)
        created = len(standin.predictions)
    assert created == 0, f"{created} prediction(s) created after the Stop"
