"""close() while a reader waits between two stream connections ends the reader, not hangs it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from provider import ProviderConnectionError, ReplicateClient, RetryPolicy, transport
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import USER_HI, drain_in_task

MODEL = "meta/meta-llama-3-8b-instruct"


@dataclass(frozen=True)
class SignallingRetry(RetryPolicy):
    """Fixed 0.4 s backoff; counts the sleeps between stream connections."""

    def backoff(self, attempt: int) -> float:
        SLEEPS.append(attempt)
        if len(SLEEPS) == 2:  # the second break: the next connection is the lasting one
            SECOND_SLEEP.set()
        return 0.4


SLEEPS: list[int] = []
SECOND_SLEEP = asyncio.Event()


async def test_close_while_the_reader_sleeps_between_connections_does_not_hang(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # abort() finds no open response (the reader is in its backoff sleep) and close() waits
    # for a cancel that outlasts its patience; meanwhile the reader wakes. It must not open a
    # new stream on the still-open session, which close() then shuts under a read that
    # aiohttp never wakes.
    monkeypatch.setattr(transport, "CLOSE_WAIT", 0.8)
    SLEEPS.clear()
    SECOND_SLEEP.clear()
    standin.queue(
        Scenario(
            chunks=[f"{i} " for i in range(400)],
            chunk_delay=0.02,
            drop_after=3,
            drops=2,
            cancel_delay=2.0,
        )
    )
    client = ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=SignallingRetry(), timeout=1
    )

    task = drain_in_task(client.stream_chat(MODEL, USER_HI))
    await asyncio.wait_for(SECOND_SLEEP.wait(), 5)
    await client.close()
    # A reader that hangs waits forever; ten times the idle timeout tells it from one that ends.
    done, _ = await asyncio.wait({task}, timeout=10)
    if not done:
        task.cancel()
        await asyncio.wait({task})
    for prediction in standin.predictions.values():
        prediction.cancel()
    assert done, "the reader still waits 10 s after close() returned (idle timeout 1 s)"
    # It ended the way a closed client ends a reader: with a clear error, not a hang or a bug.
    assert isinstance(task.exception(), ProviderConnectionError)
    assert "closed by the app" in str(task.exception())
