"""What the window needs from start-up: folders, the store, settings, the token and the mode."""

from __future__ import annotations

from dataclasses import dataclass, field

from gui.config.settings import AppSettings
from gui.config.token_store import TokenStore
from gui.store.conversations import ConversationStore
from gui.theme.scheme import ThemeController
from gui.utils.paths import AppPaths
from provider import RetryPolicy


@dataclass
class AppContext:
    """What the window is given at start: where things are, the store, settings and token."""

    paths: AppPaths
    store: ConversationStore
    settings: AppSettings
    token_store: TokenStore
    base_url: str | None = None  # None: REPLICATE_BASE_URL or Replicate's own API
    demo: bool = False
    demo_token: str | None = None  # the stand-in's token, in demo mode only
    notices: list[str] = field(default_factory=list)  # told to the person once the window shows
    theme: ThemeController | None = None  # None in tests that build a window without an app's
    # How long a silent connection is waited for, and how hard requests are retried: the
    # provider's defaults (180 s, RetryPolicy()); tests shorten them to exercise the faults.
    idle_timeout: float = 180.0
    retry: RetryPolicy | None = None
