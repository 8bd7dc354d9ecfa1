"""The main window's widgets and where they sit: the sidebar beside (demo banner, notices, chat
view, composer), the toolbar with its model picker, and the status line.

`WindowWidgets` builds and places them; the window keeps the object and connects the parts.
Its strings keep the "MainWindow" translation context through `QCoreApplication.translate`.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QToolBar, QVBoxLayout, QWidget

from gui.chat.composer import Composer
from gui.chat.find_bar import FindBar
from gui.chat.gauge import ContextGauge
from gui.chat.view import ChatView
from gui.config.token_store import TokenSource, TokenState
from gui.sidebar.sidebar import ConversationSidebar
from gui.sidebar.undo_bar import UndoBar
from gui.store.conversations import ConversationStore
from gui.window.model_combo import ModelCombo
from gui.window.notices import DEMO_COLOURS, NoticeBar, tint

if TYPE_CHECKING:
    from gui.dialogs.shortcuts import ShortcutGroup

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


def _demo_models() -> list[tuple[str, str]]:
    """The stand-in's models with small context windows: the demo shows the context gauge,
    trimming and the recovery from a prompt that is too long with them."""
    from provider.standin.catalog import CATALOG  # the demo runs the stand-in anyway

    label = translate("MainWindow", "{name} (demo, {tokens} tokens of context)")
    return [
        (model.ref, label.format(name=model.name, tokens=QLocale().toString(model.context_window)))
        for model in CATALOG
        if model.context_window is not None
    ]


class WindowWidgets:
    """The window's parts, built once and placed into it by `place_in`."""

    def __init__(self, store: ConversationStore, demo: bool) -> None:
        self.sidebar = ConversationSidebar(store, load=False)  # rows after the first frame
        self.view = ChatView()
        self.composer = Composer()
        self.find_bar = FindBar()  # Ctrl+F, above the chat
        self.gauge = ContextGauge()
        self.version_undo = UndoBar()  # "Deleted a version. [Undo]", under the chat
        self.version_undo.setObjectName("versionUndoBar")
        self.notices = NoticeBar()
        self.demo_banner = self._demo_banner(demo)
        self.model_combo = ModelCombo()
        if demo:
            self.model_combo.add_models(_demo_models())
        self.status_label = QLabel()
        self.status_label.setAccessibleName(translate("MainWindow", "Status"))
        self.token_label = QLabel()
        self.token_label.setAccessibleName(
            translate("MainWindow", "Where the API token comes from")
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.toolbar = QToolBar(translate("MainWindow", "Main toolbar"))

    @staticmethod
    def _demo_banner(demo: bool) -> QLabel:
        banner = QLabel(
            translate(
                "MainWindow",
                "Demo mode: replies come from Replicate Chat's built-in stand-in server on this "
                "computer. No Replicate account is used and no real model runs.",
            )
        )
        banner.setObjectName("demoBanner")
        banner.setWordWrap(True)
        banner.setAccessibleName(translate("MainWindow", "Demo mode"))
        tint(banner, DEMO_COLOURS)
        banner.setContentsMargins(12, 6, 12, 6)
        banner.setVisible(demo)
        return banner

    def place_in(self, window: QMainWindow) -> None:
        """Sidebar | (demo banner, notices, chat view, context gauge, composer); toolbar; status
        bar."""
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.demo_banner)
        column.addWidget(self.notices)
        column.addWidget(self.find_bar)
        column.addWidget(self.view, 1)
        column.addWidget(self.version_undo)
        column.addWidget(self.gauge)
        column.addWidget(self.composer)

        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.sidebar.setMinimumWidth(170)  # a narrow window keeps its room for the chat
        window.setCentralWidget(self.splitter)

        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        # A buddy label: screen readers announce it with the combo, and Alt+M focuses the combo.
        model_label = QLabel(translate("MainWindow", "&Model:"))
        model_label.setBuddy(self.model_combo)
        model_label.setContentsMargins(6, 0, 4, 0)
        self.toolbar.addWidget(model_label)
        self.toolbar.addWidget(self.model_combo)
        window.addToolBar(self.toolbar)

        window.statusBar().addWidget(self.status_label, 1)
        window.statusBar().addPermanentWidget(self.token_label)

    def set_tab_order(self) -> None:
        """Tab follows the eye: the toolbar's model, the sidebar (New chat, search, list), the
        chat, then the files waiting above the message box, "+", the box and Send (again
        whenever the files change). (Left to creation order, the model combo would come
        after Send.)"""
        chain: list[QWidget] = [
            self.model_combo,
            self.sidebar.new_button,
            self.sidebar.search,
            self.sidebar.list,
            self.sidebar.undo_bar.undo_button,  # below the list, while it shows
            self.view,
            *self.composer.tray.focus_chain(),  # the files waiting, each chip then its ×
            self.composer.attach_button,
            self.composer.editor,
            self.composer.button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def shortcut_groups(self, menus: list[ShortcutGroup]) -> list[ShortcutGroup]:
        """The menus' shortcuts, then the message box's and the conversation list's."""
        from gui.dialogs.shortcuts import ShortcutGroup  # with the dialog, when it opens

        return [
            *menus,
            ShortcutGroup(translate("MainWindow", "Message box"), self.composer.key_help()),
            ShortcutGroup(translate("MainWindow", "Conversation list"), self.sidebar.key_help()),
        ]

    def show_token_source(self, state: TokenState) -> None:
        """Say in the status bar where the API token in use comes from."""
        labels = {
            TokenSource.ENVIRONMENT: translate("MainWindow", "Token: from REPLICATE_API_TOKEN"),
            TokenSource.KEYRING: translate("MainWindow", "Token: system keyring"),
            TokenSource.SESSION: translate("MainWindow", "Token: this session only"),
            TokenSource.NONE: translate("MainWindow", "No API token"),
        }
        self.token_label.setText(labels[state.source])
