"""The stand-in's Files API over plain HTTP: create, get, list, delete, download, expiry,
the 100 MB limit read as it streams, auth, and file inputs checked at prediction creation."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import aiohttp
import pytest

from provider.standin import StandIn
from provider.standin.files import MAX_FILE_BYTES
from tests.standin.image_bytes import data_url, png
from tests.standin.standin_helpers import AUTH, create, get_json

CLAUDE = "anthropic/claude-3.7-sonnet"
GPT = "openai/gpt-4o-mini"


def form(
    content: Any, part_name: str | None = "cat.png", part_type: str = "image/png", **fields: str
) -> aiohttp.FormData:
    """A multipart body: the `fields` as parts, then `content` named and typed as given."""
    body = aiohttp.FormData(default_to_multipart=True)
    for name, value in fields.items():
        body.add_field(name, value)
    if content is not None:
        body.add_field("content", content, filename=part_name, content_type=part_type)
    return body


async def upload(
    http: aiohttp.ClientSession, standin: StandIn, data: Any, headers: dict[str, str] = AUTH
) -> tuple[int, Any]:
    async with http.post(f"{standin.base_url}/v1/files", data=data, headers=headers) as resp:
        return resp.status, await resp.json(content_type=None) if resp.status != 204 else None


async def test_an_upload_answers_the_whole_file_object(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    data = png(5, 3)
    status, body = await upload(
        http, standin, form(data, part_name="ignored.png", filename="cat.png", metadata='{"a": 1}')
    )
    assert status == 201, body
    assert set(body) == {
        "id", "name", "content_type", "size", "etag", "checksums", "metadata",
        "created_at", "expires_at", "urls",
    }  # fmt: skip
    assert body["name"] == "cat.png" and body["content_type"] == "image/png"
    assert body["size"] == len(data) and body["metadata"] == {"a": 1}
    assert body["checksums"] == {
        "sha256": hashlib.sha256(data).hexdigest(),
        "md5": hashlib.md5(data, usedforsecurity=False).hexdigest(),
    }
    assert body["etag"] == f'"{body["checksums"]["md5"]}"'
    created = datetime.fromisoformat(body["created_at"].replace("Z", "+00:00"))
    expires = datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert (expires - created).total_seconds() == pytest.approx(24 * 3600, abs=1)

    # The download URL serves the bytes without a token: it is signed, like Replicate's.
    async with http.get(body["urls"]["get"]) as resp:
        assert resp.status == 200 and resp.headers["Content-Type"] == "image/png"
        assert await resp.read() == data
    status, got = await get_json(http, f"{standin.base_url}/v1/files/{body['id']}")
    assert status == 200 and got == body
    status, listed = await get_json(http, f"{standin.base_url}/v1/files")
    assert status == 200 and listed == {"next": None, "previous": None, "results": [body]}


async def test_type_and_filename_parts_win_over_the_content_part(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    status, body = await upload(
        http, standin, form(b"GIF89a", part_name="x.png", filename="a.bin", type="image/gif")
    )
    assert status == 201 and body["content_type"] == "image/gif" and body["name"] == "a.bin"
    # A content part without a filename, and no filename or type part: defaults.
    bare = aiohttp.MultipartWriter("form-data")
    bare.append(b"raw", {"Content-Type": "x/y"}).set_content_disposition(
        "form-data", name="content"
    )
    status, plain = await upload(http, standin, bare)
    assert status == 201 and plain["name"] == "file" and plain["content_type"] == "x/y"


async def test_delete_answers_204_and_the_file_is_gone(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    _, body = await upload(http, standin, form(b"bytes"))
    url = f"{standin.base_url}/v1/files/{body['id']}"
    async with http.delete(url, headers=AUTH) as resp:
        assert resp.status == 204
    assert (await get_json(http, url))[0] == 404
    async with http.delete(url, headers=AUTH) as resp:
        assert resp.status == 404
    async with http.get(body["urls"]["get"]) as resp:
        assert resp.status == 404


async def test_a_file_that_expires_at_once_is_gone_at_once(http: aiohttp.ClientSession) -> None:
    async with StandIn(file_lifetime=0) as standin:
        status, body = await upload(http, standin, form(b"brief"))
        assert status == 201 and body["created_at"] == body["expires_at"]
        assert (await get_json(http, f"{standin.base_url}/v1/files/{body['id']}"))[0] == 404
        async with http.get(body["urls"]["get"]) as resp:
            assert resp.status == 404
        status, listed = await get_json(http, f"{standin.base_url}/v1/files")
        assert listed["results"] == []
        # ...and a prediction cannot read it either.
        status, problem = await create(
            http, standin, CLAUDE, {"prompt": "hi", "image": body["urls"]["get"]}
        )
        assert status == 422 and problem["invalid_fields"][0]["field"] == "image"


async def test_a_tampered_download_url_is_not_found(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    _, body = await upload(http, standin, form(b"secret"))
    url = body["urls"]["get"].replace("signature=", "signature=x")
    async with http.get(url) as resp:
        assert resp.status == 404


async def test_every_files_endpoint_wants_the_token(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    status, problem = await upload(http, standin, form(png()), headers={})
    assert status == 401 and problem["title"] == "Unauthenticated"
    for method in ("GET", "DELETE"):
        async with http.request(method, f"{standin.base_url}/v1/files/abc") as resp:
            assert resp.status == 401
    assert standin.files.files == {}


async def test_other_accounts_files_are_not_shown() -> None:
    tokens = {"r8_AliceToken000000000000000000000000000": "alice", "r8_BobToken00000000000": "bob"}
    alice, bob = ({"Authorization": f"Bearer {token}"} for token in tokens)
    async with StandIn(tokens=tokens) as standin, aiohttp.ClientSession() as http:
        _, body = await upload(http, standin, form(b"mine"), headers=alice)
        async with http.get(f"{standin.base_url}/v1/files/{body['id']}", headers=bob) as resp:
            assert resp.status == 404
        async with http.get(f"{standin.base_url}/v1/files", headers=bob) as resp:
            assert (await resp.json())["results"] == []


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (form(None, filename="x", note="no content part"), "content is required"),
        (form(b"x", metadata="[1, 2]"), "metadata must be a JSON object"),
        (form(b"x", filename="n" * 256), "filename must be at most 255 bytes"),
    ],
)
async def test_malformed_uploads_are_bad_requests(
    http: aiohttp.ClientSession, standin: StandIn, data: aiohttp.FormData, detail: str
) -> None:
    status, problem = await upload(http, standin, data)
    assert status == 400 and problem["detail"] == detail


async def test_a_json_body_is_not_an_upload(http: aiohttp.ClientSession, standin: StandIn) -> None:
    async with http.post(f"{standin.base_url}/v1/files", json={}, headers=AUTH) as resp:
        assert resp.status == 400


async def test_over_100_mb_is_refused_while_it_streams_in(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    # A generated body, sent chunked: neither side ever holds the 100 MB.
    async def generated() -> AsyncIterator[bytes]:
        piece = b"\0" * (256 * 1024)
        left = MAX_FILE_BYTES + 1
        while left:
            chunk = piece[: min(left, len(piece))]
            left -= len(chunk)
            yield chunk

    body = aiohttp.FormData()
    body.add_field("content", generated(), filename="huge.bin")
    tracemalloc.start()
    try:
        status, problem = await upload(http, standin, body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 413
    assert problem == {
        "title": "Content Too Large",
        "detail": "Files must be less than 100MB in size",
        "status": 413,
    }
    assert peak < 32 * 1024 * 1024, f"{peak:,} bytes held at the peak"
    assert standin.files.files == {}


# -- file inputs of predictions --------------------------------------------------------------


async def test_image_inputs_take_data_urls_own_files_and_https(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    _, body = await upload(http, standin, form(png()))
    good = [data_url(png()), body["urls"]["get"], "https://example.com/cat.png"]
    for value in good:
        status, answer = await create(http, standin, CLAUDE, {"prompt": "hi", "image": value})
        assert status == 201, answer
    status, answer = await create(http, standin, GPT, {"prompt": "hi", "image_input": good})
    assert status == 201, answer


@pytest.mark.parametrize(
    "value",
    [
        "ftp://example.com/cat.png",
        "http://example.com/cat.png",
        "not a url",
        "data:image/png;base64,@@@",
        "https://",
    ],
)
async def test_other_image_values_are_input_errors(
    http: aiohttp.ClientSession, standin: StandIn, value: str
) -> None:
    status, problem = await create(http, standin, CLAUDE, {"prompt": "hi", "image": value})
    assert status == 422 and problem["title"] == "Input validation failed"
    assert problem["invalid_fields"][0]["field"] == "image"
    status, problem = await create(
        http, standin, GPT, {"prompt": "hi", "image_input": [data_url(png()), value]}
    )
    assert status == 422 and problem["invalid_fields"][0]["field"] == "image_input.1"


async def test_an_unknown_file_of_the_stand_in_is_an_input_error(
    http: aiohttp.ClientSession, standin: StandIn
) -> None:
    url = f"{standin.base_url}/v1/files/nosuchfile/download"
    status, problem = await create(http, standin, CLAUDE, {"prompt": "hi", "image": url})
    assert status == 422
    assert problem["invalid_fields"][0]["description"] == "The file does not exist or has expired"
