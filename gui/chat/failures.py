"""Words a person can act on, for every way a reply can fail.

The provider raises typed errors; this module turns each into a sentence and the one action that
helps: open the token dialog, open Replicate's billing page, or retry. It never shows a token:
the provider's messages are already redacted, and unexpected errors are redacted again here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QKeySequence

from provider import (
    CHAT_MODELS,
    AuthenticationError,
    ConfigurationError,
    FileTooLargeError,
    ImagesNotSupportedError,
    InsufficientCreditError,
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
    ServerError,
    redact,
)

TOKEN = "token"
BILLING = "billing"
RETRY = "retry"
SHORTER = "shorter"


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
    """The message and action for `error`, raised while streaming a reply from `model`.

    The provider's own messages (inside some of these sentences) are English: they come from
    Replicate or the network and are shown as they are.
    """
    translate = QCoreApplication.translate  # lupdate extracts translate("Context", "text")
    if isinstance(error, MissingAuthError):
        text = translate("Failures", "No Replicate API token is set. Add one to start chatting.")
        return Failure(text, TOKEN, None, True)
    if isinstance(error, AuthenticationError):
        text = translate(
            "Failures", "Replicate did not accept your API token (401). Check or replace it."
        )
        return Failure(text, TOKEN, None, True)
    if isinstance(error, InsufficientCreditError):
        text = translate(
            "Failures",
            "Your Replicate account is out of credit (402). Add credit on the billing page, "
            "then retry.",
        )
        return Failure(text, BILLING, error.billing_url)
    if isinstance(error, RateLimitError):
        if error.retry_after:
            text = translate(
                "Failures",
                "Replicate is limiting how fast requests can be made (429). Wait about "
                "{seconds} s, then retry.",
            ).format(seconds=f"{error.retry_after:.0f}")
        else:
            text = translate(
                "Failures", "Replicate is limiting how fast requests can be made (429)."
            )
        return Failure(text, RETRY)
    if isinstance(error, ServerError):
        text = translate(
            "Failures",
            "Replicate had a server problem ({status}). It is usually brief: retry in a moment.",
        )
        return Failure(text.format(status=error.status), RETRY)
    if isinstance(error, FileTooLargeError):
        text = translate(
            "Failures",
            "A picture is larger than Replicate accepts (413). Remove it, or attach a smaller one.",
        )
        return Failure(text)
    if isinstance(error, ImagesNotSupportedError):
        if error.schema_known:
            text = translate(
                "Failures", "{model} does not see pictures. Pick a model that does, and retry."
            )
        else:
            text = translate(
                "Failures",
                "Where {model} takes pictures could not be read just now. Retry in a moment.",
            )
        return Failure(text.format(model=model_label(model)), None if error.schema_known else RETRY)
    if isinstance(error, ModelNotFoundError | NotFoundError):
        text = translate(
            "Failures",
            "Replicate has no model called “{model}”, or your account cannot see it (404). "
            "Pick another model in the toolbar or in Settings.",
        )
        return Failure(text.format(model=model))
    if isinstance(error, InvalidInputError):
        fields = "; ".join(f"{f.field}: {f.description}" for f in error.invalid_fields)
        detail = fields or error.detail or translate("Failures", "no details given")
        text = translate(
            "Failures",
            "The model rejected the request (422): {detail}. Adjust the settings ({shortcut}) "
            "and retry.",
        )
        shortcut = QKeySequence("Ctrl+,").toString(QKeySequence.SequenceFormat.NativeText)
        return Failure(text.format(detail=detail, shortcut=shortcut), RETRY)
    if isinstance(error, PromptTooLongError):
        return _too_long(error, model)
    if isinstance(error, PredictionFailedError):
        text = translate("Failures", "The model stopped with an error: {detail}")
        return Failure(text.format(detail=error.detail), RETRY)
    if isinstance(error, PredictionCanceledError):
        text = translate("Failures", "The prediction was canceled on Replicate before it finished.")
        return Failure(text, RETRY)
    if isinstance(error, ProviderTimeoutError):
        text = translate("Failures", "Replicate did not answer in time: {problem}. Retry?")
        return Failure(text.format(problem=_clause(error)), RETRY)
    if isinstance(error, ProviderConnectionError):
        text = translate(
            "Failures",
            "Could not reach Replicate: {problem}. Check your network connection, then retry.",
        )
        return Failure(text.format(problem=_clause(error)), RETRY)
    if isinstance(error, InvalidResponseError):
        text = translate("Failures", "Replicate sent an answer the app could not read: {problem}")
        return Failure(text.format(problem=error), RETRY)
    if isinstance(error, ConfigurationError):
        return Failure(str(error))
    if isinstance(error, ProviderError):
        return Failure(str(error), RETRY)
    text = translate("Failures", "Something unexpected went wrong ({name}: {problem}). Retry?")
    return Failure(redact(text.format(name=type(error).__name__, problem=error)), RETRY)


def model_label(model: str) -> str:
    """The catalogue's name for `model` ("Llama 3 70B Instruct"), else its own short name."""
    slug = model.split(":", 1)[0].strip().lower()
    for known in CHAT_MODELS:
        if known.ref == slug:
            return known.label
    return model.strip().rsplit("/", 1)[-1].split(":", 1)[0]


def _too_long(error: PromptTooLongError, model: str) -> Failure:
    """A prompt longer than the model reads: say so plainly, and offer the retry that fits."""
    translate = QCoreApplication.translate
    name = model_label(model)
    if error.limit is not None:
        text = translate(
            "Failures",
            "This conversation is longer than {model} can read ({limit} tokens). Retry with a "
            "shorter history to send only the newest messages that fit.",
        ).format(model=name, limit=QLocale().toString(error.limit))
    else:
        text = translate(
            "Failures",
            "This conversation is longer than {model} can read. Retry with a shorter history "
            "to send only the newest messages that fit.",
        ).format(model=name)
    # The model's own words last: they say what was counted, and the stored text is
    # recognised by them when the conversation is shown again (gui/chat/message/model.py).
    return Failure(f"{text} ({error.detail})", SHORTER)


def empty_answer_failure() -> Failure:
    """A reasoning model spent its whole token budget thinking and wrote no answer."""
    translate = QCoreApplication.translate
    shortcut = QKeySequence("Ctrl+,").toString(QKeySequence.SequenceFormat.NativeText)
    text = translate(
        "Failures",
        "The model spent its whole token budget on reasoning and wrote no answer. Raise Max "
        "tokens (max_completion_tokens, max_tokens) in Settings ({shortcut}), or lower the "
        "reasoning effort, then retry.",
    ).format(shortcut=shortcut)
    return Failure(text, RETRY)
