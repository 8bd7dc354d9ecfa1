"""The conversation store's file: WAL, schema and migrations, damage, errors, surviving a kill."""

from __future__ import annotations

import ctypes
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from gui.store.conversations import ConversationStore
from gui.store.records import STREAMING
from gui.store.schema import MIGRATIONS, SCHEMA_VERSION, StoreError, migrate
from gui.utils.paths import resolve_paths
from tests.gui.config.test_validators import Marking

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "conversations.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(path)
    yield opened
    opened.close()


def _raw(path: Path) -> sqlite3.Connection:
    """A plain connection of our own, to look at the file as another program would."""
    return sqlite3.connect(path, isolation_level=None)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _filled(path: Path, messages: int = 200) -> None:
    with ConversationStore.open(path) as store:
        conversation = store.create_conversation("Filled")
        for n in range(messages):
            store.add_message(conversation.id, "user", f"message {n} " + "x" * 200)


def test_a_new_store_is_wal_versioned_private_and_durable(store: ConversationStore, path: Path):
    assert store.moved_aside is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    conn = store.db.connection()
    assert conn is not None
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    store.create_conversation("x")
    # The write-ahead log SQLite creates is as private as the file.
    assert stat.S_IMODE(Path(f"{path}-wal").stat().st_mode) == 0o600


def test_the_default_location_is_the_data_folder():
    path = resolve_paths().store_file
    with ConversationStore.open(path) as store:
        store.create_conversation("here")
    assert path.exists()
    assert path.parent == Path(os.environ["XDG_DATA_HOME"]) / "replicate-chat"


def test_close_folds_the_log_into_the_file_and_is_idempotent(store: ConversationStore, path):
    store.add_message(store.create_conversation().id, "user", "kept")
    store.close()
    store.close()
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with pytest.raises(StoreError, match="closed"):
        store.list_conversations()
    with ConversationStore.open(path, read_only=True) as again:
        assert again.count_messages() == 1


def test_migration_from_version_1_indexes_existing_rows(path: Path):
    path.parent.mkdir(parents=True)
    conn = _raw(path)
    migrate(conn, target=1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%fts%'").fetchall()
    conn.execute(
        "INSERT INTO conversations (id, title, created_at, updated_at) "
        "VALUES (1, 'Sourdough starter', 1, 2), (2, 'Other', 1, 1)"
    )
    conn.execute(
        "INSERT INTO messages (conversation_id, position, role, content, status, created_at, "
        "updated_at) VALUES (2, 0, 'user', 'How long to proof a baguette?', 'complete', 1, 1)"
    )
    conn.close()

    with ConversationStore.open(path) as store:
        assert not store.db.closed
        assert store.db.connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [(h.conversation_id, h.message_id) for h in store.search("sourd")] == [(1, None)]
        assert [(h.conversation_id, h.message_id) for h in store.search("baguet")] == [(2, 1)]
        # The triggers the migration made keep the index in step with new rows.
        store.add_message(1, "assistant", "Feed it flour daily")
        assert [h.conversation_id for h in store.search("flour")] == [1]
        assert [c.id for c in store.list_conversations()] == [1, 2]


def test_a_reply_cut_off_under_version_2_keeps_its_text_after_the_migration(path: Path):
    # Version 2 saved a growing reply by rewriting its content; version 3 appends parts. A reply
    # a crash left streaming in a version 2 store keeps what it had when the next start folds
    # its (absent) parts in.
    path.parent.mkdir(parents=True)
    conn = _raw(path)
    migrate(conn, target=2)
    conn.execute(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'T', 1, 1)"
    )
    conn.execute(
        "INSERT INTO messages (conversation_id, position, role, content, status, created_at, "
        "updated_at) VALUES (1, 0, 'assistant', 'saved the old way', 'streaming', 1, 1)"
    )
    conn.close()
    with ConversationStore.open(path) as store:
        assert store.mark_interrupted() == 1
        [message] = store.messages(1)
        assert (message.content, message.status) == ("saved the old way", "interrupted")
        assert [h.message_id for h in store.search("old way")] == [message.id]


