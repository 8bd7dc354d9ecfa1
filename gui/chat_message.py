"""What the chat view shows of one stored message, and the failure it may carry (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
BILLING_URL = "https://replicate.com/account/billing#billing"


@dataclass
class ErrorInfo:
    """A failure in words a person can act on, and the one action that helps.

    `action` is None, "token" (open the token dialog), "billing" (open `url`, Replicate's
    billing page by default) or "retry".
    """

    text: str
    action: str | None = None
    url: str | None = None


@dataclass
class ChatMessage:
    """What the view shows of one stored message. `status` uses the store's strings."""

    id: int
    role: str
    content: str
    status: str = COMPLETE
    error: ErrorInfo | None = None
    model: str | None = None
    metrics: dict[str, Any] | None = None
