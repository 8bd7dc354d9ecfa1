"""Versions of messages in the store (gui/store/tree.py): the migration, the path on screen,
switching, deleting and undoing, branching off, search, and what survives a kill."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.store.check import IntegrityCheck
from gui.store.conversations import ConversationStore
from gui.store.records import COMPLETE, INTERRUPTED, STREAMING
from gui.store.schema import SCHEMA_VERSION, StoreError, migrate
from gui.store.tree import BROKEN_LINKS, Versions


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "conversations.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(path)
    yield opened
    opened.close()


def contents(store: ConversationStore, conversation_id: int) -> list[str]:
    return [m.content for m in store.messages(conversation_id)]


def talk(store: ConversationStore, *texts: str) -> tuple[int, list[int]]:
    """A conversation of alternating questions and answers; its id and the messages' ids."""
    conversation = store.create_conversation()
    ids = []
    for number, text in enumerate(texts):
        role = "user" if number % 2 == 0 else "assistant"
        ids.append(store.add_message(conversation.id, role, text).id)
    return conversation.id, ids


def test_a_store_of_the_previous_release_becomes_one_path_per_conversation(path: Path):
    # Made as the release before versions made it: schema 3, messages in positions.
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    conn.execute(
        "INSERT INTO conversations (id, title, created_at, updated_at) "
        "VALUES (1, 'Bread', 1, 5), (2, 'Empty', 1, 1), (3, 'Tea', 2, 6)"
    )
    rows = [
        (1, 0, "user", "How long to proof?"),
        (1, 1, "assistant", "About an hour."),
        (1, 2, "user", "And in the fridge?"),
        (1, 3, "assistant", "Overnight."),
        (3, 0, "user", "Green or black?"),
        (3, 1, "assistant", "Green."),
    ]
    conn.executemany(
        "INSERT INTO messages (conversation_id, position, role, content, status, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, 'complete', 1, 1)",
        rows,
    )
    conn.execute("INSERT INTO reply_parts (message_id, seq, text) VALUES (4, 0, ' Or two days.')")
    conn.execute("UPDATE messages SET status = 'streaming' WHERE id = 4")
    conn.close()

    with ConversationStore.open(path) as store:
        conn = store.db.connection()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        parents = conn.execute("SELECT id, parent_id FROM messages ORDER BY id").fetchall()
        assert parents == [(1, None), (2, 1), (3, 2), (4, 3), (5, None), (6, 5)]
        leaves = conn.execute("SELECT id, leaf_id FROM conversations ORDER BY id").fetchall()
        assert leaves == [(1, 4), (2, None), (3, 6)]
        assert contents(store, 1) == [
            "How long to proof?",
            "About an hour.",
            "And in the fridge?",
            "Overnight. Or two days.",  # a streaming reply keeps its parts
        ]
        assert contents(store, 2) == []
        assert store.mark_interrupted() == 1
        assert store.tree.versions([1, 2, 3, 4, 5, 6]) == {}  # one version each
        assert conn.execute(f"SELECT count(*) FROM ({BROKEN_LINKS})").fetchone() == (0,)


def test_regenerate_adds_an_answer_beside_the_old_one(store: ConversationStore):
    conversation, (question, first) = talk(store, "Name a colour", "Red")
    second = store.add_message(conversation, "assistant", "Blue", parent=question, model="m/b")
    assert contents(store, conversation) == ["Name a colour", "Blue"]
    assert store.messages_to(question)[-1].id == question  # the history a regenerate sends
    assert store.tree.siblings(first) == [first, second.id]
    assert store.tree.versions([question, first, second.id]) == {
        first: Versions(1, 2),
        second.id: Versions(2, 2),
    }
    store.tree.show(first)
    assert contents(store, conversation) == ["Name a colour", "Red"]
    assert store.get_message(first).content == "Red"  # type: ignore[union-attr]


