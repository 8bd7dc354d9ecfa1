"""The main window's dialogs: settings, token, keyboard shortcuts and about; one of each at a
time, opened with `open()` so the asyncio loop keeps running, and disposed of only once their
own closing (a task cancelled, a client closed) has finished.

A mixin of MainWindow, kept apart so that the window's module holds what the window does with
conversations and replies. Its texts keep the "MainWindow" translation context.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.settings import GenerationSettings
from gui.settings_dialog import SettingsDialog
from gui.shortcuts_dialog import ShortcutGroup, ShortcutsDialog, action_groups
from gui.token_dialog import TokenDialog
from gui.token_store import TokenSource, TokenState

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


def loop_running() -> bool:
    """Whether an asyncio loop runs here (Qt can close a dialog outside it, in a teardown)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class WindowDialogs:
    """Opening, applying and disposing of the window's dialogs (mixed into MainWindow)."""

    def open_settings(self: MainWindow) -> None:
        if self._shutdown_started:
            return
        if self._settings_dialog is not None:
            self._settings_dialog.raise_()
            return
        title = self._conversation.title if self._conversation else None
        dialog = SettingsDialog(
            self.effective_settings(),
            client_factory=self._new_client,
            conversation_title=title,
            theme=self.context.settings.theme,
            language=self.context.settings.language,
            parent=self,
        )
        dialog.settings_accepted.connect(self._apply_settings)
        dialog.appearance_accepted.connect(self._apply_appearance)
        dialog.finished.connect(
            lambda _result: self._forget_dialog("_settings_dialog", dialog, dialog.aclose)
        )
        self._settings_dialog = dialog
        dialog.open()

    def _apply_settings(self: MainWindow, settings: GenerationSettings, scope: str) -> None:
        defaults = self.context.settings.defaults
        if scope == "conversation" and self._conversation is not None:
            overrides = settings.overrides_against(defaults)
            self.store.set_conversation_settings(self._conversation.id, settings.model, overrides)
            self._conversation = self.store.get_conversation(self._conversation.id)
        else:
            self.context.settings = dataclasses.replace(self.context.settings, defaults=settings)
            self._pending_model = None  # the new defaults carry the model chosen in the dialog
            self._save_settings()
        self._show_model()

    def _apply_appearance(self: MainWindow, theme: str, language: str) -> None:
        """Keep the theme and language chosen; the theme shows at once, the language at the next
        start (every widget would have to rebuild its texts, for a rare change)."""
        old_language = self.context.settings.language
        self.context.settings = dataclasses.replace(
            self.context.settings, theme=theme, language=language
        )
        self._save_settings()
        if self.context.theme is not None:
            self.context.theme.set_choice(theme)
        if language != old_language:
            self.notices.add(
                translate("MainWindow", "The language changes the next time Replicate Chat starts.")
            )

    def open_token_dialog(self: MainWindow, reason: str = "") -> None:
        if self.context.demo:
            self.show_status(translate("MainWindow", "The demo needs no token."))
            return
        if self._shutdown_started:
            return
        if self._token_dialog is not None:
            self._token_dialog.raise_()
            return
        dialog = TokenDialog(
            self.context.token_store, base_url=self.context.base_url, reason=reason, parent=self
        )
        dialog.token_changed.connect(self._on_token_changed)
        dialog.finished.connect(
            lambda _result: self._forget_dialog("_token_dialog", dialog, dialog.close_and_wait)
        )
        self._token_dialog = dialog
        dialog.open()

    def _forget_dialog(
        self: MainWindow,
        name: str,
        dialog: QWidget,
        wind_down: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """`dialog` has closed: forget it, and delete it once `wind_down()` (its own closing: a
        task cancelled, a client closed) has finished. A dialog can report "finished" again
        while it winds down; by then a new one may be open, and that one stays."""
        if getattr(self, name) is not dialog:
            return
        setattr(self, name, None)
        if wind_down is None or not loop_running():
            dialog.deleteLater()
            return
        task = asyncio.get_running_loop().create_task(self._dispose(dialog, wind_down()))
        self._dialogs_closing.add(task)
        task.add_done_callback(self._dialog_disposed)

    @staticmethod
    async def _dispose(dialog: QWidget, wind_down: Awaitable[None]) -> None:
        try:
            await wind_down
        finally:
            dialog.deleteLater()

    def _dialog_disposed(self: MainWindow, task: asyncio.Task[None]) -> None:
        self._dialogs_closing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a dialog failed to close cleanly", exc_info=task.exception())

    def _on_token_changed(self: MainWindow, state: TokenState) -> None:
        self._show_token_state(state)
        old, self._client = self._client, None  # the next reply uses the new token
        if old is not None:
            self._retired_clients.append(old)  # a reply may still be streaming through it
        self._close_retired_clients()

    def _close_retired_clients(self: MainWindow) -> None:
        if self.session.busy or self._shutdown_started:
            return
        while self._retired_clients:
            self.spawn(self._retired_clients.pop().close())

    def _show_token_state(self: MainWindow, state: TokenState) -> None:
        labels = {
            TokenSource.ENVIRONMENT: translate("MainWindow", "Token: from REPLICATE_API_TOKEN"),
            TokenSource.KEYRING: translate("MainWindow", "Token: system keyring"),
            TokenSource.SESSION: translate("MainWindow", "Token: this session only"),
            TokenSource.NONE: translate("MainWindow", "No API token"),
        }
        self.token_label.setText(labels[state.source])

    def show_shortcuts(self: MainWindow) -> None:
        """Help → Keyboard shortcuts: one list at a time, brought to the front if open."""
        if self._shortcuts_dialog is not None:
            self._shortcuts_dialog.raise_()
            self._shortcuts_dialog.activateWindow()
            return
        groups = [
            *action_groups(self),
            ShortcutGroup(translate("MainWindow", "Message box"), self.composer.key_help()),
            ShortcutGroup(translate("MainWindow", "Conversation list"), self.sidebar.key_help()),
        ]
        dialog = ShortcutsDialog(groups, self)
        dialog.finished.connect(lambda _result: self._forget_dialog("_shortcuts_dialog", dialog))
        self._shortcuts_dialog = dialog
        # show(), not open(): open() would make it window-modal, and a list of keys is most
        # useful while one tries them in the window.
        dialog.show()

    def _about(self: MainWindow) -> None:
        from gui.version import app_version

        box = QMessageBox(self)
        box.setWindowTitle(translate("MainWindow", "About Replicate Chat"))
        box.setText(
            translate(
                "MainWindow",
                "Replicate Chat %s\nA desktop chat client for the models hosted on Replicate.",
            )
            % app_version()
        )
        box.open()
