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
import concurrent.futures
import enum
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from provider import ConfigurationError, redact
from provider.config import Token

__all__ = [
    "ACCOUNT",
    "ENV_VAR",
    "KEYRING_TIMEOUT",
    "SERVICE",
    "TokenSource",
    "TokenState",
    "TokenStorageError",
    "TokenStore",
]

log = logging.getLogger(__name__)

SERVICE = "replicate-chat"
ACCOUNT = "api-token"  # the keyring "username" of our one item
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


class KeyringProblem(Exception):
    """Internal: a keyring call failed; `message` is the sentence to show (one of the templates
    below with its `fields`, translated when read), `unavailable` says there is no usable
    keyring at all (so nothing can be stored in it either)."""

    def __init__(self, template: str, *, unavailable: bool = False, **fields: object) -> None:
        super().__init__(template.format(**fields))  # English, for logs and tracebacks
        self.template = template
        self.fields = fields
        self.unavailable = unavailable

    @property
    def message(self) -> str:
        return people_text(self.template, **self.fields)


# The sentences for people, marked for lupdate here and translated when they are shown (the
# problem's `message`): keyring calls fail in worker threads, and a module constant is made before
# the app has installed its translation.
NO_KEYRING = QT_TRANSLATE_NOOP(
    "TokenStore",
    "No system keyring is available (no Secret Service on D-Bus), so the token cannot be saved. "
    "You can use it for this session only.",
)
UNSAFE_KEYRING = QT_TRANSLATE_NOOP(
    "TokenStore",
    "The configured keyring ({name}) does not protect secrets, so Replicate Chat does not use "
    "it. You can use the token for this session only.",
)
LOCKED_KEYRING = QT_TRANSLATE_NOOP(
    "TokenStore",
    "The system keyring is locked, or its unlock prompt was dismissed, so the token cannot be "
    "read or saved. You can use a token for this session only.",
)
DISABLED_KEYRING = QT_TRANSLATE_NOOP(
    "TokenStore",
    "The system keyring is turned off for Python programs (keyring's null backend), so the "
    "token cannot be saved. You can use it for this session only.",
)
HUNG_KEYRING = QT_TRANSLATE_NOOP(
    "TokenStore",
    "The system keyring did not answer within {seconds} seconds (it may be waiting to be "
    "unlocked). You can use a token for this session only.",
)
FAILED_KEYRING = QT_TRANSLATE_NOOP(
    "TokenStore",
    "The system keyring reported an error ({detail}). You can use a token for this session only.",
)
BAD_ENVIRONMENT = QT_TRANSLATE_NOOP(
    "TokenStore",
    "REPLICATE_API_TOKEN contains spaces or line breaks, so it is ignored. Set it again from "
    "https://replicate.com/account/api-tokens.",
)


def people_text(template: str, **fields: object) -> str:
    """One of the sentences above in the app's language, with its fields filled in."""
    return QCoreApplication.translate("TokenStore", template).format(**fields)


def _reveal(token: Token) -> str:
    """The token's value. `Token` only reveals it as an Authorization header, so unwrap that."""
    return token.authorization().removeprefix("Bearer ")


def _priority(backend: keyring.backend.KeyringBackend) -> float | None:
    """A backend's priority, or None when it is not viable here (its priority raises then)."""
    try:
        return float(backend.priority)
    except Exception:
        return None


def _usable_backend() -> keyring.backend.KeyringBackend:
    """The keyring backend to use, or KeyringProblem. Runs in a worker thread (detection may
    talk to D-Bus). Only backends keyring itself recommends (priority ≥ 1) are used: never the
    fail or null backends, nor keyrings.alt's plaintext files. A chainer is narrowed to its best
    recommended member, so a weaker backend further down the chain is never read or written."""
    backend = keyring.get_keyring()
    if isinstance(backend, chainer.ChainerBackend):
        # Not `backend.backends`: it re-reads every priority and lets a failing one raise (a
        # Secret Service whose bus went away raises OSError), where that only means "not viable".
        ranked: list[tuple[float, keyring.backend.KeyringBackend]] = []
        for member in keyring.backend.get_all_keyring():
            priority = _priority(member)
            if not isinstance(member, chainer.ChainerBackend) and (priority or 0) >= 1:
                ranked.append((priority or 0, member))
        if ranked:
            return max(ranked, key=lambda pair: pair[0])[1]
        raise KeyringProblem(NO_KEYRING, unavailable=True)
    if isinstance(backend, null.Keyring):
        raise KeyringProblem(DISABLED_KEYRING, unavailable=True)
    priority = _priority(backend)
    if isinstance(backend, fail.Keyring) or priority is None:
        raise KeyringProblem(NO_KEYRING, unavailable=True)
    if priority < 1:
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        raise KeyringProblem(UNSAFE_KEYRING, unavailable=True, name=name)
    return backend


def _scrub(text: str, secret: str | None) -> str:
    """Error text safe to show and log: the token (if known) and anything token-shaped hidden."""
    if secret:
        text = text.replace(secret, "…")
    return redact(text)[:300]


def _problem_for(error: BaseException, secret: str | None = None) -> KeyringProblem:
    """A failed keyring call as a sentence for people."""
    if isinstance(error, KeyringProblem):
        return error
    if isinstance(error, keyring.errors.KeyringLocked):
        return KeyringProblem(LOCKED_KEYRING)
    if isinstance(error, keyring.errors.NoKeyringError):
        return KeyringProblem(NO_KEYRING, unavailable=True)
    detail = _scrub(str(error), secret) or type(error).__name__
    return KeyringProblem(FAILED_KEYRING, detail=detail)


class _DaemonThreadExecutor(concurrent.futures.Executor):
    """Runs each call in a fresh daemon thread. A thread pool would be joined at exit, so one
    keyring call hung on D-Bus would keep the app from quitting; a daemon thread cannot."""

    def submit(
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # handed to the awaiting coroutine
                future.set_exception(error)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="keyring-call", daemon=True).start()
        return future


class TokenStore:
    """The token's state and the async operations that change it. Never writes a file.

    Precedence: the environment variable, then a token kept for this session, then the keyring.
    """

    def __init__(
        self, environ: Mapping[str, str] | None = None, *, timeout: float = KEYRING_TIMEOUT
    ) -> None:
        self._environ: Mapping[str, str] = os.environ if environ is None else environ
        self._timeout = timeout
        self._executor = _DaemonThreadExecutor()
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
            problem = _problem_for(error, secret)
            if problem is not error:
                log.warning(
                    "keyring call failed: %s: %s", type(error).__name__, _scrub(str(error), secret)
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


# The blocking keyring operations, run in worker threads by TokenStore._call.


def keyring_get() -> str | None:
    return _usable_backend().get_password(SERVICE, ACCOUNT)


def keyring_set(value: str) -> None:
    _usable_backend().set_password(SERVICE, ACCOUNT, value)


def keyring_delete() -> None:
    backend = _usable_backend()
    try:
        backend.delete_password(SERVICE, ACCOUNT)
    except keyring.errors.PasswordDeleteError:
        # Absent is fine; the Secret Service backend raises this only when there is no item.
        if backend.get_password(SERVICE, ACCOUNT) is not None:
            raise
