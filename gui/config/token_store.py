"""Where the API token comes from and where it is kept: the environment, the OS keyring, or memory.

The token lives in the system keyring (Secret Service, macOS Keychain, Windows Credential
Locker) through `keyring`, never in a file: when no trustworthy keyring is usable (none at all,
a plaintext backend, a locked keyring, a prompt dismissed, a D-Bus call that hangs) the store
says so in a sentence for people and the app can keep the token for this session only.

Every keyring call blocks (D-Bus, sometimes for seconds, sometimes forever), so each runs in its
own daemon thread under a timeout: a hung call is reported as a problem and cannot hold up quit.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from gui.config.keyring_access import (
    BAD_ENVIRONMENT,
    HUNG_KEYRING,
    DaemonThreadExecutor,
    KeyringProblem,
    keyring_delete,
    keyring_get,
    keyring_set,
    people_text,
    problem_for,
    scrub,
)
from provider import ConfigurationError
from provider.config import Token

__all__ = [
    "ENV_VAR",
    "KEYRING_TIMEOUT",
    "TokenSource",
    "TokenState",
    "TokenStorageError",
    "TokenStore",
]

log = logging.getLogger(__name__)

ENV_VAR = "REPLICATE_API_TOKEN"
KEYRING_TIMEOUT = 10.0  # seconds; a keyring that takes longer is treated as not answering

T = TypeVar("T")


class TokenSource(enum.Enum):
    """Where the token in use came from."""

    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SESSION = "session"
    NONE = "none"


@dataclass(frozen=True)
class TokenState:
    """The token in use (hidden in every repr), its source, and what is wrong with the keyring."""

    token: Token | None
    source: TokenSource
    keyring_problem: str | None = None

    @property
    def has_token(self) -> bool:
        return self.token is not None


class TokenStorageError(Exception):
    """The keyring could not keep the token; the message says why, for people, without it.

    `keyring_unavailable` is True when there is no usable keyring at all (as opposed to one
    that is locked or failing), so a caller can word its offer of a session-only token."""

    def __init__(self, message: str, *, keyring_unavailable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.keyring_unavailable = keyring_unavailable


def _reveal(token: Token) -> str:
    """The token's value. `Token` only reveals it as an Authorization header, so unwrap that."""
    return token.authorization().removeprefix("Bearer ")


class TokenStore:
    """The token's state and the async operations that change it. Never writes a file.

    Precedence: the environment variable, then a token kept for this session, then the keyring.
    """

    def __init__(
        self, environ: Mapping[str, str] | None = None, *, timeout: float = KEYRING_TIMEOUT
    ) -> None:
        self._environ: Mapping[str, str] = os.environ if environ is None else environ
        self._timeout = timeout
        self._executor = DaemonThreadExecutor()
        self._lock: asyncio.Lock | None = None  # made on first use, on the running loop
        self._keyring_token: Token | None = None
        self._session_token: Token | None = None
        self._problem: str | None = None
        self._environment_problem: str | None = None
        self.state = TokenState(None, TokenSource.NONE)

    def __repr__(self) -> str:
        return f"TokenStore(source={self.state.source.name})"

    # -- public API ------------------------------------------------------------------------

    async def load(self) -> TokenState:
        """Find the token: environment first, else the keyring. Keyring trouble never raises;
        it becomes `keyring_problem`."""
        async with self._serialized():
            if self._environment_token() is None:
                try:
                    value = await self._call(keyring_get)
                except KeyringProblem as problem:
                    self._problem = problem.message
                else:
                    self._problem = None
                    self._keyring_token = _token_or_none(value)
            return self._publish()

    async def save(self, token: str) -> TokenState:
        """Keep `token` in the keyring (replacing any); TokenStorageError when it cannot."""
        new = Token(token)  # ConfigurationError for spaces or line breaks, before any keyring call
        async with self._serialized():
            try:
                await self._call(keyring_set, _reveal(new), secret=_reveal(new))
            except KeyringProblem as problem:
                self._problem = problem.message
                self._publish()
                raise TokenStorageError(
                    problem.message, keyring_unavailable=problem.unavailable
                ) from None
            self._problem = None
            self._keyring_token = new
            self._session_token = None  # the keyring has it now
            return self._publish()

    async def use_for_session(self, token: str) -> TokenState:
        """Use `token` until the app quits, in memory only (no keyring, no file)."""
        new = Token(token)
        async with self._serialized():
            self._session_token = new
            return self._publish()

    async def remove(self) -> TokenState:
        """Delete the token from the keyring (absent is fine) and forget a session token. An
        environment token stays in use: only its owner can unset the variable."""
        async with self._serialized():
            self._session_token = None
            try:
                await self._call(keyring_delete)
            except KeyringProblem as problem:
                self._problem = problem.message
                if problem.unavailable:
                    # Nothing can have been saved where there is no usable keyring.
                    self._keyring_token = None
                    return self._publish()
                self._publish()
                raise TokenStorageError(problem.message) from None
            self._problem = None
            self._keyring_token = None
            return self._publish()

    def token_value(self) -> str | None:
        """The token in use, for building a ReplicateClient; None when there is none."""
        token = self.state.token
        return None if token is None else _reveal(token)

    # -- internals -------------------------------------------------------------------------

    def _serialized(self) -> asyncio.Lock:
        """One keyring operation at a time, so a save and a remove cannot interleave."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def _environment_token(self) -> Token | None:
        value = (self._environ.get(ENV_VAR) or "").strip()
        self._environment_problem = None
        if not value:
            return None
        try:
            return Token(value)
        except ConfigurationError:
            self._environment_problem = people_text(BAD_ENVIRONMENT)
            return None

    def _publish(self) -> TokenState:
        """Compose the state from what is known: environment, then session, then keyring."""
        environment = self._environment_token()
        if environment is not None:
            state = TokenState(environment, TokenSource.ENVIRONMENT, self._problem)
        elif self._session_token is not None:
            state = TokenState(self._session_token, TokenSource.SESSION, self._problem)
        elif self._keyring_token is not None:
            state = TokenState(self._keyring_token, TokenSource.KEYRING, self._problem)
        else:
            problems = [p for p in (self._environment_problem, self._problem) if p]
            state = TokenState(None, TokenSource.NONE, " ".join(problems) or None)
        self.state = state
        return state

    async def _call(self, function: Callable[..., T], *args: Any, secret: str | None = None) -> T:
        """Run a keyring function in a daemon thread under the timeout; failures become
        KeyringProblem with a sentence that never holds `secret`."""
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(self._executor, function, *args), self._timeout
            )
        except asyncio.TimeoutError:
            log.warning("the keyring did not answer within %g s", self._timeout)
            seconds = f"{self._timeout:g}"
            raise KeyringProblem(HUNG_KEYRING, seconds=seconds) from None
        except Exception as error:
            problem = problem_for(error, secret)
            if problem is not error:
                log.warning(
                    "keyring call failed: %s: %s", type(error).__name__, scrub(str(error), secret)
                )
            raise problem from None


def _token_or_none(value: str | None) -> Token | None:
    """A keyring value as a Token; blank or malformed (someone edited the item) counts as none."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return Token(value)
    except ConfigurationError:
        log.warning("the token in the keyring contains spaces or line breaks; ignoring it")
        return None
