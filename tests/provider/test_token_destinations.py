"""Where the token travels: the configured API host, and the URLs Replicate returned, never over
plain http except on this machine."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from provider import ConfigurationError, NotFoundError, ReplicateClient
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import FAST_RETRY, USER_HI, collect

MODEL = "meta/meta-llama-3-8b-instruct"


class Witness:
    """A second loopback server that only records who called it and with which header."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> Witness:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._record)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _record(self, request: web.Request) -> web.Response:
        self.seen.append((request.path, request.headers.get("Authorization")))
        return web.json_response({"detail": "not Replicate"}, status=404)


def _kind(path: str) -> str:
    if path.startswith("/v1/streams/"):
        return "stream"
    return "cancel" if path.endswith("/cancel") else "get"


@pytest.mark.parametrize(
    "origin", ["http://api.example.com", "http://10.0.0.1:8080", "ftp://127.0.0.1"]
)
async def test_returned_urls_over_plain_http_elsewhere_are_refused_before_any_request(
    standin: StandIn, origin: str
) -> None:
    standin.queue(Scenario(chunks=["never ", "shown"], urls_origin=origin))
    async with ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY) as c:
        with pytest.raises(ConfigurationError, match="https") as caught:
            # Nothing listens at those hosts: a request to one would hang, not fail at once.
            await asyncio.wait_for(collect(c.stream_chat(MODEL, USER_HI)), 10)
    assert STANDIN_TOKEN not in str(caught.value)
    # Only the creation reached a server, and it was the configured one.
    assert [r.method for r in standin.requests if "/predictions" in r.path][:1] == ["POST"]
    (prediction,) = standin.predictions.values()
    assert prediction.stream_connections == 0


async def test_the_token_goes_to_the_api_host_and_the_urls_it_returned_only(
    standin: StandIn,
) -> None:
    async with Witness() as witness:
        # Replicate answers with URLs on another host (here a second loopback server, which
        # only records): the stream is read from there without the token; the prediction's
        # own get and cancel URLs carry it, as Replicate's API expects.
        standin.queue(Scenario(chunks=["a", "b"], urls_origin=f"http://localhost:{witness.port}"))
        async with ReplicateClient(
            STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=2
        ) as client:
            with pytest.raises(NotFoundError) as caught:  # the witness is not Replicate
                await collect(client.stream_chat(MODEL, USER_HI, fetch_metrics=False))
    assert STANDIN_TOKEN not in str(caught.value)
    by_kind: dict[str, set[str | None]] = {}
    for path, header in witness.seen:
        by_kind.setdefault(_kind(path), set()).add(header)
    assert by_kind.pop("stream") == {None}, "a stream URL never gets the token"
    assert by_kind == {"cancel": {f"Bearer {STANDIN_TOKEN}"}, "get": {f"Bearer {STANDIN_TOKEN}"}}
    assert {r.headers.get("Authorization") for r in standin.requests} == {f"Bearer {STANDIN_TOKEN}"}
