"""Fixtures for provider tests: a client pointed at the stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from provider import ReplicateClient
from provider.standin import STANDIN_TOKEN, StandIn
from tests.provider.helpers import FAST_RETRY


@pytest.fixture
async def client(standin: StandIn) -> AsyncIterator[ReplicateClient]:
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=5
    ) as running:
        yield running
