"""Smoke-test the PyInstaller bundle itself (the last step of `make package`).

1. The bundle carries the resources: every hicolor PNG, the .ico and .icns, and the style sheets
   and compiled translations that exist in the source tree.
2. The built executable runs the demo offscreen inside a private D-Bus session with
   gnome-keyring's Secret Service unlocked, and a temporary HOME and XDG folders, so nothing
   touches the real home or the real keyring. It sends one message, waits for the whole reply,
   and must print `smoke test: reply complete` and a keyring line naming the Secret Service
   backend: a bundle that lost keyring's backends would fall back to its "fail" keyring. The
   message holds a formula, which the reply quotes: it must be drawn, by the helper process
   the app spawns (a frozen app must run that process itself).

Exit status 0 if all holds; otherwise 1 with the reason and the app's output.
Standard library only: it runs with any Python 3.10+.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = (
    "io.github.replicatechat.ReplicateChat"  # gui/utils/resources.py APP_ID; a test compares them
)
RESOURCES_PACKAGE = "replicate_chat_resources"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The demo reply quotes the message, so the formula is drawn, by the helper process.
MESSAGE = "Hello from the packaged app: $e^{i\\pi} + 1 = 0$"
TIMEOUT = 180.0
# Start gnome-keyring on the session bus dbus-run-session made, unlock its login collection
# with a throwaway password, then become the app ("$@") so its exit status is ours.
KEYRING_SHELL = (
    "printf %s smoke-test-password | gnome-keyring-daemon --unlock --components=secrets "
    '>/dev/null && exec "$@"'
)


def bundle_resources(bundle: Path) -> Path:
    """Where PyInstaller (6.x, one-folder) put the resources package inside `bundle`."""
    for candidate in (bundle / "_internal" / RESOURCES_PACKAGE, bundle / RESOURCES_PACKAGE):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no {RESOURCES_PACKAGE} folder in {bundle}")


def missing_resources(bundle: Path, source: Path = ROOT / "resources") -> list[str]:
    """Resource files the bundle should carry but does not (relative paths)."""
    expected = [f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES]
    expected += ["icons/replicate-chat.ico", "icons/replicate-chat.icns"]
    # Style sheets and compiled translations only if the source tree has them (the .qm files
    # appear when `make translations` has run).
    for pattern in ("styles/*.qss", "translations/*.qm"):
        expected += [str(path.relative_to(source)) for path in sorted(source.glob(pattern))]
    try:
        packaged = bundle_resources(bundle)
    except FileNotFoundError:
        return expected
    return [name for name in expected if not (packaged / name).is_file()]


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for the app: offscreen Qt, its own HOME and XDG folders, no display, no
    session bus of the caller (dbus-run-session makes a fresh one)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"}
        and not name.startswith(("XDG_", "REPLICATE_"))  # no real token, no other API host
    }
    folders = {
        "HOME": home,
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_RUNTIME_DIR": home / "run",  # gnome-keyring puts its control socket here
    }
    for path in folders.values():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    env.update({name: str(path) for name, path in folders.items()})
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_bundle(executable: Path, message: str) -> subprocess.CompletedProcess[str]:
    """Run the demo smoke test of `executable` in a private D-Bus session with the keyring."""
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (bash .ci/run installs it)")
    # Short path: the D-Bus and keyring sockets live under it and socket paths are limited.
    with tempfile.TemporaryDirectory(prefix="rc-bundle-") as temp:
        command = ["dbus-run-session", "--", "sh", "-c", KEYRING_SHELL, "sh"]
        command += [str(executable), "--demo", "--smoke-test", message]
        # A session of its own: on a hang, the whole group goes (the bundle and the keyring
        # daemon run under dbus-run-session's shell, which subprocess.run's kill would miss).
        process = subprocess.Popen(
            command,
            env=isolated_env(Path(temp)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            stderr += f"\nsmoke test: no answer within {TIMEOUT} s; the process group was killed"
            return subprocess.CompletedProcess(command, -signal.SIGKILL, stdout, stderr)
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def problems_in(result: subprocess.CompletedProcess[str], message: str = MESSAGE) -> list[str]:
    """What is wrong with a smoke-test run; empty if it passed."""
    problems = []
    lines = result.stdout.splitlines()
    if result.returncode != 0:
        problems.append(f"exit status {result.returncode}")
    if "smoke test: reply complete" not in lines:
        problems.append("no 'smoke test: reply complete' line")
    keyring_lines = [line for line in lines if line.startswith("smoke test: keyring ")]
    if not keyring_lines:
        problems.append("no 'smoke test: keyring ...' line")
    elif "SecretService" not in keyring_lines[-1]:
        problems.append(f"not the Secret Service keyring: {keyring_lines[-1]!r}")
    if "$" in message and "smoke test: formulas laid out 1, failed 0, waiting 0" not in lines:
        formulas = [line for line in lines if line.startswith("smoke test: formulas")]
        problems.append(f"the formula was not drawn: {formulas[-1] if formulas else 'no line'}")
    if "Traceback (most recent call last)" in result.stderr:
        problems.append("a Python traceback on stderr")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("bundle", type=Path, nargs="?", default=ROOT / "dist" / "replicate-chat")
    parser.add_argument("--message", default=MESSAGE)
    options = parser.parse_args(argv)
    executable = options.bundle / "replicate-chat"
    if not executable.is_file():
        print(f"smoke test of the bundle: {executable} does not exist", file=sys.stderr)
        return 1
    missing = missing_resources(options.bundle)
    if missing:
        print("smoke test of the bundle: resources missing:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    started = time.monotonic()
    result = run_bundle(executable, options.message)
    elapsed = time.monotonic() - started
    problems = problems_in(result, options.message)
    if problems:
        print("smoke test of the bundle FAILED: " + "; ".join(problems), file=sys.stderr)
        print(f"--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}", file=sys.stderr)
        return 1
    for line in result.stdout.splitlines():
        if line.startswith("smoke test:"):
            print(line)
    print(f"smoke test of the bundle passed in {elapsed:.1f} s ({executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
