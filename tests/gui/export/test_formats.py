"""Export as Markdown and JSON, writing files atomically, and the `export` command."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.export.formats import export_json, export_markdown, run_export
from gui.store.conversations import ConversationStore
from gui.store.records import FAILED, INTERRUPTED, STOPPED
from gui.store.schema import StoreError
from gui.utils.atomic_file import write_atomically
from gui.utils.paths import resolve_paths

REPO = Path(__file__).resolve().parents[3]
CODE = "Here you go:\n\n```python\ndef f(x):\n    return x * 2  # *not* emphasis\n```\n"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "conversations.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(store_path)
    yield opened
    opened.close()


def _local(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).astimezone().strftime("%Y-%m-%d %H:%M %z")


def _sample(store: ConversationStore) -> int:
    conversation = store.create_conversation(model="meta/meta-llama-3-70b-instruct")
    store.add_message(conversation.id, "user", "Write `f` in Python")
    store.add_message(conversation.id, "assistant", CODE)
    store.add_message(conversation.id, "user", "And in Rust?")
    stopped = store.add_message(conversation.id, "assistant", "fn f(x: i32)")
    store.update_message(stopped.id, status=STOPPED)
    store.add_message(conversation.id, "user", "Try again")
    failed = store.add_message(conversation.id, "assistant", "")
    store.update_message(failed.id, status=FAILED, error="The model failed: *out* of memory")
    return conversation.id


def test_markdown_is_exact(store: ConversationStore):
    conversation_id = _sample(store)
    conversation = store.get_conversation(conversation_id)
    assert conversation is not None
    expected = (
        "# Write f in Python\n\n"
        f"Model: meta/meta-llama-3-70b-instruct · Created {_local(conversation.created_at)} · "
        f"Updated {_local(conversation.updated_at)}\n\n"
        "## You\n\nWrite `f` in Python\n\n"
        f"## Assistant\n\n{CODE}\n"
        "## You\n\nAnd in Rust?\n\n"
        "## Assistant\n\nfn f(x: i32)\n\n"
        "*Stopped before the answer was finished.*\n\n"
        "## You\n\nTry again\n\n"
        "## Assistant\n\n"
        "*The answer failed: The model failed: \\*out\\* of memory*\n\n"
    )
    assert export_markdown(store, [conversation_id]) == expected


def test_markdown_orders_notes_and_skips_deleted(store: ConversationStore):
    first = store.create_conversation("First")
    store.add_message(first.id, "user", "one")
    second = store.create_conversation("  Second\nline ")
    message = store.add_message(second.id, "assistant", "cut off")
    store.update_message(message.id, status=INTERRUPTED)
    deleted = store.create_conversation("Deleted one")
    store.delete_conversation(deleted.id)
    untitled = store.create_conversation()

    document = export_markdown(store, None)
    headings = [line for line in document.splitlines() if line.startswith("# ")]
    assert headings == ["# Untitled chat", "# Second line", "# First"]
    assert "*Interrupted: Replicate Chat closed before the answer was finished.*" in document
    assert "Deleted one" not in document
    chosen = export_markdown(store, [first.id, untitled.id])
    assert [line for line in chosen.splitlines() if line.startswith("# ")] == [
        "# First",
        "# Untitled chat",
    ]
    with pytest.raises(StoreError, match=f"no conversation {deleted.id}"):
        export_markdown(store, [deleted.id])


def test_json_has_every_field(store: ConversationStore):
    conversation_id = _sample(store)
    store.set_conversation_settings(conversation_id, "x/y", {"temperature": 0.3})
    document = json.loads(export_json(store, None))
    assert document["format"] == "replicate-chat-export"
    assert document["version"] == 3
    assert datetime.fromisoformat(document["exported_at"]).tzinfo is not None
    [conversation] = document["conversations"]
    stored = store.get_conversation(conversation_id)
    assert stored is not None
    assert conversation["id"] == conversation_id
    assert conversation["title"] == "Write f in Python"
    assert (conversation["model"], conversation["params"]) == ("x/y", {"temperature": 0.3})
    created = datetime.fromisoformat(conversation["created_at"])
    assert created == datetime.fromtimestamp(stored.created_at, tz=timezone.utc)
    assert datetime.fromisoformat(conversation["updated_at"]).timestamp() == pytest.approx(
        stored.updated_at
    )
    messages = conversation["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3
    assert messages[1]["content"] == CODE
    assert [m["status"] for m in messages[3::2]] == [STOPPED, FAILED]
    assert messages[5]["error"] == "The model failed: *out* of memory"
    assert set(messages[0]) == {
        "id",
        "parent_id",
        "on_path",
        "thinking",
        "role",
        "content",
        "status",
        "error",
        "model",
        "metrics",
        "created_at",
        "attachments",
    }


def test_json_round_trips_any_text(tmp_path: Path):
    with ConversationStore.open(tmp_path / "s.sqlite3") as store:

        @settings(max_examples=60, deadline=None)
        @given(st.lists(st.text(), min_size=1, max_size=4), st.text())
        def check(contents: list[str], title: str) -> None:
            conversation = store.create_conversation(title)
            for n, content in enumerate(contents):
                store.add_message(conversation.id, "user" if n % 2 else "assistant", content)
            [exported] = json.loads(export_json(store, [conversation.id]))["conversations"]
            stored = store.get_conversation(conversation.id)
            assert stored is not None
            assert exported["title"] == stored.title
            assert [m["content"] for m in exported["messages"]] == contents
            assert all(content in export_markdown(store, [conversation.id]) for content in contents)

        check()


def test_write_atomically_replaces_privately_and_leaves_no_temporaries(tmp_path: Path):
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o644)
    write_atomically(target, "new ☕\r\nline")
    assert target.read_bytes() == "new ☕\r\nline".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.md"]
    with pytest.raises(OSError):
        write_atomically(tmp_path / "missing" / "out.md", "x")
    assert os.listdir(tmp_path) == ["out.md"]


def test_run_export_to_stdout(store: ConversationStore, store_path, capsysbinary):
    conversation_id = _sample(store)
    data_dir = os.fspath(store_path.parent)
    assert run_export(["--data-dir", data_dir]) == 0
    assert capsysbinary.readouterr().out.decode() == export_markdown(store, None)
    assert run_export(["--data-dir", data_dir, "--conversation", str(conversation_id)]) == 0
    assert capsysbinary.readouterr().out.decode() == export_markdown(store, [conversation_id])
    assert run_export(["--data-dir", data_dir, "--all", "--format", "json"]) == 0
    document = json.loads(capsysbinary.readouterr().out)
    assert document["conversations"][0]["messages"][1]["content"] == CODE


def test_run_export_uses_the_default_data_folder(tmp_path: Path, capsys):
    with ConversationStore.open(resolve_paths().store_file) as store:
        store.create_conversation("In the default place")
    assert run_export(["--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["conversations"][0]["title"] == (
        "In the default place"
    )


def test_run_export_to_a_file(store: ConversationStore, store_path: Path, tmp_path: Path):
    _sample(store)
    out = tmp_path / "export.json"
    args = ["--data-dir", os.fspath(store_path.parent), "--format", "json", "-o", os.fspath(out)]
    assert run_export(args) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["conversations"][0]["messages"][1][
        "content"
    ] == (CODE)


def test_run_export_errors(store: ConversationStore, store_path: Path, tmp_path: Path, capsys):
    data_dir = os.fspath(store_path.parent)
    assert run_export(["--data-dir", data_dir, "--conversation", "99"]) == 2
    assert "There is no conversation 99." in capsys.readouterr().err
    assert run_export(["--all", "--conversation", "1"]) == 2
    assert "not allowed with" in capsys.readouterr().err
    assert run_export(["--format", "pdf"]) == 2
    assert (
        run_export(["-o", os.fspath(tmp_path / "no" / "such" / "dir.md"), "--data-dir", data_dir])
        == 1
    )
    assert "cannot write" in capsys.readouterr().err


def test_run_export_without_a_store_creates_nothing(tmp_path: Path, capsys):
    data_dir = tmp_path / "fresh"
    assert run_export(["--data-dir", os.fspath(data_dir)]) == 0
    captured = capsys.readouterr()
    assert (captured.out, "No conversations yet" in captured.err) == ("", True)
    assert run_export(["--data-dir", os.fspath(data_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["conversations"] == []
    assert run_export(["--data-dir", os.fspath(data_dir), "--conversation", "1"]) == 2
    assert not data_dir.exists()


def test_run_export_refuses_a_damaged_store_and_leaves_it(store_path: Path, capsys):
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"definitely not sqlite" * 100)
    assert run_export(["--data-dir", os.fspath(store_path.parent)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert os.listdir(store_path.parent) == [store_path.name]
    assert store_path.read_bytes() == b"definitely not sqlite" * 100


def test_export_as_a_separate_process(store: ConversationStore, store_path: Path, tmp_path):
    conversation_id = _sample(store)
    command = [
        sys.executable,
        "-m",
        "gui.export.formats",
        "--data-dir",
        os.fspath(store_path.parent),
    ]
    result = subprocess.run(
        [*command, "--format", "json"], cwd=REPO, capture_output=True, timeout=60, check=True
    )
    exported = json.loads(result.stdout.decode("utf-8"))["conversations"][0]
    assert [m["content"] for m in exported["messages"]] == [
        m.content for m in store.messages(conversation_id)
    ]
    out = tmp_path / "chat.md"
    subprocess.run([*command, "-o", os.fspath(out)], cwd=REPO, timeout=60, check=True)
    assert out.read_text(encoding="utf-8") == export_markdown(store, None)
    missing = subprocess.run(
        [*command, "--conversation", "404"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert (missing.returncode, missing.stderr.strip()) == (2, "There is no conversation 404.")


def test_the_store_and_export_load_no_qt():
    """`replicate-chat export` runs without a window: these modules never import Qt."""
    code = (
        "import sys, gui.export.formats, gui.store.conversations; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_export_tells_its_progress_conversation_by_conversation(tmp_path: Path) -> None:
    with ConversationStore.open(tmp_path / "conversations.sqlite3") as store:
        for number in range(5):
            conversation = store.create_conversation(f"Chat {number}")
            store.add_message(conversation.id, "user", f"Question {number}")
        for export in (export_markdown, export_json):
            calls: list[tuple[int, int]] = []
            export(store, None, lambda done, total, calls=calls: calls.append((done, total)))
            assert calls == [(n, 5) for n in range(1, 6)]
