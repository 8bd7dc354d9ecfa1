"""`ReplicateClient`: the richer API the app uses (one session, many calls).

Besides streaming a chat reply as events (prediction created, status changes, text, metrics),
it validates tokens, reads a model's input schema (fetched once and cached per process), lists
or searches models for a picker, and uploads the images of a chat that are too large to send
inline (fact sheet §10.2), remembering them in a `FileCache` until they expire.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, ClassVar
from urllib.parse import quote

from .attachments import choose_images, image_field, message_images, place_images
from .errors import (
    AuthenticationError,
    InvalidResponseError,
    MissingAuthError,
    ModelNotFoundError,
    ProviderError,
)
from .events import Account, ChatEvent, ModelInfo, Prediction, TextDelta
from .files import FileCache, UploadedFile
from .images import ImageInput, image_input
from .models import ModelRef, parse_model_ref
from .prompts import Message
from .schema import InputSchema, build_input
from .stream import Item, PredictionReader
from .transport import DEFAULT_BASE_URL, RetryPolicy, Token, Transport
from .uploads import ImageUploads, upload_file

__all__ = ["ReplicateClient", "resolve_base_url"]

log = logging.getLogger("provider.client")

TOKEN_HELP = (
    "No Replicate API token: pass api_key or set REPLICATE_API_TOKEN. "
    "Create one at https://replicate.com/account/api-tokens."
)


def resolve_base_url(base_url: str | None = None) -> str:
    """The API host: the argument, else REPLICATE_BASE_URL, else Replicate's own (no /v1)."""
    return (base_url or os.environ.get("REPLICATE_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


class ReplicateClient:
    """A connection to Replicate's API. Use `async with`, or call `close()` when done."""

    _schema_cache: ClassVar[OrderedDict[tuple[str, str], InputSchema | None]] = OrderedDict()
    _SCHEMA_CACHE_SIZE: ClassVar[int] = 256

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        proxy: str | None = None,
        timeout: float = 180,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        file_cache: FileCache | None = None,
    ) -> None:
        """`file_cache` remembers uploaded images; pass one cache to every client of an app so a
        later chat reuses an upload. The default is a cache of this client's own."""
        # A blank token (an empty variable, a stray space) is no token at all.
        key = (api_key or os.environ.get("REPLICATE_API_TOKEN") or "").strip() or None
        self._transport = Transport(
            Token(key) if key else None,
            base_url=resolve_base_url(base_url),
            proxy=proxy,
            timeout=timeout,
            headers=headers,
            retry=retry,
        )
        self.file_cache = file_cache if file_cache is not None else FileCache()

    def __repr__(self) -> str:
        return f"ReplicateClient(base_url={self.base_url!r}, token={self._transport.token!r})"

    @property
    def base_url(self) -> str:
        return str(self._transport.base_url)

    @property
    def has_token(self) -> bool:
        return self._transport.token is not None

    async def close(self) -> None:
        await self._transport.close()

    async def __aenter__(self) -> ReplicateClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _require_token(self) -> None:
        if self._transport.token is None:
            raise MissingAuthError(TOKEN_HELP)

    @property
    def _file_scope(self) -> str:
        """What a cached upload belongs to: this host and account (a one-way digest of the
        token, so that a shared cache never offers one account's files to another)."""
        token = self._transport.token
        account = hashlib.sha256(token.authorization().encode()).hexdigest()[:16] if token else ""
        return f"{self.base_url} {account}"

    async def _get(self, path: str) -> Any:
        self._require_token()
        return await self._transport.get_json(self._transport.api_url(path))

    # -- account and models ---------------------------------------------------------------------

    async def account(self) -> Account:
        raw = await self._get("account")
        if not isinstance(raw, Mapping) or not raw.get("username"):
            raise InvalidResponseError("Replicate's account answer has no username.")
        return Account(str(raw["username"]), str(raw.get("type") or "user"), raw.get("name"))

    async def validate_token(self) -> str:
        """Check the token with `GET /v1/account`; return its username or raise (401: bad token)."""
        return (await self.account()).username

    async def get_model(self, model: str) -> ModelInfo:
        ref = parse_model_ref(model)
        raw = await self._get(f"models/{_path(ref.owner)}/{_path(ref.name)}")
        return ModelInfo.from_api(_mapping(raw, "model"))

    async def input_schema(self, model: str) -> InputSchema | None:
        """The model's input schema, fetched once per process; None when it publishes none.

        A model that does not exist, or a bad token, is an error right away; any other failure
        to read the schema leaves the input to the seed's mapping rather than blocking the chat.
        """
        ref = parse_model_ref(model)
        key = (self.base_url, str(ref))
        cache = ReplicateClient._schema_cache
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        try:
            schema = await self._fetch_schema(ref)
        except (ModelNotFoundError, AuthenticationError, MissingAuthError):
            raise
        except ProviderError as exc:
            log.warning("could not read the input schema of %s: %s", ref, exc)
            return None
        cache[key] = schema
        if len(cache) > self._SCHEMA_CACHE_SIZE:
            cache.popitem(last=False)
        return schema

    async def image_input(self, model: str) -> ImageInput | None:
        """The input `model` takes images in, with its limits; None when it takes none, or
        when its schema could not be read (then images cannot be sent to it)."""
        return image_input(await self.input_schema(model))

    async def _fetch_schema(self, ref: ModelRef) -> InputSchema | None:
        base = f"models/{_path(ref.owner)}/{_path(ref.name)}"
        if ref.version:
            version = _mapping(await self._get(f"{base}/versions/{_path(ref.version)}"), "version")
            return InputSchema.from_openapi(version.get("openapi_schema"))
        return InputSchema.from_openapi(
            ModelInfo.from_api(_mapping(await self._get(base), "model")).openapi_schema
        )

    async def list_models(self, cursor: str | None = None) -> tuple[list[ModelInfo], str | None]:
        """One page of public models and the URL of the next page (None at the end)."""
        self._require_token()
        url = cursor or self._transport.api_url("models")
        page = _mapping(await self._transport.get_json(url), "model list")
        results = page.get("results")
        models = (
            [ModelInfo.from_api(m) for m in results if isinstance(m, Mapping)]
            if isinstance(results, list)
            else []
        )
        next_url = page.get("next")
        return models, next_url if isinstance(next_url, str) and next_url else None

    async def search_models(
        self, query: str, limit: int = 20, *, chat_only: bool = True
    ) -> list[ModelInfo]:
        """Search Replicate's models (`GET /v1/search`), chat models only unless told otherwise."""
        limit = max(1, min(50, limit))
        raw = _mapping(await self._get(f"search?query={quote(query)}&limit={limit}"), "search")
        found = []
        for hit in _list(raw.get("models")):
            model = hit.get("model") if isinstance(hit, Mapping) else None
            if isinstance(model, Mapping):
                found.append(ModelInfo.from_api(model))
        return _official_first([m for m in found if m.is_text_model or not chat_only])

    async def chat_models(self, collection: str = "language-models") -> list[ModelInfo]:
        """The chat models of a Replicate collection, official ones first."""
        raw = _mapping(await self._get(f"collections/{_path(collection)}"), "collection")
        models = [ModelInfo.from_api(m) for m in _list(raw.get("models")) if isinstance(m, Mapping)]
        return _official_first(models)

    # -- predictions ----------------------------------------------------------------------------

    async def create_prediction(self, model: str, input: Mapping[str, Any]) -> Prediction:
        """Create a prediction; official models by name, any model by `owner/name:version`."""
        self._require_token()
        ref = parse_model_ref(model)
        if ref.version:
            url = self._transport.api_url("predictions")
            body: dict[str, Any] = {"version": ref.version, "input": dict(input)}
        else:
            url = self._transport.api_url(
                f"models/{_path(ref.owner)}/{_path(ref.name)}/predictions"
            )
            body = {"input": dict(input)}
        # Stopped while Replicate's answer is on its way, the prediction may exist already with
        # nobody to cancel it: the transport finishes that request and hands the answer over.
        raw = await self._transport.post_json(url, body, on_orphan=self._cancel_orphan)
        if not isinstance(raw, Mapping) or not raw.get("id"):
            raise InvalidResponseError("Replicate's answer to creating a prediction has no id.")
        return Prediction.from_api(raw)

    async def _cancel_orphan(self, raw: Any) -> None:
        if isinstance(raw, Mapping) and raw.get("id"):
            prediction = Prediction.from_api(raw)
            url = prediction.cancel_url or self._transport.api_url(
                f"predictions/{_path(prediction.id)}/cancel"
            )
            await self._transport.post_json(url, idempotent=True, attempts=2)

    async def upload_file(
        self, data: bytes, filename: str, content_type: str = "application/octet-stream"
    ) -> UploadedFile:
        """Store `data` with the Files API (`POST /v1/files`) and remember it in `file_cache`.

        Its `url` is what a model's file input takes; it expires at `expires_at`. Over 100 MB
        Replicate answers `FileTooLargeError`. Not retried once bytes went out.
        """
        self._require_token()
        stored = await upload_file(self._transport, data, filename, content_type)
        self.file_cache.put(stored, self._file_scope)
        return stored

    async def _upload_with_progress(
        self, data: bytes, filename: str, content_type: str, on_sent: Callable[[int], None]
    ) -> UploadedFile:
        return await upload_file(self._transport, data, filename, content_type, on_sent)

    async def get_prediction(self, prediction_id: str) -> Prediction:
        return Prediction.from_api(
            _mapping(await self._get(f"predictions/{_path(prediction_id)}"), "prediction")
        )

    async def cancel_prediction(self, prediction_id: str) -> Prediction:
        self._require_token()
        url = self._transport.api_url(f"predictions/{_path(prediction_id)}/cancel")
        return Prediction.from_api(
            _mapping(await self._transport.post_json(url, idempotent=True), "prediction")
        )

    async def stream_chat(
        self,
        model: str,
        messages: Sequence[Message],
        *,
        system_prompt: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        top_k: int | None = None,
        stop: str | Sequence[str] | None = None,
        extra_data: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
        fetch_metrics: bool = True,
    ) -> AsyncGenerator[ChatEvent, None]:
        """Stream a reply to `messages` as events; errors are raised after the text received.

        `options` are inputs sent only to a model whose schema has them (a reasoning effort,
        a thinking budget), unlike `extra_data`, which is sent as given. Closing the iterator
        (or cancelling the task reading it) cancels the prediction.

        A message's `content` may be OpenAI-style parts: text parts form its text, `image_url`
        parts (a data URL or an https URL) go to the model's image input, the newest ones it
        takes (`image_input`); `ImagesNotSupportedError` when it takes none. Images over 256 kB
        are uploaded first, with `UploadProgress` events; stopping then stops the upload and
        creates no prediction.
        """
        batches = self.stream_chat_batches(
            model,
            messages,
            system_prompt=system_prompt,
            max_tokens=max_tokens,
            temperature=temperature,
            top_p=top_p,
            top_k=top_k,
            stop=stop,
            extra_data=extra_data,
            options=options,
            fetch_metrics=fetch_metrics,
        )
        async with contextlib.aclosing(batches):
            async for batch in batches:
                for item in batch:
                    yield TextDelta(item) if isinstance(item, str) else item

    async def stream_chat_batches(
        self,
        model: str,
        messages: Sequence[Message],
        *,
        system_prompt: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        top_k: int | None = None,
        stop: str | Sequence[str] | None = None,
        extra_data: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
        fetch_metrics: bool = True,
    ) -> AsyncGenerator[list[Item], None]:
        """`stream_chat` in lists, one per network read, with each text delta a plain `str`.

        The same events in the same order, for consumers of long, fast replies: it spares a
        generator step and a `TextDelta` per token. `UploadProgress` comes in lists of its own.
        """
        self._require_token()
        parse_model_ref(model)
        images = message_images(messages)  # a malformed image part fails before any request
        schema = await self.input_schema(model)
        data = build_input(
            model,
            messages,
            schema,
            system_prompt=system_prompt,
            max_tokens=max_tokens,
            temperature=temperature,
            top_p=top_p,
            top_k=top_k,
            stop=stop,
            extra_data=extra_data,
            options=options,
        )
        if images:
            field = image_field(model, schema)
            uploads = ImageUploads(self._upload_with_progress, self.file_cache, self._file_scope)
            async with contextlib.aclosing(uploads.resolve(choose_images(images, field))) as steps:
                async for progress in steps:
                    yield [progress]
            place_images(data, field, uploads.urls, extra_data)
        prediction = await self.create_prediction(model, data)
        reader = PredictionReader(self._transport, prediction, fetch_metrics=fetch_metrics)
        async with contextlib.aclosing(reader.batches()) as batches:
            async for batch in batches:
                yield batch


def _path(segment: str) -> str:
    return quote(segment, safe="")


def _mapping(raw: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise InvalidResponseError(f"Replicate's {what} answer is not a JSON object.")
    return raw


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _official_first(models: list[ModelInfo]) -> list[ModelInfo]:
    return sorted(models, key=lambda model: (not model.is_official, -model.run_count))
