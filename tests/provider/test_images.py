"""Finding a model's image input in its schema, and choosing and parsing a chat's images
(provider/images.py, provider/attachments.py); no network."""

from __future__ import annotations

from typing import Any

import pytest

from provider import ConfigurationError, ImageInput, ImagesNotSupportedError, image_input
from provider.attachments import (
    INLINE_LIMIT,
    ImageSource,
    choose_images,
    image_field,
    message_images,
    parse_data_url,
    place_images,
)
from provider.prompts import chat_messages, format_prompt
from provider.schema import InputSchema
from provider.standin import CATALOG
from provider.standin.catalog import openapi_schema
from tests.standin.image_bytes import data_url, image_part, png, with_images


def schema_of(ref: str) -> InputSchema:
    model = next(model for model in CATALOG if model.ref == ref)
    schema = InputSchema.from_openapi(openapi_schema(model))
    assert schema is not None
    return schema


def schema_with(**properties: dict[str, Any]) -> InputSchema:
    raw = {"components": {"schemas": {"Input": {"properties": {"prompt": {}, **properties}}}}}
    schema = InputSchema.from_openapi(raw)
    assert schema is not None
    return schema


URI = {"type": "string", "format": "uri"}
URIS = {"type": "array", "items": URI}


# -- the image input of the catalogue's models ---------------------------------------------------


def test_claude_takes_one_image_scaled_to_its_resolution() -> None:
    assert image_input(schema_of("anthropic/claude-3.7-sonnet")) == ImageInput(
        "image", multiple=False, max_count=1, max_pixels=500_000
    )


@pytest.mark.parametrize("ref", ["openai/gpt-4o-mini", "openai/gpt-5"])
def test_openai_models_take_a_list_without_a_stated_limit(ref: str) -> None:
    found = image_input(schema_of(ref))
    assert found == ImageInput("image_input", multiple=True, max_count=None)
    assert found.capacity is None and found.max_side == 2048


def test_gemini_takes_ten_images_of_seven_megabytes_not_its_videos() -> None:
    found = image_input(schema_of("google/gemini-2.5-flash"))
    assert found == ImageInput("images", multiple=True, max_count=10, max_bytes=7_000_000)


def test_llava_needs_its_one_image() -> None:
    found = image_input(schema_of("yorickvp/llava-13b"))
    assert found == ImageInput("image", multiple=False, max_count=1, required=True)


@pytest.mark.parametrize(
    "ref", ["meta/meta-llama-3-70b-instruct", "deepseek-ai/deepseek-r1", "standin/tiny-chat"]
)
def test_text_models_take_no_images(ref: str) -> None:
    assert image_input(schema_of(ref)) is None


def test_no_schema_no_image_input() -> None:
    assert image_input(None) is None


# -- choosing the input from a schema ------------------------------------------------------------


def test_max_items_wins_over_the_description() -> None:
    schema = schema_with(input_images={**URIS, "maxItems": 3, "description": "max 10 images"})
    assert image_input(schema) == ImageInput("input_images", multiple=True, max_count=3)


@pytest.mark.parametrize(
    ("description", "count", "size"),
    [
        ("Input images to send with the prompt (max 10 images, each up to 7MB)", 10, 7_000_000),
        ("Up to 4 images.", 4, None),
        ("Maximum of 5 images, each up to 512 KB", 5, 512_000),
        ("Images, each up to 1.5 GB", None, 1_500_000_000),
        ("List of images to send to the model.", None, None),
    ],
)
def test_limits_read_from_a_description(description: str, count: int, size: int | None) -> None:
    found = image_input(schema_with(images={**URIS, "description": description}))
    assert found is not None
    assert (found.max_count, found.max_bytes) == (count, size)


def test_a_file_input_wins_over_a_text_input_with_an_image_name() -> None:
    schema = schema_with(image={"type": "string"}, input_image=URI)
    assert image_input(schema) == ImageInput("input_image", multiple=False, max_count=1)


def test_among_file_inputs_the_known_names_come_first() -> None:
    schema = schema_with(reference_image=URI, images=URIS, videos=URIS, audio=URI)
    assert image_input(schema).name == "images"  # type: ignore[union-attr]


def test_file_inputs_that_are_not_images_are_not_taken() -> None:
    assert image_input(schema_with(videos=URIS, audio=URI, mask_image=URI)) is None


def test_a_known_name_without_its_format_still_counts() -> None:
    # A schema that forgot `format: uri` on an input called `image`: the name says it.
    assert image_input(schema_with(image={"type": "string"})).name == "image"  # type: ignore[union-attr]
    assert image_input(schema_with(image_description={"type": "string"})) is None


def test_claude_resolution_without_a_default_leaves_the_side_limit() -> None:
    schema = schema_with(image=URI, max_image_resolution={"type": "number"})
    assert image_input(schema) == ImageInput("image", multiple=False, max_count=1)