def test_a_store_from_a_newer_version_is_refused_and_left_alone(path: Path):
    _filled(path, messages=3)
    conn = _raw(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before, names = path.read_bytes(), _files(path.parent)
    with pytest.raises(StoreError, match="made by a newer version of Replicate Chat"):
        ConversationStore.open(path)
    assert path.read_bytes() == before
    assert _files(path.parent) == names


def test_store_messages_follow_the_app_language(path: Path, qapp: QCoreApplication):
    """In the app (Qt loaded, a translation installed) the window shows them translated; the
    export command never loads Qt, so its messages stay English (test_export)."""
    _filled(path, messages=1)
    conn = _raw(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    translator = Marking("ConversationStore")
    qapp.installTranslator(translator)
    try:
        with pytest.raises(StoreError, match=r"^\[ru\] The conversation store .* newer version"):
            ConversationStore.open(path)
    finally:
        qapp.removeTranslator(translator)


def test_another_programs_database_is_refused_not_moved(path: Path):
    path.parent.mkdir(parents=True)
    conn = _raw(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a Replicate Chat conversation store"):
        ConversationStore.open(path)
    assert _files(path.parent) == [path.name]


def test_random_bytes_are_moved_aside_intact(path: Path):
    path.parent.mkdir(parents=True)
    garbage = random.Random(7).randbytes(10_000)
    path.write_bytes(garbage)
    Path(f"{path}-wal").write_bytes(b"wal bytes")
    with ConversationStore.open(path) as store:
        moved = store.moved_aside
        assert moved is not None
        assert moved.parent == path.parent
        assert moved.name.startswith(f"{path.name}.damaged-")
        assert moved.read_bytes() == garbage
        assert Path(f"{moved}-wal").read_bytes() == b"wal bytes"
        # A fresh, working store took its place.
        assert store.list_conversations() == []
        store.create_conversation("new")
    with ConversationStore.open(path) as again:
        assert again.moved_aside is None
        assert [c.title for c in again.list_conversations()] == ["new"]


# A whole page of noise makes quick_check fail outright; noise after an intact page header
# makes it report problems instead. Both are damage.
@pytest.mark.parametrize("kept_header", [0, 8])
def test_a_valid_file_with_an_overwritten_page_is_moved_aside(path: Path, kept_header: int):
    _filled(path)
    conn = _raw(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaf = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf' LIMIT 1 OFFSET 2"
    ).fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (leaf - 1) * page_size + kept_header
    data[start : leaf * page_size] = random.Random(1).randbytes(page_size - kept_header)
    path.write_bytes(bytes(data))

    with ConversationStore.open(path) as store:
        assert store.moved_aside is not None
        assert store.moved_aside.read_bytes() == bytes(data)
        assert store.count_messages() == 0


def test_two_damaged_files_in_the_same_second_get_different_names(path: Path):
    path.parent.mkdir(parents=True)
    moved = []
    for n in range(2):
        path.write_bytes(b"not a database %d" % n + bytes(200))
        with ConversationStore.open(path) as store:
            assert store.moved_aside is not None
            moved.append(store.moved_aside)
    assert moved[0] != moved[1]
    assert moved[0].read_bytes().startswith(b"not a database 0")
    assert moved[1].read_bytes().startswith(b"not a database 1")


def test_read_only_opening_reports_damage_and_moves_nothing(path: Path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(StoreError, match="damaged"):
        ConversationStore.open(path, read_only=True)
    assert _files(path.parent) == [path.name]


def test_read_only_opening_creates_nothing(tmp_path: Path):
    missing = tmp_path / "nowhere" / "conversations.sqlite3"
    with pytest.raises(StoreError, match="no conversation store"):
        ConversationStore.open(missing, read_only=True)
    assert not missing.parent.exists()


def test_an_empty_file_reads_as_an_empty_store_read_only(path: Path):
    path.parent.mkdir(parents=True)
    path.touch()
    with ConversationStore.open(path, read_only=True) as store:
        assert store.list_conversations() == []
    assert path.read_bytes() == b""


def test_a_folder_that_cannot_be_created_is_an_error_not_damage(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    with pytest.raises(StoreError, match="Cannot open the conversation store"):
        ConversationStore.open(blocker / "conversations.sqlite3")
    assert blocker.read_text() == "in the way"


def test_a_folder_in_place_of_the_file_is_an_error(path: Path):
    path.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a folder"):
        ConversationStore.open(path)
    assert path.is_dir()


def _without_permission_override() -> None:
    """In the child, before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
    bounding set, so even root is held to the file's permission bits."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


OPEN_AND_REPORT = """
import sys
from pathlib import Path
from gui.store.conversations import ConversationStore
try:
    ConversationStore.open(Path(sys.argv[1]))
except Exception as error:
    print(type(error).__name__, error)
"""


def test_permission_denied_is_reported_and_the_file_is_not_moved(path: Path):
    _filled(path, messages=2)
    before = path.read_bytes()
    path.chmod(0o000)
    try:
        if os.geteuid() != 0:
            with pytest.raises(StoreError, match="Permission denied"):
                ConversationStore.open(path)
        else:  # root may read anything: ask from a child that may not override permissions
            result = subprocess.run(
                [sys.executable, "-c", OPEN_AND_REPORT, os.fspath(path)],
                cwd=REPO,
                preexec_fn=_without_permission_override,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.stdout.startswith("StoreError Permission denied"), result
        assert _files(path.parent) == [path.name]
    finally:
        path.chmod(0o600)
    assert path.read_bytes() == before


def test_a_full_disk_is_a_clear_error_and_the_change_is_rolled_back(store: ConversationStore):
    conversation = store.create_conversation("c")
    assert not store.db.closed
    pages = store.db.connection().execute("PRAGMA page_count").fetchone()[0]
    store.db.connection().execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="disk is full"):
        store.add_message(conversation.id, "user", "y" * 100_000)
    assert store.count_messages() == 0
    store.db.connection().execute("PRAGMA max_page_count = 1073741823")
    store.add_message(conversation.id, "user", "fits now")
    assert store.count_messages() == 1


def test_a_read_only_database_is_a_clear_error(store: ConversationStore):
    conversation = store.create_conversation("c")
    assert not store.db.closed
    store.db.connection().execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="read-only"):
        store.rename_conversation(conversation.id, "new")
    store.db.connection().execute("PRAGMA query_only = OFF")
    assert store.get_conversation(conversation.id).title == "c"


def test_two_stores_on_one_file_see_each_others_writes(store: ConversationStore, path: Path):
    with ConversationStore.open(path) as second:
        conversation = second.create_conversation("from the second window")
        assert [c.id for c in store.list_conversations()] == [conversation.id]


KILLED_WRITER = """
import sys, time
from pathlib import Path
from gui.store.records import STREAMING
from gui.store.conversations import ConversationStore

store = ConversationStore.open(Path(sys.argv[1]))
conversation = store.create_conversation(model="meta/meta-llama-3-70b-instruct")
store.add_message(conversation.id, "user", "Tell me about WAL")
answer = store.add_message(conversation.id, "assistant", "", status=STREAMING)
store.append_to_message(answer.id, "Write-ahead ")
store.append_to_message(answer.id, "logging keeps")
print("saved", flush=True)
time.sleep(120)
"""


def test_what_was_saved_survives_a_kill(path: Path):
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, os.fspath(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "saved"
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        if writer.stdout is not None:
            writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    # Nothing was checkpointed: the data is only in the write-ahead log.
    assert Path(f"{path}-wal").stat().st_size > 0

    with ConversationStore.open(path) as store:
        [conversation] = store.list_conversations()
        assert conversation.title == "Tell me about WAL"
        question, answer = store.messages(conversation.id)
        assert question.content == "Tell me about WAL"
        assert (answer.content, answer.status) == ("Write-ahead logging keeps", STREAMING)
        assert store.mark_interrupted() == 1
        answer = store.messages(conversation.id)[1]
        assert (answer.content, answer.status) == ("Write-ahead logging keeps", "interrupted")
        # Folded into the message: found by search now, and no part is left behind.
        assert [h.message_id for h in store.search("logging")] == [answer.id]
        assert store.db.connection().execute("SELECT count(*) FROM reply_parts").fetchone() == (0,)
