"""Ours: `provider.Replicate.create_async_generator`, the seed's call shape, in the project venv."""

from __future__ import annotations

from provider import Replicate, __version__
from tests.benchmarks.consumers import Job, Reading, run


async def consume(job: Job) -> Reading:
    pieces: list[str] = []
    messages = [{"role": "user", "content": job.prompt}]
    async for text in Replicate.create_async_generator(
        job.model, messages, api_key=job.token, base_url=job.base_url
    ):
        pieces.append(text)
    # The generator yields one piece per output event.
    return "".join(pieces), len(pieces)


if __name__ == "__main__":
    run("ours", __version__, consume)
