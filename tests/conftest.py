"""Fixtures for every test: isolation from the real home, a running stand-in, leak checks."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from provider.standin import StandIn


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads a real token or endpoint from the environment, or touches a real home."""
    # No session bus: nothing reaches the developer's real keyring. The keyring tests start
    # their own gnome-keyring on a private bus (tests/gui/secret_service.py).
    names = ("REPLICATE_API_TOKEN", "REPLICATE_BASE_URL", "HTTP_PROXY", "HTTPS_PROXY")
    for name in (*names, "DBUS_SESSION_BUS_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, os.fspath(tmp_path / name.lower()))
    yield


@pytest.fixture(autouse=True)
async def no_leftover_tasks() -> AsyncIterator[None]:
    """Fail a test that leaves asyncio tasks running after its fixtures are torn down."""
    yield
    await asyncio.sleep(0)
    current = asyncio.current_task()
    leftovers = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    assert not leftovers, leftovers


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    """A Replicate stand-in on a free loopback port."""
    async with StandIn() as running:
        yield running
