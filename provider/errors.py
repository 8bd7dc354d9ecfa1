"""The provider's errors: one base class, one subclass per thing a person can act on.

Every message is passed through `redact` so that no token can reach a dialog, a log or a
traceback, whatever text Replicate (or a proxy in between) sends back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AuthenticationError",
    "ConfigurationError",
    "InsufficientCreditError",
    "InvalidField",
    "InvalidInputError",
    "InvalidResponseError",
    "MissingAuthError",
    "ModelNotFoundError",
    "PredictionCanceledError",
    "PredictionFailedError",
    "ProviderConnectionError",
    "ProviderError",
    "ProviderTimeoutError",
    "RateLimitError",
    "ResponseError",
    "ServerError",
    "error_for_response",
    "redact",
]

# Replicate tokens are "r8_" followed by alphanumerics; anything of that shape is hidden, so a
# token pasted into the wrong field or echoed back by a server never shows.
_TOKEN_PATTERN = re.compile(r"r8_[A-Za-z0-9]{6,}")
_BEARER_PATTERN = re.compile(r"(?i)(bearer|token)\s+[A-Za-z0-9_\-\.]{8,}")


def redact(text: str) -> str:
    """Return `text` with anything shaped like a Replicate token or a bearer credential hidden."""
    text = _TOKEN_PATTERN.sub("r8_…", text)
    return _BEARER_PATTERN.sub(lambda match: f"{match.group(1)} …", text)


class ProviderError(Exception):
    """Base of every error the provider raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class MissingAuthError(ProviderError):
    """No API token was given and REPLICATE_API_TOKEN is not set."""


class ConfigurationError(ProviderError):
    """An argument cannot work: an unsupported proxy, an unsafe base URL, a bad model name."""


class ProviderConnectionError(ProviderError):
    """Replicate could not be reached: DNS, refused connection, proxy, TLS."""


class ProviderTimeoutError(ProviderError):
    """Replicate went silent for longer than the idle timeout and could not be resumed."""


class InvalidResponseError(ProviderError):
    """Replicate (or something in between) answered with something that is not its API."""


@dataclass(frozen=True, slots=True)
class InvalidField:
    """One entry of a 422 answer's `invalid_fields`."""

    field: str
    type: str
    description: str


class ResponseError(ProviderError):
    """Replicate answered with an HTTP error; `title` and `detail` come from its problem JSON."""

    def __init__(self, status: int, title: str = "", detail: str = "") -> None:
        self.status = status
        self.title = redact(title)
        self.detail = redact(detail)
        super().__init__(self._compose())

    def _compose(self) -> str:
        heading = self.title or self.default_title
        text = f"{heading} (HTTP {self.status})"
        return f"{text}: {self.detail}" if self.detail else text

    default_title = "Replicate answered with an error"


class AuthenticationError(ResponseError):
    """401: the token is wrong, revoked or missing."""

    default_title = "Replicate did not accept the API token"


class InsufficientCreditError(ResponseError):
    """402: the account has no credit left; billing is at `billing_url`."""

    default_title = "Insufficient credit"
    billing_url = "https://replicate.com/account/billing#billing"


class ModelNotFoundError(ResponseError):
    """404: no such model, version or prediction (or the account cannot see it)."""

    default_title = "Model not found"


class InvalidInputError(ResponseError):
    """422: the model rejected the input; `invalid_fields` says which parameter and why."""

    default_title = "Invalid input"

    def __init__(
        self,
        status: int,
        title: str = "",
        detail: str = "",
        invalid_fields: tuple[InvalidField, ...] = (),
    ) -> None:
        self.invalid_fields = invalid_fields
        super().__init__(status, title, detail)


class RateLimitError(ResponseError):
    """429: too many requests; `retry_after` is the server's hint in seconds, when it gave one."""

    default_title = "Rate limit reached"

    def __init__(
        self, status: int, title: str = "", detail: str = "", retry_after: float | None = None
    ) -> None:
        self.retry_after = retry_after
        super().__init__(status, title, detail)


class ServerError(ResponseError):
    """5xx: Replicate (or a gateway in front of it) failed; trying again later may work."""

    default_title = "Replicate had a server error"


class PredictionFailedError(ProviderError):
    """The model ran and failed (an `error` event, or status `failed`); `detail` says why."""

    def __init__(self, detail: str, prediction_id: str | None = None) -> None:
        self.detail = redact(detail or "the prediction failed without a reason")
        self.prediction_id = prediction_id
        super().__init__(f"The model failed: {self.detail}")


class PredictionCanceledError(ProviderError):
    """The prediction was canceled (here, in Replicate's web UI, or by a deadline)."""

    def __init__(self, prediction_id: str | None = None, status: str = "canceled") -> None:
        self.prediction_id = prediction_id
        self.status = status
        reason = "hit its deadline before it started" if status == "aborted" else "was canceled"
        super().__init__(f"The prediction {reason}.")


def _parse_invalid_fields(raw: Any) -> tuple[InvalidField, ...]:
    if not isinstance(raw, list):
        return ()
    fields = []
    for item in raw:
        if isinstance(item, Mapping):
            fields.append(
                InvalidField(
                    field=str(item.get("field", "")),
                    type=str(item.get("type", "")),
                    description=redact(str(item.get("description", ""))),
                )
            )
    return tuple(fields)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: an integer, or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def error_for_response(
    status: int, body: bytes, reason: str = "", retry_after: str | None = None
) -> ResponseError:
    """Build the typed error for an HTTP error answer from its problem JSON (parsed defensively)."""
    problem: Mapping[str, Any] = {}
    try:
        parsed = json.loads(body) if body else {}
        if isinstance(parsed, Mapping):
            problem = parsed
    except (ValueError, UnicodeDecodeError):
        pass
    title = str(problem.get("title") or "")
    detail = problem.get("detail")
    if detail is None and not problem and body:
        # Not JSON (a proxy's HTML page, say): keep a short, single-line excerpt for the person.
        detail = " ".join(body[:300].decode("utf-8", "replace").split())
    detail_text = str(detail or reason or "").strip()
    if status == 401:
        return AuthenticationError(status, title, detail_text)
    if status == 402:
        return InsufficientCreditError(status, title, detail_text)
    if status == 404:
        return ModelNotFoundError(status, title, detail_text)
    if status == 422:
        fields = _parse_invalid_fields(problem.get("invalid_fields"))
        return InvalidInputError(status, title, detail_text, fields)
    if status == 429:
        return RateLimitError(status, title, detail_text, parse_retry_after(retry_after))
    if status >= 500:
        return ServerError(status, title, detail_text)
    return ResponseError(status, title, detail_text)