def test_an_edited_question_keeps_the_old_one_and_its_answers(store: ConversationStore):
    conversation, ids = talk(store, "Hi", "Hello!", "What is 2+2?", "4", "And 3+3?", "6")
    edited = store.add_message(conversation, "user", "What is 2+3?", parent=ids[1])
    store.add_message(conversation, "assistant", "5")
    assert contents(store, conversation) == ["Hi", "Hello!", "What is 2+3?", "5"]
    store.tree.show(ids[2])  # back to the first wording: its whole continuation returns
    assert contents(store, conversation) == ["Hi", "Hello!", "What is 2+2?", "4", "And 3+3?", "6"]
    store.tree.show(edited.id)
    assert contents(store, conversation)[-2:] == ["What is 2+3?", "5"]


def test_switching_above_comes_back_to_the_version_last_seen_below(store: ConversationStore):
    conversation, (question, answer, follow_up, reply_a) = talk(store, "Q", "A", "F", "R1")
    reply_b = store.add_message(conversation, "assistant", "R2", parent=follow_up)
    store.tree.show(reply_a)  # R1 was the last seen below F
    other = store.add_message(conversation, "assistant", "A'", parent=question)
    assert contents(store, conversation) == ["Q", "A'"]
    store.tree.show(answer)
    assert contents(store, conversation) == ["Q", "A", "F", "R1"]
    store.tree.show(reply_b.id)
    store.tree.show(other.id)
    store.tree.show(answer)
    assert contents(store, conversation) == ["Q", "A", "F", "R2"]


def test_first_questions_can_have_versions_too(store: ConversationStore):
    conversation, (first, _) = talk(store, "First wording", "Answer")
    second = store.add_message(conversation, "user", "Second wording", parent=None)
    assert store.tree.siblings(first) == [first, second.id]
    assert contents(store, conversation) == ["Second wording"]
    store.tree.show(first)
    assert contents(store, conversation) == ["First wording", "Answer"]
    store.tree.delete(first)  # the path moves to the first question left
    assert contents(store, conversation) == ["Second wording"]


def test_a_version_is_deleted_with_undo_and_the_others_stay(store: ConversationStore):
    conversation, (question, first) = talk(store, "Q", "A1")
    second = store.add_message(conversation, "assistant", "A2", parent=question).id
    store.add_message(conversation, "user", "more")  # below A2
    store.tree.delete(second)
    assert contents(store, conversation) == ["Q", "A1"]  # the one beside it shows
    assert store.tree.siblings(first) == [first]
    assert store.search("more") == []  # a deleted version is not found
    store.tree.undelete(second)
    assert contents(store, conversation) == ["Q", "A2", "more"]
    store.tree.delete(second)
    assert store.purge_deleted() == 0  # no conversation went; the version did
    assert store.count_messages(conversation) == 2
    with pytest.raises(StoreError, match="only version"):
        store.tree.delete(first)
    with pytest.raises(StoreError):
        store.tree.undelete(second)


def test_branch_off_copies_the_path_into_a_new_chat(store: ConversationStore):
    source, ids = talk(store, "Q1", "A1", "Q2", "A2")
    store.set_conversation_settings(source, "m/x", {"temperature": 0.2})
    branch = store.tree.branch_off(ids[2], "Talk (branch)")
    assert (branch.title, branch.model, branch.params) == (
        "Talk (branch)",
        "m/x",
        {"temperature": 0.2},
    )
    assert contents(store, branch.id) == ["Q1", "A1", "Q2"]
    assert contents(store, source) == ["Q1", "A1", "Q2", "A2"]  # the original stays
    store.add_message(branch.id, "assistant", "A2 in the branch")
    assert contents(store, branch.id)[-1] == "A2 in the branch"
    assert contents(store, source)[-1] == "A2"


def test_search_finds_every_version(store: ConversationStore):
    conversation, (question, _) = talk(store, "Q", "alpha answer")
    beta = store.add_message(conversation, "assistant", "beta answer", parent=question)
    assert [h.message_id for h in store.search("alpha")] == [2]
    assert [h.message_id for h in store.search("beta")] == [beta.id]


