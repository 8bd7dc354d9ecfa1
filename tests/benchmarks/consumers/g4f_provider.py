"""g4f 8.7.1's `g4f.Provider.needs_auth.Replicate` (the seed's code), in its own venv.

Its API host is hard-coded (https://api.replicate.com), so the module's `StreamSession` is
swapped for one whose session sends requests for that host to the stand-in instead; everything
else, the provider's own line-by-line SSE reading included, runs as shipped.
"""

from __future__ import annotations

import importlib
from importlib.metadata import version
from typing import Any

from g4f.Provider.needs_auth import Replicate
from g4f.requests.aiohttp import StreamSession

from tests.benchmarks.consumers import Job, Reading, run

REPLICATE_HOSTS = ("https://api.replicate.com", "https://replicate.com")


class _Redirected:
    """The aiohttp session g4f gets, with Replicate's hosts rewritten to the stand-in's."""

    def __init__(self, session: Any, base_url: str) -> None:
        self._session = session
        self._base_url = base_url

    def _url(self, url: Any) -> str:
        text = str(url)
        for host in REPLICATE_HOSTS:
            if text.startswith(host + "/"):
                return self._base_url + text[len(host) :]
        return text

    def post(self, url: Any, **kwargs: Any) -> Any:
        return self._session.post(self._url(url), **kwargs)

    def get(self, url: Any, **kwargs: Any) -> Any:
        return self._session.get(self._url(url), **kwargs)


def redirect_to(base_url: str) -> None:
    """Make g4f's Replicate provider talk to `base_url` instead of Replicate."""

    class RedirectedStreamSession(StreamSession):
        async def __aenter__(self) -> Any:
            return _Redirected(await super().__aenter__(), base_url)

    # The module, not the class of the same name that `g4f.Provider.needs_auth` exports.
    module = importlib.import_module("g4f.Provider.needs_auth.Replicate")
    module.StreamSession = RedirectedStreamSession  # type: ignore[attr-defined]


async def consume(job: Job) -> Reading:
    redirect_to(job.base_url)
    pieces: list[str] = []
    messages = [{"role": "user", "content": job.prompt}]
    async for text in Replicate.create_async_generator(job.model, messages, api_key=job.token):
        pieces.append(text)
    # g4f yields one piece per data line, not per event: the event count is not known.
    return "".join(pieces), None


if __name__ == "__main__":
    run("g4f", version("g4f"), consume)
