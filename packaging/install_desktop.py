"""Install (or remove) the launcher, icons and AppStream metadata for the current user.

    python3 packaging/install_desktop.py [--exec COMMAND] [--prefix DIR] [--uninstall]

Files go under DIR (default ${XDG_DATA_HOME:-~/.local/share}), as the freedesktop specs
expect for a per-user install:
  applications/<APP_ID>.desktop             the launcher, with Exec= set to COMMAND
  icons/hicolor/<N>x<N>/apps/<APP_ID>.png    every rendered size, and scalable/apps/<APP_ID>.svg
  metainfo/<APP_ID>.metainfo.xml             for software centres
then the desktop database and the icon cache are refreshed when those tools exist.

COMMAND defaults to `replicate-chat`, found on PATH when the launcher runs: right after
`pipx install .` (pipx links it into ~/.local/bin). `make install-desktop` passes the absolute
path of the project's .venv/bin/replicate-chat instead, so the launcher works without PATH.
Standard library only, so that uninstalling needs no virtual environment.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = (
    "io.github.replicatechat.ReplicateChat"  # gui/utils/resources.py APP_ID; a test compares them
)
DESKTOP_SOURCE = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO_SOURCE = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
ICONS_SOURCE = ROOT / "resources" / "icons" / "hicolor"
# Characters that force quoting in an Exec key (Desktop Entry spec, "The Exec key").
EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def default_prefix() -> Path:
    """${XDG_DATA_HOME:-~/.local/share}: where per-user applications and icons live."""
    data_home = os.environ.get("XDG_DATA_HOME", "")
    # The XDG spec: a relative value is invalid and must be ignored.
    if data_home and Path(data_home).is_absolute():
        return Path(data_home)
    return Path.home() / ".local" / "share"


def exec_value(command: str) -> str:
    """`command` as one Exec argument, as the file must spell it.

    Quoted when it holds a reserved character, with " ` $ \\ backslash-escaped inside the
    quotes and % doubled (a lone % starts a field code); then every backslash is doubled once
    more, because Exec is also a string value and string escapes are undone first.
    """
    if not (set(command) & EXEC_RESERVED) and "%" not in command:
        return command
    quoted = "".join("\\" + char if char in '"`$\\' else char for char in command)
    quoted = '"' + quoted.replace("%", "%%") + '"'
    return quoted.replace("\\", "\\\\")


def desktop_entry(command: str) -> str:
    """The packaged .desktop file with its Exec (and TryExec for absolute paths) set."""
    lines = []
    for line in DESKTOP_SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_value(command)
            if os.path.isabs(command):
                # The menu hides the entry once the program is gone (a deleted .venv).
                lines.append("TryExec=" + command.replace("\\", "\\\\"))
        lines.append(line)
    return "\n".join(lines) + "\n"


def planned_files(prefix: Path) -> dict[Path, Path | None]:
    """Target path -> source file (None for the .desktop file, which is generated)."""
    files: dict[Path, Path | None] = {
        prefix / "applications" / DESKTOP_SOURCE.name: None,
        prefix / "metainfo" / METAINFO_SOURCE.name: METAINFO_SOURCE,
    }
    for source in sorted(ICONS_SOURCE.glob(f"*/apps/{APP_ID}.*")):
        files[prefix / "icons" / "hicolor" / source.relative_to(ICONS_SOURCE)] = source
    return files


def refresh_caches(prefix: Path) -> None:
    """Tell the desktop about the change; each tool is optional (not every desktop has it)."""
    commands = [
        ["update-desktop-database", "--quiet", str(prefix / "applications")],
        # -t: a per-user hicolor folder has no index.theme; -f: rebuild even if up to date.
        ["gtk-update-icon-cache", "--quiet", "-f", "-t", str(prefix / "icons" / "hicolor")],
    ]
    for command in commands:
        if shutil.which(command[0]) is not None:
            subprocess.run(command, check=False)


def install(prefix: Path, command: str) -> list[Path]:
    """Copy every file into `prefix`; the files written."""
    written = []
    for target, source in planned_files(prefix).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            target.write_text(desktop_entry(command), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    refresh_caches(prefix)
    return written


def uninstall(prefix: Path) -> list[Path]:
    """Remove what install() wrote (only those files); the files removed."""
    removed = []
    for target in planned_files(prefix):
        if target.is_file():
            target.unlink()
            removed.append(target)
    refresh_caches(prefix)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--prefix", type=Path, default=None, help="data folder (default: %(default)s)"
    )
    parser.add_argument("--exec", dest="command", default="replicate-chat", help="program to run")
    parser.add_argument("--uninstall", action="store_true", help="remove the installed files")
    options = parser.parse_args(argv)
    prefix = (options.prefix or default_prefix()).expanduser().resolve()
    if options.uninstall:
        removed = uninstall(prefix)
        print(f"removed {len(removed)} file(s) from {prefix}")
        return 0
    if not os.path.isabs(options.command) and shutil.which(options.command) is None:
        print(f"note: {options.command} is not on PATH now; the launcher needs it there")
    written = install(prefix, options.command)
    print(f"installed {len(written)} file(s) into {prefix} (Exec={exec_value(options.command)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
