"""Proxies: http:// and socks5:// through real proxies on loopback, and a clear word otherwise."""

from __future__ import annotations

import asyncio
import contextlib
import struct
import sys
from collections.abc import AsyncIterator

import pytest

from provider import ConfigurationError, Replicate
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import USER_HI

MODEL = "meta/meta-llama-3-8b-instruct"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


class LoopbackProxy:
    """A tiny forwarding proxy: HTTP (absolute-form requests) or SOCKS5 (CONNECT, no auth)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.targets: list[str] = []
        self.server: asyncio.Server | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.sockets[0].getsockname()[1]
        return f"{self.kind}://127.0.0.1:{port}"

    async def __aenter__(self) -> LoopbackProxy:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        try:
            if self.kind == "http":
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()  # absolute-form: http://host:port/path
                host, port = target.split("/")[2].split(":")
                self.targets.append(target)
                upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
                upstream_writer.write(head)
            else:
                _, method_count = await reader.readexactly(2)  # greeting: version, methods
                await reader.readexactly(method_count)
                writer.write(b"\x05\x00")
                version, command, _, address_type = await reader.readexactly(4)
                assert (version, command) == (5, 1)
                if address_type == 1:
                    host = ".".join(str(b) for b in await reader.readexactly(4))
                else:
                    length = (await reader.readexactly(1))[0]
                    host = (await reader.readexactly(length)).decode()
                (port,) = struct.unpack("!H", await reader.readexactly(2))
                self.targets.append(f"{host}:{port}")
                upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
                writer.write(b"\x05\x00\x00\x01" + bytes(4) + b"\x00\x00")
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        finally:
            writer.close()
            self.tasks.discard(task)


async def reply_through(standin: StandIn, proxy: str) -> str:
    standin.queue(Scenario(chunks=["via ", "proxy"]))
    stream = Replicate.create_async_generator(
        MODEL, USER_HI, api_key=STANDIN_TOKEN, proxy=proxy, base_url=standin.base_url
    )
    return "".join([chunk async for chunk in stream])


@pytest.fixture(params=["http", "socks5"])
async def proxy(request: pytest.FixtureRequest) -> AsyncIterator[LoopbackProxy]:
    async with LoopbackProxy(request.param) as running:
        yield running


async def test_replies_stream_through_the_proxy(standin: StandIn, proxy: LoopbackProxy) -> None:
    assert await reply_through(standin, proxy.url) == "via proxy"
    port = standin.base_url.rsplit(":", 1)[1]
    assert proxy.targets, "the requests went through the proxy"
    assert all(port in target for target in proxy.targets)


async def test_socks_without_aiohttp_socks_is_a_clear_error(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp_socks", None)  # as if it were not installed
    with pytest.raises(ConfigurationError, match=r"aiohttp-socks.*replicate-chat\[socks\]"):
        await reply_through(standin, "socks5://127.0.0.1:1080")
    assert standin.requests == []


async def test_unsupported_proxy_scheme_is_a_clear_error(standin: StandIn) -> None:
    with pytest.raises(ConfigurationError, match="proxy scheme"):
        await reply_through(standin, "ftp://127.0.0.1:21")
