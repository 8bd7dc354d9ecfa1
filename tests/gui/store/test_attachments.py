"""Attachments in the store (gui/store/attachments.py): kept with their message in one
transaction, read without their bytes for the chat and whole for sending, copied by a branch,
and gone with their message; a kill mid-write leaves neither."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.store.conversations import ConversationStore
from gui.store.records import DOCUMENT, IMAGE, Attachment, AttachmentInfo

PICTURE = Attachment(
    IMAGE,
    "sunset.jpg",
    "image/jpeg",
    b"\xff\xd8jpeg bytes" * 100,
    width=640,
    height=480,
    thumbnail=b"\x89PNG thumb",
)
NOTES = Attachment(
    DOCUMENT, "notes.md", "text/markdown", "# Notes\n\ncafé\n".encode(), text="# Notes\n\ncafé\n"
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "conversations.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(path)
    yield opened
    opened.close()


def count_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM attachments").fetchone()[0])


def test_a_question_keeps_its_files_and_the_chat_reads_them_without_their_bytes(
    store: ConversationStore,
) -> None:
    conversation = store.create_conversation()
    question = store.add_message(
        conversation.id, "user", "What is in these?", attachments=[PICTURE, NOTES]
    )
    assert [a.name for a in question.attachments] == ["sunset.jpg", "notes.md"]
    store.add_message(conversation.id, "assistant", "A sunset and some notes.")
    shown = store.messages(conversation.id)
    picture, notes = shown[0].attachments
    assert picture == AttachmentInfo(
        picture.id,
        question.id,
        IMAGE,
        "sunset.jpg",
        "image/jpeg",
        PICTURE.size,
        640,
        480,
        thumbnail=b"\x89PNG thumb",
    )
    assert (notes.kind, notes.characters, notes.size) == (DOCUMENT, 14, len(NOTES.data))
    assert shown[1].attachments == ()
    assert store.files.of([question.id, shown[1].id]) == {question.id: [PICTURE, NOTES]}
    assert store.files.get(picture.id) == PICTURE
    assert store.files.get(10_000) is None
    assert store.get_message(question.id) == shown[0]


def test_a_question_of_files_only_is_titled_by_them(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "", attachments=[PICTURE, NOTES])
    assert store.get_conversation(conversation.id).title == "sunset.jpg, notes.md"  # type: ignore[union-attr]


def test_files_go_with_their_conversation_and_a_branch_copies_them(
    store: ConversationStore, path: Path
) -> None:
    conversation = store.create_conversation()
    question = store.add_message(conversation.id, "user", "Look", attachments=[PICTURE])
    answer = store.add_message(conversation.id, "assistant", "Seen.")
    store.update_message(answer.id, thinking="It is orange.")
    branch = store.tree.branch_off(answer.id, "Branch")
    copied = store.messages(branch.id)
    assert copied[0].attachments[0].name == "sunset.jpg"
    assert copied[0].attachments[0].id != question.attachments[0].id
    assert copied[1].thinking == "It is orange."  # the thought comes along too
    assert count_rows(path) == 2
    store.delete_conversation(conversation.id)
    store.purge_deleted()
    assert count_rows(path) == 1  # the branch keeps its own copy
    assert store.files.of([copied[0].id])[copied[0].id] == [PICTURE]


def test_a_failed_write_keeps_neither_the_message_nor_its_files(
    store: ConversationStore, path: Path
) -> None:
    conversation = store.create_conversation()
    broken = Attachment("video", "clip.mp4", "video/mp4", b"...")
    with pytest.raises(ValueError, match="unknown attachment kind"):
        store.add_message(conversation.id, "user", "Look", attachments=[PICTURE, broken])
    assert store.messages(conversation.id) == []
    assert count_rows(path) == 0


def test_a_kill_in_the_middle_of_writing_leaves_neither(path: Path) -> None:
    """The app is killed after the message and one of its files are written, before the
    transaction ends: on the next start, neither is there."""
    store = ConversationStore.open(path)
    conversation = store.create_conversation()
    store.close()
    child = textwrap.dedent(
        f"""
        import sys, time
        import gui.store.conversations as conversations
        from gui.store.records import Attachment
        original = conversations.insert_attachments

        def insert_then_stall(conn, message_id, attachments):
            original(conn, message_id, attachments[:1])
            print("written", flush=True)
            time.sleep(60)

        conversations.insert_attachments = insert_then_stall
        store = conversations.ConversationStore.open({str(path)!r})
        big = Attachment("image", "big.png", "image/png", b"x" * 5_000_000)
        store.add_message({conversation.id}, "user", "Look", attachments=[big, big])
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    try:
        assert process.stdout is not None and process.stdout.readline() == "written\n"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(10)
    store = ConversationStore.open(path)
    try:
        assert store.messages(conversation.id) == []
        assert count_rows(path) == 0
    finally:
        store.close()
