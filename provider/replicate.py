"""`Replicate`: the seed's provider, same call shape, so code written for it works with ours.

It fixes what the seed got wrong: multi-line output is reassembled exactly (SSE `data` lines are
joined with "\n", not turned into one newline each), `error` events raise `PredictionFailedError`
with Replicate's detail, broken streams are resumed, and a reply abandoned by its consumer is
canceled on Replicate instead of running on at the person's expense.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Mapping, Sequence
from typing import Any, ClassVar

from .client import ReplicateClient
from .events import TextDelta
from .models import CHAT_MODELS, DEFAULT_MODEL
from .prompts import Message

__all__ = ["Replicate"]


class Replicate:
    """Stream chat replies from models hosted on Replicate."""

    label: ClassVar[str] = "Replicate"
    url: ClassVar[str] = "https://replicate.com"
    login_url: ClassVar[str] = "https://replicate.com/account/api-tokens"
    working: ClassVar[bool] = True
    needs_auth: ClassVar[bool] = True
    default_model: ClassVar[str] = DEFAULT_MODEL
    models: ClassVar[tuple[str, ...]] = tuple(model.ref for model in CHAT_MODELS)

    @classmethod
    async def create_async_generator(
        cls,
        model: str,
        messages: Sequence[Message],
        api_key: str | None = None,
        proxy: str | None = None,
        timeout: float = 180,
        system_prompt: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        top_k: int | None = None,
        stop: str | Sequence[str] | None = None,
        extra_data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        base_url: str | None = None,
    ) -> AsyncGenerator[str, None]:
        """Yield the reply's text chunks exactly as the model produced them.

        `api_key` falls back to REPLICATE_API_TOKEN, `base_url` to REPLICATE_BASE_URL and then
        https://api.replicate.com. `timeout` is an idle timeout in seconds: a reply that keeps
        streaming is never cut off. Errors are `provider.ProviderError`s, raised after any text
        already received has been yielded. A message's `content` may be OpenAI-style parts,
        images included (see `ReplicateClient.stream_chat`); upload progress is not yielded.
        """
        client = ReplicateClient(
            api_key, base_url=base_url, proxy=proxy, timeout=timeout, headers=headers
        )
        try:
            stream = client.stream_chat_batches(
                model or cls.default_model,
                messages,
                system_prompt=system_prompt,
                max_tokens=max_tokens,
                temperature=temperature,
                top_p=top_p,
                top_k=top_k,
                stop=stop,
                extra_data=extra_data,
                fetch_metrics=False,
            )
            # aclosing: stopping early must reach the reader now, while the session is open.
            async with contextlib.aclosing(stream) as batches:
                async for batch in batches:
                    for item in batch:
                        if type(item) is str:
                            yield item  # streamed text comes as plain strings
                        elif type(item) is TextDelta:
                            yield item.text
        finally:
            await client.close()
