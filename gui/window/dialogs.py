"""The main window's dialogs: settings, API token, keyboard shortcuts and about.

One of each at a time, opened with `open()` (or `show()`) so the asyncio loop keeps running, and
disposed of only once its own closing (a task cancelled, a client closed) has finished. The
window decides whether a dialog may open and applies what it reports through the signals here.
Texts keep the "MainWindow" translation context.

Each dialog's module is imported when that dialog first opens, not with the window: none of
them is needed for the window's first frame, and together they are a good part of what the app
would otherwise import before it (tests/benchmarks/startup_history.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from gui.utils.version import app_version
from gui.window.context import AppContext
from provider.tasks import OwnedTasks, loop_running

if TYPE_CHECKING:
    from gui.config.settings import GenerationSettings
    from gui.dialogs.api_token import TokenDialog
    from gui.dialogs.settings import SettingsDialog
    from gui.dialogs.shortcuts import ShortcutGroup, ShortcutsDialog
    from provider import ReplicateClient

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


class WindowDialogs(QObject):
    """Opens the window's dialogs, remembers the open one of each kind, and winds them down."""

    settings_accepted = Signal(object, str)  # GenerationSettings, "conversation" | "defaults"
    appearance_accepted = Signal(str, str)  # theme, language
    token_changed = Signal(object)  # the new TokenState
    context_window_accepted = Signal(str, object)  # model, its window in tokens or None

    def __init__(
        self,
        window: QWidget,
        context: AppContext,
        client_factory: Callable[[], ReplicateClient | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._client_factory = client_factory
        self._settings: SettingsDialog | None = None
        self._token: TokenDialog | None = None
        self._shortcuts: ShortcutsDialog | None = None
        # A closed dialog's own winding down (its task, its client): awaited on shutdown, never
        # cancelled, or a client would be left open when the loop ends.
        self._closing = OwnedTasks("a dialog's closing")

    # -- what is open ------------------------------------------------------------------------

    @property
    def settings_dialog(self) -> SettingsDialog | None:
        return self._settings

    @property
    def token_dialog(self) -> TokenDialog | None:
        return self._token

    @property
    def shortcuts_dialog(self) -> ShortcutsDialog | None:
        return self._shortcuts

    @property
    def winding_down(self) -> bool:
        """Whether a closed dialog is still finishing its own closing."""
        return len(self._closing) > 0

    # -- opening -----------------------------------------------------------------------------

    def open_settings(self, settings: GenerationSettings, conversation_title: str | None) -> None:
        if self._settings is not None:
            self._settings.raise_()
            return
        from gui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(
            settings,
            client_factory=self._client_factory,
            conversation_title=conversation_title,
            theme=self._context.settings.theme,
            language=self._context.settings.language,
            model_memory=self._context.settings.models,
            parent=self._window,
        )
        dialog.settings_accepted.connect(self.settings_accepted)
        dialog.context_window_accepted.connect(self.context_window_accepted)
        dialog.appearance_accepted.connect(self.appearance_accepted)
        dialog.finished.connect(lambda _result: self._forget_settings(dialog))
        self._settings = dialog
        dialog.open()

    def open_token(self, reason: str) -> None:
        if self._token is not None:
            self._token.raise_()
            return
        from gui.dialogs.api_token import TokenDialog

        dialog = TokenDialog(
            self._context.token_store,
            base_url=self._context.base_url,
            reason=reason,
            parent=self._window,
        )
        dialog.token_changed.connect(self.token_changed)
        dialog.finished.connect(lambda _result: self._forget_token(dialog))
        self._token = dialog
        dialog.open()

    def show_shortcuts(
        self,
        window: QMainWindow,
        with_others: Callable[[list[ShortcutGroup]], list[ShortcutGroup]],
    ) -> None:
        """One list at a time, brought to the front if open: the commands of `window`'s menus,
        and the groups `with_others` adds to them."""
        if self._shortcuts is not None:
            self._shortcuts.raise_()
            self._shortcuts.activateWindow()
            return
        from gui.dialogs.shortcuts import ShortcutsDialog, action_groups

        dialog = ShortcutsDialog(with_others(action_groups(window)), self._window)
        dialog.finished.connect(lambda _result: self._forget_shortcuts(dialog))
        self._shortcuts = dialog
        # show(), not open(): open() would make it window-modal, and a list of keys is most
        # useful while one tries them in the window.
        dialog.show()

    def show_about(self) -> None:
        box = QMessageBox(self._window)
        box.setWindowTitle(translate("MainWindow", "About Replicate Chat"))
        box.setText(
            translate(
                "MainWindow",
                "Replicate Chat %s\nA desktop chat client for the models hosted on Replicate.",
            )
            % app_version()
        )
        box.open()

    # -- closing -----------------------------------------------------------------------------

    # A dialog can report "finished" again while it winds down; by then a new one may be open,
    # and that one stays: each of these forgets only the dialog it was connected for.

    def _forget_settings(self, dialog: SettingsDialog) -> None:
        if self._settings is dialog:
            self._settings = None
            self._dispose(dialog, dialog.aclose)

    def _forget_token(self, dialog: TokenDialog) -> None:
        if self._token is dialog:
            self._token = None
            self._dispose(dialog, dialog.close_and_wait)

    def _forget_shortcuts(self, dialog: ShortcutsDialog) -> None:
        if self._shortcuts is dialog:
            self._shortcuts = None
            dialog.deleteLater()

    def _dispose(self, dialog: QWidget, wind_down: Callable[[], Awaitable[None]]) -> None:
        """Delete `dialog` once `wind_down()` (its own closing) has finished."""
        if not loop_running():
            dialog.deleteLater()
            return
        self._closing.spawn(self._wind_down_then_delete(dialog, wind_down()))

    @staticmethod
    async def _wind_down_then_delete(dialog: QWidget, wind_down: Awaitable[None]) -> None:
        try:
            await wind_down
        finally:
            dialog.deleteLater()

    async def aclose(self) -> None:
        """Close every dialog and wait until each has wound down (the window's shutdown)."""
        if self._token is not None:
            await self._token.close_and_wait()  # its token check and client end first
        if self._settings is not None:
            await self._settings.aclose()
        if self._shortcuts is not None:
            self._shortcuts.reject()
        await self._closing.wait()
