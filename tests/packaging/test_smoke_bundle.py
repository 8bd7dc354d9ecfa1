"""The checks of packaging/smoke_test_bundle.py (which `make package` runs on the real bundle):
what they accept and what they reject."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from gui.utils.resources import APP_ID, ICON_SIZES
from tests.packaging.helpers import ROOT, load_script

smoke = load_script("smoke_test_bundle")
GOOD_OUTPUT = (
    "smoke test: keyring SecretService Keyring\n"
    "smoke test: formulas laid out 1, failed 0, waiting 0\n"
    "smoke test: reply complete\n"
)


def finished(
    stdout: str, returncode: int = 0, stderr: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(["replicate-chat"], returncode, stdout, stderr)


def test_it_agrees_with_the_app_on_the_id_and_the_icon_sizes() -> None:
    assert smoke.APP_ID == APP_ID
    assert smoke.ICON_SIZES == ICON_SIZES


def test_a_complete_reply_with_the_secret_service_passes() -> None:
    assert smoke.problems_in(finished(GOOD_OUTPUT)) == []


def test_the_fail_keyring_an_incomplete_reply_or_a_traceback_fail() -> None:
    fail_keyring = GOOD_OUTPUT.replace("SecretService Keyring", "fail Keyring")
    assert smoke.problems_in(finished(fail_keyring)) == [
        "not the Secret Service keyring: 'smoke test: keyring fail Keyring'"
    ]
    stopped = GOOD_OUTPUT.replace("reply complete", "reply failed")
    assert smoke.problems_in(finished(stopped, returncode=1)) == [
        "exit status 1",
        "no 'smoke test: reply complete' line",
    ]
    crashed = finished("", returncode=1, stderr="Traceback (most recent call last):\n")
    assert len(smoke.problems_in(crashed)) == 5


def test_a_formula_the_bundle_could_not_draw_fails() -> None:
    undrawn = GOOD_OUTPUT.replace("laid out 1, failed 0", "laid out 0, failed 1")
    assert smoke.problems_in(finished(undrawn)) == [
        "the formula was not drawn: smoke test: formulas laid out 0, failed 1, waiting 0"
    ]
    assert smoke.problems_in(finished(undrawn), "no formula here") == []


def test_a_bundle_missing_a_resource_is_reported(tmp_path: Path) -> None:
    bundle = tmp_path / "replicate-chat"
    assert smoke.missing_resources(bundle)  # no resources folder at all
    packaged = bundle / "_internal" / "replicate_chat_resources"
    shutil.copytree(ROOT / "resources", packaged)
    assert smoke.missing_resources(bundle) == []
    (packaged / f"icons/hicolor/24x24/apps/{APP_ID}.png").unlink()
    assert smoke.missing_resources(bundle) == [f"icons/hicolor/24x24/apps/{APP_ID}.png"]


def test_translations_are_required_only_when_the_source_has_them(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT / "resources", source)
    bundle = tmp_path / "bundle"
    shutil.copytree(source, bundle / "_internal" / "replicate_chat_resources")
    for compiled in (bundle / "_internal" / "replicate_chat_resources").glob("translations/*.qm"):
        compiled.unlink()
    assert smoke.missing_resources(bundle, source) != []  # the source has .qm files
    for compiled in source.glob("translations/*.qm"):
        compiled.unlink()
    assert smoke.missing_resources(bundle, source) == []


def test_the_app_runs_in_its_own_home_without_the_callers_bus_or_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", "r8_not_for_the_bundle")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
    env = smoke.isolated_env(tmp_path)
    assert env["HOME"] == str(tmp_path)
    assert env["XDG_CONFIG_HOME"] == str(tmp_path / ".config")
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert "REPLICATE_API_TOKEN" not in env and "DBUS_SESSION_BUS_ADDRESS" not in env
    assert (tmp_path / "run").stat().st_mode & 0o777 == 0o700


def test_a_hung_bundle_is_killed_with_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle that never answers: the run ends at the timeout with a report, and nothing it
    started (here a `sleep` it spawned) is left running."""
    pid_file = tmp_path / "child.pid"
    hung = tmp_path / "hung-app"
    hung.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nwait\n")
    hung.chmod(0o755)
    monkeypatch.setattr(smoke, "TIMEOUT", 3.0)
    result = smoke.run_bundle(hung, "hello")
    assert result.returncode != 0
    assert "no answer within 3.0 s" in result.stderr
    assert "exit status" in " ".join(smoke.problems_in(result))
    child = int(pid_file.read_text())
    for _ in range(50):  # the kernel reaps it a moment after the kill
        try:
            Path(f"/proc/{child}/stat").read_text()
        except FileNotFoundError:
            break
        state = Path(f"/proc/{child}/stat").read_text().split()[2]
        if state == "Z":
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the bundle's child {child} outlived the timeout")
