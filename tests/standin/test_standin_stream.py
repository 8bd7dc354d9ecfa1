"""The SSE stream at the byte level, resumption, and every stream fault a scenario scripts."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from provider.standin import Scenario, StandIn
from tests.standin.standin_helpers import (
    AUTH,
    create_ok,
    get_json,
    outputs,
    parse_sse,
    read_stream,
    read_until_cut,
    types,
)


async def stream_url(http: aiohttp.ClientSession, standin: StandIn, scenario: Scenario) -> str:
    """Queue `scenario`, create a prediction and return its stream URL."""
    standin.queue(scenario)
    prediction = await create_ok(http, standin)
    return str(prediction["urls"]["stream"])


async def test_exact_bytes_of_a_small_stream(standin: StandIn, http: aiohttp.ClientSession) -> None:
    url = await stream_url(http, standin, Scenario(chunks=["Hi", " there", "a\nb", "\n", ""]))
    raw = await read_stream(http, url)
    (prediction,) = standin.predictions.values()
    t = int(prediction.created)
    assert raw == (
        b": hi\n\n"
        + f"event: output\nid: {t}:0\ndata: Hi\n\n".encode()
        + f"event: output\nid: {t}:1\ndata:  there\n\n".encode()
        + f"event: output\nid: {t}:2\ndata: a\ndata: b\n\n".encode()
        + f"event: output\nid: {t}:3\ndata: \ndata: \n\n".encode()
        + f"event: output\nid: {t}:4\ndata: \n\n".encode()
        + b"event: done\ndata: {}\n\n"
    )
    assert prediction.stream_connections == 1
    assert prediction.last_event_ids == [None]
    assert [r.stream_url for r in standin.requests] == [False, True]


async def test_stream_works_without_a_token_but_not_with_a_bad_one(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    url = await stream_url(http, standin, Scenario(chunks=["ok"]))
    assert outputs(parse_sse(await read_stream(http, url))) == "ok"
    assert outputs(parse_sse(await read_stream(http, url, headers=AUTH))) == "ok"
    async with http.get(url, headers={"Authorization": "Bearer r8_wrong"}) as resp:
        assert resp.status == 401
        assert resp.content_type == "application/problem+json"
    async with http.get(f"{standin.base_url}/v1/streams/nope") as resp:
        assert resp.status == 404


async def test_resume_after_last_event_id(standin: StandIn, http: aiohttp.ClientSession) -> None:
    chunks = ["a", "b", "c", "d", "e"]
    url = await stream_url(http, standin, Scenario(chunks=chunks))
    first = parse_sse(await read_stream(http, url))
    resumed = parse_sse(await read_stream(http, url, headers={"Last-Event-ID": first[1].id or ""}))
    assert outputs(resumed) == "cde"
    assert [e.id for e in resumed[:3]] == [e.id for e in first[2:5]]
    unknown = parse_sse(await read_stream(http, url, headers={"Last-Event-ID": "1:999"}))
    assert outputs(unknown) == "abcde"
    (prediction,) = standin.predictions.values()
    assert prediction.last_event_ids == [None, first[1].id, "1:999"]
    assert prediction.stream_connections == 3


async def test_drop_then_resume(standin: StandIn, http: aiohttp.ClientSession) -> None:
    scenario = Scenario(chunks=["a", "b", "c", "d", "e"], drop_after=2)
    url = await stream_url(http, standin, scenario)
    raw, error = await read_until_cut(http, url)
    assert isinstance(error, aiohttp.ClientPayloadError)
    cut = parse_sse(raw)
    assert (outputs(cut), types(cut)) == ("ab", ["output", "output"])
    rest = parse_sse(await read_stream(http, url, headers={"Last-Event-ID": cut[-1].id or ""}))
    assert outputs(cut) + outputs(rest) == scenario.expected_text()
    assert types(rest)[-1] == "done"


async def test_drops_counts_connections(standin: StandIn, http: aiohttp.ClientSession) -> None:
    url = await stream_url(http, standin, Scenario(chunks=["a", "b", "c"], drop_after=1, drops=2))
    for _ in range(2):
        raw, error = await read_until_cut(http, url)
        assert error is not None
        assert outputs(parse_sse(raw)) == "a"
    assert outputs(parse_sse(await read_stream(http, url))) == "abc"


async def test_ignore_last_event_id_replays_everything(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    scenario = Scenario(chunks=["a", "b", "c"], drop_after=2, ignore_last_event_id=True)
    url = await stream_url(http, standin, scenario)
    raw, _ = await read_until_cut(http, url)
    cut = parse_sse(raw)
    replay = parse_sse(await read_stream(http, url, headers={"Last-Event-ID": cut[-1].id or ""}))
    assert outputs(replay) == "abc"
    assert replay[0].id == cut[0].id


async def test_silence_holds_events_back(standin: StandIn, http: aiohttp.ClientSession) -> None:
    scenario = Scenario(chunks=list("abcde"), chunk_delay=0.01, silence_after=2, silence=0.4)
    url = await stream_url(http, standin, scenario)
    (prediction,) = standin.predictions.values()
    arrivals: list[tuple[float, bytes, str]] = []
    async with http.get(url) as resp:
        async for line in resp.content:
            arrivals.append((time.monotonic(), line, prediction.status))
    data_lines = [(t, status) for t, line, status in arrivals if line.startswith(b"data:")]
    gap = data_lines[2][0] - data_lines[1][0]
    assert gap >= 0.35
    # The producer kept going during the silence: it had finished before event 2 went out.
    assert data_lines[2][1] == "succeeded"
    assert outputs(parse_sse(b"".join(line for _, line, _ in arrivals))) == "abcde"


async def test_408_comment_ends_the_first_connection(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    url = await stream_url(http, standin, Scenario(chunks=list("abcd"), timeout_408_after=2))
    raw, error = await read_until_cut(http, url)
    assert error is None
    assert raw.endswith(b"data: b\n\n:408: 408 Request Timeout\n\n")
    assert types(parse_sse(raw)) == ["output", "output"]
    again = parse_sse(await read_stream(http, url))
    assert (outputs(again), types(again)[-1]) == ("abcd", "done")


async def test_error_event_then_done(standin: StandIn, http: aiohttp.ClientSession) -> None:
    scenario = Scenario(chunks=list("abcd"), error_after=2, error_detail="Out of memory")
    url = await stream_url(http, standin, scenario)
    events = parse_sse(await read_stream(http, url))
    assert types(events) == ["output", "output", "error", "done"]
    assert (events[2].data, events[3].data) == ('{"detail": "Out of memory"}', '{"reason":"error"}')
    assert outputs(events) == scenario.expected_text() == "ab"
    (prediction,) = standin.predictions.values()
    status, body = await get_json(http, f"{standin.base_url}/v1/predictions/{prediction.id}")
    assert (status, body["status"], body["error"]) == (200, "failed", "Out of memory")


async def test_cancel_after(standin: StandIn, http: aiohttp.ClientSession) -> None:
    scenario = Scenario(chunks=list("abcd"), cancel_after=3)
    events = parse_sse(await read_stream(http, await stream_url(http, standin, scenario)))
    assert types(events)[-1] == "done"
    assert events[-1].data == '{"reason":"canceled"}'
    assert outputs(events) == scenario.expected_text() == "abc"
    (prediction,) = standin.predictions.values()
    assert prediction.status == "canceled"


async def test_cancel_via_api_ends_a_live_stream(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    url = await stream_url(http, standin, Scenario(chunks=["tick"] * 100, chunk_delay=0.02))
    (prediction,) = standin.predictions.values()
    cancel_url = f"{standin.base_url}/v1/predictions/{prediction.id}/cancel"
    seen = bytearray()
    async with http.get(url) as resp:
        async for line in resp.content:
            seen += line
            if seen.count(b"data: tick") == 2 and prediction.cancel_requests == 0:
                async with http.post(cancel_url, headers=AUTH) as canceled:
                    body = await canceled.json()
                    assert canceled.status == 200
    assert body["status"] == "canceled"
    assert body["completed_at"] is not None
    assert {"predict_time", "total_time"} <= set(body["metrics"])
    events = parse_sse(bytes(seen))
    assert events[-1].data == '{"reason":"canceled"}'
    assert 2 <= len(events) - 1 < 100
    assert prediction.task is not None and prediction.task.done()
    async with http.post(cancel_url, headers=AUTH) as again:
        assert (again.status, (await again.json())["status"]) == (200, "canceled")
    assert prediction.cancel_requests == 2


async def test_stream_status_fails_the_first_connection_only(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    url = await stream_url(http, standin, Scenario(chunks=["ok"], stream_status=500))
    async with http.get(url) as resp:
        assert resp.status == 500
        assert (await resp.json(content_type=None))["status"] == 500
    assert outputs(parse_sse(await read_stream(http, url))) == "ok"
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections == 2


async def test_malformed_lines_do_not_change_the_reply(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    scenario = Scenario(chunks=["Hello", " world", "!"], malformed=True)
    raw = await read_stream(http, await stream_url(http, standin, scenario))
    for junk in (b"\ngarbage\n", b"\nfoo: bar\n", b"\nretry: abc\n", b"\nevent: logs\n"):
        assert junk in raw
    events = parse_sse(raw)
    assert {"logs", "message"} <= set(types(events))
    assert outputs(events) == scenario.expected_text() == "Hello world!"


async def test_invalid_utf8(standin: StandIn, http: aiohttp.ClientSession) -> None:
    scenario = Scenario(chunks=["ab", "cdef", "gh"], invalid_utf8=True)
    raw = await read_stream(http, await stream_url(http, standin, scenario))
    assert b"data: cd\xff\xfeef\n" in raw
    expected = scenario.expected_text()
    assert expected == "abcd\ufffd\ufffdefgh"
    assert outputs(parse_sse(raw)) == expected
    (prediction,) = standin.predictions.values()
    assert "".join(prediction.output) == expected


async def test_line_endings(standin: StandIn, http: aiohttp.ClientSession) -> None:
    for ending in ("\r\n", "\r"):
        scenario = Scenario(chunks=["a\nb", " c"], line_ending=ending)
        raw = await read_stream(http, await stream_url(http, standin, scenario))
        lines = raw.split(ending.encode())
        assert all(b"\n" not in line and b"\r" not in line for line in lines)
        assert len(lines) > 8
        assert outputs(parse_sse(raw)) == "a\nb c"


async def test_chunk_with_carriage_returns(standin: StandIn, http: aiohttp.ClientSession) -> None:
    scenario = Scenario(chunks=["a\r\nb", "c\rd"])
    raw = await read_stream(http, await stream_url(http, standin, scenario))
    assert outputs(parse_sse(raw)) == scenario.expected_text() == "a\nbc\nd"


async def test_write_size_splits_writes(standin: StandIn, http: aiohttp.ClientSession) -> None:
    scenario = Scenario(chunks=["né", " 😀", "\n"], write_size=3, line_ending="\r\n")
    url = await stream_url(http, standin, scenario)
    pieces: list[bytes] = []
    async with http.get(url) as resp:
        async for piece in resp.content.iter_any():
            pieces.append(piece)
            await asyncio.sleep(0)
    raw = b"".join(pieces)
    assert len(pieces) > 10
    assert outputs(parse_sse(raw)) == "né 😀\n"


async def test_boot_delay_keeps_the_stream_silent(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    url = await stream_url(http, standin, Scenario(chunks=["late"], boot_delay=0.3))
    (prediction,) = standin.predictions.values()
    async with http.get(url) as resp:
        first = await resp.content.readuntil(b"\n\n")
        assert first == b": hi\n\n"
        assert prediction.status == "starting"
        status, body = await get_json(http, f"{standin.base_url}/v1/predictions/{prediction.id}")
        assert status == 200
        assert (body["status"], body["output"], body["started_at"]) == ("starting", None, None)
        rest = await resp.read()
    assert prediction.status == "succeeded"
    assert outputs(parse_sse(first + rest)) == "late"


async def test_many_subscribers_see_the_same_live_stream(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    scenario = Scenario(chunks=[f"{i} " for i in range(20)], chunk_delay=0.005)
    url = await stream_url(http, standin, scenario)
    bodies = await asyncio.gather(*(read_stream(http, url) for _ in range(5)))
    assert {outputs(parse_sse(body)) for body in bodies} == {scenario.expected_text()}
