"""ShownConversation on a real store: which settings the next reply uses, paging, and that a
message of another conversation is never taken for one of the open chat's (no Qt involved)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.config.settings import GenerationSettings
from gui.store.conversations import ConversationStore
from gui.window.conversation import PAGE_SIZE, ShownConversation

DEFAULTS = GenerationSettings(model="meta/meta-llama-3-70b-instruct", temperature=0.7)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(tmp_path / "conversations.sqlite3")
    yield opened
    opened.close()


def test_a_new_chat_uses_the_defaults_then_the_model_picked_for_it(
    store: ConversationStore,
) -> None:
    shown = ShownConversation(store)
    assert shown.effective_settings(DEFAULTS) == DEFAULTS
    shown.choose_model("mistralai/mixtral-8x7b-instruct-v0.1")
    assert shown.effective_settings(DEFAULTS).model == "mistralai/mixtral-8x7b-instruct-v0.1"
    assert shown.id is None  # nothing stored before the first message
    conversation = shown.ensure_stored(shown.effective_settings(DEFAULTS).model)
    assert store.get_conversation(conversation.id) is not None
    assert conversation.model == "mistralai/mixtral-8x7b-instruct-v0.1"
    shown.show_new()
    assert shown.effective_settings(DEFAULTS) == DEFAULTS  # the pick belonged to that chat


def test_a_conversations_own_settings_override_the_defaults(store: ConversationStore) -> None:
    shown = ShownConversation(store)
    shown.ensure_stored(DEFAULTS.model)
    mine = GenerationSettings(model="meta/meta-llama-3-8b-instruct", temperature=0.2)
    shown.keep_settings(mine, DEFAULTS)
    assert shown.effective_settings(DEFAULTS) == mine
    assert shown.conversation is not None and shown.conversation.model == mine.model
    # New defaults leave the conversation's own values alone.
    later = GenerationSettings(model="openai/gpt-4o", temperature=1.0)
    assert shown.effective_settings(later) == mine


def test_opening_pages_back_through_a_long_conversation(store: ConversationStore) -> None:
    conversation = store.create_conversation(model=DEFAULTS.model)
    ids = [
        store.add_message(conversation.id, "user" if n % 2 == 0 else "assistant", f"m{n}").id
        for n in range(2 * PAGE_SIZE + 5)
    ]
    shown = ShownConversation(store)
    opened = shown.open(conversation.id)
    assert opened is not None
    page, has_earlier = opened
    assert [m.id for m in page] == ids[-PAGE_SIZE:] and has_earlier
    page, has_earlier = shown.page_before(page[0].id)
    assert [m.id for m in page] == ids[-2 * PAGE_SIZE : -PAGE_SIZE] and has_earlier
    page, has_earlier = shown.page_before(page[0].id)
    assert [m.id for m in page] == ids[:5] and not has_earlier


def test_another_conversations_message_is_not_the_open_ones(store: ConversationStore) -> None:
    first = store.create_conversation()
    other = store.create_conversation()
    theirs = store.add_message(other.id, "user", "not yours")
    mine = store.add_message(first.id, "user", "yours")
    shown = ShownConversation(store)
    assert shown.open(first.id) is not None
    assert shown.message(mine.id) == mine
    assert shown.message(theirs.id) is None
    assert shown.page_before(theirs.id) == ([], False)
    store.delete_conversation(first.id)
    assert shown.open(first.id) is None  # deleted meanwhile
