"""Fixtures for provider tests: a client pointed at the stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from provider import ReplicateClient, transport
from provider.standin import STANDIN_TOKEN, StandIn
from tests.provider.helpers import FAST_RETRY


@pytest.fixture
async def client(standin: StandIn) -> AsyncIterator[ReplicateClient]:
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=5
    ) as running:
        yield running


@pytest.fixture
async def sessions(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[aiohttp.ClientSession]]:
    """Every HTTP session the provider opens during the test (closed at the end, if leaked)."""
    opened: list[aiohttp.ClientSession] = []
    real_session_for = transport._session_for

    def recording_session_for(*args: Any) -> aiohttp.ClientSession:
        session = real_session_for(*args)
        opened.append(session)
        return session

    monkeypatch.setattr(transport, "_session_for", recording_session_for)
    yield opened
    for session in opened:
        if not session.closed:
            await session.close()
