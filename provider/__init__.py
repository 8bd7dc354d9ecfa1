"""Replicate Chat's provider: a GUI-free library that streams chat replies from Replicate.

    from provider import Replicate
    async for text in Replicate.create_async_generator(model, messages, api_key=...):
        print(text, end="")

`ReplicateClient` is the richer API (events with status and metrics, token validation, model
schemas and search, images in messages and their uploads). This package never imports Qt.

Every name here loads its module on first use: `ReplicateClient`, `Replicate` and
`resolve_base_url` bring aiohttp (about a quarter of a second to import, mostly its TLS set-up),
and the others a module each, so that a program that needs only `redact` or the models (a GUI
painting its first window) imports just those.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import ReplicateClient, resolve_base_url
    from .config import RetryPolicy
    from .documents import document_block, parse_document_blocks
    from .errors import (
        AuthenticationError,
        ConfigurationError,
        FileTooLargeError,
        ImagesNotSupportedError,
        InsufficientCreditError,
        InvalidField,
        InvalidInputError,
        InvalidResponseError,
        MissingAuthError,
        ModelNotFoundError,
        NotFoundError,
        PredictionCanceledError,
        PredictionFailedError,
        PromptTooLongError,
        ProviderConnectionError,
        ProviderError,
        ProviderTimeoutError,
        RateLimitError,
        ResponseError,
        ServerError,
        redact,
    )
    from .events import (
        Account,
        ChatEvent,
        Metrics,
        ModelInfo,
        Prediction,
        PredictionCreated,
        PredictionFinished,
        StatusChanged,
        TextDelta,
        UploadProgress,
    )
    from .files import FileCache, UploadedFile
    from .images import ImageInput, image_input
    from .models import CHAT_MODELS, DEFAULT_MODEL, CatalogModel, ModelRef, parse_model_ref
    from .replicate import Replicate
    from .schema import InputSchema, Parameter
    from .version import __version__

# Which module each public name lives in.
_HOMES = {
    "client": ("ReplicateClient", "resolve_base_url"),
    "config": ("RetryPolicy",),
    "documents": ("document_block", "parse_document_blocks"),
    "errors": (
        "AuthenticationError",
        "ConfigurationError",
        "FileTooLargeError",
        "ImagesNotSupportedError",
        "InsufficientCreditError",
        "InvalidField",
        "InvalidInputError",
        "InvalidResponseError",
        "MissingAuthError",
        "ModelNotFoundError",
        "NotFoundError",
        "PredictionCanceledError",
        "PredictionFailedError",
        "PromptTooLongError",
        "ProviderConnectionError",
        "ProviderError",
        "ProviderTimeoutError",
        "RateLimitError",
        "ResponseError",
        "ServerError",
        "redact",
    ),
    "events": (
        "Account",
        "ChatEvent",
        "Metrics",
        "ModelInfo",
        "Prediction",
        "PredictionCreated",
        "PredictionFinished",
        "StatusChanged",
        "TextDelta",
        "UploadProgress",
    ),
    "files": ("FileCache", "UploadedFile"),
    "images": ("ImageInput", "image_input"),
    "models": ("CHAT_MODELS", "DEFAULT_MODEL", "CatalogModel", "ModelRef", "parse_model_ref"),
    "replicate": ("Replicate",),
    "schema": ("InputSchema", "Parameter"),
    "version": ("__version__",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module when first asked for (PEP 562)."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "CHAT_MODELS",
    "DEFAULT_MODEL",
    "Account",
    "AuthenticationError",
    "CatalogModel",
    "ChatEvent",
    "ConfigurationError",
    "FileCache",
    "FileTooLargeError",
    "ImageInput",
    "ImagesNotSupportedError",
    "InputSchema",
    "InsufficientCreditError",
    "InvalidField",
    "InvalidInputError",
    "InvalidResponseError",
    "Metrics",
    "MissingAuthError",
    "ModelInfo",
    "ModelNotFoundError",
    "ModelRef",
    "NotFoundError",
    "Parameter",
    "Prediction",
    "PredictionCanceledError",
    "PredictionCreated",
    "PredictionFailedError",
    "PredictionFinished",
    "PromptTooLongError",
    "ProviderConnectionError",
    "ProviderError",
    "ProviderTimeoutError",
    "RateLimitError",
    "Replicate",
    "ReplicateClient",
    "ResponseError",
    "RetryPolicy",
    "ServerError",
    "StatusChanged",
    "TextDelta",
    "UploadProgress",
    "UploadedFile",
    "__version__",
    "document_block",
    "image_input",
    "parse_document_blocks",
    "parse_model_ref",
    "redact",
    "resolve_base_url",
]
