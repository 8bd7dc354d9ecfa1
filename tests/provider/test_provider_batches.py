"""`stream_chat_batches` and `SSEDecoder.feed_tuples`: the cheap paths for long, fast replies
give the same events, in the same order, as `stream_chat` and `feed`."""

from __future__ import annotations

import pytest

from provider import PredictionFailedError, ReplicateClient, StatusChanged, TextDelta
from provider.sse import SSEDecoder
from provider.standin import Scenario, StandIn
from tests.provider.helpers import USER_HI, collect

MODEL = "meta/meta-llama-3-8b-instruct"
CHUNKS = ["Hello", "\n", "\n\n", " world", "```python\n", "a\nb", " Привет", "", " 🙂", " end\n"]


def shape(event: object) -> tuple[str, str]:
    """An event without its prediction id (the two readings are two predictions)."""
    if isinstance(event, TextDelta):
        return ("text", event.text)
    if isinstance(event, StatusChanged):
        return ("status", event.status)
    return (type(event).__name__, "")


@pytest.mark.parametrize("line_ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("write_size", [None, 5])
async def test_batches_hold_the_events_of_stream_chat_with_text_as_plain_strings(
    standin: StandIn, client: ReplicateClient, line_ending: str, write_size: int | None
) -> None:
    scenario = Scenario(chunks=CHUNKS, line_ending=line_ending, write_size=write_size)
    standin.queue(scenario, scenario)
    events, _ = await collect(client.stream_chat(MODEL, USER_HI, fetch_metrics=False))
    batches = [b async for b in client.stream_chat_batches(MODEL, USER_HI, fetch_metrics=False)]
    assert all(batches), "no empty batch"
    items = [item for batch in batches for item in batch]
    assert [shape(TextDelta(i) if isinstance(i, str) else i) for i in items] == [
        shape(e) for e in events
    ]
    assert [i for i in items if isinstance(i, str)] == CHUNKS
    assert items.index(StatusChanged("processing")) < items.index("Hello")


async def test_one_batch_per_network_read_not_per_event(
    standin: StandIn, client: ReplicateClient
) -> None:
    standin.queue(Scenario(chunks=[f" {i}" for i in range(500)]))
    batches = [b async for b in client.stream_chat_batches(MODEL, USER_HI, fetch_metrics=False)]
    texts = [i for batch in batches for i in batch if isinstance(i, str)]
    assert texts == [f" {i}" for i in range(500)]
    assert len(batches) < 50


async def test_text_before_an_error_event_comes_before_the_error(
    standin: StandIn, client: ReplicateClient
) -> None:
    standin.queue(Scenario(chunks=["a", "b", "c", "d"], error_after=2, error_detail="boom"))
    received: list[str] = []
    with pytest.raises(PredictionFailedError, match="boom"):
        async for batch in client.stream_chat_batches(MODEL, USER_HI):
            received += [i for i in batch if isinstance(i, str)]
    assert received == ["a", "b"]


@pytest.mark.parametrize(
    "stream",
    [
        b"event: output\nid: 1:0\ndata:  a\n\n",
        b"event:output\nid:7\ndata:x\ndata: y\n\n",  # no space after the colons
        b"event: output\nid: 1:0\ndata: a\n\nid: 2\x00\ndata: b\n\n",  # an id with NUL: ignored
        b"event: done\ndata: {}\n\n: comment\nretry: 10\ndata: m\n\n",
        b"event: output\r\nid: 3\r\ndata: \xff\xfe\r\n\r\n",
    ],
)
def test_feed_tuples_are_feed_as_tuples(stream: bytes) -> None:
    as_events = SSEDecoder().feed(stream)
    as_tuples = SSEDecoder().feed_tuples(stream)
    assert [(e.event, e.data, e.id) for e in as_events] == as_tuples
    assert as_tuples


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(chunks=CHUNKS, drop_after=0, drops=50),  # never resumable: polled instead
        Scenario(chunks=CHUNKS, no_stream=True),  # no stream URL: polled from the start
    ],
    ids=["polled after resets", "polled without a stream"],
)
async def test_polled_text_comes_in_batches_as_plain_strings_too(
    standin: StandIn, client: ReplicateClient, scenario: Scenario
) -> None:
    standin.queue(scenario)
    batches = [b async for b in client.stream_chat_batches(MODEL, USER_HI, fetch_metrics=False)]
    items = [item for batch in batches for item in batch]
    assert not [i for i in items if isinstance(i, TextDelta)]
    assert "".join(i for i in items if isinstance(i, str)) == "".join(CHUNKS)
