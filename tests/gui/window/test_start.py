"""Start-up: what the window's first frame holds, and what waits until it is on screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui.config.settings import AppSettings, GenerationSettings
from gui.config.token_store import TokenStore
from gui.store.conversations import ConversationStore
from gui.utils.paths import resolve_paths
from gui.window.context import AppContext
from gui.window.main_window import MainWindow
from provider.standin import STANDIN_TOKEN, StandIn
from tests.gui.conftest import WINDOW_MODEL

ROOT = Path(__file__).resolve().parents[3]


async def test_the_first_frame_is_the_newest_chat_s_and_its_messages_and_list_come_after(
    standin: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", STANDIN_TOKEN)
    paths = resolve_paths(tmp_path / "data")
    paths.create()
    store = ConversationStore.open(paths.store_file)
    older = store.create_conversation()
    store.add_message(older.id, "user", "An older question")
    newer = store.create_conversation(model="meta/meta-llama-3-8b-instruct")
    question = store.add_message(newer.id, "user", "The newest question")
    answer = store.add_message(newer.id, "assistant", "Its answer")
    window = MainWindow(
        AppContext(
            paths=paths,
            store=store,
            settings=AppSettings(defaults=GenerationSettings(model=WINDOW_MODEL)),
            token_store=TokenStore(),
            base_url=standin.base_url,
        )
    )
    in_first_frame: list[tuple[int | None, str, list[int], int]] = []
    window.first_painted.connect(
        lambda: in_first_frame.append(
            (
                window.shown.id,
                window.model_combo.current_model(),
                window.view.message_ids(),
                window.sidebar.model.rowCount(),
            )
        )
    )
    try:
        window.show()
        await window.start()
        # The first frame is the newest conversation's, with its model in the toolbar; its
        # messages and the list's rows are made right after it (no module that renders a
        # message loads before it either).
        assert in_first_frame == [(newer.id, "meta/meta-llama-3-8b-instruct", [], 0)]
        assert window.view.message_ids() == [question.id, answer.id]
        model = window.sidebar.model
        assert [model.conversation_id(model.index(row)) for row in range(model.rowCount())] == [
            newer.id,
            older.id,
        ]
        assert window.sidebar.current_id() == newer.id
        assert window.first_frame.painted
    finally:
        await window.shutdown()
        window._shutdown_done = True
        window.close()
        window.deleteLater()


def _loaded_by_importing_the_app() -> set[str]:
    """The modules in sys.modules once a fresh interpreter has imported what the app needs
    until its first frame (gui.app.run)."""
    code = "import sys, gui.app.run; print(' '.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_window_imports_no_dialog_until_one_opens() -> None:
    """Dialogs and their modules are not needed for the first frame: each is imported when it
    first opens (gui/window/dialogs.py). The dialog tests import them directly."""
    loaded = _loaded_by_importing_the_app()
    assert "gui.app.run" in loaded
    assert sorted(m for m in loaded if m.startswith("gui.dialogs.")) == []


def test_the_window_imports_no_message_renderer_before_its_first_frame() -> None:
    """The first frame has no message in it: the message widget, the markdown renderer (with
    markdown-it and Pygments), and the export and file-reading code load after it."""
    later = {
        "gui.chat.message.widget",
        "gui.markdown.render",
        "gui.markdown.parsers",
        "markdown_it",
        "pygments",
        "gui.export.formats",
        "gui.attachments.reading",
        "gui.attachments.viewer",
    }
    loaded = _loaded_by_importing_the_app()
    assert "gui.chat.view" in loaded
    assert sorted(later & loaded) == []
