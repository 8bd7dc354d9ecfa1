"""The conversation sidebar: New chat, search, and the list (open, rename, delete with Undo).

The sidebar reads and writes the store itself for the list's own actions (rename, delete, undo)
and tells the window what happened through signals; what is open is the window's business, told
back to the sidebar with `select()`. Clicking or pressing Enter on a row opens it; the arrow keys
only move the keyboard cursor.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from gui.sidebar.conversation_list import AnyIndex, ConversationListModel
from gui.sidebar.delegate import ConversationDelegate
from gui.sidebar.search_field import SearchField
from gui.sidebar.undo_bar import UndoBar
from gui.store.conversations import ConversationStore
from gui.store.schema import StoreError
from gui.theme.glyphs import NEW_CHAT
from gui.widgets.glyph_button import GlyphButton

TIME_REFRESH_MS = 60_000  # relative times ("5 min") are repainted this often


def _shortcut_text(sequence: str | QKeySequence.StandardKey | Qt.Key) -> str:
    """A key as the platform writes it, in the interface's language ("Del", "Entf"...)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


class ConversationListView(QListView):
    """Arrow keys move the keyboard position (the focus frame) only: the highlight stays on the
    chat that is open, so the list never claims a chat is shown that is not."""

    def selectionCommand(
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        if event is not None and event.type() == QEvent.Type.KeyPress:
            return QItemSelectionModel.SelectionFlag.NoUpdate
        return super().selectionCommand(index, event)


class ConversationSidebar(QWidget):
    """New chat, search and the conversation list. See the module docstring for the contract."""

    conversation_selected = Signal(int)  # the person opened one (click or Enter)
    message_opened = Signal(int)  # a search hit in this message (any version) was opened
    new_requested = Signal()
    conversation_deleted = Signal(int)  # soft-deleted; the window switches away if it is open
    conversation_renamed = Signal(int, str)

    def __init__(
        self, store: ConversationStore, parent: QWidget | None = None, *, load: bool = True
    ) -> None:
        """`load=False` leaves the list empty until the first `refresh()` (the window fills it
        after its first frame)."""
        super().__init__(parent)
        self._store = store
        self._selected_id: int | None = None  # what the window has open, as far as we know
        self._refresh_pending = False  # a refresh asked for while a title was being edited

        self.new_button = GlyphButton(self.tr("New chat"), NEW_CHAT, self)
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new chat (%s)") % _shortcut_text("Ctrl+N"))
        self.new_button.clicked.connect(self.new_requested)

        self.search = SearchField(_shortcut_text("Ctrl+K"), self)
        self.search.query_changed.connect(self._search)
        self.search.results_requested.connect(self._go_to_results)
        self.search.open_requested.connect(self._open_result)

        self.model = ConversationListModel(store, self)
        self.model.renamed.connect(self.conversation_renamed)
        self.model.failed.connect(self._show_error)
        self.list = ConversationListView(self)
        self.list.setModel(self.model)
        self.delegate = ConversationDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(True)  # one size for every row: fast with thousands
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # F2
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setToolTip(
            self.tr(
                "Click or press Enter to open; F2 renames; Delete deletes; right-click for more"
            )
        )
        self.list.clicked.connect(self._on_activated)
        self.list.activated.connect(self._on_activated)  # Enter (and double-click)
        self.list.customContextMenuRequested.connect(self._show_menu)
        self.list.installEventFilter(self)
        self.list.viewport().installEventFilter(self)
        self.delegate.closeEditor.connect(self._after_edit)

        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(self.tr("No conversations"))
        self.empty_label.setVisible(False)

        self.undo_bar = UndoBar(self)
        self.undo_bar.undo_clicked.connect(self._undo_delete)

        self._menu = QMenu(self)
        self._menu.setAccessibleName(self.tr("Conversation actions"))

        self._time_timer = QTimer(self)
        self._time_timer.setInterval(TIME_REFRESH_MS)
        self._time_timer.timeout.connect(self.model.refresh_times)
        self._time_timer.start()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.undo_bar)

        if load:
            self.refresh()

    # -- public API -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the store (the list, or the current search); keep the highlighted row."""
        if self.list.state() == QAbstractItemView.State.EditingState:
            self._refresh_pending = True  # a reset now would throw the half-typed title away
            return
        self._refresh_pending = False
        keep = self.current_id()
        if keep is None:
            keep = self._selected_id
        scroll = self.list.verticalScrollBar().value()
        try:
            if self.model.query:
                self.model.load_search(self.model.query)
            else:
                self.model.load_conversations()
        except StoreError as error:
            self._show_error(str(error))
        self._highlight(keep, scroll_to=False)
        self.list.verticalScrollBar().setValue(scroll)
        self._update_empty_label()

    def conversation_changed(self, conversation_id: int) -> None:
        """A conversation's activity or title changed: update its row, not the whole list."""
        if self.list.state() == QAbstractItemView.State.EditingState:
            self._refresh_pending = True  # after the rename, as refresh() does
            return
        try:
            conversation = self._store.get_conversation(conversation_id)
        except StoreError as error:
            self._show_error(str(error))
            return
        if conversation is not None:  # a deleted one has left the list already
            self.model.update_conversation(conversation)
            self._update_empty_label()

    def select(self, conversation_id: int | None) -> None:
        """Highlight the conversation the window has open (None: nothing); emits nothing."""
        self._selected_id = conversation_id
        self._highlight(conversation_id)

    def current_id(self) -> int | None:
        """The highlighted conversation, or None."""
        rows = self.list.selectionModel().selectedRows()
        return self.model.conversation_id(rows[0]) if rows else None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- opening, search --------------------------------------------------------------------

    def _on_activated(self, index: AnyIndex) -> None:
        conversation_id = self.model.conversation_id(index)
        if conversation_id is None:
            return
        # This very row: in a search, one conversation can have several rows.
        selection = self.list.selectionModel()
        current = self.model.index(index.row())
        selection.setCurrentIndex(current, selection.SelectionFlag.ClearAndSelect)
        message_id = self.model.message_id(index)
        if message_id is not None:
            self.message_opened.emit(message_id)  # first: the window shows that version
        self._open(conversation_id)

    def _open(self, conversation_id: int) -> None:
        # A click and the double-click's activation arrive for the same row: tell the window once.
        if conversation_id == self._selected_id:
            return
        self._selected_id = conversation_id
        self.conversation_selected.emit(conversation_id)

    def _highlight(self, conversation_id: int | None, *, scroll_to: bool = True) -> None:
        row = self.model.row_of(conversation_id)
        selection = self.list.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
        if scroll_to:
            self.list.scrollTo(index)

    def _search(self, query: str) -> None:
        """Show what matches `query`, or the whole list for a blank one."""
        try:
            if query.strip():
                self.model.load_search(query)
            elif self.model.query:
                self.model.load_conversations()
            else:
                return  # the list already shows
        except StoreError as error:
            self._show_error(str(error))
        self._highlight(self._selected_id)
        self._update_empty_label()

    def _go_to_results(self) -> None:
        if self.model.rowCount():
            self.list.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.list.currentIndex().isValid():
                self.list.setCurrentIndex(self.model.index(0))

    def _open_result(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0)
        if index.isValid():
            self._on_activated(QPersistentModelIndex(index))

    def _update_empty_label(self) -> None:
        if self.model.rowCount():
            self.empty_label.setVisible(False)
            return
        if self.model.query:
            text = self.tr("No conversation mentions “%s”.") % self.model.query.strip()
        else:
            text = self.tr("No conversations yet. Your chats will be listed here.")
        self.empty_label.setText(text)
        self.empty_label.setVisible(True)

    # -- rename, delete, undo ---------------------------------------------------------------

    def _target(self) -> QPersistentModelIndex | None:
        index = self.list.currentIndex()
        return QPersistentModelIndex(index) if index.isValid() else None

    def _rename(self, index: QPersistentModelIndex) -> None:
        if index.isValid():
            row = self.model.index(index.row())
            # The keyboard cursor goes there; the highlight stays on the open conversation.
            selection = self.list.selectionModel()
            selection.setCurrentIndex(row, selection.SelectionFlag.NoUpdate)
            self.list.edit(row)

    def _after_edit(self) -> None:
        if self._refresh_pending:
            # closeEditor is emitted while the view is still leaving its editing state.
            QTimer.singleShot(0, self, self.refresh)

    def _delete(self, index: QPersistentModelIndex) -> None:
        conversation_id = self.model.conversation_id(index)
        if conversation_id is None:
            return
        title = self.model.display_title(index.row())
        try:
            self._store.delete_conversation(conversation_id)
        except StoreError as error:
            self._show_error(str(error))
            return
        self.model.remove_conversation(conversation_id)
        self._update_empty_label()
        if self._selected_id == conversation_id:
            self._selected_id = None
            self.list.selectionModel().clearSelection()
        else:
            # Qt moves the keyboard cursor off a removed row by selecting its neighbour; the
            # highlight belongs on the chat that is open.
            self._highlight(self._selected_id, scroll_to=False)
        self.undo_bar.show_deleted(conversation_id, title)
        self.conversation_deleted.emit(conversation_id)

    def _undo_delete(self, conversation_id: int) -> None:
        try:
            self._store.undelete_conversation(conversation_id)
        except StoreError as error:
            self._show_error(str(error))
            return
        self.refresh()
        self._highlight(conversation_id)
        self._open(conversation_id)

    def _show_error(self, text: str) -> None:
        self.undo_bar.show_error(text)

    def _show_menu(self, position: QPoint) -> None:
        menu = self.context_menu(position)
        if menu is not None:
            menu.popup(self.list.viewport().mapToGlobal(position))

    def context_menu(self, position: QPoint) -> QMenu | None:
        """The menu for the row at `position` in the list's viewport (or the current row)."""
        index = self.list.indexAt(position)
        target = QPersistentModelIndex(index) if index.isValid() else self._target()
        if target is None:
            return None
        menu = self._menu
        menu.clear()
        # Keys shown after a tab; the keys themselves are handled by the list (no ambiguity).
        open_action = menu.addAction(self.tr("&Open") + "\t" + _shortcut_text(Qt.Key.Key_Return))
        open_action.triggered.connect(lambda: self._on_activated(target))
        rename = menu.addAction(self.tr("&Rename") + "\t" + _shortcut_text("F2"))
        rename.triggered.connect(lambda: self._rename(target))
        delete = menu.addAction(
            self.tr("&Delete") + "\t" + _shortcut_text(QKeySequence.StandardKey.Delete)
        )
        delete.triggered.connect(lambda: self._delete(target))
        return menu

    # -- keys -------------------------------------------------------------------------------

    def key_help(self) -> list[tuple[str, str]]:
        """The keys of the search field and the list, for Help → Keyboard shortcuts."""
        keys = _shortcut_text
        return [
            (self.tr("From the search field, go to the results"), keys(Qt.Key.Key_Down)),
            (self.tr("Open the first result of a search"), keys(Qt.Key.Key_Return)),
            (self.tr("Clear the search"), keys(Qt.Key.Key_Escape)),
            (
                self.tr("Move through the chats"),
                f"{keys(Qt.Key.Key_Up)} / {keys(Qt.Key.Key_Down)}",
            ),
            (self.tr("Open the chat"), keys(Qt.Key.Key_Return)),
            (self.tr("Rename the chat"), keys("F2")),
            (self.tr("Delete the chat"), keys(QKeySequence.StandardKey.Delete)),
            (self.tr("Bring a deleted chat back"), keys(QKeySequence.StandardKey.Undo)),
            (
                self.tr("More actions for the chat"),
                f"{keys(Qt.Key.Key_Menu)} / {keys('Shift+F10')}",
            ),
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and isinstance(event, QContextMenuEvent)
            and event.reason() == QContextMenuEvent.Reason.Keyboard
        ):
            # The menu key: the menu is for the row with the keyboard cursor, shown under it
            # (Qt would place it mid-list and act on whatever row happens to be there).
            index = self.list.currentIndex()
            if index.isValid():
                menu = self.context_menu(self.list.visualRect(index).center())
                if menu is not None:
                    below = self.list.visualRect(index).bottomLeft()
                    menu.popup(self.list.viewport().mapToGlobal(below))
            return True
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            editing = self.list.state() == QAbstractItemView.State.EditingState
            if event.matches(QKeySequence.StandardKey.Delete) and not editing:
                target = self._target()
                if target is not None:
                    self._delete(target)
                return True
        if (
            watched is self.list.viewport()
            and isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonPress
            and event.button() == Qt.MouseButton.RightButton
        ):
            # A right-click opens the menu for that row without moving the highlight off the
            # conversation that is open.
            return True
        return super().eventFilter(watched, event)
