"""TokenStore against the real Secret Service (gnome-keyring on a private bus), no mocks."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import pytest
from keyring.backends import SecretService, chainer, null
from PySide6.QtCore import QCoreApplication

from gui.config.keyring_access import HUNG_KEYRING, KeyringProblem
from gui.config.token_store import (
    KEYRING_TIMEOUT,
    TokenSource,
    TokenState,
    TokenStorageError,
    TokenStore,
)
from tests.gui.config.test_validators import Marking
from tests.gui.secret_service import SecretServiceProcess

# Not shaped like r8_…, so provider.redact would not hide it: only our own care keeps it out.
SECRET = "plain-Secret-Token-4471"
OTHER = "r8_OtherTokenValue0000000000000000000000"


def _no_secret_in(*texts: object) -> None:
    for text in texts:
        assert SECRET not in str(text) and SECRET not in repr(text)


async def test_save_puts_the_token_in_the_keyring(clean_keyring: SecretServiceProcess) -> None:
    store = TokenStore(environ={})
    state = await store.save(SECRET)
    assert state.source is TokenSource.KEYRING and state.has_token
    assert state.keyring_problem is None
    assert clean_keyring.lookup() == SECRET  # the real secret-tool on the same bus reads it
    assert store.token_value() == SECRET
    assert store.state == state


async def test_load_finds_a_token_another_program_stored(
    clean_keyring: SecretServiceProcess,
) -> None:
    clean_keyring.store(SECRET)
    state = await TokenStore(environ={}).load()
    assert state.source is TokenSource.KEYRING
    assert state.keyring_problem is None
    assert state.token is not None and state.token.authorization() == f"Bearer {SECRET}"


async def test_load_with_an_empty_keyring_has_no_token_and_no_problem(
    clean_keyring: SecretServiceProcess,
) -> None:
    store = TokenStore(environ={})
    state = await store.load()
    assert state == TokenState(None, TokenSource.NONE, None)
    assert not state.has_token and store.token_value() is None


async def test_replace_overwrites_the_one_item(clean_keyring: SecretServiceProcess) -> None:
    store = TokenStore(environ={})
    await store.save(SECRET)
    await store.save(OTHER)
    assert clean_keyring.lookup() == OTHER
    found = clean_keyring.secret_tool("search", "--all", "service", "replicate-chat")
    assert found.stdout.count(f"secret = {OTHER}") == 1, found.stdout
    assert SECRET not in found.stdout
    assert (await TokenStore(environ={}).load()).token is not None
    assert TokenStore(environ={}).token_value() is None  # a new store knows nothing before load


async def test_remove_deletes_it_and_absent_is_fine(clean_keyring: SecretServiceProcess) -> None:
    store = TokenStore(environ={})
    await store.save(SECRET)
    state = await store.remove()
    assert state == TokenState(None, TokenSource.NONE, None)
    assert clean_keyring.lookup() is None
    assert (await store.remove()).source is TokenSource.NONE  # nothing to delete: no error
    assert (await TokenStore(environ={}).load()).source is TokenSource.NONE


async def test_environment_wins_and_cannot_be_removed(
    clean_keyring: SecretServiceProcess,
) -> None:
    clean_keyring.store(OTHER)
    store = TokenStore(environ={"REPLICATE_API_TOKEN": f"  {SECRET}\n"})
    state = await store.load()
    assert state.source is TokenSource.ENVIRONMENT
    assert store.token_value() == SECRET  # stripped
    state = await store.remove()
    assert state.source is TokenSource.ENVIRONMENT and store.token_value() == SECRET
    assert clean_keyring.lookup() is None  # the keyring copy could go, and did


async def test_environment_is_read_at_load_time(clean_keyring: SecretServiceProcess) -> None:
    environ: dict[str, str] = {}
    store = TokenStore(environ=environ)
    assert (await store.load()).source is TokenSource.NONE
    environ["REPLICATE_API_TOKEN"] = SECRET
    assert (await store.load()).source is TokenSource.ENVIRONMENT


async def test_default_environment_is_os_environ(
    clean_keyring: SecretServiceProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", SECRET)
    store = TokenStore()
    assert (await store.load()).source is TokenSource.ENVIRONMENT
    assert store.token_value() == SECRET


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
async def test_blank_environment_is_ignored(
    clean_keyring: SecretServiceProcess, blank: str
) -> None:
    clean_keyring.store(SECRET)
    store = TokenStore(environ={"REPLICATE_API_TOKEN": blank})
    state = await store.load()
    assert state.source is TokenSource.KEYRING and store.token_value() == SECRET


async def test_malformed_environment_is_ignored_and_said(
    clean_keyring: SecretServiceProcess,
) -> None:
    state = await TokenStore(environ={"REPLICATE_API_TOKEN": "two words"}).load()
    assert state.source is TokenSource.NONE
    assert state.keyring_problem is not None and "REPLICATE_API_TOKEN" in state.keyring_problem
    assert "two words" not in state.keyring_problem


async def test_a_malformed_keyring_item_counts_as_none(
    clean_keyring: SecretServiceProcess,
) -> None:
    clean_keyring.store("edited by hand")
    assert (await TokenStore(environ={}).load()).source is TokenSource.NONE


async def test_session_only_never_touches_the_keyring(
    clean_keyring: SecretServiceProcess,
) -> None:
    store = TokenStore(environ={})
    state = await store.use_for_session(SECRET)
    assert state.source is TokenSource.SESSION and store.token_value() == SECRET
    assert clean_keyring.lookup() is None
    assert (await store.load()).source is TokenSource.SESSION  # kept until the app quits
    assert (await TokenStore(environ={}).load()).source is TokenSource.NONE
    state = await store.remove()
    assert state.source is TokenSource.NONE and store.token_value() is None


async def test_saving_ends_the_session_token(clean_keyring: SecretServiceProcess) -> None:
    store = TokenStore(environ={})
    await store.use_for_session(OTHER)
    state = await store.save(SECRET)
    assert state.source is TokenSource.KEYRING and store.token_value() == SECRET


async def test_a_token_with_spaces_is_refused_before_the_keyring(
    clean_keyring: SecretServiceProcess,
) -> None:
    from provider import ConfigurationError

    with pytest.raises(ConfigurationError) as caught:
        await TokenStore(environ={}).save("r8_abc def")
    assert "r8_abc def" not in str(caught.value)
    assert clean_keyring.lookup() is None


async def test_no_keyring_backend_is_said_plainly(no_keyring: None) -> None:
    store = TokenStore(environ={})
    state = await store.load()
    assert state.source is TokenSource.NONE
    assert state.keyring_problem is not None
    assert state.keyring_problem.startswith("No system keyring is available")
    with pytest.raises(TokenStorageError) as caught:
        await store.save(SECRET)
    assert caught.value.keyring_unavailable
    assert "No system keyring" in caught.value.message
    _no_secret_in(caught.value, caught.value.message, store.state, store)
    assert store.state.keyring_problem == caught.value.message
    # Without a keyring the person can still go on, for this session.
    state = await store.use_for_session(SECRET)
    assert state.source is TokenSource.SESSION and state.keyring_problem is not None
    # And removing forgets it without complaining about the keyring that is not there.
    assert (await store.remove()).source is TokenSource.NONE


class PlaintextFileKeyring(keyring.backend.KeyringBackend):
    """What keyrings.alt's PlaintextKeyring is: secrets in a file anyone with the disk can read,
    and a priority below 1 (keyring's own "not recommended")."""

    priority = 0.5  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def get_password(self, service: str, username: str) -> str | None:
        return self.path.read_text() if self.path.exists() else None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.path.write_text(password)

    def delete_password(self, service: str, username: str) -> None:
        self.path.unlink(missing_ok=True)


@pytest.fixture
def plaintext_keyring(tmp_path: Path) -> Iterator[PlaintextFileKeyring]:
    saved_backend = keyring.core._keyring_backend
    backend = PlaintextFileKeyring(tmp_path / "plaintext-keyring.txt")
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.core._keyring_backend = saved_backend


async def test_a_plaintext_keyring_is_refused_and_never_written(
    plaintext_keyring: PlaintextFileKeyring,
) -> None:
    store = TokenStore(environ={})
    state = await store.load()
    assert state.keyring_problem is not None and "PlaintextFileKeyring" in state.keyring_problem
    with pytest.raises(TokenStorageError) as caught:
        await store.save(SECRET)
    assert caught.value.keyring_unavailable
    assert not plaintext_keyring.path.exists(), "the token never went to the plaintext file"
    state = await store.use_for_session(SECRET)  # the person carries on for this session
    assert state.source is TokenSource.SESSION and store.token_value() == SECRET
    assert not plaintext_keyring.path.exists()


async def test_keyring_problems_are_said_in_the_app_language(
    no_keyring: None, qapp: QCoreApplication
) -> None:
    """Made in a worker thread, translated when read (on the loop), with the fields filled."""
    translator = Marking("TokenStore")
    qapp.installTranslator(translator)
    try:
        state = await TokenStore(environ={}).load()
        assert state.keyring_problem is not None
        assert state.keyring_problem.startswith("[ru] No system keyring is available")
        bad = await TokenStore(environ={"REPLICATE_API_TOKEN": "r8_a b"}).load()
        assert bad.keyring_problem is not None
        assert bad.keyring_problem.startswith("[ru] REPLICATE_API_TOKEN contains spaces")
    finally:
        qapp.removeTranslator(translator)
    hung = KeyringProblem(HUNG_KEYRING, seconds="10")
    assert hung.message.startswith("The system keyring did not answer within 10 seconds")
    assert str(hung) == hung.message  # the English text, for logs


async def test_a_chainer_uses_its_recommended_member(clean_keyring: SecretServiceProcess) -> None:
    """keyring's chainer (picked when several backends are viable) is narrowed to the best
    recommended one: here the Secret Service. Restored by clean_keyring."""
    keyring.set_keyring(chainer.ChainerBackend())
    store = TokenStore(environ={})
    assert (await store.save(SECRET)).source is TokenSource.KEYRING
    assert clean_keyring.lookup() == SECRET
    assert (await TokenStore(environ={}).load()).source is TokenSource.KEYRING


async def test_an_empty_chainer_is_no_keyring(
    no_keyring: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no viable backend, keyring's chainer silently reads nothing and writes nowhere;
    the store must say there is no keyring instead. (no_keyring restores the backend.)"""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus-here'}")
    keyring.set_keyring(chainer.ChainerBackend())
    store = TokenStore(environ={})
    state = await store.load()
    assert state.keyring_problem is not None
    assert state.keyring_problem.startswith("No system keyring is available")
    with pytest.raises(TokenStorageError):
        await store.save(SECRET)


async def test_keyring_turned_off_is_said_plainly() -> None:
    saved = keyring.core._keyring_backend
    keyring.set_keyring(null.Keyring())
    try:
        store = TokenStore(environ={})
        state = await store.load()
        assert state.keyring_problem is not None and "turned off" in state.keyring_problem
        with pytest.raises(TokenStorageError):
            await store.save(SECRET)
    finally:
        keyring.core._keyring_backend = saved


def test_a_process_without_d_bus_gets_the_fail_backend(tmp_path: Path) -> None:
    """What a person without a Secret Service sees: keyring's own detection, no D-Bus at all."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"}
        and not name.startswith("PYTHON_KEYRING")
    }
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    script = (
        "import asyncio, keyring\n"
        "from gui.config.token_store import TokenStore, TokenStorageError\n"
        "async def main():\n"
        "    store = TokenStore(environ={})\n"
        "    state = await store.load()\n"
        "    print(type(keyring.get_keyring()).__module__)\n"
        "    print(state.source.name)\n"
        "    print(state.keyring_problem)\n"
        "    try:\n"
        f"        await store.save({SECRET!r})\n"
        "    except TokenStorageError as error:\n"
        "        print('refused:', error)\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "keyring.backends.fail", result.stdout
    assert lines[1] == "NONE"
    assert lines[2].startswith("No system keyring is available")
    assert lines[3].startswith("refused: No system keyring")
    assert SECRET not in result.stdout + result.stderr
    assert not any(SECRET.encode() in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())


async def test_a_locked_keyring_is_explained_not_bypassed() -> None:
    """A locked login keyring whose unlock prompt cannot be answered (no display here), as when
    a person dismisses it: explained, nothing stored anywhere, session-only still works."""
    with SecretServiceProcess() as service, service.activated():
        service.lock()
        store = TokenStore(environ={})
        state = await store.load()
        assert state.source is TokenSource.NONE
        assert state.keyring_problem is not None and "locked" in state.keyring_problem
        with pytest.raises(TokenStorageError) as caught:
            await store.save(SECRET)
        assert not caught.value.keyring_unavailable
        assert "locked" in caught.value.message
        _no_secret_in(caught.value, store.state)
        with pytest.raises(TokenStorageError):
            await store.remove()  # the item may still be there: say so, do not pretend
        assert (await store.use_for_session(SECRET)).source is TokenSource.SESSION
        files = [p for p in service.root.rglob("*") if p.is_file()]
        assert not any(SECRET.encode() in p.read_bytes() for p in files)


@pytest.fixture
def silent_bus(tmp_path: Path) -> Iterator[str]:
    """A D-Bus address whose socket accepts connections and never answers: a hung bus."""
    path = tmp_path / "silent-bus"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    server.setblocking(False)
    saved_address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    saved_backend = keyring.core._keyring_backend
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={path}"
    # The Secret Service backend as the app would have detected it before the bus hung.
    keyring.set_keyring(SecretService.Keyring())
    try:
        yield f"unix:path={path}"
    finally:
        keyring.core._keyring_backend = saved_backend
        if saved_address is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved_address
        server.close()  # the stuck keyring call then fails in its own thread


async def test_a_hung_keyring_is_reported_not_waited_for(silent_bus: str) -> None:
    store = TokenStore(environ={}, timeout=0.3)
    state = await asyncio.wait_for(store.load(), KEYRING_TIMEOUT)
    assert state.source is TokenSource.NONE
    assert state.keyring_problem is not None
    assert "did not answer within 0.3 seconds" in state.keyring_problem
    with pytest.raises(TokenStorageError) as caught:
        await store.save(SECRET)
    _no_secret_in(caught.value)


async def test_states_and_errors_never_show_the_token(clean_keyring: SecretServiceProcess) -> None:
    store = TokenStore(environ={})
    saved = await store.save(SECRET)
    session = await store.use_for_session(SECRET)
    environment = await TokenStore(environ={"REPLICATE_API_TOKEN": SECRET}).load()
    for state in (saved, session, environment):
        _no_secret_in(state, state.token, f"{state}", store)
    error = TokenStorageError("The system keyring is locked.")
    _no_secret_in(error)
    _no_secret_in(vars(store))  # even the store's attributes hold only hidden Tokens
