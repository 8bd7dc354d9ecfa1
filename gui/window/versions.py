"""What the window does with versions of messages: regenerate, retry and edit add one; the
switcher, Alt+Left and Alt+Right show another; "Regenerate with" asks another model; "Branch
off" copies the path into a new chat; "Delete this version" removes one, with Undo.

Nothing here deletes an answer to replace it (gui/store/tree.py keeps every version); the view
shows the path on screen, and the history sent is that path. Texts keep the "MainWindow"
translation context.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from gui.chat.message.model import (
    BRANCH_OFF,
    DELETE_VERSION,
    NEXT_VERSION,
    PREVIOUS_VERSION,
    REGENERATE_WITH,
    ChatMessage,
)
from gui.chat.session import ChatSession
from gui.chat.view import ChatView
from gui.config.settings import GenerationSettings
from gui.sidebar.sidebar import ConversationSidebar
from gui.sidebar.undo_bar import UndoBar
from gui.store.conversations import ConversationStore
from gui.store.records import Message
from gui.store.schema import StoreError
from gui.window.conversation import PAGE_SIZE, ShownConversation

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


class VersionsHost(Protocol):
    """What the versions part needs of the window (which it never imports)."""

    store: ConversationStore
    shown: ShownConversation
    session: ChatSession
    view: ChatView
    sidebar: ConversationSidebar

    def effective_settings(self) -> GenerationSettings: ...
    def start_reply(self, settings: GenerationSettings, to: int | None = None) -> None: ...
    def chat_messages(self, messages: list[Message]) -> list[ChatMessage]: ...
    def open_conversation(self, conversation_id: int) -> None: ...
    def context_changed(self) -> None: ...
    def show_status(self, text: str) -> None: ...
    def report(self, text: str) -> None: ...
    def can_start(self) -> bool: ...


class WindowVersions:
    def __init__(self, host: VersionsHost, undo_bar: UndoBar) -> None:
        self._host = host
        self._undo_bar = undo_bar
        undo_bar.undo_clicked.connect(self.undo_delete)

    # -- new versions -----------------------------------------------------------------------

    def regenerate(self, message_id: int, model: str | None = None) -> None:
        """A new answer beside `message_id` (Regenerate, Retry, "Regenerate with" `model`)."""
        host = self._host
        message = host.shown.message(message_id)
        if message is None or message.parent_id is None or not host.can_start():
            return
        settings = host.effective_settings()
        if model is not None:
            settings = dataclasses.replace(settings, model=model)
        host.view.remove_from(message_id)
        host.start_reply(settings, to=message.parent_id)

    def regenerate_last(self) -> None:
        """Ctrl+R: a new version of the last answer on screen."""
        ids = self._host.view.message_ids()
        answers = [i for i in ids if self._host.view.message_role(i) == "assistant"]
        if answers:
            self.regenerate(answers[-1])
        else:
            self._host.show_status(translate("MainWindow", "There is no answer to regenerate."))

    def edit(self, message_id: int, text: str) -> None:
        """A new version of a question, beside the old one (which keeps its answers)."""
        host = self._host
        message = host.shown.message(message_id)
        if message is None or not (text.strip() or message.attachments) or not host.can_start():
            return
        try:  # the files go with the new wording
            files = host.store.files.of([message_id]).get(message_id, [])
            new = host.store.add_message(
                message.conversation_id, "user", text, parent=message.parent_id, attachments=files
            )
        except StoreError as error:
            host.report(str(error))
            return
        host.view.remove_from(message_id)
        for shown in host.chat_messages([new]):
            host.view.add_message(shown)
        host.start_reply(host.effective_settings())

    # -- another version on screen ------------------------------------------------------------

    def on_action(self, message_id: int, action: str, argument: object) -> None:
        """A message's versions controls (gui/chat/message/versions.py)."""
        if action in (PREVIOUS_VERSION, NEXT_VERSION):
            self.switch(message_id, -1 if action == PREVIOUS_VERSION else 1)
        elif action == REGENERATE_WITH and isinstance(argument, str):
            self.regenerate(message_id, argument)
        elif action == BRANCH_OFF:
            self.branch_off(message_id)
        elif action == DELETE_VERSION:
            self.delete(message_id)

    def open_search_hit(self, message_id: int) -> None:
        """A search hit: show the version it is in (the sidebar then opens the conversation,
        or it is shown anew when open already)."""
        host = self._host
        message = host.store.get_message(message_id)
        if message is None or host.session.conversation_id == message.conversation_id:
            return  # a reply streams there: its path stays as it is
        try:
            host.store.tree.show(message_id)
        except StoreError as error:
            host.report(str(error))
            return
        if host.shown.is_open(message.conversation_id):
            host.open_conversation(message.conversation_id)

    def switch_focused(self, step: int) -> None:
        """Alt+Left, Alt+Right: the focused message's previous or next version."""
        message_id = self._host.view.focused_message_id()
        if message_id is None:
            self._host.show_status(
                translate("MainWindow", "Move to a message with versions to switch them.")
            )
            return
        self.switch(message_id, step)

    def switch(self, message_id: int, step: int) -> None:
        """Show the version `step` away from `message_id`, and the path below it."""
        host = self._host
        if host.session.busy:
            host.show_status(translate("MainWindow", "Versions can be switched after the reply."))
            return
        try:
            siblings = host.store.tree.siblings(message_id)
            if message_id not in siblings or len(siblings) < 2:
                return
            index = siblings.index(message_id) + step
            if not 0 <= index < len(siblings):
                return  # the first or the last version already
            host.store.tree.show(siblings[index])
        except StoreError as error:
            host.report(str(error))
            return
        had_focus = host.view.focused_message_id() == message_id
        self.show_below(message_id)
        if had_focus and siblings[index] in host.view.message_ids():
            # The keyboard stays on the switcher: Alt+Right again goes on to the next one.
            tools = host.view.message_widget(siblings[index]).tools
            button = tools.next_button if step > 0 else tools.previous_button
            (button if button.isEnabled() else tools.menu_button).setFocus()

    def show_below(self, message_id: int) -> None:
        """Replace `message_id` and what follows it on screen with the path now shown."""
        host = self._host
        conversation_id = host.shown.id
        if conversation_id is None:
            return
        shown_ids = host.view.message_ids()
        switched = host.store.get_message(message_id)
        path = host.store.messages(conversation_id)
        path_ids = [m.id for m in path]
        kept = shown_ids[: shown_ids.index(message_id)] if message_id in shown_ids else None
        # Where the new part of the path begins: after the message the switched one follows.
        parent = switched.parent_id if switched is not None else None
        start = path_ids.index(parent) + 1 if parent in path_ids else 0
        if (
            kept is None
            or path_ids[max(start - len(kept), 0) : start] != kept
            or len(path) - start > PAGE_SIZE
        ):
            host.open_conversation(conversation_id)  # a long new branch: its end, as on opening
            return
        host.view.remove_from(message_id)
        for shown in host.chat_messages(path[start:]):
            host.view.add_message(shown, follow=False)
        host.sidebar.conversation_changed(conversation_id)
        host.context_changed()  # another history goes with the next message

    # -- branch off, delete -------------------------------------------------------------------

    def branch_off(self, message_id: int) -> None:
        host = self._host
        if host.session.busy:
            host.show_status(translate("MainWindow", "A chat can be branched off after the reply."))
            return
        title = host.shown.title or ""
        branched = translate("MainWindow", "{title} (branch)").format(title=title).strip()
        try:
            conversation = host.store.tree.branch_off(message_id, branched)
        except StoreError as error:
            host.report(str(error))
            return
        host.sidebar.refresh()
        host.open_conversation(conversation.id)
        host.show_status(translate("MainWindow", "Branched off into a new chat."))

    def delete(self, message_id: int) -> None:
        """Delete this version (and what continues below it); the one beside it shows."""
        host = self._host
        if host.session.busy:
            host.show_status(translate("MainWindow", "Versions can be deleted after the reply."))
            return
        try:
            host.store.tree.delete(message_id)
        except StoreError as error:
            host.report(str(error))
            return
        self.show_below(message_id)  # still on screen: the path from there is the new one
        host.sidebar.undo_bar.dismiss()  # one Undo at a time: they share Ctrl+Z
        self._undo_bar.show_undoable(
            message_id,
            translate("MainWindow", "Deleted a version."),
            translate("MainWindow", "Undo delete"),
            translate("MainWindow", "Bring the deleted version back"),
        )

    def undo_delete(self, message_id: int) -> None:
        """Undo: the version comes back; on screen in the place of the one that replaced it,
        unless a reply streams (the path must not change under it) or another chat is shown."""
        host = self._host
        message = host.store.get_message(message_id)
        if message is None:
            return
        on_screen = host.shown.is_open(message.conversation_id) and not host.session.busy
        try:
            host.store.tree.undelete(message_id, show=on_screen)
            siblings = host.store.tree.siblings(message_id)
        except StoreError as error:
            host.report(str(error))
            return
        shown = next((s for s in siblings if s in host.view.message_ids()), None)
        if shown is None or not host.shown.is_open(message.conversation_id):
            return  # it is back among the versions; the chat shows it when opened
        if on_screen:
            self.show_below(shown)
            return
        count = len(siblings)  # a reply streams: the switcher shows one version more
        host.view.set_versions(shown, (siblings.index(shown) + 1, count))
