"""Stopping a reply cancels the prediction exactly once and leaks nothing, whatever the timing."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp

from provider import ProviderConnectionError, Replicate, ReplicateClient, TextDelta
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import FAST_RETRY, USER_HI, drain_in_task
from tests.waiting import wait_until

MODEL = "meta/meta-llama-3-8b-instruct"
LONG = [f"{i} " for i in range(200)]


def streaming(standin: StandIn) -> bool:
    """Some text of the one prediction has gone out."""
    return any(prediction.output for prediction in standin.predictions.values())


def creations(standin: StandIn) -> int:
    """The prediction creations the stand-in received (answered or not)."""
    return sum(r.method == "POST" and r.path.endswith("/predictions") for r in standin.requests)


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
    (prediction,) = standin.predictions.values()
    # Either the cancel arrives, or the failed one is reported to the loop.
    await wait_until(
        lambda: prediction.cancel_requests or loop_errors, 10, "the abandoned prediction's cancel"
    )
    status, cancels = prediction.status, prediction.cancel_requests
    prediction.cancel()  # stop the stand-in's producer either way
    assert [ctx.get("message") for ctx in loop_errors] == []
    assert cancels == 1, f"prediction left {status}"


async def test_a_second_stop_during_the_cancel_leaks_no_session(
    standin: StandIn, sessions: list[aiohttp.ClientSession]
) -> None:
    # The cancel takes a while to be answered. A second task.cancel() arrives meanwhile: it
    # ends the shielded wait, Replicate.create_async_generator closes the client, and the
    # cancel still in flight must neither be dropped nor open a new session of its own.
    standin.queue(Scenario(chunks=LONG, chunk_delay=0.02, cancel_delay=0.3))

    task = drain_in_task(
        Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
        )
    )
    await wait_until(lambda: streaming(standin), 10, "the reply to stream")
    task.cancel()
    (prediction,) = standin.predictions.values()
    await wait_until(lambda: prediction.cancel_requests, 10, "the cancel to be on its way")
    task.cancel()  # a second Stop while Replicate has not answered the cancel yet
    with contextlib.suppress(asyncio.CancelledError):
        await task
    (prediction,) = standin.predictions.values()
    assert prediction.cancel_requests == 1
    assert prediction.status == "canceled", "close() waited for the cancel to be answered"
    assert len(sessions) == 1
    assert all(session.closed for session in sessions)


async def test_closing_the_client_during_a_reply_neither_hangs_nor_reopens(
    standin: StandIn, sessions: list[aiohttp.ClientSession]
) -> None:
    # The app quits (closes the client) while another task still reads a reply. aiohttp then
    # never wakes the stream read (its sock_read timer dies with the connection), so the
    # reader hangs past the idle timeout; once cancelled, its cancel POST lazily opens a new
    # session that nobody closes.
    standin.queue(Scenario(chunks=LONG, chunk_delay=0.02))
    client = ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=1)

    task = drain_in_task(client.stream_chat(MODEL, USER_HI))
    await wait_until(lambda: streaming(standin), 10, "the reply to stream")
    await client.close()
    # A reader that hangs waits forever; one that ends does so at once. Ten times the idle
    # timeout tells them apart on the slowest machine.
    done, _ = await asyncio.wait({task}, timeout=10)
    hung = not done
    if hung:
        task.cancel()
        await asyncio.wait({task})
    still_open = [s for s in sessions if not s.closed]
    (prediction,) = standin.predictions.values()
    prediction.cancel()
    assert not hung, "the reader still waits 10 s after close() with timeout=1"
    assert not still_open, f"{len(sessions)} sessions made, {len(still_open)} left open"
    # The reader ended as a closed client ends it: with a clear error.
    assert isinstance(task.exception(), ProviderConnectionError)
    assert "closed by the app" in str(task.exception())


async def test_a_stop_while_the_creation_answer_is_in_flight_still_cancels(
    standin: StandIn,
) -> None:
    # Stop pressed after Replicate created the prediction but before its answer arrived (a
    # slow link): the id would be lost with the cancelled await and the model would run, and
    # bill, to the end. The request is let finish and what it created is canceled.
    standin.queue(Scenario(chunks=LONG, chunk_delay=0.02, create_delay=2.0))

    task = drain_in_task(
        Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
        )
    )
    await wait_until(lambda: standin.predictions, 10, "the prediction to be created")
    task.cancel()  # its 201 is still on its way (2 s)
    with contextlib.suppress(asyncio.CancelledError):
        await task
    (prediction,) = standin.predictions.values()
    assert prediction.cancel_requests == 1
    assert prediction.status == "canceled"


async def test_a_stop_during_a_rate_limit_wait_creates_no_prediction(standin: StandIn) -> None:
    # Stop pressed while creation waits out a 429's Retry-After: nothing exists yet, so
    # nothing should be created. The shielded creation instead keeps waiting, creates the
    # prediction a second later, and cancels it again (a prediction the person never wanted).
    standin.queue(Scenario(chunks=LONG, create_status=429, retry_after="1", create_failures=1))
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=5
    ) as client:
        task = drain_in_task(client.stream_chat(MODEL, USER_HI))
        await wait_until(lambda: creations(standin) == 1, 10, "the first POST and its 429")
        task.cancel()  # the retry waits out the 1 s Retry-After
        with contextlib.suppress(asyncio.CancelledError):
            await task
        # Not a wait for an event but the window in which a wrong retry would create the
        # prediction: the Retry-After and a second to spare.
        await asyncio.sleep(2.0)
        created = len(standin.predictions)
    assert creations(standin) == 1, "no second POST after the Stop"
    assert created == 0, f"{created} prediction(s) created after the Stop"
