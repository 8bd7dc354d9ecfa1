"""`make install-desktop`'s script: a per-user install into a temporary prefix, validated."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gui.utils.resources import APP_ID, ICON_SIZES
from tests.packaging.helpers import PACKAGING, ROOT, load_script, require_tool, run

install_desktop = load_script("install_desktop")


def expected_files(prefix: Path) -> set[Path]:
    files = {prefix / "applications" / f"{APP_ID}.desktop"}
    files |= {prefix / "metainfo" / f"{APP_ID}.metainfo.xml"}
    files |= {prefix / f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES}
    files |= {prefix / f"icons/hicolor/scalable/apps/{APP_ID}.svg"}
    return files


def exec_line(desktop_file: Path) -> str:
    lines = desktop_file.read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("Exec="))


def test_the_script_installs_a_valid_launcher_and_every_icon(tmp_path: Path) -> None:
    prefix = tmp_path / "share"
    command = tmp_path / "a venv" / "bin" / "replicate-chat"  # a space forces quoting
    result = run(
        sys.executable, PACKAGING / "install_desktop.py", "--prefix", prefix, "--exec", command
    )
    assert result.returncode == 0, result.stderr
    installed = {path for path in prefix.rglob("*") if path.is_file()}
    # The refresh tools may add their caches (mimeinfo.cache, icon-theme.cache) beside ours.
    assert expected_files(prefix) <= installed
    desktop_file = prefix / "applications" / f"{APP_ID}.desktop"
    assert exec_line(desktop_file) == f'Exec="{command}"'
    assert f"TryExec={command}\n" in desktop_file.read_text(encoding="utf-8")
    validation = run(require_tool("desktop-file-validate"), desktop_file)
    assert validation.returncode == 0 and validation.stdout.strip() == "", validation.stdout
    icon = prefix / f"icons/hicolor/48x48/apps/{APP_ID}.png"
    assert (
        icon.read_bytes()
        == (ROOT / f"resources/icons/hicolor/48x48/apps/{APP_ID}.png").read_bytes()
    )


def test_the_installed_tree_passes_appstream_validate_tree(tmp_path: Path) -> None:
    """validate-tree checks the metainfo together with its launcher and icon, as a software
    centre would find them under <root>/usr/share."""
    install_desktop.install(tmp_path / "usr" / "share", "replicate-chat")
    result = run(require_tool("appstreamcli"), "validate-tree", "--no-net", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [line for line in result.stdout.splitlines() if line.lstrip()[:2] in {"E:", "W:"}]


def test_uninstall_removes_exactly_what_install_wrote(tmp_path: Path) -> None:
    prefix = tmp_path / "share"
    neighbour = prefix / "applications" / "someone-else.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\n", encoding="utf-8")
    written = install_desktop.install(prefix, "replicate-chat")
    assert set(written) == expected_files(prefix)
    removed = install_desktop.uninstall(prefix)
    assert set(removed) == set(written)
    assert not any(path.exists() for path in written)
    assert neighbour.exists()


def test_a_plain_command_is_left_for_path_lookup(tmp_path: Path) -> None:
    install_desktop.install(tmp_path, "replicate-chat")
    desktop_file = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert exec_line(desktop_file) == "Exec=replicate-chat"
    assert "TryExec" not in desktop_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "spelled"),
    [
        ("/opt/rc/bin/replicate-chat", "/opt/rc/bin/replicate-chat"),
        ("/home/a b/replicate-chat", '"/home/a b/replicate-chat"'),
        ('/tmp/say "hi"/x', '"/tmp/say \\\\"hi\\\\"/x"'),
        ("/tmp/100%/x", '"/tmp/100%%/x"'),
        ("/tmp/$HOME/x", '"/tmp/\\\\$HOME/x"'),
    ],
)
def test_exec_values_are_quoted_and_escaped_as_the_desktop_entry_spec_says(
    command: str, spelled: str
) -> None:
    assert install_desktop.exec_value(command) == spelled


def test_the_default_prefix_follows_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert install_desktop.default_prefix() == tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert install_desktop.default_prefix() == tmp_path / "home" / ".local" / "share"
