"""Images in a chat's messages, sent for real to the stand-in's vision models: each model's
image input, the newest images it takes, data URLs up to 256 kB and uploads beyond."""

from __future__ import annotations

from typing import Any

import pytest

from provider import (
    ConfigurationError,
    ImageInput,
    ImagesNotSupportedError,
    InvalidInputError,
    Replicate,
    ReplicateClient,
    TextDelta,
    UploadProgress,
)
from provider.standin import CATALOG, STANDIN_TOKEN, CatalogModel, StandIn
from provider.standin.schemas import TEXT_OUTPUT
from tests.provider.helpers import FAST_RETRY, collect
from tests.standin.image_bytes import data_url, png, with_images

CLAUDE = "anthropic/claude-3.7-sonnet"
GPT = "openai/gpt-4o-mini"
GEMINI = "google/gemini-2.5-flash"
LLAMA = "meta/meta-llama-3-70b-instruct"
LLAVA = "yorickvp/llava-13b"


def creations(standin: StandIn) -> list[dict[str, Any]]:
    """The inputs of the predictions created, in order."""
    return [
        r.json["input"]
        for r in standin.requests
        if r.method == "POST" and r.path.endswith("predictions")
    ]


def llava_ref() -> str:
    (model,) = [m for m in CATALOG if m.ref == LLAVA]
    return f"{LLAVA}:{model.version_id}"


async def test_claude_gets_the_newest_image_as_one_string(
    standin: StandIn, client: ReplicateClient
) -> None:
    old, new = data_url(png(1, 1, seed=1)), data_url(png(1, 1, seed=2))
    history = [
        with_images("What is this?", old),
        {"role": "assistant", "content": "A red dot."},
        with_images("And this one?", new),
    ]
    _, text = await collect(client.stream_chat(CLAUDE, history))
    (sent,) = creations(standin)
    assert sent["image"] == new
    assert "data:" not in sent["prompt"] and "And this one?" in sent["prompt"]
    assert "**1 image**" in text and "PNG" in text


async def test_gpt_gets_every_image_in_a_list_and_text_only_messages(
    standin: StandIn, client: ReplicateClient
) -> None:
    first, second = data_url(png(3, 2, seed=1)), "https://example.com/photo.jpg"
    history = [
        with_images("Compare", first),
        {"role": "assistant", "content": "Sure."},
        with_images("with this", second),
    ]
    await collect(client.stream_chat(GPT, history))
    (sent,) = creations(standin)
    assert sent["image_input"] == [first, second]
    assert sent["messages"] == [
        {"role": "user", "content": "Compare"},
        {"role": "assistant", "content": "Sure."},
        {"role": "user", "content": "with this"},
    ]


async def test_gemini_gets_its_ten_newest_images_in_order(
    standin: StandIn, client: ReplicateClient
) -> None:
    urls = [data_url(png(1, 1, seed=index)) for index in range(12)]
    history = [with_images(f"picture {index}", url) for index, url in enumerate(urls)]
    events, text = await collect(
        client.stream_chat(GEMINI, history, system_prompt="Be brief.", max_tokens=256)
    )
    (sent,) = creations(standin)
    assert sent["images"] == urls[2:]
    assert sent["system_instruction"] == "Be brief." and sent["max_output_tokens"] == 256
    assert "**10 images**" in text
    assert not [e for e in events if isinstance(e, UploadProgress)], "all small: none uploaded"


async def test_llava_gets_its_required_image_with_a_prompt(
    standin: StandIn, client: ReplicateClient
) -> None:
    image = data_url(png(8, 4))
    await collect(client.stream_chat(llava_ref(), [with_images("Describe it.", image)]))
    (sent,) = creations(standin)
    assert sent["image"] == image and sent["prompt"] == "Describe it."
    with pytest.raises(InvalidInputError) as caught:
        await collect(client.stream_chat(llava_ref(), [{"role": "user", "content": "hi"}]))
    assert "image is required" in str(caught.value)


async def test_the_client_says_what_each_model_takes(client: ReplicateClient) -> None:
    assert await client.image_input(GEMINI) == ImageInput(
        "images", multiple=True, max_count=10, max_bytes=7_000_000
    )
    assert (await client.image_input(llava_ref())).required  # type: ignore[union-attr]
    assert await client.image_input(LLAMA) is None