# -- the images of a chat ------------------------------------------------------------------------


def test_image_parts_in_both_shapes_are_found_in_order() -> None:
    small = data_url(png(1, 1))
    messages = [
        {"role": "system", "content": "Look closely."},
        with_images("first", "https://example.com/a.png"),
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": [{"type": "image_url", "image_url": small}]},
        {"role": "user", "content": {"type": "image_url", "image_url": {"url": "http://x/b"}}},
    ]
    found = message_images(messages)
    assert [image.url for image in found] == ["https://example.com/a.png", small, "http://x/b"]
    assert found[1].data == png(1, 1) and found[1].content_type == "image/png"
    assert found[1].filename.startswith("image-") and found[1].filename.endswith(".png")


def test_image_parts_never_reach_the_text() -> None:
    messages = [with_images("What is this?", data_url(png(1, 1)))]
    assert format_prompt(messages) == "What is this?"
    assert chat_messages(messages) == [{"role": "user", "content": "What is this?"}]


@pytest.mark.parametrize(
    "part",
    [
        {"type": "image_url", "image_url": {"url": "ftp://example.com/a.png"}},
        {"type": "image_url", "image_url": {"url": "file:///etc/passwd"}},
        {"type": "image_url", "image_url": {}},
        {"type": "image_url", "image_url": "  "},
        {"type": "image_url", "image_url": "data:text/plain;base64,aGk="},
        {"type": "image_url", "image_url": "data:image/png;base64,@@@@"},
        {"type": "image_url", "image_url": "data:image/png"},
    ],
)
def test_a_bad_image_part_is_a_configuration_error(part: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        message_images([{"role": "user", "content": [part]}])


def test_data_urls_are_decoded_in_every_spelling() -> None:
    image = png(2, 2)
    plain = data_url(image)
    assert parse_data_url(plain) == ("image/png", image)
    assert parse_data_url(plain.rstrip("="))[1] == image  # padding left out
    spaced = plain[:40] + "\n " + plain[40:]
    assert parse_data_url(spaced)[1] == image
    assert parse_data_url("data:image/svg+xml,%3Csvg%2F%3E") == ("image/svg+xml", b"<svg/>")
    assert parse_data_url("DATA:IMAGE/JPEG;charset=x;BASE64,/9j/") == (
        "image/jpeg",
        b"\xff\xd8\xff",
    )


def test_the_inline_threshold_is_on_the_decoded_bytes() -> None:
    at = ImageSource.from_url(data_url(png(size=INLINE_LIMIT)))
    over = ImageSource.from_url(data_url(png(size=INLINE_LIMIT + 1)))
    assert INLINE_LIMIT == 262_144
    assert at.inline and not over.inline
    assert ImageSource.from_url("https://example.com/huge.png").inline


def sources(count: int) -> list[ImageSource]:
    return [ImageSource(f"https://example.com/{index}.png") for index in range(count)]


def test_the_newest_images_are_kept_in_conversation_order() -> None:
    gemini = ImageInput("images", multiple=True, max_count=10)
    assert [s.url for s in choose_images(sources(12), gemini)] == [s.url for s in sources(12)[2:]]
    claude = ImageInput("image", multiple=False, max_count=1)
    assert choose_images(sources(3), claude) == sources(3)[2:]
    unlimited = ImageInput("image_input", multiple=True)
    assert choose_images(sources(30), unlimited) == sources(30)


def test_the_images_go_in_as_a_string_or_a_list_and_extra_data_wins() -> None:
    data: dict[str, Any] = {"prompt": "hi"}
    place_images(data, ImageInput("image", multiple=False), ["u1"])
    assert data == {"prompt": "hi", "image": "u1"}
    place_images(data, ImageInput("images", multiple=True), ["u1", "u2"])
    assert data["images"] == ["u1", "u2"]
    place_images(data, ImageInput("image_input", multiple=True), ["u3"], {"image_input": []})
    assert "image_input" not in data


def test_a_model_without_an_image_input_is_named_in_the_error() -> None:
    with pytest.raises(ImagesNotSupportedError) as caught:
        image_field("meta/meta-llama-3-70b-instruct", schema_of("meta/meta-llama-3-70b-instruct"))
    assert "meta/meta-llama-3-70b-instruct takes no images" in str(caught.value)
    assert caught.value.schema_known and caught.value.model == "meta/meta-llama-3-70b-instruct"
    with pytest.raises(ImagesNotSupportedError) as unknown:
        image_field("someone/some-model", None)
    assert "someone/some-model" in str(unknown.value) and not unknown.value.schema_known


def test_an_image_part_with_no_url_names_its_shape() -> None:
    with pytest.raises(ConfigurationError, match="image_url"):
        message_images([{"role": "user", "content": [image_part("")]}])
