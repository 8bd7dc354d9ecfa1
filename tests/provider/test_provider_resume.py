"""No text repeated or lost where the SSE path meets the GET/polling path."""

from __future__ import annotations

from provider import Replicate
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import USER_HI

MODEL = "meta/meta-llama-3-8b-instruct"


async def _generate(standin: StandIn) -> str:
    stream = Replicate.create_async_generator(
        MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url, timeout=5
    )
    return "".join([chunk async for chunk in stream])


async def test_crlf_in_a_chunk_then_resume_from_the_prediction_repeats_text(
    standin: StandIn,
) -> None:
    # The stream shows "a\r\n" as "a\n" (SSE reads CRLF as one line break), so `emitted` counts
    # 2 characters where the prediction's `output` holds 3. Every reconnect replays (the server
    # ignores Last-Event-ID) and drops before anything new, so the reader falls back to
    # GET/polling, which slices `output` at the SSE character count: one character too early.
    chunks = ["a\r\n", "b", "c", "d"]
    scenario = Scenario(chunks=chunks, drop_after=2, drops=50, ignore_last_event_id=True)
    standin.queue(scenario)
    text = await _generate(standin)
    assert text == scenario.expected_text()  # "a\nbcd"; got "a\nbbcd"
