"""How the main window is put together: its widgets, actions, menus and toolbar.

Kept apart from gui/main_window.py, which holds what the window does. These are module functions,
so their strings use `QCoreApplication.translate("MainWindow", ...)`: pyside6-lupdate would file
`window.tr(...)` under a context named "window", which no translator looks up at run time.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from gui.chat_view import ChatView
from gui.composer import Composer
from gui.model_combo import ModelCombo
from gui.notices import DEMO_COLOURS, NoticeBar, tint
from gui.sidebar import ConversationSidebar

if TYPE_CHECKING:
    from gui.main_window import MainWindow

Shortcut = str | QKeySequence | QKeySequence.StandardKey | None


def build_widgets(window: MainWindow) -> None:
    """Sidebar | (demo banner, notices, chat view, composer); toolbar; status bar."""
    window.sidebar = ConversationSidebar(window.store)
    window.view = ChatView()
    window.composer = Composer()
    window.notices = NoticeBar()
    window.demo_banner = QLabel(
        QCoreApplication.translate(
            "MainWindow",
            "Demo mode: replies come from Replicate Chat's built-in stand-in server on this "
            "computer. No Replicate account is used and no real model runs.",
        )
    )
    window.demo_banner.setObjectName("demoBanner")
    window.demo_banner.setWordWrap(True)
    window.demo_banner.setAccessibleName(QCoreApplication.translate("MainWindow", "Demo mode"))
    tint(window.demo_banner, DEMO_COLOURS)
    window.demo_banner.setContentsMargins(12, 6, 12, 6)
    window.demo_banner.setVisible(window.context.demo)

    right = QWidget()
    column = QVBoxLayout(right)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(window.demo_banner)
    column.addWidget(window.notices)
    column.addWidget(window.view, 1)
    column.addWidget(window.composer)

    window.splitter = QSplitter(Qt.Orientation.Horizontal)
    window.splitter.addWidget(window.sidebar)
    window.splitter.addWidget(right)
    window.splitter.setStretchFactor(1, 1)
    window.splitter.setChildrenCollapsible(False)
    window.sidebar.setMinimumWidth(170)  # a narrow window keeps its room for the chat
    window.setCentralWidget(window.splitter)

    window.model_combo = ModelCombo()
    toolbar = window.addToolBar(QCoreApplication.translate("MainWindow", "Main toolbar"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    # A buddy label: screen readers announce it with the combo, and Alt+M focuses the combo.
    model_label = QLabel(QCoreApplication.translate("MainWindow", "&Model:"))
    model_label.setBuddy(window.model_combo)
    model_label.setContentsMargins(6, 0, 4, 0)
    toolbar.addWidget(model_label)
    toolbar.addWidget(window.model_combo)
    window.toolbar = toolbar

    window.status_label = QLabel()
    window.status_label.setAccessibleName(QCoreApplication.translate("MainWindow", "Status"))
    window.token_label = QLabel()
    window.token_label.setAccessibleName(
        QCoreApplication.translate("MainWindow", "Where the API token comes from")
    )
    window.statusBar().addWidget(window.status_label, 1)
    window.statusBar().addPermanentWidget(window.token_label)
    for notice in window.context.notices:
        window.notices.add(notice)


def _action(window: MainWindow, text: str, tip: str, shortcut: Shortcut, slot: Any) -> QAction:
    """A window-wide command. `text` is the menu entry (with its & accelerator); `tip` says what
    it does, and the tooltip adds the shortcut as the platform writes it: "New chat (Ctrl+N)"."""
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)  # the platform's own keys (one or several)
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Every command as a QAction with its shortcut, in the menus and the toolbar."""
    window.new_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&New chat"),
        QCoreApplication.translate("MainWindow", "Start a new chat"),
        "Ctrl+N",
        window.new_chat,
    )
    window.new_action.setIconText(QCoreApplication.translate("MainWindow", "New chat"))
    window.export_md_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "Export chat as &Markdown…"),
        QCoreApplication.translate("MainWindow", "Save this chat as a Markdown file"),
        None,
        lambda: window._export("markdown", False),
    )
    window.export_json_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "Export chat as &JSON…"),
        QCoreApplication.translate("MainWindow", "Save this chat as a JSON file"),
        None,
        lambda: window._export("json", False),
    )
    window.export_all_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "Export all chats as JS&ON…"),
        QCoreApplication.translate("MainWindow", "Save every chat in one JSON file"),
        None,
        lambda: window._export("json", True),
    )
    window.export_all_md_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "Export all chats as Mar&kdown…"),
        QCoreApplication.translate("MainWindow", "Save every chat in one Markdown file"),
        None,
        lambda: window._export("markdown", True),
    )
    window.quit_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Quit"),
        QCoreApplication.translate("MainWindow", "Quit Replicate Chat"),
        "Ctrl+Q",
        window.close,
    )
    window.copy_answer_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Copy last answer"),
        QCoreApplication.translate("MainWindow", "Copy the last answer as the model wrote it"),
        "Ctrl+Shift+C",
        window.copy_last_answer,
    )
    window.search_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Search chats"),
        QCoreApplication.translate("MainWindow", "Search the titles and messages of all chats"),
        "Ctrl+K",
        window.sidebar.focus_search,
    )
    window.settings_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Settings…"),
        QCoreApplication.translate("MainWindow", "Model parameters, theme and language"),
        "Ctrl+,",
        window.open_settings,
    )
    window.settings_action.setIconText(QCoreApplication.translate("MainWindow", "Settings"))
    window.stop_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "S&top reply"),
        QCoreApplication.translate("MainWindow", "Stop the reply that is streaming"),
        "Esc",
        window.stop_reply,
    )
    window.stop_action.setEnabled(False)
    window.token_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "Replicate API &token…"),
        QCoreApplication.translate("MainWindow", "Add, replace or remove your Replicate API token"),
        None,
        lambda: window.open_token_dialog(),
    )
    window.token_action.setIconText(QCoreApplication.translate("MainWindow", "API token"))
    # F1 where F1 is help (Linux, Windows), Ctrl+? on macOS: the platform's own help key, since
    # this list is the app's only help. (Ctrl+/ is a web-app habit; desktop users press F1.)
    window.shortcuts_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"),
        QCoreApplication.translate("MainWindow", "List every keyboard shortcut"),
        QKeySequence.StandardKey.HelpContents,
        window.show_shortcuts,
    )
    window.about_action = _action(
        window,
        QCoreApplication.translate("MainWindow", "&About Replicate Chat"),
        QCoreApplication.translate("MainWindow", "The version of Replicate Chat"),
        None,
        window._about,
    )

    menus = window.menuBar()
    file_menu = menus.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    file_menu.addAction(window.new_action)
    file_menu.addSeparator()
    file_menu.addAction(window.export_md_action)
    file_menu.addAction(window.export_json_action)
    file_menu.addAction(window.export_all_md_action)
    file_menu.addAction(window.export_all_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = menus.addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    edit_menu.addAction(window.copy_answer_action)
    edit_menu.addAction(window.search_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.settings_action)
    chat_menu = menus.addMenu(QCoreApplication.translate("MainWindow", "&Chat"))
    chat_menu.addAction(window.stop_action)
    chat_menu.addAction(window.token_action)
    help_menu = menus.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    help_menu.addAction(window.shortcuts_action)
    help_menu.addSeparator()
    help_menu.addAction(window.about_action)

    window.toolbar.addSeparator()
    window.toolbar.addAction(window.settings_action)
    window.toolbar.addAction(window.token_action)
    window.token_action.setVisible(not window.context.demo)  # the demo needs no token
    window.toolbar.addAction(window.new_action)
    _set_tab_order(window)


def _set_tab_order(window: MainWindow) -> None:
    """Tab follows the eye: the toolbar's model, the sidebar (New chat, search, list), the chat,
    then the message box and Send. (Left to creation order, the model combo, built last, would
    come after Send.)"""
    chain: list[QWidget] = [
        window.model_combo,
        window.sidebar.new_button,
        window.sidebar.search,
        window.sidebar.list,
        window.sidebar.undo_bar.undo_button,  # below the list, while it shows
        window.view,
        window.composer.editor,
        window.composer.button,
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
