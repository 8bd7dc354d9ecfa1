"""The demo reply's "What I received" (provider/standin/received.py) and the image headers it
reads by hand (provider/standin/imageinfo.py), on small images written in the tests."""

from __future__ import annotations

import aiohttp
import pytest

from provider.documents import document_block
from provider.standin import Scenario, StandIn, demo_chunks, demo_reply
from provider.standin.imageinfo import ImageInfo, image_info
from provider.standin.received import decode_data_url, received_section
from tests.standin.image_bytes import (
    data_url,
    gif,
    jpeg,
    png,
    webp_extended,
    webp_lossless,
    webp_lossy,
)
from tests.standin.standin_helpers import AUTH, create_ok, outputs, parse_sse, read_stream


@pytest.mark.parametrize(
    ("data", "info"),
    [
        (png(640, 480), ImageInfo("PNG", 640, 480)),
        (png(1, 1, size=10_000), ImageInfo("PNG", 1, 1)),
        (jpeg(1024, 768), ImageInfo("JPEG", 1024, 768)),
        (gif(32, 16), ImageInfo("GIF", 32, 16)),
        (webp_lossy(300, 200), ImageInfo("WebP", 300, 200)),
        (webp_lossless(4000, 3000), ImageInfo("WebP", 4000, 3000)),
        (webp_extended(16383, 9000), ImageInfo("WebP", 16383, 9000)),
    ],
)
def test_format_and_size_from_the_header(data: bytes, info: ImageInfo) -> None:
    assert image_info(data) == info


def test_a_jpeg_frame_after_fill_bytes_and_restart_markers() -> None:
    plain = jpeg(50, 60)
    padded = plain[:2] + b"\xff\xff\xd0" + plain[2:]
    assert image_info(padded) == ImageInfo("JPEG", 50, 60)


@pytest.mark.parametrize(
    ("data", "info"),
    [
        (png(2, 2)[:20], ImageInfo("PNG")),
        (jpeg(10, 10)[:30], ImageInfo("JPEG")),
        (b"\xff\xd8\xff\xda\x00\x02", ImageInfo("JPEG")),
        (b"GIF89a\x01", ImageInfo("GIF")),
        (webp_lossy(3, 3)[:24], ImageInfo("WebP")),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_cut_or_foreign_headers(data: bytes, info: ImageInfo | None) -> None:
    assert image_info(data) == info


def test_data_urls_decode_or_are_refused() -> None:
    assert decode_data_url(data_url(b"abc")) == b"abc"
    assert decode_data_url("data:,a%20b") == b"a b"
    assert decode_data_url("data:image/png;base64,!!!") is None
    assert decode_data_url("https://example.com") is None


def test_nothing_attached_nothing_said() -> None:
    assert received_section({"prompt": "hi"}, "hi") == []
    question = "What is 2 + 2?"
    assert "".join(demo_chunks({"prompt": question})) == demo_reply(question)


def test_images_and_documents_are_described_before_the_usual_reply() -> None:
    notes = "# Plan\n\n```python\nprint(1)\n```\n"
    question = "Look at these.\n\n" + document_block("plan.md", notes)
    model_input = {
        "prompt": question,
        "image_input": [
            data_url(png(640, 480)),
            data_url(jpeg(1024, 768), "image/jpeg"),
            "https://example.com/cat.webp",
        ],
    }
    reply = "".join(demo_chunks(model_input, "openai/gpt-4o-mini"))
    received, usual = reply.split("## Offline demo reply")
    assert received.startswith("## What I received\n\n**3 images**:\n\n")
    assert f"1. PNG, {len(png(640, 480)):,} bytes, 640 × 480 pixels (data URL)" in received
    assert f"2. JPEG, {len(jpeg(1024, 768))} bytes, 1,024 × 768 pixels (data URL)" in received
    assert "3. a web image at `https://example.com/cat.webp`" in received
    assert f"**1 document**:\n\n- `plan.md`, {len(notes)} characters" in received
    assert "## Offline demo reply" + usual == demo_reply(question, "openai/gpt-4o-mini")


def test_a_question_in_russian_is_told_in_russian() -> None:
    lines = received_section({"image": data_url(gif(2, 2))}, "Что это?", russian=True)
    assert lines[:3] == ["## Что я получил", "", "**1 изображение**:"]
    assert "1. GIF, 14 байт, 2 × 2 пикселей (data URL)" in lines[4]


async def test_a_prediction_describes_the_files_uploaded_to_the_stand_in(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    image = webp_lossless(800, 600)
    upload = aiohttp.FormData()
    upload.add_field("content", image, filename="photo.webp", content_type="image/webp")
    async with http.post(f"{standin.base_url}/v1/files", data=upload, headers=AUTH) as resp:
        url = (await resp.json())["urls"]["get"]
    model_input = {"prompt": "Describe", "images": [url, data_url(png(3, 3))]}
    prediction = await create_ok(
        http, standin, model="google/gemini-2.5-flash", model_input=model_input
    )
    text = outputs(parse_sse(await read_stream(http, prediction["urls"]["stream"])))
    assert f"1. WebP, {len(image)} bytes, 800 × 600 pixels (uploaded file)" in text
    assert "2. PNG" in text and "3 × 3 pixels (data URL)" in text
    expected = Scenario().expected_text(model_input, "google/gemini-2.5-flash", standin.files.read)
    assert text == expected
