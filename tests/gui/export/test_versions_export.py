"""Exporting versions: Markdown the path shown (or every version), JSON the whole tree; and a
store of the release before versions exported read-only, its file untouched."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from gui.export.formats import export_json, export_markdown, run_export
from gui.store.conversations import ConversationStore
from gui.store.schema import migrate
from gui.utils.paths import resolve_paths


def tree(store: ConversationStore) -> tuple[int, dict[str, int]]:
    """Q, A1 / A2 (A2 shown), and Q2 below A2."""
    conversation = store.create_conversation("Versions")
    q = store.add_message(conversation.id, "user", "Question").id
    a1 = store.add_message(conversation.id, "assistant", "First answer").id
    a2 = store.add_message(conversation.id, "assistant", "Second answer", parent=q).id
    q2 = store.add_message(conversation.id, "user", "Follow-up").id
    return conversation.id, {"q": q, "a1": a1, "a2": a2, "q2": q2}


def test_markdown_is_the_path_shown_unless_every_version_is_asked_for(tmp_path: Path):
    with ConversationStore.open(tmp_path / "s.sqlite3") as store:
        conversation, _ = tree(store)
        shown = export_markdown(store, [conversation])
        assert "Second answer" in shown and "First answer" not in shown
        assert "version" not in shown
        every = export_markdown(store, [conversation], all_versions=True)
        assert every.index("First answer") < every.index("Second answer") < every.index("Follow-up")
        assert "(version 1 of 2)" in every and "(version 2 of 2, shown)" in every


def test_json_holds_the_whole_tree_with_the_path_marked(tmp_path: Path):
    with ConversationStore.open(tmp_path / "s.sqlite3") as store:
        conversation, ids = tree(store)
        document = json.loads(export_json(store, [conversation]))
    messages = document["conversations"][0]["messages"]
    assert [(m["id"], m["parent_id"], m["on_path"]) for m in messages] == [
        (ids["q"], None, True),
        (ids["a1"], ids["q"], False),
        (ids["a2"], ids["q"], True),
        (ids["q2"], ids["a2"], True),
    ]
    # A reader of version 1 took every message as the path; one of version 2 filters on_path.
    assert [m["content"] for m in messages if m["on_path"]] == [
        "Question",
        "Second answer",
        "Follow-up",
    ]


def test_a_store_of_the_previous_release_exports_without_being_changed(tmp_path: Path, capsys):
    data = tmp_path / "data"
    path = resolve_paths(data).store_file
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    conn.execute(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'T', 1, 1)"
    )
    conn.execute(
        "INSERT INTO messages (conversation_id, position, role, content, status, created_at, "
        "updated_at) VALUES (1, 0, 'user', 'Old question', 'complete', 1, 1), "
        "(1, 1, 'assistant', 'Old answer', 'complete', 1, 1)"
    )
    conn.close()
    before = path.read_bytes()
    assert run_export(["--data-dir", str(data), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    messages = document["conversations"][0]["messages"]
    assert [(m["content"], m["on_path"]) for m in messages] == [
        ("Old question", True),
        ("Old answer", True),
    ]
    assert path.read_bytes() == before  # read from a migrated copy in memory
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 3
    check.close()
