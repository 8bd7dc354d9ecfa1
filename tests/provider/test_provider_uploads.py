"""Uploads to the stand-in's Files API: the file object, the cache and its expiry, progress,
Stop during an upload, 413, 401, retries, and no token in any new error."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from provider import (
    AuthenticationError,
    FileCache,
    FileTooLargeError,
    ImagesNotSupportedError,
    ReplicateClient,
    ServerError,
    UploadedFile,
    UploadProgress,
)
from provider.errors import FILE_SIZE_LIMIT
from provider.standin import STANDIN_TOKEN, StandIn
from tests.provider.helpers import FAST_RETRY, collect
from tests.standin.image_bytes import data_url, png, with_images
from tests.waiting import wait_until

GPT = "openai/gpt-4o-mini"
BIG = 300_000  # over the 256 kB inline limit: uploaded


def big_image(seed: int = 0, size: int = BIG) -> str:
    return data_url(png(size=size, seed=seed))


def progress_of(events: list[Any]) -> list[UploadProgress]:
    return [event for event in events if isinstance(event, UploadProgress)]


def client_for(standin: StandIn, cache: FileCache | None = None, token: str = STANDIN_TOKEN):
    return ReplicateClient(
        token, base_url=standin.base_url, retry=FAST_RETRY, timeout=5, file_cache=cache
    )


async def test_upload_file_answers_the_stored_file(standin: StandIn) -> None:
    data = png(4, 4, size=5_000)
    async with client_for(standin) as client:
        before = datetime.now(timezone.utc)
        stored = await client.upload_file(data, "photo.png", "image/png")
    (kept,) = standin.files.files.values()
    assert stored == UploadedFile(
        id=kept.id,
        url=stored.url,
        size=5_000,
        sha256=kept.sha256,
        expires_at=stored.expires_at,
        content_type="image/png",
    )
    assert kept.name == "photo.png" and kept.data == data and kept.content_type == "image/png"
    assert standin.files.lookup(stored.url) is kept
    assert stored.expires_at is not None and stored.expires_at.tzinfo is not None
    assert timedelta(hours=23) < stored.expires_at - before <= timedelta(hours=24, seconds=5)
    (upload,) = [r for r in standin.requests if r.path == "/v1/files"]
    assert upload.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert upload.headers["Authorization"] == f"Bearer {STANDIN_TOKEN}"


async def test_one_upload_serves_two_requests_within_its_lifetime(standin: StandIn) -> None:
    image = big_image()
    async with client_for(standin) as client:
        first, _ = await collect(client.stream_chat(GPT, [with_images("one", image)]))
        second, _ = await collect(client.stream_chat(GPT, [with_images("two", image)]))
    assert standin.files.uploads_started == 1
    assert progress_of(first) and not progress_of(second)
    inputs = [r.json["input"]["image_input"] for r in standin.requests if r.json]
    assert inputs[0] == inputs[1] and standin.files.lookup(inputs[0][0])


async def test_a_shared_cache_serves_every_client_of_the_app(standin: StandIn) -> None:
    cache, image = FileCache(), big_image()
    for text in ("one", "two"):
        async with client_for(standin, cache) as client:
            await collect(client.stream_chat(GPT, [with_images(text, image)]))
    assert standin.files.uploads_started == 1 and len(cache) == 1


async def test_an_expired_file_is_uploaded_again() -> None:
    # Files live 60 s here, inside the cache's 5-minute margin: to the cache they are gone as
    # soon as they are stored, as a file whose lifetime ran out between two turns is.
    cache, image = FileCache(), big_image()
    async with StandIn(file_lifetime=60) as standin:
        for text in ("one", "two"):
            async with client_for(standin, cache) as client:
                _, reply = await collect(client.stream_chat(GPT, [with_images(text, image)]))
                assert "(uploaded file)" in reply, "this request's upload is used nonetheless"
        assert standin.files.uploads_started == 2 and len(standin.files.files) == 2
    assert len(cache) == 0


def test_the_cache_keeps_files_until_shortly_before_they_expire() -> None:
    now = [1_000_000.0]
    cache = FileCache(margin=300, clock=lambda: now[0])
    expires = datetime.fromtimestamp(now[0] + 3600, timezone.utc)
    stored = UploadedFile("f1", "https://files/f1", 10, "AB" * 32, expires)
    cache.put(stored, "scope")
    assert cache.get("ab" * 32, "scope") == stored
    assert cache.get("ab" * 32, "another account") is None
    now[0] += 3600 - 301
    assert cache.get("ab" * 32, "scope") == stored
    now[0] += 2
    assert cache.get("ab" * 32, "scope") is None and len(cache) == 0
    forever = UploadedFile("f2", "https://files/f2", 1, "cd" * 32)
    cache.put(forever)
    assert cache.get("cd" * 32) == forever
    cache.forget("cd" * 32)
    assert cache.get("cd" * 32) is None


async def test_another_account_uploads_its_own_copy() -> None:
    other = "r8_OtherStandInToken00000000000000000000"
    tokens = {STANDIN_TOKEN: "alice", other: "bob"}
    cache, image = FileCache(), big_image()
    async with StandIn(tokens=tokens) as standin:
        for token in (STANDIN_TOKEN, other):
            async with client_for(standin, cache, token) as client:
                await collect(client.stream_chat(GPT, [with_images("hi", image)]))
        assert sorted(f.owner for f in standin.files.files.values()) == ["alice", "bob"]


async def test_progress_is_monotone_and_ends_at_the_total(standin: StandIn) -> None:
    images = [big_image(seed=1, size=700_000), big_image(seed=2, size=400_000)]
    async with client_for(standin) as client:
        events, _ = await collect(client.stream_chat(GPT, [with_images("two", *images)]))
    progress = progress_of(events)
    total = 1_100_000
    assert progress[0] == UploadProgress(0, total, 0, 2)
    assert progress[-1] == UploadProgress(total, total, 2, 2)
    assert all(e.total == total and e.files_total == 2 for e in progress)
    sent = [e.sent for e in progress]
    assert sent == sorted(sent) and len(progress) >= total // (64 * 1024)
    done = [e.files_done for e in progress]
    assert done == sorted(done) and 1 in done
    assert UploadProgress(700_000, total, 1, 2) in progress


async def test_the_same_big_image_twice_is_uploaded_once(standin: StandIn) -> None:
    image = big_image()
    async with client_for(standin) as client:
        events, _ = await collect(client.stream_chat(GPT, [with_images("twice", image, image)]))
    assert standin.files.uploads_started == 1
    assert progress_of(events)[-1] == UploadProgress(BIG, BIG, 1, 1)


async def stopped_during_upload(standin: StandIn, how: str) -> float:
    """Send an 8 MB image over a slow link and stop at the first bytes; how long it took."""
    image = data_url(png(size=8_000_000))
    started = asyncio.Event()
    stream = None

    async def send() -> None:
        nonlocal stream
        async with client_for(standin) as client:
            stream = client.stream_chat(GPT, [with_images("slow", image)])
            async for event in stream:
                if isinstance(event, UploadProgress) and event.sent > 0:
                    started.set()
                    if how == "close":
                        await stream.aclose()
                        return

    task = asyncio.create_task(send())
    await asyncio.wait_for(started.wait(), 10)
    clock = time.monotonic()
    if how == "cancel":
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
    return time.monotonic() - clock


@pytest.mark.parametrize("how", ["cancel", "close"])
async def test_stopping_during_an_upload_stops_it_and_creates_nothing(how: str) -> None:
    async with StandIn(upload_read_delay=0.01) as standin:
        elapsed = await stopped_during_upload(standin, how)
        assert elapsed < 1.0
        assert standin.predictions == {}
        await wait_until(lambda: standin.files.uploads_abandoned == 1, what="the upload to end")
        assert standin.files.files == {}
        assert not [r for r in standin.requests if r.path.endswith("predictions")]


async def test_over_100_mb_is_refused_with_the_file_named(standin: StandIn) -> None:
    # bytes(n) is zero pages the system maps lazily: no 100 MB really held in memory.
    async with client_for(standin) as client:
        with pytest.raises(FileTooLargeError) as caught:
            await client.upload_file(bytes(FILE_SIZE_LIMIT + 1), "huge.png", "image/png")
    error = caught.value
    assert error.status == 413 and error.filename == "huge.png"
    assert str(error) == "`huge.png` (100.0 MB) is larger than Replicate accepts (100 MB)."
    assert error.detail == "Files must be less than 100MB in size"
    assert standin.files.files == {} and standin.files.uploads_started == 1


async def test_a_bad_token_is_refused_on_upload(standin: StandIn) -> None:
    wrong = "r8_WrongTokenWrongTokenWrongToken0000000"
    async with client_for(standin, token=wrong) as client:
        with pytest.raises(AuthenticationError) as caught:
            await collect(client.stream_chat(GPT, [with_images("hi", big_image())]))
    # The schema read fails first; the upload itself is refused the same way.
    async with client_for(standin, token=wrong) as client:
        with pytest.raises(AuthenticationError) as upload:
            await client.upload_file(b"x" * 100_000, "a.png", "image/png")
    for error in (caught.value, upload.value):
        assert wrong not in str(error) and wrong not in repr(error)
    assert standin.files.files == {}


async def test_a_429_on_upload_is_retried_and_a_503_is_not(standin: StandIn) -> None:
    async with client_for(standin) as client:
        standin.files.fail_next = [429]
        await client.upload_file(b"one" * 1000, "a.txt", "text/plain")
        assert standin.files.uploads_started == 2 and len(standin.files.files) == 1
        standin.files.fail_next = [503]
        with pytest.raises(ServerError):
            await client.upload_file(b"two" * 1000, "b.txt", "text/plain")
        assert standin.files.uploads_started == 3, "a second file is not risked on a 5xx"


async def test_no_new_error_or_value_shows_the_token(standin: StandIn) -> None:
    seen: list[object] = []
    standin.files.max_bytes = 1_000  # a 413 without sending 100 MB again
    async with client_for(standin) as client:
        seen.append(client)
        with pytest.raises(FileTooLargeError) as too_large:
            await client.upload_file(b"x" * 2_000, f"{STANDIN_TOKEN}.png")
        seen.append(too_large.value)
        standin.files.max_bytes = FILE_SIZE_LIMIT
        with pytest.raises(ImagesNotSupportedError) as no_images:
            llama = "meta/meta-llama-3-8b-instruct"
            await collect(client.stream_chat(llama, [with_images("hi", big_image())]))
        seen.append(no_images.value)
        seen.append(ImagesNotSupportedError(f"{STANDIN_TOKEN}/x", schema_known=False))
        seen.append(await client.upload_file(b"data", "a.bin"))
        seen.append(client.file_cache)
        events, _ = await collect(client.stream_chat(GPT, [with_images("hi", big_image())]))
        seen += progress_of(events)
    for value in seen:
        assert STANDIN_TOKEN not in str(value) and STANDIN_TOKEN not in repr(value), value
