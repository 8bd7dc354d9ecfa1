"""The main window: sidebar, chat view, composer, toolbar model picker, menus and status line.

The window wires the parts together; each part does one job. A send goes: composer → store (the
question is saved before anything is sent) → chat session (streams the reply into the store and
the view). Dialogs open with `open()`, never `exec()`, so the asyncio loop keeps running.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QWidget,
)

from gui.app_context import AppContext
from gui.chat_session import ChatSession
from gui.chat_view import ChatMessage, ErrorInfo
from gui.exporting import ExportFlow
from gui.failures import RETRY, TOKEN, Failure
from gui.paint_watch import after_next_paint
from gui.settings import GenerationSettings, save_settings
from gui.settings_dialog import SettingsDialog
from gui.shortcuts_dialog import ShortcutsDialog
from gui.store import Conversation, Message, StoreError
from gui.token_dialog import TokenDialog
from gui.window_dialogs import WindowDialogs, loop_running
from gui.window_layout import build_actions, build_widgets

if TYPE_CHECKING:
    from provider import ReplicateClient

log = logging.getLogger(__name__)

# Opening a conversation shows its last messages; earlier ones load on demand.
PAGE_SIZE = 60


class MainWindow(WindowDialogs, QMainWindow):
    """Replicate Chat's window. `start()` loads the token and the newest conversation."""

    closed = Signal()  # after shutdown: tasks awaited, clients closed, store flushed
    first_painted = Signal()  # once, after the window's first frame is on screen

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        after_next_paint(self, self.first_painted.emit)
        self._tasks: set[asyncio.Task[Any]] = set()
        # A closed dialog's own winding down (its task, its client): awaited on shutdown, never
        # cancelled, or a client would be left open when the loop ends.
        self._dialogs_closing: set[asyncio.Task[None]] = set()
        self._client: ReplicateClient | None = None
        self._retired_clients: list[ReplicateClient] = []  # closed once no reply uses them
        self._conversation: Conversation | None = None
        self._pending_model: str | None = None  # the model picked before a new chat's first message
        self._shutdown_started = False
        self._shutdown_done = False
        self._token_dialog: TokenDialog | None = None
        self._settings_dialog: SettingsDialog | None = None
        self._shortcuts_dialog: ShortcutsDialog | None = None

        self.session = ChatSession(self.store, self._chat_client, self)
        self.exports = ExportFlow(self)
        build_widgets(self)
        build_actions(self)
        self._connect()
        self._restore_geometry()
        title = self.tr("Replicate Chat")
        self.setWindowTitle(title + (self.tr(" — Demo") if context.demo else ""))

    # -- construction ------------------------------------------------------------------------

    def _connect(self) -> None:
        self.composer.send_requested.connect(self.send_message)
        self.composer.stop_requested.connect(self.stop_reply)
        self.sidebar.conversation_selected.connect(self.open_conversation)
        self.sidebar.new_requested.connect(self.new_chat)
        self.sidebar.conversation_deleted.connect(self._on_conversation_deleted)
        self.sidebar.conversation_renamed.connect(self._on_conversation_renamed)
        self.view.retry_requested.connect(self.resend_from)
        self.view.regenerate_requested.connect(self.resend_from)
        self.view.edit_submitted.connect(self.edit_and_resend)
        self.view.token_dialog_requested.connect(lambda: self.open_token_dialog())
        self.view.load_earlier_requested.connect(self._load_earlier)
        self.view.copied.connect(self.show_status)
        self.model_combo.model_chosen.connect(self._on_model_chosen)
        self.model_combo.invalid_model.connect(self.show_status)
        self.session.text_received.connect(self.view.append_text)
        self.session.status_changed.connect(self.show_status)
        self.session.reply_finished.connect(self._on_reply_finished)
        self.session.busy_changed.connect(self._on_busy_changed)

    # -- start and stop ----------------------------------------------------------------------

    async def start(self) -> None:
        """Load the token and the newest conversation; ask for a token on first run."""
        if not self.context.demo:
            state = await self.context.token_store.load()
            self._show_token_state(state)
            if state.keyring_problem:
                self.notices.add(state.keyring_problem)
        else:
            self.token_label.setText(self.tr("Demo: no account"))
        self.sidebar.refresh()  # the newest conversation is the list's first row
        newest = self.sidebar.model.conversation_id(self.sidebar.model.index(0))
        if newest is not None:
            self.open_conversation(newest)
        else:
            self.new_chat()
        if not self.context.demo and not self.context.token_store.state.has_token:
            self.open_token_dialog(self.tr("Welcome! Paste your Replicate API token to start."))
        self.composer.focus_input()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._shutdown_done or not loop_running():
            event.accept()  # already shut down, or nothing async can run any more
            return
        event.ignore()  # shut down asynchronously first, then close for real
        if not self._shutdown_started:
            self._shutdown_started = True
            self.spawn(self._shutdown_then_close())

    async def _shutdown_then_close(self) -> None:
        try:
            await self.shutdown()
        finally:
            self._shutdown_done = True
            self.close()
            self.closed.emit()

    async def shutdown(self) -> None:
        """Stop the reply (its partial text is saved), close dialogs, clients and the store."""
        self._shutdown_started = True
        self.setEnabled(False)  # nothing new may start while the window winds down
        await self.session.stop()
        if self._token_dialog is not None:
            await self._token_dialog.close_and_wait()  # its token check and client end first
        if self._settings_dialog is not None:
            await self._settings_dialog.aclose()
        if self._shortcuts_dialog is not None:
            self._shortcuts_dialog.reject()
        if self._dialogs_closing:
            await asyncio.wait(set(self._dialogs_closing))
        current = asyncio.current_task()
        others = [task for task in self._tasks if task is not current]
        for task in others:
            task.cancel()
        if others:
            await asyncio.wait(others)
        clients = [*self._retired_clients, *([self._client] if self._client else [])]
        self._client, self._retired_clients = None, []
        for client in clients:
            await client.close()
        self._save_geometry()
        try:
            self.store.purge_deleted()
        except StoreError as error:
            log.error("could not purge deleted chats: %s", error)
        self.store.close()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `coro` as a task the window keeps (and awaits on shutdown)."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            log.error("background task failed", exc_info=error)
            self.show_status(self.tr("Something went wrong: %s") % type(error).__name__)

    # -- conversations -----------------------------------------------------------------------

    def bring_forward(self) -> None:
        """Another start of the app asked for this window (gui/single_instance.py)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def new_chat(self) -> None:
        """An empty chat; it is stored when its first message is sent."""
        self._conversation = None
        self._pending_model = None
        self.sidebar.select(None)
        self.view.set_messages([])
        self._clear_status()
        self._show_model()
        self.composer.focus_input()

    def open_conversation(self, conversation_id: int) -> None:
        conversation = self.store.get_conversation(conversation_id)
        if conversation is None:
            self.new_chat()
            return
        self._conversation = conversation
        messages = self.store.messages(conversation_id, limit=PAGE_SIZE + 1)
        has_earlier = len(messages) > PAGE_SIZE
        shown = [self._chat_message(m) for m in messages[-PAGE_SIZE:]]
        self.view.set_messages(shown, has_earlier=has_earlier)
        self.sidebar.select(conversation_id)
        self._clear_status()
        self._show_model()
        self.composer.focus_input()

    def _load_earlier(self) -> None:
        if self._conversation is None:
            return
        first = self.view.first_message_id()
        # Only the first shown message's position is needed, not the whole conversation.
        message = None if first is None else self.store.get_message(first)
        if message is None or message.conversation_id != self._conversation.id:
            return
        earlier = self.store.messages_before(self._conversation.id, message.position, PAGE_SIZE + 1)
        has_earlier = len(earlier) > PAGE_SIZE
        shown = [self._chat_message(m) for m in earlier[-PAGE_SIZE:]]
        self.view.prepend_messages(shown, has_earlier=has_earlier)

    def _chat_message(self, message: Message) -> ChatMessage:
        content, status = message.content, message.status
        if message.id == self.session.message_id:
            content = self.session.current_text()  # newer than the last autosave
        # The store keeps the failure's words; Retry is the action that always helps later (a
        # token that is still refused opens the token dialog on that retry).
        error = ErrorInfo(message.error, RETRY) if message.error else None
        return ChatMessage(
            id=message.id,
            role=message.role,
            content=content,
            status=status,
            error=error,
            model=message.model,
            metrics=message.metrics,
        )

    def _on_conversation_deleted(self, conversation_id: int) -> None:
        if self.session.conversation_id == conversation_id:
            self.spawn(self.session.stop())  # nobody should pay for a reply to a deleted chat
        if self._conversation is not None and self._conversation.id == conversation_id:
            self.new_chat()

    def _on_conversation_renamed(self, conversation_id: int, title: str) -> None:
        if self._conversation is not None and self._conversation.id == conversation_id:
            self._conversation = self.store.get_conversation(conversation_id)

    # -- sending -----------------------------------------------------------------------------

    def effective_settings(self) -> GenerationSettings:
        """The global defaults, with the open conversation's model and overrides on top."""
        settings = self.context.settings.defaults
        conversation = self._conversation
        if conversation is not None:
            settings = settings.with_overrides(conversation.params)
            if conversation.model:
                settings = dataclasses.replace(settings, model=conversation.model)
        elif self._pending_model:
            settings = dataclasses.replace(settings, model=self._pending_model)
        return settings

    def send_message(self, text: str) -> None:
        """Save the question, show it, and start streaming the answer."""
        if self.session.busy or self._shutdown_started or not text.strip():
            self.composer.restore_text(text)
            return
        if not self._has_token():
            self.composer.restore_text(text)
            self.open_token_dialog(self.tr("A Replicate API token is needed to send messages."))
            return
        settings = self.effective_settings()
        try:
            if self._conversation is None:
                self._conversation = self.store.create_conversation(model=settings.model)
            message = self.store.add_message(self._conversation.id, "user", text)
        except StoreError as error:
            self.composer.restore_text(text)
            self.notices.add(str(error))
            return
        self.view.add_message(self._chat_message(message))
        self._start_reply(settings)

    def _start_reply(self, settings: GenerationSettings) -> None:
        assert self._conversation is not None
        try:
            reply = self.session.start_reply(self._conversation.id, settings)
        except StoreError as error:
            self.notices.add(str(error))
            return
        self.view.add_message(self._chat_message(reply))
        self._conversation = self.store.get_conversation(self._conversation.id)
        self.sidebar.refresh()
        if self._conversation is not None:
            self.sidebar.select(self._conversation.id)

    def resend_from(self, message_id: int) -> None:
        """Retry a failed answer or regenerate the last one: drop it and ask again."""
        message = self._message(message_id)
        if message is None or self.session.busy or self._shutdown_started:
            return
        if message.position != self._last_position():
            # Asking again from an older answer would erase everything said since.
            self.show_status(self.tr("Only the last answer can be retried or regenerated."))
            return
        try:
            self.store.delete_messages_from(message.conversation_id, message.position)
        except StoreError as error:
            self.notices.add(str(error))
            return
        self.view.remove_from(message_id)
        self._start_reply(self.effective_settings())

    def edit_and_resend(self, message_id: int, text: str) -> None:
        """Replace a past question (and everything after it) with `text` and ask again."""
        message = self._message(message_id)
        if message is None or self.session.busy or self._shutdown_started or not text.strip():
            return
        try:
            # One transaction: a failure leaves the old question and its answers in place.
            new = self.store.add_message(
                message.conversation_id, "user", text, replacing_from=message.position
            )
        except StoreError as error:
            self.notices.add(str(error))
            return
        self.view.remove_from(message_id)
        self.view.add_message(self._chat_message(new))
        self._start_reply(self.effective_settings())

    def _last_position(self) -> int | None:
        if self._conversation is None:
            return None
        last = self.store.messages(self._conversation.id, limit=1)
        return last[0].position if last else None

    def _message(self, message_id: int) -> Message | None:
        if self._conversation is None:
            return None
        found = [m for m in self.store.messages(self._conversation.id) if m.id == message_id]
        return found[0] if found else None

    def stop_reply(self) -> None:
        if self.session.busy:
            self.spawn(self.session.stop())

    def _on_reply_finished(self, message_id: int, status: str, failure: Failure | None) -> None:
        error = None
        if failure is not None:
            # The demo has no token to fix: its stand-in never asks for one, so no such button.
            action = None if self.context.demo and failure.action == TOKEN else failure.action
            error = ErrorInfo(failure.text, action, failure.url)
        metrics = None
        stored = self._message(message_id)
        if stored is not None:
            metrics = stored.metrics
        self.view.finish_message(message_id, status, error=error, metrics=metrics)
        self.sidebar.refresh()
        if failure is not None and failure.asks_for_token and not self.context.demo:
            self.open_token_dialog(failure.text)

    def _on_busy_changed(self, busy: bool) -> None:
        self.composer.set_streaming(busy)
        self.stop_action.setEnabled(busy)
        self.view.set_session_busy(busy)
        if not busy:
            self._close_retired_clients()
            focus = QApplication.focusWidget()
            # Back to the composer, unless the person is busy elsewhere (search, a rename).
            if focus is None or self.composer.isAncestorOf(focus) or self.view.isAncestorOf(focus):
                self.composer.focus_input()

    def copy_last_answer(self) -> None:
        if not self.view.copy_last_answer():
            self.show_status(self.tr("There is no answer to copy yet."))

    def _clear_status(self) -> None:
        """A finished reply's metrics belong to that reply, not to the next chat shown."""
        if not self.session.busy:
            self.show_status("")

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    # -- model, settings, token --------------------------------------------------------------

    def _show_model(self) -> None:
        model = self.effective_settings().model
        self.model_combo.set_model(model)
        self.composer.set_placeholder_model(model)

    def _on_model_chosen(self, model: str) -> None:
        if self._conversation is None:
            self._pending_model = model
        else:
            self.store.set_conversation_settings(
                self._conversation.id, model, self._conversation.params
            )
            self._conversation = self.store.get_conversation(self._conversation.id)
        self.composer.set_placeholder_model(model)
        self.show_status(self.tr("Model: %s") % model)

    def _has_token(self) -> bool:
        return self.context.demo or self.context.token_store.state.has_token

    def _token(self) -> str | None:
        if self.context.demo_token:
            return self.context.demo_token
        return self.context.token_store.token_value()

    def _chat_client(self) -> ReplicateClient | None:
        """The shared client for replies (one connection pool), made when first needed."""
        if self._client is None:
            token = self._token()
            if token is None:
                return None
            self._client = self._client_for(token)
        return self._client

    def _new_client(self) -> ReplicateClient | None:
        """A client of its own for a dialog, which closes it."""
        token = self._token()
        return self._client_for(token) if token else None

    def _client_for(self, token: str) -> ReplicateClient:
        from provider import ReplicateClient  # the network stack, loaded when first needed

        context = self.context
        return ReplicateClient(
            api_key=token,
            base_url=context.base_url,
            timeout=context.idle_timeout,
            retry=context.retry,
        )

    # -- export, about, geometry -------------------------------------------------------------

    def _export(self, fmt: str, everything: bool) -> None:
        if not everything and self._conversation is None:
            self.show_status(self.tr("Nothing to export yet: send a message first."))
            return
        ids = None if everything else [self._conversation.id]  # type: ignore[union-attr]
        self.exports.start(self.store, ids, fmt)

    def _save_settings(self) -> None:
        try:
            save_settings(self.context.paths.settings_file, self.context.settings)
        except OSError as error:
            self.notices.add(self.tr("Could not save the settings: %s") % error)

    def _restore_geometry(self) -> None:
        geometry = self.context.settings.window_geometry
        restored = False
        if geometry:
            restored = self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        if not restored:
            self.resize(1100, 760)
        self.splitter.setSizes([self.context.settings.sidebar_width or 260, 840])

    def _save_geometry(self) -> None:
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        sizes = self.splitter.sizes()
        self.context.settings = dataclasses.replace(
            self.context.settings,
            window_geometry=geometry,
            sidebar_width=sizes[0] if sizes else None,
        )
        self._save_settings()
