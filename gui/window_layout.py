"""How the main window is put together: its widgets, actions, menus and toolbar.

Kept apart from gui/main_window.py, which holds what the window does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from gui.chat_view import ChatView
from gui.composer import Composer
from gui.model_combo import ModelCombo
from gui.notices import NoticeBar
from gui.sidebar import ConversationSidebar

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def build_widgets(window: MainWindow) -> None:
    """Sidebar | (demo banner, notices, chat view, composer); toolbar; status bar."""
    window.sidebar = ConversationSidebar(window.store)
    window.view = ChatView()
    window.composer = Composer()
    window.notices = NoticeBar()
    window.demo_banner = QLabel(
        window.tr(
            "Demo mode: replies come from Replicate Chat's built-in stand-in server on this "
            "computer. No Replicate account is used and no real model runs."
        )
    )
    window.demo_banner.setObjectName("demoBanner")
    window.demo_banner.setWordWrap(True)
    window.demo_banner.setAccessibleName(window.tr("Demo mode notice"))
    window.demo_banner.setStyleSheet(
        "#demoBanner { background: #fff4ce; color: #4a3b00; padding: 6px 12px;"
        " border-bottom: 1px solid #e0c060; }"
    )
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
    toolbar = window.addToolBar(window.tr("Model"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.addWidget(QLabel(window.tr(" Model: ")))
    toolbar.addWidget(window.model_combo)
    window.toolbar = toolbar

    window.status_label = QLabel()
    window.status_label.setAccessibleName(window.tr("Status"))
    window.token_label = QLabel()
    window.token_label.setAccessibleName(window.tr("Where the API token comes from"))
    window.statusBar().addWidget(window.status_label, 1)
    window.statusBar().addPermanentWidget(window.token_label)
    for notice in window.context.notices:
        window.notices.add(notice)


def _action(
    window: MainWindow, text: str, shortcut: str | QKeySequence | None, slot: Any
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Every command as a QAction with its shortcut, in the menus and the toolbar."""
    window.new_action = _action(window, window.tr("&New chat"), "Ctrl+N", window.new_chat)
    window.export_md_action = _action(
        window,
        window.tr("Export chat as &Markdown…"),
        None,
        lambda: window._export("markdown", False),
    )
    window.export_json_action = _action(
        window, window.tr("Export chat as &JSON…"), None, lambda: window._export("json", False)
    )
    window.export_all_action = _action(
        window, window.tr("Export all chats as JS&ON…"), None, lambda: window._export("json", True)
    )
    window.export_all_md_action = _action(
        window,
        window.tr("Export all chats as Mar&kdown…"),
        None,
        lambda: window._export("markdown", True),
    )
    window.quit_action = _action(window, window.tr("&Quit"), "Ctrl+Q", window.close)
    window.copy_answer_action = _action(
        window, window.tr("&Copy last answer"), "Ctrl+Shift+C", window.copy_last_answer
    )
    window.search_action = _action(
        window, window.tr("&Search chats"), "Ctrl+K", window.sidebar.focus_search
    )
    window.settings_action = _action(
        window, window.tr("&Settings…"), "Ctrl+,", window.open_settings
    )
    window.stop_action = _action(window, window.tr("S&top reply"), "Esc", window.stop_reply)
    window.stop_action.setEnabled(False)
    window.token_action = _action(
        window, window.tr("Replicate API &token…"), None, lambda: window.open_token_dialog()
    )
    window.about_action = _action(window, window.tr("&About Replicate Chat"), None, window._about)

    menus = window.menuBar()
    file_menu = menus.addMenu(window.tr("&File"))
    for action in (window.new_action, None, window.export_md_action, window.export_json_action):
        file_menu.addSeparator() if action is None else file_menu.addAction(action)
    file_menu.addAction(window.export_all_md_action)
    file_menu.addAction(window.export_all_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = menus.addMenu(window.tr("&Edit"))
    edit_menu.addAction(window.copy_answer_action)
    edit_menu.addAction(window.search_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.settings_action)
    chat_menu = menus.addMenu(window.tr("&Chat"))
    chat_menu.addAction(window.stop_action)
    chat_menu.addAction(window.token_action)
    help_menu = menus.addMenu(window.tr("&Help"))
    help_menu.addAction(window.about_action)

    window.toolbar.addSeparator()
    window.toolbar.addAction(window.settings_action)
    window.toolbar.addAction(window.token_action)
    window.token_action.setVisible(not window.context.demo)  # the demo needs no token
    window.toolbar.addAction(window.new_action)
