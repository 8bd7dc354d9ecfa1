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

from .context import length_failure

__all__ = [
    "FILE_SIZE_LIMIT",
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
    "error_for_response",
    "prediction_failure",
    "redact",
]

# Replicate tokens are "r8_" followed by alphanumerics; anything of that shape is hidden, so a
# token pasted into the wrong field or echoed back by a server never shows.
_TOKEN_PATTERN = re.compile(r"r8_[A-Za-z0-9]{6,}")
# A credential after an auth scheme: long and holding a digit, so "Token generation" survives.
_SCHEME_PATTERN = re.compile(r"(?i)\b(bearer|token)(\s+)(?=[A-Za-z0-9_\-.]*\d)[A-Za-z0-9_\-.]{16,}")
# The password of a URL such as a proxy's http://user:password@host.
_URL_PASSWORD_PATTERN = re.compile(r"(://[^/\s:@]*):[^/\s@]+@")


def redact(text: str) -> str:
    """Return `text` with tokens, bearer credentials and URL passwords hidden."""
    text = _TOKEN_PATTERN.sub("r8_…", text)
    text = _SCHEME_PATTERN.sub(lambda match: f"{match.group(1)}{match.group(2)}…", text)
    return _URL_PASSWORD_PATTERN.sub(r"\1:…@", text)


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


class ImagesNotSupportedError(ProviderError):
    """A message holds images and the model has no input that takes them (fact sheet §10.1).

    `schema_known` is False when the model's input schema could not be read: then where the
    images would go is not known, and they are refused rather than sent to a guessed input.
    """

    def __init__(self, model: str, *, schema_known: bool = True) -> None:
        self.model = model
        self.schema_known = schema_known
        if schema_known:
            text = f"{model} takes no images: remove them, or pick a model that reads images."
        else:
            text = (
                f"{model} may take no images: its input schema could not be read, so the "
                "images were not sent. Try again, or pick a model that reads images."
            )
        super().__init__(text)


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


FILE_SIZE_LIMIT = 100 * 1024 * 1024
"""The Files API's limit: "Files must be less than 100MB in size" (fact sheet §10.2)."""


class FileTooLargeError(ResponseError):
    """413: a file is over the Files API's limit of 100 MB (fact sheet §10.2).

    `filename` and `size` (bytes) are the upload's, when the caller knew them.
    """

    default_title = "File too large"

    def __init__(
        self,
        status: int = 413,
        title: str = "",
        detail: str = "",
        *,
        filename: str | None = None,
        size: int | None = None,
    ) -> None:
        self.filename = filename
        self.size = size
        super().__init__(status, title, detail)

    def _compose(self) -> str:
        what = f"`{self.filename}`" if self.filename else "The file"
        if self.size is not None:
            what += f" ({self.size / (1024 * 1024):,.1f} MB)"
        limit = FILE_SIZE_LIMIT // (1024 * 1024)
        return f"{what} is larger than Replicate accepts ({limit} MB)."


class InsufficientCreditError(ResponseError):
    """402: the account has no credit left; billing is at `billing_url`."""

    default_title = "Insufficient credit"
    billing_url = "https://replicate.com/account/billing#billing"


class NotFoundError(ResponseError):
    """404: what was asked for does not exist (any more) or the account cannot see it."""

    default_title = "Not found on Replicate"


class ModelNotFoundError(NotFoundError):
    """404 for a model or version: no such model, or the account cannot see it."""

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


class PromptTooLongError(PredictionFailedError):
    """The prompt was longer than the model reads (E1002 and its kin, fact sheet §10.4).

    `prompt_tokens` and `limit` are the figures the error gave (None where it gave none): the
    limit is the model's real cap on this host, which may be below its published window.
    """

    def __init__(
        self,
        detail: str,
        prediction_id: str | None = None,
        prompt_tokens: int | None = None,
        limit: int | None = None,
    ) -> None:
        self.prompt_tokens = prompt_tokens
        self.limit = limit
        super().__init__(detail, prediction_id)


def prediction_failure(detail: str, prediction_id: str | None = None) -> PredictionFailedError:
    """The error for a failed prediction: `PromptTooLongError` when its text says the prompt
    was too long, else `PredictionFailedError`."""
    found = length_failure(detail or "")
    if found is None:
        return PredictionFailedError(detail, prediction_id)
    return PromptTooLongError(detail, prediction_id, found.prompt_tokens, found.limit)


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
    status: int, body: bytes, reason: str = "", retry_after: str | None = None, path: str = ""
) -> ResponseError:
    """Build the typed error for an HTTP error answer from its problem JSON (parsed defensively).

    `path` is the request's path: a 404 means "model not found" only for a model's own
    endpoints or a version's prediction, not for a prediction that has expired, say.
    """
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
        # The base URL may carry a path prefix (a gateway), so look at the path's end.
        about_model = not path or "/v1/models/" in path or path.endswith("/v1/predictions")
        if about_model:
            return ModelNotFoundError(status, title, detail_text)
        return NotFoundError(status, title, detail_text)
    if status == 413:
        return FileTooLargeError(status, title, detail_text)
    if status == 422:
        fields = _parse_invalid_fields(problem.get("invalid_fields"))
        return InvalidInputError(status, title, detail_text, fields)
    if status == 429:
        return RateLimitError(status, title, detail_text, parse_retry_after(retry_after))
    if status >= 500:
        return ServerError(status, title, detail_text)
    return ResponseError(status, title, detail_text)
