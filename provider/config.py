"""What a client is configured with, apart from the network stack: the token and the retries.

Kept free of aiohttp, so that code that only holds a token or a policy (a GUI's token store, its
settings) does not load the HTTP machinery.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .errors import ConfigurationError

__all__ = ["RetryPolicy", "Token"]


class Token:
    """The API token. Its repr and str never show it; only `authorization()` reveals it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        value = value.strip()
        if not value or not value.isprintable() or any(c.isspace() for c in value):
            # A header with a line break would be refused by aiohttp with a bare ValueError.
            raise ConfigurationError(
                "The API token contains spaces or line breaks; copy it again from "
                "https://replicate.com/account/api-tokens."
            )
        self._value = value

    def authorization(self) -> str:
        return f"Bearer {self._value}"

    def __repr__(self) -> str:
        return "Token(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a Token cannot be pickled")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try. The defaults suit a person waiting for an answer."""

    get_attempts: int = 5
    create_attempts: int = 4
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_retry_after: float = 60.0  # a longer server-requested wait is handed to the person

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter for the `attempt`-th retry (1-based)."""
        delay = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return delay * random.uniform(0.5, 1.0)
