"""The window's commands: every one a QAction with its shortcut, in the menus and the toolbar.

`WindowCommands` builds them for a window that offers the slots of `CommandTarget`; tests and
the keyboard-shortcuts list read the actions from it. Its strings keep the "MainWindow"
translation context through `QCoreApplication.translate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from gui.chat.composer import Composer

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")

Shortcut = str | QKeySequence | QKeySequence.StandardKey | None


class Finder(Protocol):
    def open(self) -> None: ...


class CommandTarget(Protocol):
    """What the commands act on: the main window's public slots."""

    composer: Composer  # Ctrl+U does what its "+" does
    finder: Finder  # Ctrl+F

    def new_chat(self) -> None: ...
    def export(self, fmt: str, everything: bool) -> None: ...
    def close(self) -> bool: ...
    def copy_last_answer(self) -> None: ...
    def focus_search(self) -> None: ...
    def open_settings(self) -> None: ...
    def stop_reply(self) -> None: ...
    def regenerate_last(self) -> None: ...
    def switch_version(self, step: int) -> None: ...
    def open_token_dialog(self, reason: str = "") -> None: ...
    def show_shortcuts(self) -> None: ...
    def show_about(self) -> None: ...


class WindowCommands:
    """The actions, the menu bar and the toolbar's buttons of one window."""

    def __init__(self, window: QMainWindow, target: CommandTarget, toolbar: QToolBar) -> None:
        self._window = window
        self.new_action = self._action(
            translate("MainWindow", "&New chat"),
            translate("MainWindow", "Start a new chat"),
            "Ctrl+N",
            target.new_chat,
        )
        self.new_action.setIconText(translate("MainWindow", "New chat"))
        self.export_md_action = self._action(
            translate("MainWindow", "Export chat as &Markdown…"),
            translate("MainWindow", "Save this chat as a Markdown file"),
            None,
            lambda: target.export("markdown", False),
        )
        self.export_json_action = self._action(
            translate("MainWindow", "Export chat as &JSON…"),
            translate("MainWindow", "Save this chat as a JSON file"),
            None,
            lambda: target.export("json", False),
        )
        self.export_all_action = self._action(
            translate("MainWindow", "Export all chats as JS&ON…"),
            translate("MainWindow", "Save every chat in one JSON file"),
            None,
            lambda: target.export("json", True),
        )
        self.export_all_md_action = self._action(
            translate("MainWindow", "Export all chats as Mar&kdown…"),
            translate("MainWindow", "Save every chat in one Markdown file"),
            None,
            lambda: target.export("markdown", True),
        )
        self.quit_action = self._action(
            translate("MainWindow", "&Quit"),
            translate("MainWindow", "Quit Replicate Chat"),
            "Ctrl+Q",
            target.close,
        )
        self.copy_answer_action = self._action(
            translate("MainWindow", "&Copy last answer"),
            translate("MainWindow", "Copy the last answer as the model wrote it"),
            "Ctrl+Shift+C",
            target.copy_last_answer,
        )
        self.search_action = self._action(
            translate("MainWindow", "&Search chats"),
            translate("MainWindow", "Search the titles and messages of all chats"),
            "Ctrl+K",
            target.focus_search,
        )
        self.settings_action = self._action(
            translate("MainWindow", "&Settings…"),
            translate("MainWindow", "Model parameters, theme and language"),
            "Ctrl+,",
            target.open_settings,
        )
        self.settings_action.setIconText(translate("MainWindow", "Settings"))
        self.find_action = self._action(
            translate("MainWindow", "&Find in conversation…"),
            translate("MainWindow", "Find words in this conversation, in every message of it"),
            QKeySequence.StandardKey.Find,
            lambda: target.finder.open(),
        )
        self.attach_action = self._action(
            translate("MainWindow", "&Attach files…"),
            translate("MainWindow", "Attach pictures or documents to the next message"),
            "Ctrl+U",
            lambda: target.composer.attach_requested.emit(),
        )
        self.stop_action = self._action(
            translate("MainWindow", "S&top reply"),
            translate("MainWindow", "Stop the reply that is streaming"),
            "Esc",
            target.stop_reply,
        )
        self.stop_action.setEnabled(False)
        self.regenerate_action = self._action(
            translate("MainWindow", "&Regenerate last answer"),
            translate("MainWindow", "Ask for a new version of the last answer; the old one stays"),
            "Ctrl+R",
            target.regenerate_last,
        )
        self.previous_version_action = self._action(
            translate("MainWindow", "&Previous version"),
            translate("MainWindow", "Show the previous version of the message with the focus"),
            "Alt+Left",
            lambda: target.switch_version(-1),
        )
        self.next_version_action = self._action(
            translate("MainWindow", "Ne&xt version"),
            translate("MainWindow", "Show the next version of the message with the focus"),
            "Alt+Right",
            lambda: target.switch_version(1),
        )
        self.token_action = self._action(
            translate("MainWindow", "Replicate API &token…"),
            translate("MainWindow", "Add, replace or remove your Replicate API token"),
            None,
            lambda: target.open_token_dialog(),
        )
        self.token_action.setIconText(translate("MainWindow", "API token"))
        # F1 where F1 is help (Linux, Windows), Ctrl+? on macOS: the platform's own help key,
        # since this list is the app's only help. (Ctrl+/ is a web-app habit; desktop users
        # press F1.)
        self.shortcuts_action = self._action(
            translate("MainWindow", "&Keyboard shortcuts"),
            translate("MainWindow", "List every keyboard shortcut"),
            QKeySequence.StandardKey.HelpContents,
            target.show_shortcuts,
        )
        self.about_action = self._action(
            translate("MainWindow", "&About Replicate Chat"),
            translate("MainWindow", "The version of Replicate Chat"),
            None,
            target.show_about,
        )
        self._fill_menus()
        self._fill_toolbar(toolbar)

    def _action(self, text: str, tip: str, shortcut: Shortcut, slot: Callable[[], Any]) -> QAction:
        """A window-wide command. `text` is the menu entry (with its & accelerator); `tip` says
        what it does, and the tooltip adds the shortcut as the platform writes it: "New chat
        (Ctrl+N)"."""
        action = QAction(text, self._window)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # the platform's own keys (one or several)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def _fill_menus(self) -> None:
        menus = self._window.menuBar()
        file_menu = menus.addMenu(translate("MainWindow", "&File"))
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_md_action)
        file_menu.addAction(self.export_json_action)
        file_menu.addAction(self.export_all_md_action)
        file_menu.addAction(self.export_all_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu(translate("MainWindow", "&Edit"))
        edit_menu.addAction(self.copy_answer_action)
        edit_menu.addAction(self.search_action)
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        chat_menu = menus.addMenu(translate("MainWindow", "&Chat"))
        chat_menu.addAction(self.attach_action)
        chat_menu.addAction(self.stop_action)
        chat_menu.addAction(self.regenerate_action)
        chat_menu.addAction(self.previous_version_action)
        chat_menu.addAction(self.next_version_action)
        chat_menu.addSeparator()
        chat_menu.addAction(self.token_action)
        help_menu = menus.addMenu(translate("MainWindow", "&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _fill_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.addSeparator()
        toolbar.addAction(self.settings_action)
        toolbar.addAction(self.token_action)
        toolbar.addAction(self.new_action)

    def set_demo(self, demo: bool) -> None:
        """The demo needs no token: its command is hidden."""
        self.token_action.setVisible(not demo)
