"""The checks of packaging/smoke_test_bundle.py (which `make package` runs on the real bundle):
what they accept and what they reject."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gui.resources import APP_ID, ICON_SIZES
from tests.packaging.helpers import ROOT, load_script

smoke = load_script("smoke_test_bundle")
GOOD_OUTPUT = "smoke test: keyring SecretService Keyring\nsmoke test: reply complete\n"


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
    stopped = "smoke test: keyring SecretService Keyring\nsmoke test: reply failed\n"
    assert smoke.problems_in(finished(stopped, returncode=1)) == [
        "exit status 1",
        "no 'smoke test: reply complete' line",
    ]
    crashed = finished("", returncode=1, stderr="Traceback (most recent call last):\n")
    assert len(smoke.problems_in(crashed)) == 4


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