def test_a_kill_during_a_regenerate_keeps_the_old_answer_and_the_new_ones_text(path: Path):
    store = ConversationStore.open(path)
    conversation, (question, old) = talk(store, "Q", "The old answer")
    new = store.add_message(conversation, "assistant", "", status=STREAMING, parent=question)
    store.append_to_message(new.id, "Half of the new")
    store.db.connection().close()  # the process dies here: nothing more is written
    with ConversationStore.open(path) as again:
        assert again.mark_interrupted() == 1
        assert [(m.content, m.status) for m in again.messages(conversation)] == [
            ("Q", COMPLETE),
            ("Half of the new", INTERRUPTED),
        ]
        again.tree.show(old)
        assert contents(again, conversation) == ["Q", "The old answer"]


def test_broken_parent_links_are_found_and_mended(path: Path):
    with ConversationStore.open(path) as store:
        conversation, ids = talk(store, "Q1", "A1", "Q2", "A2")
        conn = store.db.connection()
        # An orphan and a link to a later message (a cycle would need one), as damage makes.
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE messages SET parent_id = 999 WHERE id = ?", (ids[1],))
        conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (ids[3], ids[2]))
        conn.execute("PRAGMA foreign_keys = ON")
    check = IntegrityCheck.start(path)
    check.passed(path)
    assert check.broken_links == 2
    with ConversationStore.open(path, early_check=check) as store:
        assert store.db.connection().execute(
            f"SELECT count(*) FROM ({BROKEN_LINKS})"
        ).fetchone() == (0,)
        assert contents(store, conversation) == ["Q1", "A1", "Q2", "A2"]
        assert store.repair_links() == 0


def test_a_cycle_of_links_never_hangs_a_read(path: Path):
    # Damage the early check did not see (an export opens the store without it): Q2 follows A2,
    # which follows Q2.
    with ConversationStore.open(path) as store:
        conversation, ids = talk(store, "Q1", "A1", "Q2", "A2")
        conn = store.db.connection()
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (ids[3], ids[2]))
        conn.execute("PRAGMA foreign_keys = ON")
    with ConversationStore.open(path, read_only=True) as store:
        assert contents(store, conversation) == ["Q2", "A2"]  # finite: the walk goes up only
        assert store.tree.siblings(ids[2]) == [ids[2]]


def test_nothing_is_added_below_a_deleted_version_and_purging_never_fails(
    store: ConversationStore,
):
    conversation, (question, _) = talk(store, "Q", "A1")
    second = store.add_message(conversation, "assistant", "A2", parent=question).id
    store.tree.delete(second)
    with pytest.raises(StoreError):
        store.add_message(conversation, "user", "below a deleted one", parent=second)
    # A damaged file may hold a live message below a deleted one: the rest is still erased.
    conn = store.db.connection()
    conn.execute(
        "INSERT INTO messages (conversation_id, position, role, content, status, created_at, "
        "updated_at, parent_id) VALUES (?, 99, 'user', 'orphan-to-be', 'complete', 1, 1, ?)",
        (conversation, second),
    )
    other = store.create_conversation("Gone")
    store.delete_conversation(other.id)
    assert store.purge_deleted() == 1  # the deleted conversation went
    assert store.get_message(second) is not None  # kept: a live message follows it


def test_branching_off_a_streaming_answer_keeps_its_text_as_cut_off(store: ConversationStore):
    conversation, (question,) = talk(store, "Q")
    reply = store.add_message(conversation, "assistant", "", status=STREAMING)
    store.append_to_message(reply.id, "Half an answer")
    branch = store.tree.branch_off(reply.id, "Branch")
    assert [(m.content, m.status) for m in store.messages(branch.id)] == [
        ("Q", COMPLETE),
        ("Half an answer", INTERRUPTED),
    ]
    assert store.get_message(question).content == "Q"  # type: ignore[union-attr]


def test_a_new_message_costs_the_same_however_long_the_path(store: ConversationStore):
    conn = store.db.connection()
    changes = []
    for length in (2, 200):
        conversation, _ = talk(store, *[f"m{n}" for n in range(length)])
        before = conn.total_changes
        store.add_message(conversation, "user", "one more")
        changes.append(conn.total_changes - before)
    assert changes[0] == changes[1]  # the path is not marked again row by row
