"""The stand-in as seen by Replicate's official Python client (replicate 1.0.7).

If the official client reassembles exactly the scripted text, the stand-in speaks the real
protocol closely enough for our own client's tests to mean something.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from replicate.client import Client
from replicate.exceptions import ReplicateError
from replicate.stream import ServerSentEvent

from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.standin.standin_helpers import LLAMA, TINY

# replicate 1.0.x turns any output event whose data starts with "https:" or "data:" into a
# FileOutput object (it cannot be switched off), so no chunk below starts with either.
CHUNK_SETS: dict[str, list[str]] = {
    "newlines": ["Hello", "\n", "world", "\n\n", "again\n", "\nand", " more", "\n"],
    "blank_lines": ["a", "\n\n", "\n\n", "b", "\n\n\n", "c"],
    "code_block": [
        "Here:\n\n",
        "```python\n",
        "def f():\n",
        "    return 1\n",
        "```",
        "\n",
        "Done.",
    ],
    "spaces": [" leading", "  double", "   triple", " ", "  ", "end  ", " "],
    "unicode": ["😀", " 你好", "世界", " 👩‍💻", " café", "ü", " ∑x²", "\n", "日本語の文"],
    "empty_chunks": ["", "x", "", "y", ""],
}


@pytest.fixture
async def client(standin: StandIn) -> AsyncIterator[Client]:
    """The official client pointed at the stand-in."""
    official = Client(api_token=STANDIN_TOKEN, base_url=standin.base_url)
    yield official
    await official._async_client.aclose()


async def streamed_text(client: Client, ref: str, model_input: dict[str, Any]) -> str:
    """Stream a prediction with the official client and join its output events."""
    stream = await client.async_stream(ref, input=model_input)
    events = [event async for event in stream]
    assert events[-1].event == ServerSentEvent.EventType.DONE
    return "".join(str(e) for e in events if e.event == ServerSentEvent.EventType.OUTPUT)


@pytest.mark.parametrize("write_size", [None, 1], ids=["whole", "bytewise"])
@pytest.mark.parametrize("line_ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("name", list(CHUNK_SETS))
async def test_official_client_reassembles_the_script(
    standin: StandIn,
    client: Client,
    name: str,
    line_ending: str,
    write_size: int | None,
) -> None:
    scenario = Scenario(chunks=CHUNK_SETS[name], line_ending=line_ending, write_size=write_size)
    standin.queue(scenario)
    text = await streamed_text(client, LLAMA, {"prompt": "hi"})
    assert text == "".join(CHUNK_SETS[name])
    assert text == scenario.expected_text()
    (request,) = [r for r in standin.requests if r.method == "POST"]
    assert request.json["stream"] is True


async def test_demo_reply_through_official_client(standin: StandIn, client: Client) -> None:
    model_input = {"prompt": "What is the capital of France?"}
    text = await streamed_text(client, LLAMA, model_input)
    assert text == Scenario().expected_text(model_input, LLAMA)
    assert "> What is the capital of France?" in text


async def test_versioned_model_by_owner_name_version(standin: StandIn, client: Client) -> None:
    version = (await client.models.async_get(TINY)).latest_version
    assert version is not None
    standin.queue(Scenario(chunks=["tiny", " reply"]))
    text = await streamed_text(client, f"{TINY}:{version.id}", {"prompt": "hi"})
    assert text == "tiny reply"
    post = [r for r in standin.requests if r.method == "POST"][-1]
    assert post.path == "/v1/predictions"
    assert post.json["version"] == version.id
    (prediction,) = standin.predictions.values()
    assert (prediction.model, prediction.version) == (TINY, version.id)


async def test_get_reports_status_output_and_metrics(standin: StandIn, client: Client) -> None:
    standin.queue(Scenario(chunks=["one", " two", " three"]))
    created = await client.models.predictions.async_create(LLAMA, input={"prompt": "count up"})
    await standin.wait_terminal(created.id)
    prediction = await client.predictions.async_get(created.id)
    assert prediction.status == "succeeded"
    assert prediction.output == ["one", " two", " three"]
    assert prediction.metrics is not None
    assert prediction.metrics["output_token_count"] == 3
    assert prediction.metrics["input_token_count"] == 2
    assert prediction.metrics["predict_time"] >= 0


async def test_cancel(standin: StandIn, client: Client) -> None:
    standin.queue(Scenario(chunks=["slow"] * 50, chunk_delay=0.05))
    created = await client.models.predictions.async_create(LLAMA, input={"prompt": "go"})
    canceled = await client.predictions.async_cancel(created.id)
    assert canceled.status == "canceled"
    assert canceled.completed_at is not None
    assert standin.predictions[created.id].cancel_requests == 1


async def test_model_schema_is_readable(client: Client) -> None:
    model = await client.models.async_get(LLAMA)
    assert model.latest_version is not None
    schemas = model.latest_version.openapi_schema["components"]["schemas"]
    temperature = schemas["Input"]["properties"]["temperature"]
    assert (temperature["minimum"], temperature["maximum"], temperature["default"]) == (0, 5, 0.7)
    assert schemas["Output"]["x-cog-array-display"] == "concatenate"


async def test_current_account(client: Client) -> None:
    account = await client.accounts.async_current()
    assert (account.type, account.username) == ("user", "standin-user")


async def test_invalid_token_is_a_401_replicate_error(standin: StandIn) -> None:
    bad = Client(api_token="r8_" + "x" * 37, base_url=standin.base_url)
    try:
        with pytest.raises(ReplicateError) as caught:
            await bad.accounts.async_current()
    finally:
        await bad._async_client.aclose()
    assert caught.value.status == 401
    assert caught.value.title == "Unauthenticated"


async def test_failed_prediction_raises_with_the_detail(standin: StandIn, client: Client) -> None:
    standin.queue(Scenario(chunks=["a", "b", "c"], error_after=1, error_detail="GPU on fire"))
    stream = await client.async_stream(LLAMA, input={"prompt": "hi"})
    with pytest.raises(RuntimeError, match="GPU on fire"):
        async for _ in stream:
            pass
