"""Where Replicate Chat keeps its files: data (the conversation store), config, cache and logs.

Follows the platform's conventions without Qt, so `replicate-chat export` needs no window:
XDG base directories on Linux and the BSDs (XDG_DATA_HOME and friends are respected),
~/Library on macOS, %APPDATA% / %LOCALAPPDATA% on Windows. `--data-dir` overrides the data folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "replicate-chat"
STORE_FILE_NAME = "conversations.sqlite3"
SETTINGS_FILE_NAME = "settings.json"


@dataclass(frozen=True)
class AppPaths:
    """Where the app keeps its data, settings, cache and logs."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def store_file(self) -> Path:
        return self.data_dir / STORE_FILE_NAME

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_FILE_NAME

    def create(self) -> None:
        """Make the folders, readable by the owner only: conversations are private."""
        for folder in (self.data_dir, self.config_dir, self.cache_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    # The XDG spec says relative paths are invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The folders for this platform; `data_dir` (from --data-dir) replaces the data folder."""
    if sys.platform == "darwin":
        support = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
        paths = AppPaths(
            support,
            support,
            Path.home() / "Library" / "Caches" / APP_DIR_NAME,
            Path.home() / "Library" / "Logs" / APP_DIR_NAME,
        )
    elif sys.platform == "win32":
        roaming = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        local = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        paths = AppPaths(
            roaming / APP_DIR_NAME,
            roaming / APP_DIR_NAME,
            local / APP_DIR_NAME / "cache",
            local / APP_DIR_NAME / "logs",
        )
    else:
        paths = AppPaths(
            _xdg("XDG_DATA_HOME", ".local/share") / APP_DIR_NAME,
            _xdg("XDG_CONFIG_HOME", ".config") / APP_DIR_NAME,
            _xdg("XDG_CACHE_HOME", ".cache") / APP_DIR_NAME,
            _xdg("XDG_STATE_HOME", ".local/state") / APP_DIR_NAME,
        )
    if data_dir is not None:
        paths = AppPaths(Path(data_dir).expanduser(), *_rest(paths))
    return paths


def _rest(paths: AppPaths) -> tuple[Path, Path, Path]:
    return paths.config_dir, paths.cache_dir, paths.log_dir


def app_paths(options: argparse.Namespace) -> AppPaths:
    """The app's folders for its command line: the demo keeps its chats apart from real ones
    unless --data-dir says where to put them."""
    paths = resolve_paths(options.data_dir)
    if options.demo and options.data_dir is None:
        paths = dataclasses.replace(paths, data_dir=paths.data_dir / "demo")
    return paths
