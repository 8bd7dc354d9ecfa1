"""A proxy's password never appears in an error message."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from provider import ConfigurationError, ProviderError, ReplicateClient


@pytest.fixture
async def refusing_proxy() -> AsyncIterator[int]:
    """An HTTP proxy that answers every request (CONNECT included) with 407."""

    async def handler(request: web.BaseRequest) -> web.Response:
        return web.Response(status=407, headers={"Proxy-Authenticate": 'Basic realm="x"'})

    runner = web.ServerRunner(web.Server(handler))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    assert site._server is not None
    yield site._server.sockets[0].getsockname()[1]
    await runner.cleanup()


async def test_the_proxy_password_is_not_in_the_error_message(refusing_proxy: int) -> None:
    proxy = f"http://alice:S3cretProxyPw@127.0.0.1:{refusing_proxy}"
    async with ReplicateClient("r8_abcdefghijklmnop", proxy=proxy) as client:
        with pytest.raises(ProviderError) as caught:
            await client.validate_token()
    assert isinstance(caught.value, ConfigurationError), "a refusing proxy is not retried"
    assert "407" in str(caught.value)
    assert "S3cretProxyPw" not in str(caught.value)
    assert "S3cretProxyPw" not in repr(caught.value)
