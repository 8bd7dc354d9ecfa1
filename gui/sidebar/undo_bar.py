"""The line at the bottom of the sidebar that offers Undo after a delete (or shows an error).

It stays until the next message replaces it or `UNDO_MS` pass, and waits while the pointer is
over it: a button that vanishes while someone reaches for it is hostile.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

UNDO_MS = 10_000  # how long "Deleted … Undo" stays


class UndoBar(QWidget):
    """A line at the bottom of the sidebar: "Deleted “title”. [Undo]", or a store error."""

    undo_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebarUndoBar")
        self._conversation_id: int | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Sidebar message"))
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        # Ctrl+Z while the bar shows (a hidden button's shortcut does nothing); in a text field
        # the field's own Ctrl+Z comes first.
        self.undo_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        keys = self.undo_button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.undo_button.setToolTip(self.tr("Bring the deleted conversation back (%s)") % keys)
        self.undo_button.clicked.connect(self._on_undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UNDO_MS)
        self._timer.timeout.connect(self.dismiss)
        self.setVisible(False)

    @property
    def conversation_id(self) -> int | None:
        """The conversation Undo would bring back, or None."""
        return self._conversation_id

    def show_deleted(self, conversation_id: int, title: str) -> None:
        self._conversation_id = conversation_id
        short = title if len(title) <= 40 else title[:39].rstrip() + "…"
        self.label.setText(self.tr("Deleted “%s”.") % short)
        self.label.setToolTip(title)
        self.undo_button.setVisible(True)
        self._show()

    def show_undoable(self, item_id: int, text: str, undo_name: str, undo_tip: str) -> None:
        """Any other deletion that Undo can take back (a version of a message, say): `text` with
        the Undo button named and explained as given; `undo_clicked` carries `item_id`."""
        self._conversation_id = item_id
        self.label.setText(text)
        self.label.setToolTip("")
        self.undo_button.setAccessibleName(undo_name)
        keys = self.undo_button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.undo_button.setToolTip(f"{undo_tip} ({keys})")
        self.undo_button.setVisible(True)
        self._show()

    def show_error(self, text: str) -> None:
        self._conversation_id = None
        self.label.setText(text)
        self.undo_button.setVisible(False)
        self._show()

    def dismiss(self) -> None:
        self._timer.stop()
        self._conversation_id = None
        self.setVisible(False)

    def _show(self) -> None:
        self.setVisible(True)
        self._timer.start()

    def _on_undo(self) -> None:
        conversation_id = self._conversation_id
        self.dismiss()
        if conversation_id is not None:
            self.undo_clicked.emit(conversation_id)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible():
            self._timer.start()
        super().leaveEvent(event)
