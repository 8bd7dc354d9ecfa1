"""The command line: --version, --help, export without a window, and where files go."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.__main__ import build_parser
from gui.app.logs import (
    AppConsoleHandler,
    PrivateRotatingFileHandler,
    configure_logging,
    unconfigure_logging,
)
from gui.export.formats import export_markdown
from gui.store.conversations import ConversationStore
from gui.utils.paths import app_paths, resolve_paths
from gui.utils.version import app_version

TOKEN = "r8_" + "Qz7" * 12


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gui", *args], capture_output=True, text=True, timeout=60
    )


def test_version_prints_the_installed_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"replicate-chat {app_version()}"


def test_help_names_every_option_and_the_export_command() -> None:
    text = build_parser().format_help()
    for option in ("--demo", "--data-dir", "--version", "--smoke-test", "export"):
        assert option in text


def test_export_prints_stored_conversations_without_a_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with ConversationStore.open(data / "conversations.sqlite3") as store:
        conversation = store.create_conversation(model="meta/meta-llama-3-8b-instruct")
        store.add_message(conversation.id, "user", "What is 2+2?")
        store.add_message(conversation.id, "assistant", "**4**, and `2*2` too.\n\n```\nx = 4\n```")
        expected = export_markdown(store, None)
    env = dict(os.environ, QT_QPA_PLATFORM="none-at-all")  # no Qt may load for an export
    result = subprocess.run(
        [sys.executable, "-m", "gui", "export", "--all", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    out = tmp_path / "chat.json"
    result = run_cli("export", "--conversation", str(conversation.id), "--format", "json",
                     "-o", str(out), "--data-dir", str(data))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"What is 2+2?"' in out.read_text(encoding="utf-8")
    assert run_cli("export", "--conversation", "999", "--data-dir", str(data)).returncode == 2


def test_data_folder_follows_xdg_and_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = resolve_paths()
    assert paths.store_file == tmp_path / "xdg-data" / "replicate-chat" / "conversations.sqlite3"
    assert paths.settings_file == tmp_path / "xdg-config" / "replicate-chat" / "settings.json"
    assert resolve_paths(tmp_path / "mine").data_dir == tmp_path / "mine"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert resolve_paths().data_dir == Path.home() / ".local/share/replicate-chat"


def test_theme_and_language_can_be_chosen_for_one_run() -> None:
    options = build_parser().parse_args(["--theme", "dark", "--language", "ru"])
    assert (options.theme, options.language) == ("dark", "ru")
    plain = build_parser().parse_args([])
    assert (plain.theme, plain.language) == (None, None)  # the saved choice applies
    result = run_cli("--theme", "purple")
    assert result.returncode == 2
    assert "invalid choice: 'purple'" in result.stderr


def test_the_demo_keeps_its_chats_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    demo = argparse.Namespace(demo=True, data_dir=None)
    assert app_paths(demo).data_dir == tmp_path / "replicate-chat" / "demo"
    chosen = argparse.Namespace(demo=True, data_dir=tmp_path / "here")
    assert app_paths(chosen).data_dir == tmp_path / "here"


def test_the_log_file_never_holds_a_token(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    try:
        logging.getLogger("test").error("request failed with Authorization: Bearer %s", TOKEN)
        try:
            raise ValueError(f"bad token {TOKEN}")
        except ValueError:
            logging.getLogger("test").exception("unexpected")
    finally:
        unconfigure_logging()
    text = path.read_text(encoding="utf-8")
    assert "request failed" in text and "unexpected" in text
    assert TOKEN not in text and TOKEN[3:20] not in text
    assert (path.stat().st_mode & 0o777) == 0o600


def test_configuring_logging_again_replaces_only_the_apps_own_handlers(tmp_path: Path) -> None:
    root = logging.getLogger()
    foreign = logging.NullHandler()  # a handler someone else installed (pytest has its own)
    root.addHandler(foreign)
    try:
        configure_logging(tmp_path / "one")
        configure_logging(tmp_path / "two")
        ours = [h for h in root.handlers if isinstance(h, AppConsoleHandler)]
        files = [h for h in root.handlers if isinstance(h, PrivateRotatingFileHandler)]
        assert len(ours) == 1 and len(files) == 1
        assert files[0].baseFilename.startswith(str(tmp_path / "two"))
        assert foreign in root.handlers
        unconfigure_logging()
        assert not [h for h in root.handlers if isinstance(h, AppConsoleHandler)]
        assert foreign in root.handlers
    finally:
        unconfigure_logging()
        root.removeHandler(foreign)


def test_a_rotated_log_file_is_private_too(tmp_path: Path) -> None:
    handler = PrivateRotatingFileHandler(tmp_path / "x.log", maxBytes=10, backupCount=1)
    try:
        handler.emit(logging.makeLogRecord({"msg": "long enough to rotate the file"}))
        handler.emit(logging.makeLogRecord({"msg": "and once more"}))
    finally:
        handler.close()
    assert (tmp_path / "x.log.1").exists()
    assert ((tmp_path / "x.log").stat().st_mode & 0o777) == 0o600
