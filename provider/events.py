"""Plain data the provider hands out: predictions, their metrics, and the events of a chat reply."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "TERMINAL_STATUSES",
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
]

# `aborted` (a Cancel-After deadline hit before start) is terminal too, though Replicate's own
# Python and Go clients do not know it and would wait forever.
TERMINAL_STATUSES = frozenset({"succeeded", "failed", "canceled", "aborted"})


def _float(value: Any) -> float | None:
    """A finite number, or None: JSON from a server may hold anything, Infinity and NaN too."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True, slots=True)
class Metrics:
    """What Replicate reports about a finished prediction; every figure may be missing."""

    predict_time: float | None = None
    total_time: float | None = None
    time_to_first_token: float | None = None
    tokens_per_second: float | None = None
    input_token_count: int | None = None
    output_token_count: int | None = None

    @classmethod
    def from_api(cls, raw: Any) -> Metrics:
        if not isinstance(raw, Mapping):
            return cls()
        predict_time = _float(raw.get("predict_time"))
        output_tokens = _float(raw.get("output_token_count"))
        input_tokens = _float(raw.get("input_token_count"))
        rate = _float(raw.get("tokens_per_second"))
        if rate is None and output_tokens and predict_time:
            rate = output_tokens / predict_time  # what the model reported, over its compute time
        return cls(
            predict_time=predict_time,
            total_time=_float(raw.get("total_time")),
            time_to_first_token=_float(raw.get("time_to_first_token")),
            tokens_per_second=rate,
            input_token_count=int(input_tokens) if input_tokens is not None else None,
            output_token_count=int(output_tokens) if output_tokens is not None else None,
        )


@dataclass(frozen=True, slots=True)
class Prediction:
    """The parts of Replicate's prediction object a chat client uses."""

    id: str
    status: str
    get_url: str | None = None
    cancel_url: str | None = None
    stream_url: str | None = None
    web_url: str | None = None
    output: Any = None
    error: str | None = None
    metrics: Metrics = field(default_factory=Metrics)
    model: str = ""

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    def output_text(self) -> str:
        """The output so far as one string (LLM output is an array of chunks to concatenate)."""
        output = self.output
        if output is None:
            return ""
        if isinstance(output, str):
            return output
        if isinstance(output, list):
            return "".join(item if isinstance(item, str) else str(item) for item in output)
        return str(output)

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> Prediction:
        urls = raw.get("urls") if isinstance(raw.get("urls"), Mapping) else {}
        assert isinstance(urls, Mapping)

        def url(name: str) -> str | None:
            value = urls.get(name)
            return value if isinstance(value, str) and value else None

        error = raw.get("error")
        return cls(
            id=str(raw.get("id") or ""),
            # A missing or odd status is taken as running, so the idle timeout still applies.
            status=status
            if isinstance(status := raw.get("status"), str) and status
            else "processing",
            get_url=url("get"),
            cancel_url=url("cancel"),
            stream_url=url("stream"),
            web_url=url("web"),
            output=raw.get("output"),
            error=None if error is None else str(error),
            metrics=Metrics.from_api(raw.get("metrics")),
            model=str(raw.get("model") or ""),
        )


@dataclass(frozen=True, slots=True)
class Account:
    """The owner of a token, from `GET /v1/account`."""

    username: str
    type: str = "user"
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A model as a picker shows it."""

    owner: str
    name: str
    description: str = ""
    is_official: bool = False
    run_count: int = 0
    version: str | None = None
    openapi_schema: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def ref(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def is_text_model(self) -> bool:
        """True when the output is a stream of strings to concatenate, as chat models have."""
        try:
            output = self.openapi_schema["components"]["schemas"]["Output"]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        items = output.get("items") if isinstance(output, Mapping) else None
        return (
            isinstance(items, Mapping)
            and items.get("type") == "string"
            and "format" not in items
            and output.get("x-cog-array-display") == "concatenate"
        )

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> ModelInfo:
        latest = raw.get("latest_version")
        latest = latest if isinstance(latest, Mapping) else {}
        schema = latest.get("openapi_schema")
        run_count = raw.get("run_count")
        return cls(
            owner=str(raw.get("owner") or ""),
            name=str(raw.get("name") or ""),
            description=str(raw.get("description") or ""),
            is_official=bool(raw.get("is_official")),
            run_count=run_count if isinstance(run_count, int) else 0,
            version=str(latest["id"]) if latest.get("id") else None,
            openapi_schema=schema if isinstance(schema, Mapping) and schema else None,
        )


@dataclass(frozen=True, slots=True)
class PredictionCreated:
    """The prediction exists on Replicate: its id and URLs (a Stop can cancel it from now on)."""

    prediction: Prediction


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """`starting` means the model is cold-booting; `processing` means it is generating."""

    status: str


@dataclass(frozen=True, slots=True)
class TextDelta:
    """New text, exactly as the model produced it."""

    text: str


@dataclass(frozen=True, slots=True)
class PredictionFinished:
    """The reply is complete; `metrics` are what Replicate reported for it."""

    prediction_id: str
    status: str
    metrics: Metrics


@dataclass(frozen=True, slots=True)
class UploadProgress:
    """Images too large to send inline are being uploaded (Files API, fact sheet §10.2).

    `sent` of `total` bytes of file content have gone out, over every upload of this request,
    and `files_done` of `files_total` files are stored. It comes before `PredictionCreated`:
    the prediction is created once every image has a URL. `sent` never goes down.
    """

    sent: int
    total: int
    files_done: int
    files_total: int


ChatEvent = PredictionCreated | StatusChanged | TextDelta | PredictionFinished | UploadProgress
