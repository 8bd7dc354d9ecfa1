"""Words a person can act on, for every way a reply can fail.

The provider raises typed errors; this module turns each into a sentence and the one action that
helps: open the token dialog, open Replicate's billing page, or retry. It never shows a token:
the provider's messages are already redacted, and unexpected errors are redacted again here.
"""

from __future__ import annotations

from dataclasses import dataclass

from provider import (
    AuthenticationError,
    ConfigurationError,
    InsufficientCreditError,
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
    ServerError,
    redact,
)

TOKEN = "token"
BILLING = "billing"
RETRY = "retry"


@dataclass(frozen=True)
class Failure:
    """What to tell the person (`text`) and which button to offer (`action`, with `url`)."""

    text: str
    action: str | None = None
    url: str | None = None
    asks_for_token: bool = False


def _clause(error: BaseException) -> str:
    """The error's message without its final full stop, to sit inside a sentence."""
    return str(error).rstrip(". ")


def describe_failure(error: BaseException, model: str = "") -> Failure:
    """The message and action for `error`, raised while streaming a reply from `model`."""
    if isinstance(error, MissingAuthError):
        return Failure(
            "No Replicate API token is set. Add one to start chatting.", TOKEN, None, True
        )
    if isinstance(error, AuthenticationError):
        return Failure(
            "Replicate did not accept your API token (401). Check or replace it.", TOKEN, None, True
        )
    if isinstance(error, InsufficientCreditError):
        return Failure(
            "Your Replicate account is out of credit (402). Add credit on the billing page, "
            "then retry.",
            BILLING,
            error.billing_url,
        )
    if isinstance(error, RateLimitError):
        wait = f" Wait about {error.retry_after:.0f} s, then retry." if error.retry_after else ""
        return Failure(f"Replicate is limiting how fast requests can be made (429).{wait}", RETRY)
    if isinstance(error, ServerError):
        return Failure(
            f"Replicate had a server problem ({error.status}). It is usually brief: retry in a "
            "moment.",
            RETRY,
        )
    if isinstance(error, ModelNotFoundError | NotFoundError):
        return Failure(
            f"Replicate has no model called “{model}”, or your account cannot see it (404). "
            "Pick another model in the toolbar or in Settings."
        )
    if isinstance(error, InvalidInputError):
        fields = "; ".join(f"{f.field}: {f.description}" for f in error.invalid_fields)
        detail = fields or error.detail or "no details given"
        return Failure(
            f"The model rejected the request (422): {detail}. Adjust the settings (Ctrl+,) and "
            "retry.",
            RETRY,
        )
    if isinstance(error, PredictionFailedError):
        return Failure(f"The model stopped with an error: {error.detail}", RETRY)
    if isinstance(error, PredictionCanceledError):
        return Failure("The prediction was canceled on Replicate before it finished.", RETRY)
    if isinstance(error, ProviderTimeoutError):
        return Failure(f"Replicate did not answer in time: {_clause(error)}. Retry?", RETRY)
    if isinstance(error, ProviderConnectionError):
        return Failure(
            f"Could not reach Replicate: {_clause(error)}. Check your network connection, then "
            "retry.",
            RETRY,
        )
    if isinstance(error, InvalidResponseError):
        return Failure(f"Replicate sent an answer the app could not read: {error}", RETRY)
    if isinstance(error, ConfigurationError):
        return Failure(str(error))
    if isinstance(error, ProviderError):
        return Failure(str(error), RETRY)
    name = type(error).__name__
    return Failure(redact(f"Something unexpected went wrong ({name}: {error}). Retry?"), RETRY)
