"""The recipes that cannot be built here (Flatpak, Windows, macOS) stay consistent with the
project: the same id, version and dependencies. The PyInstaller spec at least compiles."""

from __future__ import annotations

import plistlib
import re
from importlib.metadata import requires, version

from gui.utils.resources import APP_ID
from tests.packaging.helpers import PACKAGING

FLATPAK = PACKAGING / "flatpak"
# Provided by io.qt.PySide.BaseApp in the Flatpak, not built from requirements.txt.
FROM_THE_BASEAPP = {"pyside6-essentials"}


def requirement_name(line: str) -> str:
    return re.split(r"[<>=!~;\[ ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_the_flatpak_builds_the_runtime_dependencies_except_pyside() -> None:
    runtime = {
        requirement_name(line)
        for line in requires("replicate-chat") or []
        if "extra ==" not in line
    }
    lines = (FLATPAK / "requirements.txt").read_text(encoding="utf-8").splitlines()
    listed = {requirement_name(line) for line in lines if line.strip() and not line.startswith("#")}
    assert listed - {"setuptools"} == runtime - FROM_THE_BASEAPP


def test_the_flatpak_manifest_names_the_app_its_base_and_its_permissions() -> None:
    text = (FLATPAK / f"{APP_ID}.yml").read_text(encoding="utf-8")
    assert text.startswith("# Flatpak manifest") and "UNTESTED" in text.split("\nid:")[0]
    assert re.search(rf"^id: {re.escape(APP_ID)}$", text, re.M)
    runtime = re.search(r"^runtime-version: '([\d.]+)'$", text, re.M)
    base = re.search(r"^base-version: '([\d.]+)'$", text, re.M)
    assert runtime and base and runtime.group(1) == base.group(1)  # the BaseApp's branch
    assert re.search(r"^base: io\.qt\.PySide\.BaseApp$", text, re.M)
    assert re.search(r"^command: replicate-chat$", text, re.M)
    arguments = set(re.findall(r"^  - (--[\w-]+=\S+)$", text, re.M))
    assert {
        "--share=network",
        "--socket=wayland",
        "--socket=fallback-x11",
        "--share=ipc",
        "--device=dri",
        "--talk-name=org.freedesktop.secrets",
    } == arguments


def test_the_macos_info_plist_is_valid_and_current() -> None:
    with (PACKAGING / "macos" / "Info.plist").open("rb") as file:
        info = plistlib.load(file)
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["CFBundleShortVersionString"] == version("replicate-chat")
    assert info["CFBundleExecutable"] == "replicate-chat"  # PyInstaller's executable name
    assert info["CFBundleIconFile"] == "replicate-chat.icns"  # the icon the spec passes
    assert info["NSHighResolutionCapable"] is True
    assert re.fullmatch(r"\d+\.\d+", info["LSMinimumSystemVersion"])


def test_the_inno_setup_script_is_per_user_and_current() -> None:
    text = (PACKAGING / "windows" / "replicate-chat.iss").read_text(encoding="utf-8")
    assert "UNTESTED" in text
    assert re.search(rf"^AppId={re.escape(APP_ID)}$", text, re.M)
    assert f'#define AppVersion "{version("replicate-chat")}"' in text
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.M)
    assert 'Source: "..\\..\\dist\\replicate-chat\\*"' in text
    assert "{autoprograms}" in text


def test_the_pyinstaller_spec_compiles() -> None:
    source = (PACKAGING / "replicate-chat.spec").read_text(encoding="utf-8")
    compile(source, "replicate-chat.spec", "exec")
    assert "name=APP_NAME" in source and 'APP_NAME = "replicate-chat"' in source
