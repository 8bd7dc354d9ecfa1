"""The system keyring, call by call: which backend is trustworthy, the blocking get, set and
delete of our one item, and what a failure means, in a sentence for people.

Every call here blocks (D-Bus, sometimes for seconds, sometimes forever): `TokenStore` runs
each in a `DaemonThreadExecutor` thread under a timeout. `keyring` itself (with its backends
and their imports, about 40 ms) is imported by the first call, on that thread: a token from
the environment never needs it, and the window's first frame never waits for it.
"""

from __future__ import annotations

import concurrent.futures
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from provider import redact

if TYPE_CHECKING:
    import keyring.backend

SERVICE = "replicate-chat"
ACCOUNT = "api-token"  # the keyring "username" of our one item

T = TypeVar("T")


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
    import keyring.backend
    from keyring.backends import chainer, fail, null

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


def scrub(text: str, secret: str | None) -> str:
    """Error text safe to show and log: the token (if known) and anything token-shaped hidden."""
    if secret:
        text = text.replace(secret, "…")
    return redact(text)[:300]


def problem_for(error: BaseException, secret: str | None = None) -> KeyringProblem:
    """A failed keyring call as a sentence for people."""
    if isinstance(error, KeyringProblem):
        return error
    # keyring's errors, loaded by the call that failed (never imported here, on the GUI thread).
    errors = sys.modules.get("keyring.errors")
    if errors is not None and isinstance(error, errors.KeyringLocked):
        return KeyringProblem(LOCKED_KEYRING)
    if errors is not None and isinstance(error, errors.NoKeyringError):
        return KeyringProblem(NO_KEYRING, unavailable=True)
    detail = scrub(str(error), secret) or type(error).__name__
    return KeyringProblem(FAILED_KEYRING, detail=detail)


class DaemonThreadExecutor(concurrent.futures.Executor):
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


# The blocking keyring operations, run in worker threads by TokenStore._call.


def keyring_get() -> str | None:
    return _usable_backend().get_password(SERVICE, ACCOUNT)


def keyring_set(value: str) -> None:
    _usable_backend().set_password(SERVICE, ACCOUNT, value)


def keyring_delete() -> None:
    import keyring.errors

    backend = _usable_backend()
    try:
        backend.delete_password(SERVICE, ACCOUNT)
    except keyring.errors.PasswordDeleteError:
        # Absent is fine; the Secret Service backend raises this only when there is no item.
        if backend.get_password(SERVICE, ACCOUNT) is not None:
            raise
