"""Streaming a reply from the stand-in over loopback HTTP: exact text, resumes, polling, stops."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from provider import (
    PredictionCanceledError,
    PredictionCreated,
    PredictionFailedError,
    PredictionFinished,
    ProviderTimeoutError,
    Replicate,
    ReplicateClient,
    StatusChanged,
    TextDelta,
)
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from provider.stream import MAX_RECONNECTS
from tests.provider.helpers import FAST_RETRY, USER_HI, collect, drain_in_task
from tests.waiting import wait_until

MODEL = "meta/meta-llama-3-8b-instruct"
TRICKY = [
    "Hello",
    "\n",
    "\n\n",
    " world",
    "  double",
    "```python\n",
    "def f():\n    return 1\n",
    "```\n",
    " 🙂👩‍👩‍👧",
    "中文字符",
    " Привет",
    "",
    "\ttab",
    " end\n",
]


async def generate(standin: StandIn, model: str = MODEL, **kwargs: object) -> list[str]:
    stream = Replicate.create_async_generator(
        model, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url, **kwargs
    )
    return [chunk async for chunk in stream]


@pytest.mark.parametrize("line_ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("write_size", [None, 1, 7])
async def test_chunks_arrive_exactly_as_the_model_produced_them(
    standin: StandIn, line_ending: str, write_size: int | None
) -> None:
    standin.queue(Scenario(chunks=TRICKY, line_ending=line_ending, write_size=write_size))
    chunks = await generate(standin)
    assert chunks == TRICKY
    assert "".join(chunks) == "".join(TRICKY)


async def test_malformed_lines_and_unknown_events_do_not_change_the_reply(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=TRICKY, malformed=True))
    assert "".join(await generate(standin)) == "".join(TRICKY)


async def test_invalid_utf8_becomes_replacement_characters_not_a_crash(standin: StandIn) -> None:
    scenario = Scenario(chunks=["ab", "cd", "ef"], invalid_utf8=True)
    standin.queue(scenario)
    text = "".join(await generate(standin))
    assert text == scenario.expected_text()
    assert "\ufffd" in text


async def test_events_report_prediction_status_and_metrics(
    standin: StandIn, client: ReplicateClient
) -> None:
    standin.queue(Scenario(chunks=["a", "b", "c"], boot_delay=0.2))
    events, text = await collect(client.stream_chat(MODEL, USER_HI))
    assert text == "abc"
    created = events[0]
    assert isinstance(created, PredictionCreated)
    assert created.prediction.id in standin.predictions
    statuses = [e.status for e in events if isinstance(e, StatusChanged)]
    assert statuses == ["starting", "processing", "succeeded"]
    finished = events[-1]
    assert isinstance(finished, PredictionFinished)
    assert finished.status == "succeeded"
    assert finished.metrics.output_token_count == 3
    assert finished.metrics.predict_time is not None
    assert finished.metrics.tokens_per_second is not None


async def test_error_event_raises_after_the_text_already_received(standin: StandIn) -> None:
    standin.queue(
        Scenario(chunks=["one", " two", " three"], error_after=2, error_detail="CUDA OOM")
    )
    received: list[str] = []
    with pytest.raises(PredictionFailedError) as caught:
        async for chunk in Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
        ):
            received.append(chunk)
    assert received == ["one", " two"]
    assert caught.value.detail == "CUDA OOM"
    assert "CUDA OOM" in str(caught.value)
    prediction = standin.predictions[caught.value.prediction_id or ""]
    assert prediction.cancel_requests == 0  # a failed prediction needs no cancel


async def test_done_with_reason_canceled_ends_as_canceled(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=["a", "b", "c", "d"], cancel_after=2))
    received: list[str] = []
    with pytest.raises(PredictionCanceledError):
        async for chunk in Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
        ):
            received.append(chunk)
    assert received == ["a", "b"]


async def test_dropped_connection_resumes_with_last_event_id(standin: StandIn) -> None:
    chunks = [f"w{i} " for i in range(12)]
    # Slow enough that both reconnects happen while the model is still producing.
    standin.queue(Scenario(chunks=chunks, chunk_delay=0.05, drop_after=4, drops=2))
    received = await generate(standin)
    assert "".join(received) == "".join(chunks)
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections == 3
    assert prediction.last_event_ids[0] is None
    assert all(value is not None for value in prediction.last_event_ids[1:])


async def test_replayed_events_are_not_repeated_when_last_event_id_is_ignored(
    standin: StandIn,
) -> None:
    chunks = [f"t{i}" for i in range(10)]
    standin.queue(Scenario(chunks=chunks, drop_after=5, ignore_last_event_id=True))
    assert await generate(standin) == chunks
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections == 2


async def test_408_comment_is_resumed(standin: StandIn) -> None:
    chunks = ["x", "y", "z", "w"]
    standin.queue(Scenario(chunks=chunks, chunk_delay=0.01, timeout_408_after=2))
    assert await generate(standin) == chunks
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections >= 2


async def test_silence_longer_than_the_idle_timeout_is_resumed(standin: StandIn) -> None:
    chunks = ["a", "b", "c", "d"]
    standin.queue(Scenario(chunks=chunks, silence_after=2, silence=2.0))
    assert await generate(standin, timeout=0.4) == chunks
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections >= 2


async def test_a_long_reply_that_keeps_streaming_is_never_cut_off(standin: StandIn) -> None:
    # 40 chunks 0.05 s apart: two seconds in all, twice the idle timeout of 1 s, while no gap
    # comes near it (even on a machine slowed several times over).
    chunks = [f"{i} " for i in range(40)]
    standin.queue(Scenario(chunks=chunks, chunk_delay=0.05))
    assert await generate(standin, timeout=1.0) == chunks
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections == 1


async def test_stream_http_error_is_resumed(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=["p", "q"], chunk_delay=0.01, stream_status=500))
    assert "".join(await generate(standin)) == "pq"


async def test_prediction_without_stream_url_is_polled(
    standin: StandIn, client: ReplicateClient
) -> None:
    chunks = ["poll", "ed ", "reply\n", "ok"]
    standin.queue(Scenario(chunks=chunks, no_stream=True, chunk_delay=0.15, get_failures=1))
    events, text = await collect(client.stream_chat(MODEL, USER_HI))
    assert text == "".join(chunks)
    deltas = [e for e in events if isinstance(e, TextDelta)]
    assert len(deltas) >= 2, "the growing output must be yielded as it grows"
    (prediction,) = standin.predictions.values()
    assert prediction.get_requests >= 3


async def test_repeated_breaks_fall_back_to_polling_without_loss(standin: StandIn) -> None:
    chunks = [f"c{i}" for i in range(8)]
    standin.queue(Scenario(chunks=chunks, chunk_delay=0.02, drop_after=0, drops=50))
    assert "".join(await generate(standin)) == "".join(chunks)
    (prediction,) = standin.predictions.values()
    assert prediction.get_requests >= 1


async def test_failed_prediction_seen_by_polling_carries_its_detail(standin: StandIn) -> None:
    standin.queue(
        Scenario(chunks=["a", "b", "c"], no_stream=True, error_after=1, error_detail="boom")
    )
    with pytest.raises(PredictionFailedError, match="boom"):
        await generate(standin)


async def test_closing_the_generator_cancels_the_prediction(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=[f"{i} " for i in range(200)], chunk_delay=0.02))
    stream = Replicate.create_async_generator(
        MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
    )
    first = await stream.__anext__()
    assert first == "0 "
    await stream.aclose()  # type: ignore[attr-defined]
    (prediction,) = standin.predictions.values()
    assert prediction.cancel_requests == 1
    assert prediction.status == "canceled"


async def test_cancelling_the_task_cancels_the_prediction(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=[f"{i} " for i in range(200)], chunk_delay=0.02))
    received: list[str] = []

    task = drain_in_task(
        Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url
        ),
        into=received,
    )
    await wait_until(lambda: received, 10, "the reply to start streaming")
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    (prediction,) = standin.predictions.values()
    await standin.wait_terminal(next(iter(standin.predictions)), timeout=10)
    assert prediction.cancel_requests == 1
    assert prediction.status == "canceled"
    assert len(received) < 200


async def test_a_finished_reply_sends_no_cancel(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=["a"]))
    await generate(standin)
    (prediction,) = standin.predictions.values()
    assert prediction.cancel_requests == 0


async def test_polling_gives_up_on_a_model_that_stops_producing(standin: StandIn) -> None:
    # A reply frozen mid-way (the stream silent, polling showing no progress) ends in a clear
    # timeout and a cancel, not an endless wait.
    standin.queue(Scenario(chunks=["a", "b"], no_stream=True, chunk_delay=30.0))
    received: list[str] = []
    with pytest.raises(ProviderTimeoutError):
        async for chunk in Replicate.create_async_generator(
            MODEL, USER_HI, api_key=STANDIN_TOKEN, base_url=standin.base_url, timeout=0.6
        ):
            received.append(chunk)
    assert received == ["a"]
    (prediction,) = standin.predictions.values()
    assert prediction.cancel_requests == 1


async def test_a_long_cold_boot_keeps_streaming_instead_of_polling(standin: StandIn) -> None:
    # The model boots for far longer than the idle timeout: the silent stream breaks several
    # times, but while the prediction is `starting` the reader keeps to the stream.
    chunks = [f"{i} " for i in range(6)]
    # Twelve idle timeouts of boot: several reconnects even when each one is slow.
    standin.queue(Scenario(chunks=chunks, boot_delay=3.0, chunk_delay=0.01))
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, timeout=0.25, retry=FAST_RETRY
    ) as impatient:
        events, text = await collect(impatient.stream_chat(MODEL, USER_HI))
    assert text == "".join(chunks)
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert deltas == chunks, "streamed chunk by chunk, not pieced together by polling"
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections > MAX_RECONNECTS + 1