async def test_an_image_for_a_text_model_names_the_model_and_creates_nothing(
    standin: StandIn, client: ReplicateClient
) -> None:
    with pytest.raises(ImagesNotSupportedError) as caught:
        await collect(client.stream_chat(LLAMA, [with_images("hi", data_url(png()))]))
    assert "meta/meta-llama-3-70b-instruct takes no images" in str(caught.value)
    assert STANDIN_TOKEN not in str(caught.value) and STANDIN_TOKEN not in repr(caught.value)
    assert creations(standin) == []


async def test_without_a_readable_schema_images_are_refused() -> None:
    blank = CatalogModel(
        owner="someone",
        name="no-schema",
        description="A chat model that publishes no input schema",
        official=True,
        input_schema={"type": "object", "title": "Input", "additionalProperties": True},
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-01-01T00:00:00.000000Z",
    )
    async with (
        StandIn(catalog=(*CATALOG, blank)) as standin,
        ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url) as client,
    ):
        assert await client.image_input(blank.ref) is None
        with pytest.raises(ImagesNotSupportedError) as caught:
            await collect(client.stream_chat(blank.ref, [with_images("hi", data_url(png()))]))
        _, text = await collect(client.stream_chat(blank.ref, [{"role": "user", "content": "hi"}]))
    assert not caught.value.schema_known and "someone/no-schema" in str(caught.value)
    assert "Offline demo reply" in text


async def test_a_bad_image_fails_before_any_request(standin: StandIn) -> None:
    async with ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url) as client:
        with pytest.raises(ConfigurationError):
            await collect(client.stream_chat(GPT, [with_images("hi", "ftp://example.com/a.png")]))
    assert standin.requests == []


async def test_an_image_of_256_kb_goes_inline_and_one_byte_more_is_uploaded(
    standin: StandIn, client: ReplicateClient
) -> None:
    at_limit = data_url(png(size=256 * 1024, seed=1))
    over = png(size=256 * 1024 + 1, seed=2)
    events, text = await collect(client.stream_chat(CLAUDE, [with_images("a", at_limit)]))
    assert not [e for e in events if isinstance(e, UploadProgress)]
    assert standin.files.files == {}

    events, text = await collect(client.stream_chat(CLAUDE, [with_images("b", data_url(over))]))
    (stored,) = standin.files.files.values()
    assert stored.data == over and stored.content_type == "image/png"
    assert stored.name.startswith("image-") and stored.name.endswith(".png")
    first, second = creations(standin)
    assert first["image"] == at_limit
    assert standin.files.lookup(second["image"]) is stored
    assert second["image"].startswith(f"{standin.base_url}/v1/files/{stored.id}/download?")
    assert "262,145 bytes" in text and "(uploaded file)" in text
    progress = [e for e in events if isinstance(e, UploadProgress)]
    assert progress[-1] == UploadProgress(len(over), len(over), 1, 1)
    created = next(i for i, e in enumerate(events) if type(e).__name__ == "PredictionCreated")
    assert max(events.index(e) for e in progress) < created, "uploads come before creation"


async def test_https_images_are_passed_on_as_given(
    standin: StandIn, client: ReplicateClient
) -> None:
    url = "https://example.com/a%20cat.png?size=large"
    _, text = await collect(client.stream_chat(CLAUDE, [with_images("cat?", url)]))
    assert creations(standin)[0]["image"] == url
    assert "a web image at" in text and standin.files.files == {}


async def test_the_seed_facade_takes_content_parts_and_yields_text_only(standin: StandIn) -> None:
    big = png(640, 480, size=300_000)
    chunks = [
        chunk
        async for chunk in Replicate.create_async_generator(
            GPT,
            [with_images("What do you see?", data_url(big))],
            api_key=STANDIN_TOKEN,
            base_url=standin.base_url,
        )
    ]
    assert all(isinstance(chunk, str) for chunk in chunks)
    text = "".join(chunks)
    assert "PNG, 300,000 bytes, 640 × 480 pixels (uploaded file)" in text
    assert "> What do you see?" in text
    (sent,) = creations(standin)
    assert len(sent["image_input"]) == 1 and standin.files.lookup(sent["image_input"][0])


async def test_batches_carry_progress_in_lists_of_their_own(standin: StandIn) -> None:
    big = png(size=1_000_000)
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY
    ) as client:
        batches = [
            batch
            async for batch in client.stream_chat_batches(GPT, [with_images("x", data_url(big))])
        ]
    progress = [batch for batch in batches if any(isinstance(i, UploadProgress) for i in batch)]
    assert progress and all(len(batch) == 1 for batch in progress)
    assert "".join(i for batch in batches for i in batch if isinstance(i, str))
    assert not any(isinstance(i, TextDelta) for batch in batches for i in batch)
