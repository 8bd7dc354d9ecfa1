"""The store's early integrity check: it runs on a thread while Qt loads, changes nothing, and
only a clean "ok" for the same file spares the opening its own check."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import threading
from pathlib import Path

import pytest

from gui.store.check import IntegrityCheck
from gui.store.conversations import ConversationStore


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "conversations.sqlite3"


def _filled(path: Path) -> None:
    with ConversationStore.open(path) as store:
        conversation = store.create_conversation("Filled")
        for number in range(50):
            store.add_message(conversation.id, "user", f"question {number} " * 20)


def _statements_of_next_open(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the store's connections run from now on."""
    statements: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return statements


def test_an_intact_store_passes_and_its_opening_skips_the_second_check(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    _filled(path)
    check = IntegrityCheck.start(path)
    assert check.passed(path)
    statements = _statements_of_next_open(monkeypatch)
    with ConversationStore.open(path, early_check=check) as store:
        assert store.count_messages() == 50
    assert statements, "the trace sees the opening's statements"
    assert not any("quick_check" in s for s in statements)


def test_without_an_early_check_the_opening_checks_itself(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    _filled(path)
    statements = _statements_of_next_open(monkeypatch)
    ConversationStore.open(path).close()
    assert any("quick_check" in s for s in statements)


def test_a_check_of_another_file_is_not_taken(path: Path, tmp_path: Path):
    _filled(path)
    other = tmp_path / "other.sqlite3"
    _filled(other)
    check = IntegrityCheck.start(other)
    assert check.passed(other)
    assert not check.passed(path)


def test_the_check_changes_no_data(path: Path):
    _filled(path)
    before = path.read_bytes()
    assert IntegrityCheck.start(path).passed(path)
    assert path.read_bytes() == before
    # A reader of a WAL database may leave SQLite's own empty -wal and shared-memory files.
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert {p.name for p in path.parent.iterdir()} <= {
        path.name,
        wal.name,
        f"{path.name}-shm",
    }


def test_no_store_yet_is_not_a_pass_and_creates_nothing(path: Path):
    check = IntegrityCheck.start(path)
    assert not check.passed(path)
    assert not path.parent.exists()
    with ConversationStore.open(path, early_check=check) as store:
        assert store.moved_aside is None
        assert store.list_conversations() == []


def test_damage_found_early_is_still_moved_aside_by_the_opening(path: Path):
    path.parent.mkdir(parents=True)
    garbage = random.Random(3).randbytes(8192)
    path.write_bytes(garbage)
    check = IntegrityCheck.start(path)
    assert not check.passed(path)
    with ConversationStore.open(path, early_check=check) as store:
        assert store.moved_aside is not None
        assert store.moved_aside.read_bytes() == garbage
        assert store.list_conversations() == []


async def test_waiting_for_the_check_leaves_the_event_loop_turning(path: Path) -> None:
    _filled(path)
    gate = threading.Event()

    class HeldCheck(IntegrityCheck):
        def _run(self) -> None:
            gate.wait(30)  # a check that takes as long as the test says
            super()._run()

    check = HeldCheck.start(path)
    turned = asyncio.Event()

    async def count_turns() -> None:
        for _ in range(100):
            await asyncio.sleep(0)
        turned.set()  # the loop turned a hundred times while the check was awaited

    waiting = asyncio.create_task(check.finished())
    counter = asyncio.create_task(count_turns())
    try:
        await asyncio.wait_for(turned.wait(), 10)
        assert not waiting.done(), "the check is still held"
    finally:
        gate.set()
    await asyncio.wait_for(waiting, 30)
    await counter
    assert check.passed(path)
