"""Shared pieces of the provider tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from provider import RetryPolicy, TextDelta

# Short backoffs keep retry tests quick; the retry rules themselves are unchanged.
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05)
USER_HI = [{"role": "user", "content": "hi"}]


async def collect(events: AsyncIterator[Any]) -> tuple[list[Any], str]:
    """All events of a reply and the text they carry; re-raises the reply's error."""
    seen: list[Any] = []
    async for event in events:
        seen.append(event)
    return seen, "".join(e.text for e in seen if isinstance(e, TextDelta))


def drain_in_task(events: AsyncIterator[Any], into: list[Any] | None = None) -> asyncio.Task[None]:
    """Read a reply in its own task, as an app's Send would, so a test can Stop it (cancel)."""

    async def drain() -> None:
        async for item in events:
            if into is not None:
                into.append(item)

    return asyncio.create_task(drain())
