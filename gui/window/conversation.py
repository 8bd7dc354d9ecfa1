"""The conversation the window shows, and the settings its next reply uses.

A new chat has no conversation until its first message is stored; a model picked before then is
kept here and becomes the conversation's model. Qt-free: the window shows what this holds.
"""

from __future__ import annotations

import dataclasses

from gui.config.settings import GenerationSettings
from gui.store.conversations import ConversationStore
from gui.store.records import Conversation, Message
from gui.store.schema import StoreError

# Opening a conversation shows its last messages; earlier ones load on demand.
PAGE_SIZE = 60


class ShownConversation:
    """Which conversation is open, re-read from the store whenever it changes there."""

    def __init__(self, store: ConversationStore) -> None:
        self._store = store
        self.conversation: Conversation | None = None
        self._pending_model: str | None = None  # picked before a new chat's first message

    @property
    def id(self) -> int | None:
        return None if self.conversation is None else self.conversation.id

    @property
    def title(self) -> str | None:
        return None if self.conversation is None else self.conversation.title

    def is_open(self, conversation_id: int) -> bool:
        return self.id == conversation_id

    def show_new(self) -> None:
        """An empty chat; it is stored when its first message is sent."""
        self.conversation = None
        self._pending_model = None

    def newest(self) -> int | None:
        """The most recently active conversation, to open at start; None if there is none, or
        if the store cannot say (the conversation list reports that error itself)."""
        try:
            return self._store.newest_conversation_id()
        except StoreError:
            return None

    def select(self, conversation_id: int) -> bool:
        """Make `conversation_id` the shown one without reading its messages (`open` reads
        them); False when it is gone (deleted meanwhile)."""
        conversation = self._store.get_conversation(conversation_id)
        if conversation is None:
            return False
        self.conversation = conversation
        return True

    def open(self, conversation_id: int) -> tuple[list[Message], bool] | None:
        """Show `conversation_id`: its last page of messages and whether earlier ones exist;
        None when it is gone (deleted meanwhile)."""
        if not self.select(conversation_id):
            return None
        messages = self._store.messages(conversation_id, limit=PAGE_SIZE + 1)
        return messages[-PAGE_SIZE:], len(messages) > PAGE_SIZE

    def page_before(self, message_id: int) -> tuple[list[Message], bool]:
        """The page of messages before `message_id`, and whether still earlier ones exist."""
        # Only that message's position is needed, not the whole conversation.
        message = self.message(message_id)
        if message is None:
            return [], False
        earlier = self._store.tree.messages_above(message.id, PAGE_SIZE + 1)
        return earlier[-PAGE_SIZE:], len(earlier) > PAGE_SIZE

    def reload(self) -> None:
        """Read the shown conversation again (its title, model or activity changed)."""
        if self.conversation is not None:
            self.conversation = self._store.get_conversation(self.conversation.id)

    def ensure_stored(self, model: str) -> Conversation:
        """The shown conversation, created in the store (with `model`) if it is a new chat."""
        if self.conversation is None:
            self.conversation = self._store.create_conversation(model=model)
        return self.conversation

    def message(self, message_id: int) -> Message | None:
        """A message of the shown conversation, or None (another chat's, or deleted)."""
        if self.conversation is None:
            return None
        message = self._store.get_message(message_id)
        if message is None or message.conversation_id != self.conversation.id:
            return None
        return message

    def effective_settings(self, defaults: GenerationSettings) -> GenerationSettings:
        """The global defaults, with the conversation's model and overrides on top."""
        settings = defaults
        conversation = self.conversation
        if conversation is not None:
            settings = settings.with_overrides(conversation.params)
            if conversation.model:
                settings = dataclasses.replace(settings, model=conversation.model)
        elif self._pending_model:
            settings = dataclasses.replace(settings, model=self._pending_model)
        return settings

    def choose_model(self, model: str) -> None:
        """The toolbar's model: the conversation's from now on (a new chat's once stored)."""
        if self.conversation is None:
            self._pending_model = model
            return
        self._store.set_conversation_settings(self.conversation.id, model, self.conversation.params)
        self.reload()

    def keep_settings(self, settings: GenerationSettings, defaults: GenerationSettings) -> None:
        """Settings chosen for this conversation only: stored as overrides of `defaults`."""
        assert self.conversation is not None
        overrides = settings.overrides_against(defaults)
        self._store.set_conversation_settings(self.conversation.id, settings.model, overrides)
        self.reload()

    def forget_pending_model(self) -> None:
        """New defaults carry the model chosen with them."""
        self._pending_model = None
