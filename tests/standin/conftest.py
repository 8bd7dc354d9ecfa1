"""Fixtures for the stand-in tests (the stand-in and leak checks are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain aiohttp session (send `AUTH` explicitly where a token is wanted)."""
    async with aiohttp.ClientSession() as session:
        yield session
