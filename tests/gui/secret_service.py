"""The real Secret Service for tests: gnome-keyring on a private D-Bus session bus.

`secret_service` (session scope) starts `dbus-daemon` and `gnome-keyring-daemon` once, in a
temporary home, and stops them at the end. It changes nothing in this process by itself, so
tests that do not ask for the keyring never see it. `clean_keyring` (function scope) points
this process at that bus for one test (DBUS_SESSION_BUS_ADDRESS and keyring's backend, both
restored afterwards) and deletes our item before and after the test.

Imported by tests/gui/conftest.py (a non-root conftest cannot declare `pytest_plugins`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
import secretstorage
from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection
from keyring.backends import SecretService as secret_service_backend

from gui.config.keyring_access import ACCOUNT, SERVICE

PASSWORD = "test-login-password"
START_TIMEOUT = 15.0
REQUIRED = ("dbus-daemon", "gnome-keyring-daemon", "secret-tool")
BUS = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus")


def _die_with_pytest() -> None:
    """In the child before exec: get SIGTERM when pytest dies, even by SIGKILL (Linux's
    PR_SET_PDEATHSIG), so no daemon outlives an interrupted run."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


class SecretServiceProcess:
    """A private session bus with gnome-keyring's Secret Service on it, its login collection
    created and unlocked. Use `with SecretServiceProcess() as service:`."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="rc-keyring-"))  # short: socket paths ≤ 107
        self.bus_address = ""
        self._bus: subprocess.Popen[bytes] | None = None
        self._keyring_daemon: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> SecretServiceProcess:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def env(self) -> dict[str, str]:
        """Environment for a subprocess that should use this Secret Service (secret-tool)."""
        env = {
            name: value
            for name, value in os.environ.items()
            # No display: a keyring prompt (gcr-prompter) fails at once instead of waiting for
            # a person, which is also how a dismissed prompt looks to the app.
            if name not in {"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"}
        }
        env.update(
            HOME=str(self.root / "home"),
            XDG_DATA_HOME=str(self.root / "home" / "data"),
            XDG_CONFIG_HOME=str(self.root / "home" / "config"),
            XDG_CACHE_HOME=str(self.root / "home" / "cache"),
            XDG_RUNTIME_DIR=str(self.root / "run"),
        )
        if self.bus_address:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        return env

    def start(self) -> None:
        missing = [program for program in REQUIRED if shutil.which(program) is None]
        if missing:
            pytest.fail(
                f"{', '.join(missing)} not installed: the keyring tests use the real Secret "
                "Service. Run .ci/run (it installs gnome-keyring dbus-x11 libsecret-tools) or "
                "apt install gnome-keyring dbus-x11 libsecret-tools."
            )
        for folder in ("home/data", "home/config", "home/cache", "run"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        (self.root / "run").chmod(0o700)  # gnome-keyring refuses a runtime dir others can read
        self._bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env,
            start_new_session=True,  # a Ctrl+C in the terminal is for pytest, not the daemons
            preexec_fn=_die_with_pytest,
        )
        assert self._bus.stdout is not None
        self.bus_address = self._bus.stdout.readline().decode().strip()
        if not self.bus_address:
            pytest.fail(f"dbus-daemon did not print an address (exit {self._bus.poll()})")
        self._keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
            start_new_session=True,
            preexec_fn=_die_with_pytest,
        )
        assert self._keyring_daemon.stdin is not None
        # --unlock reads the login password from stdin: the login collection is created with it
        # and left unlocked, so no prompt is ever needed.
        self._keyring_daemon.stdin.write(PASSWORD.encode())
        self._keyring_daemon.stdin.close()
        self._wait_for_secrets()
        self._check_login_collection()

    def _wait_for_secrets(self) -> None:
        """Wait until gnome-keyring owns org.freedesktop.secrets on our bus."""
        deadline = time.monotonic() + START_TIMEOUT
        with contextlib.closing(open_dbus_connection(bus=self.bus_address)) as connection:
            while True:
                question = new_method_call(BUS, "NameHasOwner", "s", ("org.freedesktop.secrets",))
                (owned,) = connection.send_and_get_reply(question, timeout=5).body
                if owned:
                    return
                assert self._keyring_daemon is not None
                if self._keyring_daemon.poll() is not None:
                    pytest.fail(
                        f"gnome-keyring-daemon exited ({self._keyring_daemon.returncode}) "
                        "before owning org.freedesktop.secrets"
                    )
                if time.monotonic() > deadline:
                    pytest.fail("gnome-keyring-daemon did not own org.freedesktop.secrets in time")
                time.sleep(0.05)

    def _check_login_collection(self) -> None:
        """The default collection exists and is unlocked (else keyring would need a prompt)."""
        with contextlib.closing(open_dbus_connection(bus=self.bus_address)) as connection:
            collection = secretstorage.get_default_collection(connection)
            if collection.is_locked():
                pytest.fail("gnome-keyring's login collection is locked after --unlock")

    def lock(self) -> None:
        """Lock the login collection, as a screen lock or a timeout would."""
        with contextlib.closing(open_dbus_connection(bus=self.bus_address)) as connection:
            secretstorage.get_default_collection(connection).lock()

    def stop(self) -> None:
        for process in (self._keyring_daemon, self._bus):
            if process is None or process.poll() is not None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._bus is not None and self._bus.stdout is not None:
            self._bus.stdout.close()
        self._keyring_daemon = self._bus = None
        shutil.rmtree(self.root, ignore_errors=True)

    # -- what tests use ----------------------------------------------------------------------

    def secret_tool(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run `secret-tool` on this bus (the real command line client, not our code)."""
        return subprocess.run(
            ["secret-tool", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
            check=False,
        )

    def lookup(self, service: str = SERVICE, username: str = ACCOUNT) -> str | None:
        """The stored secret as `secret-tool lookup` sees it, or None when there is none."""
        result = self.secret_tool("lookup", "service", service, "username", username)
        return result.stdout if result.returncode == 0 and result.stdout else None

    def store(self, secret: str, service: str = SERVICE, username: str = ACCOUNT) -> None:
        """Store a secret with `secret-tool store`, as another program would have."""
        result = self.secret_tool(
            "store", "--label=test item", "service", service, "username", username, stdin=secret
        )
        assert result.returncode == 0, result.stderr

    def clear(self, service: str = SERVICE, username: str = ACCOUNT) -> None:
        """Delete every item with our attributes."""
        self.secret_tool("clear", "service", service, "username", username)

    @contextlib.contextmanager
    def activated(self) -> Iterator[None]:
        """Point this process at this Secret Service: DBUS_SESSION_BUS_ADDRESS and keyring's
        backend (re-detected, so it is exactly what the app would pick). Both are restored after,
        including keyring's "not detected yet" state, so other tests see no difference."""
        saved_address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        # keyring has no public way to read "no backend chosen yet"; get_keyring() would run a
        # detection against whatever bus this process has. So save and restore the module's own.
        saved_backend = keyring.core._keyring_backend
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        try:
            keyring.core.init_backend()
            detected = keyring.get_keyring()
            if not isinstance(detected, secret_service_backend.Keyring):
                pytest.fail(f"keyring picked {detected!r}, not the Secret Service backend")
            yield
        finally:
            keyring.core._keyring_backend = saved_backend
            if saved_address is None:
                os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
            else:
                os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved_address


@pytest.fixture(scope="session")
def secret_service() -> Iterator[SecretServiceProcess]:
    """gnome-keyring's Secret Service on a private bus, for the whole test session."""
    with SecretServiceProcess() as service:
        yield service


@pytest.fixture
def clean_keyring(secret_service: SecretServiceProcess) -> Iterator[SecretServiceProcess]:
    """This test's keyring calls go to `secret_service`, with our item absent at the start and
    deleted at the end."""
    secret_service.clear()
    with secret_service.activated():
        try:
            yield secret_service
        finally:
            secret_service.clear()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """keyring's fail backend, the one it picks when no keyring exists; restored after."""
    from keyring.backends import fail

    saved_backend = keyring.core._keyring_backend
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.core._keyring_backend = saved_backend
