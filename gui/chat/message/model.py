"""What the chat view shows of one stored message, and the failure it may carry (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gui.store.records import AttachmentInfo, Message
from provider.context import length_failure

# Message statuses, the same strings the store uses.
COMPLETE = "complete"
STREAMING = "streaming"
STOPPED = "stopped"
INTERRUPTED = "interrupted"
FAILED = "failed"

# Error actions: which button the inline error box offers.
TOKEN_ACTION = "token"
BILLING_ACTION = "billing"
RETRY_ACTION = "retry"
SHORTER_ACTION = "shorter"  # retry with the history trimmed to what the model can read
RETRY_ACTIONS = (RETRY_ACTION, SHORTER_ACTION)
BILLING_URL = "https://replicate.com/account/billing#billing"

# What a message's versions controls ask for (MessageWidget.message_action).
PREVIOUS_VERSION = "previous"
NEXT_VERSION = "next"
REGENERATE_WITH = "regenerate-with"  # with the model's reference
BRANCH_OFF = "branch-off"
DELETE_VERSION = "delete-version"


@dataclass
class ErrorInfo:
    """A failure in words a person can act on, and the one action that helps.

    `action` is None, "token" (open the token dialog), "billing" (open `url`, Replicate's
    billing page by default), "retry" or "shorter" (retry, the history trimmed to fit).
    """

    text: str
    action: str | None = None
    url: str | None = None


@dataclass(slots=True)
class ChatMessage:
    """What the view shows of one stored message. `status` uses the store's strings."""

    id: int
    role: str
    content: str
    status: str = COMPLETE
    error: ErrorInfo | None = None
    model: str | None = None
    metrics: dict[str, Any] | None = None
    versions: tuple[int, int] | None = None  # (index from 1, count) when it has several
    thinking: str | None = None  # a reasoning model's thought (the answer is `content`)
    attachments: tuple[AttachmentInfo, ...] = ()  # the files a question was sent with


def chat_message(
    message: Message, live_text: str | None = None, versions: tuple[int, int] | None = None
) -> ChatMessage:
    """`message` from the store as the view shows it; `live_text` is a streaming answer's text,
    newer than its last autosave; `versions` where it stands among its versions."""
    # The store keeps the failure's words; Retry is the action that always helps later (a token
    # that is still refused opens the token dialog on that retry), trimming the history when
    # the words are a model's saying that the conversation was too long for it.
    error = None
    if message.error:
        too_long = length_failure(message.error) is not None
        error = ErrorInfo(message.error, SHORTER_ACTION if too_long else RETRY_ACTION)
    return ChatMessage(
        id=message.id,
        role=message.role,
        content=message.content if live_text is None else live_text,
        status=message.status,
        error=error,
        model=message.model,
        metrics=message.metrics,
        versions=versions,
        thinking=message.thinking,
        attachments=message.attachments,
    )
