"""Replicate's official Python client, `replicate` 1.0.7, in its own venv: `async_stream`."""

from __future__ import annotations

from importlib.metadata import version

import replicate
from replicate.stream import ServerSentEvent

from tests.benchmarks.consumers import Job, Reading, run


async def consume(job: Job) -> Reading:
    client = replicate.Client(api_token=job.token, base_url=job.base_url)
    pieces: list[str] = []
    async for event in await client.async_stream(job.model, input={"prompt": job.prompt}):
        if event.event == ServerSentEvent.EventType.OUTPUT:
            pieces.append(str(event))
    return "".join(pieces), len(pieces)


if __name__ == "__main__":
    run("replicate", version("replicate"), consume)
