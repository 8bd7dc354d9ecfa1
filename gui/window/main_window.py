"""The main window: sidebar, chat view, composer, toolbar model picker, menus and status line.

The window owns the parts and connects them; each holds its own state: widgets, commands,
dialogs, the conversation shown, clients, store reads, versions, attachments, find, tasks. A send
goes: composer → store (the question is saved first) → chat session (the reply streams in).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from gui.chat.context_plan import ContextPlanner
from gui.chat.failures import TOKEN, Failure
from gui.chat.message.model import chat_message
from gui.chat.session import ChatSession
from gui.chat.view import ChatMessage, ErrorInfo
from gui.config.settings import GenerationSettings
from gui.config.token_store import TokenState
from gui.export.flow import ExportFlow
from gui.store.records import Message
from gui.store.schema import StoreError
from gui.store.tree import Versions
from gui.widgets.paint_watch import FirstFrame
from gui.window.actions import WindowCommands
from gui.window.attachments import WindowAttachments
from gui.window.clients import ClientPool
from gui.window.context import AppContext
from gui.window.context_meter import ContextMeter
from gui.window.conversation import ShownConversation
from gui.window.dialogs import WindowDialogs
from gui.window.find import WindowFind
from gui.window.layout import WindowWidgets
from gui.window.older_pages import OlderPages
from gui.window.preferences import WindowPreferences
from gui.window.store_reads import StoreReads
from gui.window.versions import WindowVersions
from provider.tasks import OwnedTasks, loop_running

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Replicate Chat's window. `start()` loads the token and the newest conversation."""

    closed = Signal()  # after shutdown: tasks awaited, clients closed, store flushed
    first_painted = Signal()  # once, after the window's first frame is on screen

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.first_frame = FirstFrame(self, then=self.first_painted.emit)
        self.tasks = OwnedTasks("a background task", self._task_failed)
        self.clients = ClientPool(context)
        self.shown = ShownConversation(self.store)
        self.reads = StoreReads(self.store)  # long reads, off the window's thread
        self.older = OlderPages(self.reads)  # pages above the loaded ones, read ahead
        self._shutdown_started = self._shutdown_done = False

        planner = ContextPlanner(lambda: context.settings.models, lambda: self.meter.save_soon())
        self.session = ChatSession(self.store, self.clients.chat_client, self, planner)
        self.exports = ExportFlow(self, self.store, self.show_status)
        self.dialogs = WindowDialogs(self, context, self.clients.new_client)
        self.widgets = WindowWidgets(self.store, context.demo)
        self.widgets.place_in(self)
        self.sidebar = self.widgets.sidebar
        self.view = self.widgets.view
        self.composer = self.widgets.composer
        self.notices = self.widgets.notices
        self.model_combo = self.widgets.model_combo
        self.preferences = WindowPreferences(context, self.notices.add)
        self.commands = WindowCommands(self, self, self.widgets.toolbar)
        self.commands.set_demo(context.demo)
        self.widgets.set_tab_order()
        self.meter = ContextMeter(planner, (self.widgets.gauge, self.view, self.composer), self)
        self.versions = WindowVersions(self, self.widgets.version_undo)
        self.attachments = WindowAttachments(self, self)
        self.finder = WindowFind(self, self.widgets.find_bar)
        for notice in context.notices:
            self.notices.add(notice)
        self._connect()
        self.preferences.restore_geometry(self, self.widgets.splitter)
        title = self.tr("Replicate Chat")
        self.setWindowTitle(title + (self.tr(" — Demo") if context.demo else ""))

    def _connect(self) -> None:
        self.composer.send_requested.connect(self.send_message)
        self.composer.stop_requested.connect(self.stop_reply)
        self.sidebar.conversation_selected.connect(self.open_conversation)
        self.sidebar.message_opened.connect(self.versions.open_search_hit)
        self.sidebar.new_requested.connect(self.new_chat)
        self.sidebar.conversation_deleted.connect(self._on_conversation_deleted)
        self.sidebar.conversation_renamed.connect(self._on_conversation_renamed)
        self.view.retry_requested.connect(self.versions.regenerate)
        self.view.regenerate_requested.connect(self.versions.regenerate)
        self.view.edit_submitted.connect(self.versions.edit)
        self.view.message_action.connect(self.versions.on_action)
        self.view.token_dialog_requested.connect(lambda: self.open_token_dialog())
        self.view.load_earlier_requested.connect(
            lambda: self.older.load_into(self.view, self.shown, self.chat_messages)
        )
        self.view.copied.connect(self.show_status)
        self.model_combo.model_chosen.connect(self._on_model_chosen)
        self.model_combo.invalid_model.connect(self.show_status)
        self.session.text_received.connect(self.view.append_text)
        self.session.status_changed.connect(self.show_status)
        self.session.reply_finished.connect(self._on_reply_finished)
        self.session.busy_changed.connect(self._on_busy_changed)
        self.dialogs.settings_accepted.connect(self._apply_settings)
        self.dialogs.appearance_accepted.connect(self.preferences.apply_appearance)
        self.dialogs.token_changed.connect(self._on_token_changed)
        self.dialogs.context_window_accepted.connect(self.meter.set_window)

    # -- start and stop ----------------------------------------------------------------------

    async def start(self) -> None:
        """Load the token and select the newest chat: the first frame shows its model and the
        composer. Its messages come in the next frame; then the list's thousand rows, the
        gauge's reading of the whole conversation, the token ask (`make bench` times both)."""
        if not self.context.demo:
            state = await self.context.token_store.load()
            self.widgets.show_token_source(state)
            if state.keyring_problem:
                self.notices.add(state.keyring_problem)
        else:
            self.widgets.token_label.setText(self.tr("Demo: no account"))
        newest = self.shown.newest()
        if newest is not None and self.shown.select(newest):
            self._show_model()
        else:
            self.new_chat()
        await self.first_frame.wait(at_most_s=1.0)
        if newest is not None and self.shown.id == newest:  # still the one to show
            self.open_conversation(newest)
            await self.view.next_frame(at_most_s=0.5)  # its messages first, then the list
        self.sidebar.refresh()
        self.meter.start()
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
            self.tasks.spawn(self._shutdown_then_close())

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
        await self.dialogs.aclose()
        await self.exports.aclose()  # an export under way finishes its file
        await self.tasks.cancel()
        await self.clients.close()
        await self.reads.aclose()
        self.preferences.save_geometry(self, self.widgets.splitter)
        try:
            self.store.purge_deleted()
        except StoreError as error:
            log.error("could not purge deleted chats: %s", error)
        self.store.close()

    def _task_failed(self, error: BaseException) -> None:
        self.show_status(self.tr("Something went wrong: %s") % type(error).__name__)

    def bring_forward(self) -> None:
        """Another start of the app asked for this window (gui/app/single_instance.py)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- conversations -----------------------------------------------------------------------

    def new_chat(self) -> None:
        """An empty chat; it is stored when its first message is sent."""
        self.shown.show_new()
        self.sidebar.select(None)
        self.view.set_messages([])
        self._clear_status()
        self._show_model()
        self.composer.focus_input()

    def open_conversation(self, conversation_id: int) -> None:
        opened = self.shown.open(conversation_id)
        if opened is None:
            self.new_chat()
            return
        messages, has_earlier = opened
        self.view.set_messages(self.chat_messages(messages), has_earlier=has_earlier)
        self.sidebar.select(conversation_id)
        self._clear_status()
        self._show_model()
        self.composer.focus_input()

    def chat_messages(
        self, messages: list[Message], versions: dict[int, Versions] | None = None
    ) -> list[ChatMessage]:
        """Stored messages as the view shows them (a streaming answer's newest text), each with
        where it stands among its versions (read now unless given)."""
        if versions is None:
            versions = self.store.tree.versions([m.id for m in messages])
        return [
            chat_message(
                m,
                self.session.current_text() if m.id == self.session.message_id else None,
                (versions[m.id].index, versions[m.id].count) if m.id in versions else None,
            )
            for m in messages
        ]

    def _on_conversation_deleted(self, conversation_id: int) -> None:
        self.widgets.version_undo.dismiss()  # the sidebar's Undo shows: one at a time
        if self.session.conversation_id == conversation_id:
            self.tasks.spawn(self.session.stop())  # nobody should pay for a deleted chat's reply
        if self.shown.is_open(conversation_id):
            self.new_chat()

    def _on_conversation_renamed(self, conversation_id: int, title: str) -> None:
        if self.shown.is_open(conversation_id):
            self.shown.reload()

    # -- sending -----------------------------------------------------------------------------

    def effective_settings(self) -> GenerationSettings:
        """The global defaults, with the open conversation's model and overrides on top."""
        return self.shown.effective_settings(self.context.settings.defaults)

    def send_message(self, text: str) -> None:
        """Save the question and its files, show it, and start streaming the answer."""
        files = self.composer.tray.items()  # taken once saved: a failure keeps them there
        if self.session.busy or self._shutdown_started or not (text.strip() or files):
            self.composer.restore_text(text)
            return
        if not self._has_token():
            self.composer.restore_text(text)
            self.open_token_dialog(self.tr("A Replicate API token is needed to send messages."))
            return
        settings = self.effective_settings()
        try:
            conversation = self.shown.ensure_stored(settings.model)
            message = self.store.add_message(conversation.id, "user", text, attachments=files)
        except StoreError as error:
            self.composer.restore_text(text)
            self.notices.add(str(error))
            return
        self.composer.tray.take_all()
        self.view.add_message(self.chat_messages([message])[0])
        self.start_reply(settings)

    def start_reply(self, settings: GenerationSettings, to: int | None = None) -> None:
        """Answer the end of the path on screen, or the question `to` (a new version)."""
        conversation_id = self.shown.id
        assert conversation_id is not None
        try:
            reply = self.session.start_reply(conversation_id, settings, to=to)
        except StoreError as error:
            self.notices.add(str(error))
            self.open_conversation(conversation_id)  # the view shows what the store holds
            return
        self.view.add_message(self.chat_messages([reply])[0])
        self.shown.reload()
        self.sidebar.conversation_changed(conversation_id)
        self.sidebar.select(conversation_id)

    def can_start(self) -> bool:
        """Whether a new reply may start now."""
        return not self.session.busy and not self._shutdown_started

    def report(self, text: str) -> None:
        self.notices.add(text)

    def context_changed(self) -> None:
        self.meter.refresh()

    def regenerate_last(self) -> None:
        self.versions.regenerate_last()

    def switch_version(self, step: int) -> None:
        self.versions.switch_focused(step)

    def stop_reply(self) -> None:
        if self.session.busy:
            self.tasks.spawn(self.session.stop())

    def _on_reply_finished(self, message_id: int, status: str, failure: Failure | None) -> None:
        error = None
        if failure is not None:
            # The demo has no token to fix: its stand-in never asks for one, so no such button.
            action = None if self.context.demo and failure.action == TOKEN else failure.action
            error = ErrorInfo(failure.text, action, failure.url)
        stored = self.store.get_message(message_id)
        metrics = None if stored is None else stored.metrics
        self.view.finish_message(message_id, status, error=error, metrics=metrics)
        if stored is not None:
            self.sidebar.conversation_changed(stored.conversation_id)
        if failure is not None and failure.asks_for_token and not self.context.demo:
            self.open_token_dialog(failure.text)

    def _on_busy_changed(self, busy: bool) -> None:
        self.composer.set_streaming(busy)
        self.commands.stop_action.setEnabled(busy)
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

    def focus_search(self) -> None:
        self.sidebar.focus_search()

    def _clear_status(self) -> None:
        """A finished reply's metrics belong to that reply, not to the next chat shown."""
        if not self.session.busy:
            self.show_status("")

    def show_status(self, text: str) -> None:
        self.widgets.status_label.setText(text)

    # -- model and token ---------------------------------------------------------------------

    def _show_model(self) -> None:
        model = self.effective_settings().model
        self.model_combo.set_model(model)
        self.composer.set_model(model)
        self.meter.refresh()

    def _on_model_chosen(self, model: str) -> None:
        self.shown.choose_model(model)
        self.composer.set_model(model)
        self.meter.refresh()
        self.show_status(self.tr("Model: %s") % model)

    def _has_token(self) -> bool:
        return self.context.demo or self.context.token_store.state.has_token

    def _on_token_changed(self, state: TokenState) -> None:
        self.widgets.show_token_source(state)
        self.clients.retire_shared()  # the next reply uses the new token
        self._close_retired_clients()

    def _close_retired_clients(self) -> None:
        """Close the clients an old token left, once no reply streams through them."""
        if self.session.busy or self._shutdown_started:
            return
        for client in self.clients.take_retired():
            self.tasks.spawn(client.close())

    # -- dialogs -----------------------------------------------------------------------------

    def open_settings(self) -> None:
        if not self._shutdown_started:
            self.dialogs.open_settings(self.effective_settings(), self.shown.title)

    def open_token_dialog(self, reason: str = "") -> None:
        if self.context.demo:
            self.show_status(self.tr("The demo needs no token."))
        elif not self._shutdown_started:
            self.dialogs.open_token(reason)

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts: the menus' commands, the message box's and the list's."""
        self.dialogs.show_shortcuts(self, self.widgets.shortcut_groups)

    def show_about(self) -> None:
        self.dialogs.show_about()

    def _apply_settings(self, settings: GenerationSettings, scope: str) -> None:
        self.preferences.apply_settings(settings, scope, self.shown)
        self._show_model()

    # -- export ------------------------------------------------------------------------------

    def export(self, fmt: str, everything: bool) -> None:
        """File → Export: this chat or every chat, as "markdown" or "json"."""
        self.exports.export_chats(self.shown.id, fmt, everything=everything)
