"""The conversation store's data: conversations, messages, ordering, deletion, interruption."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.store.conversations import ConversationStore
from gui.store.records import COMPLETE, FAILED, INTERRUPTED, STOPPED, STREAMING
from gui.store.schema import StoreError


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(tmp_path / "conversations.sqlite3")
    yield opened
    opened.close()


def _conversation_with(store: ConversationStore, count: int) -> int:
    conversation = store.create_conversation("many")
    for n in range(count):
        store.add_message(conversation.id, "user" if n % 2 == 0 else "assistant", f"m{n}")
    return conversation.id


def test_create_get_rename_and_settings(store: ConversationStore):
    params = {"temperature": 0.2, "stop": ["\n\nUser:"], "note": "café ☕"}
    created = store.create_conversation("First", model="openai/gpt-4o-mini", params=params)
    fetched = store.get_conversation(created.id)
    assert fetched == created
    assert fetched is not None
    assert (fetched.title, fetched.model, fetched.params) == ("First", "openai/gpt-4o-mini", params)
    assert store.count_messages(created.id) == 0
    store.rename_conversation(created.id, "Renamed")
    store.set_conversation_settings(created.id, "meta/meta-llama-3-8b-instruct", {"top_k": 5})
    changed = store.get_conversation(created.id)
    assert changed is not None
    assert (changed.title, changed.model, changed.params) == (
        "Renamed",
        "meta/meta-llama-3-8b-instruct",
        {"top_k": 5},
    )
    store.set_conversation_settings(created.id, None, {})
    cleared = store.get_conversation(created.id)
    assert cleared is not None
    assert (cleared.model, cleared.params) == (None, {})


def test_missing_conversations(store: ConversationStore):
    assert store.get_conversation(12345) is None
    with pytest.raises(StoreError, match="no longer exists"):
        store.rename_conversation(12345, "x")
    with pytest.raises(StoreError, match="no longer exists"):
        store.add_message(12345, "user", "hello")
    with pytest.raises(ValueError, match="role"):
        store.add_message(store.create_conversation().id, "robot", "hello")


def test_newest_activity_first(store: ConversationStore):
    a, b, c = (store.create_conversation(name) for name in "abc")
    assert [x.id for x in store.list_conversations()] == [c.id, b.id, a.id]
    store.add_message(a.id, "user", "bump")
    assert [x.id for x in store.list_conversations()] == [a.id, c.id, b.id]
    # Renaming and settings are not activity: the list does not jump under the pointer.
    store.rename_conversation(b.id, "renamed")
    store.set_conversation_settings(b.id, "x/y", {})
    assert [x.id for x in store.list_conversations()] == [a.id, c.id, b.id]
    message = store.add_message(c.id, "assistant", "", status=STREAMING)
    store.add_message(a.id, "user", "again")
    store.update_message(message.id, content="streamed text")
    assert [x.id for x in store.list_conversations()] == [c.id, a.id, b.id]
    assert [store.count_messages(x.id) for x in store.list_conversations()] == [1, 2, 0]


def test_the_newest_conversation_is_the_lists_first_without_reading_the_list(
    store: ConversationStore,
):
    assert store.newest_conversation_id() is None
    a, _, c = (store.create_conversation(name) for name in "abc")
    assert store.newest_conversation_id() == c.id
    store.add_message(a.id, "user", "bump")
    assert store.newest_conversation_id() == a.id == store.list_conversations()[0].id
    store.delete_conversation(a.id)
    assert store.newest_conversation_id() == c.id == store.list_conversations()[0].id


def test_positions_and_the_title_from_the_first_question(store: ConversationStore):
    conversation = store.create_conversation()
    system = store.add_message(conversation.id, "system", "You are terse.")
    assert store.get_conversation(conversation.id).title == ""
    first = store.add_message(conversation.id, "user", "# Plan a *trip*\nto Lisbon")
    second = store.add_message(conversation.id, "assistant", "Sure.", model="x/y")
    third = store.add_message(conversation.id, "user", "Something else entirely")
    assert [m.position for m in (system, first, second, third)] == [0, 1, 2, 3]
    assert store.get_conversation(conversation.id).title == "Plan a trip"
    assert store.messages(conversation.id) == [system, first, second, third]
    assert second.model == "x/y"

    titled = store.create_conversation("Given title")
    store.add_message(titled.id, "user", "does not replace it")
    assert store.get_conversation(titled.id).title == "Given title"


def test_update_changes_only_what_is_given(store: ConversationStore):
    conversation = store.create_conversation()
    message = store.add_message(conversation.id, "assistant", "", status=STREAMING, model="m/n")
    store.update_message(message.id, content="partial")
    [saved] = store.messages(conversation.id)
    assert (saved.content, saved.status, saved.error, saved.metrics) == (
        "partial",
        STREAMING,
        None,
        None,
    )
    assert saved.updated_at > message.updated_at
    assert saved.created_at == message.created_at

    store.update_message(message.id, status=FAILED, error="The model failed: boom")
    [failed] = store.messages(conversation.id)
    assert (failed.content, failed.status, failed.error) == (
        "partial",
        FAILED,
        "The model failed: boom",
    )
    metrics = {"predict_time": 1.5, "output_token_count": 42}
    store.update_message(message.id, content="full", status=COMPLETE, error=None, metrics=metrics)
    [done] = store.messages(conversation.id)
    assert (done.content, done.status, done.error, done.metrics, done.model) == (
        "full",
        COMPLETE,
        None,
        metrics,
        "m/n",
    )
    with pytest.raises(StoreError, match="no longer exists"):
        store.update_message(987654, content="x")
    with pytest.raises(ValueError, match="status"):
        store.update_message(message.id, status="exploded")


def test_the_last_page_and_earlier_pages(store: ConversationStore):
    conversation_id = _conversation_with(store, 25)
    assert [m.content for m in store.messages(conversation_id)] == [f"m{n}" for n in range(25)]
    last = store.messages(conversation_id, limit=10)
    assert [m.position for m in last] == list(range(15, 25))
    earlier = store.messages_before(conversation_id, last[0].position, 10)
    assert [m.position for m in earlier] == list(range(5, 15))
    earliest = store.messages_before(conversation_id, earlier[0].position, 10)
    assert [m.position for m in earliest] == list(range(5))
    assert store.messages_before(conversation_id, 0, 10) == []
    assert store.messages(conversation_id, limit=0) == []
    assert len(store.messages(conversation_id, limit=100)) == 25
    # The same pages walked up from a loaded message, as the chat view loads them.
    above = store.tree.messages_above(last[0].id, 10)
    assert above == earlier
    assert store.tree.messages_above(above[0].id, 10) == earliest
    assert store.tree.messages_above(earliest[0].id, 10) == []
    assert [m.position for m in store.tree.messages_above(last[-1].id, 3)] == [21, 22, 23]


def test_soft_delete_undelete_and_purge(store: ConversationStore):
    keep = store.create_conversation("keep")
    gone = store.create_conversation("gone")
    store.add_message(gone.id, "user", "secret plans")
    store.delete_conversation(gone.id)
    assert [c.id for c in store.list_conversations()] == [keep.id]
    assert store.get_conversation(gone.id) is None
    assert store.search("secret") == []
    with pytest.raises(StoreError):
        store.add_message(gone.id, "user", "more")

    store.undelete_conversation(gone.id)
    assert [c.id for c in store.list_conversations()] == [gone.id, keep.id]
    assert [h.conversation_id for h in store.search("secret")] == [gone.id]

    store.delete_conversation(gone.id)
    assert store.purge_deleted(older_than=3600) == 0  # deleted just now: Undo still possible
    assert store.count_messages() == 1
    assert store.purge_deleted() == 1
    assert store.count_messages() == 0
    store.undelete_conversation(gone.id)
    assert store.get_conversation(gone.id) is None
    assert store.search("secret") == []
    assert store.search("gone") == []
    assert [c.id for c in store.list_conversations()] == [keep.id]


def test_mark_interrupted_touches_only_streaming_replies(store: ConversationStore):
    conversation = store.create_conversation()
    statuses = [COMPLETE, STREAMING, STOPPED, FAILED, STREAMING]
    ids = [
        store.add_message(conversation.id, "assistant", f"text {n}", status=status).id
        for n, status in enumerate(statuses)
    ]
    assert store.mark_interrupted() == 2
    after = {m.id: m.status for m in store.messages(conversation.id)}
    assert [after[i] for i in ids] == [COMPLETE, INTERRUPTED, STOPPED, FAILED, INTERRUPTED]
    assert [m.content for m in store.messages(conversation.id)] == [f"text {n}" for n in range(5)]
    assert store.mark_interrupted() == 0


def test_text_is_stored_exactly(store: ConversationStore):
    text = "```python\nprint('hi')\r\n```\n\ttab  double  space \x00 nul 🦙 \u200b\n\n"
    conversation = store.create_conversation()
    message = store.add_message(conversation.id, "assistant", text)
    assert store.messages(conversation.id)[0].content == text
    store.update_message(message.id, content=text + "more")
    assert store.messages(conversation.id)[0].content == text + "more"


def test_a_growing_reply_is_saved_in_parts_and_whole_at_its_end(store: ConversationStore):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "Count, please")
    reply = store.add_message(conversation.id, "assistant", "", status=STREAMING)
    for piece in ("One, ", "two, ", "three."):
        store.append_to_message(reply.id, piece)
    # Every reader sees what was saved so far, in order.
    assert store.get_message(reply.id).content == "One, two, three."  # type: ignore[union-attr]
    assert store.messages(conversation.id)[-1].content == "One, two, three."
    assert store.messages_before(conversation.id, 2, 5)[-1].content == "One, two, three."
    # Not searchable while it streams: its text is indexed once, when it is final.
    assert store.search("three") == []
    store.update_message(reply.id, content="One, two, three. Done.", status=COMPLETE)
    assert store.get_message(reply.id).content == "One, two, three. Done."  # type: ignore[union-attr]
    assert [h.message_id for h in store.search("three")] == [reply.id]
    conn = store.db.connection()
    assert conn.execute("SELECT count(*) FROM reply_parts").fetchone() == (0,)
    # A finished message takes no more parts, and neither does one that is gone.
    with pytest.raises(StoreError):
        store.append_to_message(reply.id, " more")
    with pytest.raises(StoreError):
        store.append_to_message(987654, "x")
    assert store.get_message(reply.id).content == "One, two, three. Done."  # type: ignore[union-attr]


def test_a_streaming_reply_deleted_takes_its_parts_along(store: ConversationStore):
    conversation = store.create_conversation()
    question = store.add_message(conversation.id, "user", "Again?")
    store.add_message(conversation.id, "assistant", "the first answer")
    reply = store.add_message(
        conversation.id, "assistant", "", status=STREAMING, parent=question.id
    )
    store.append_to_message(reply.id, "half an answer")
    store.tree.delete(reply.id)
    store.purge_deleted()
    assert store.get_message(reply.id) is None
    conn = store.db.connection()
    assert conn.execute("SELECT count(*) FROM reply_parts").fetchone() == (0,)
    assert store.mark_interrupted() == 0
