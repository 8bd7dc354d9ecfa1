"""Replicate Chat's provider: a GUI-free library that streams chat replies from Replicate.

    from provider import Replicate
    async for text in Replicate.create_async_generator(model, messages, api_key=...):
        print(text, end="")

`ReplicateClient` is the richer API (events with status and metrics, token validation, model
schemas and search). This package never imports Qt.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .client import ReplicateClient, resolve_base_url
from .errors import (
    AuthenticationError,
    ConfigurationError,
    InsufficientCreditError,
    InvalidField,
    InvalidInputError,
    InvalidResponseError,
    MissingAuthError,
    ModelNotFoundError,
    NotFoundError,
    PredictionCanceledError,
    PredictionFailedError,
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
)
from .http import RetryPolicy
from .models import CHAT_MODELS, DEFAULT_MODEL, CatalogModel, ModelRef, parse_model_ref
from .replicate import Replicate
from .schema import InputSchema, Parameter

__all__ = [
    "CHAT_MODELS",
    "DEFAULT_MODEL",
    "Account",
    "AuthenticationError",
    "CatalogModel",
    "ChatEvent",
    "ConfigurationError",
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
    "__version__",
    "parse_model_ref",
    "redact",
    "resolve_base_url",
]
