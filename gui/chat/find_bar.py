"""The find bar over the chat (Ctrl+F): what to find, "3 of 12", previous and next, close.

Enter goes to the next match, Shift+Enter to the previous one, Esc closes. The bar only says
what the person asks for; the window finds (gui/window/find.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

TYPING_PAUSE_MS = 150  # a pause in typing before the conversation is searched again


class FindBar(QWidget):
    """Hidden until opened; `query_changed` after a pause in typing, `step(+1 | -1)`."""

    query_changed = Signal(str)
    step = Signal(int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(6)
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Find in this conversation"))
        self.field.setAccessibleName(self.tr("Find in conversation"))
        self.field.installEventFilter(self)
        self.count = QLabel()
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("000 of 000") + 8)
        self.previous_button = self._button("↑", self.tr("Previous match (Shift+Enter)"), -1)
        self.next_button = self._button("↓", self.tr("Next match (Enter)"), +1)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(self.tr("Close the find bar"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self.close_button.clicked.connect(self.close_bar)
        for widget in (self.field, self.count, self.previous_button, self.next_button):
            row.addWidget(widget, 1 if widget is self.field else 0)
        row.addWidget(self.close_button)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.query_changed.emit(self.field.text()))
        self.field.textChanged.connect(self._pause.start)
        self.hide()

    def _button(self, text: str, tip: str, direction: int) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAutoRaise(True)
        button.setAccessibleName(tip.split(" (")[0])
        button.setToolTip(tip)
        button.clicked.connect(lambda: self.step.emit(direction))
        return button

    def open_bar(self) -> None:
        """Show the bar with what was last looked for selected, ready to type over."""
        # Its clear button is made here: finding the icon costs ~4 ms, which the window's first
        # frame would otherwise wait for, with the bar hidden.
        self.field.setClearButtonEnabled(True)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text():
            self.query_changed.emit(self.field.text())

    def close_bar(self) -> None:
        self._pause.stop()
        self.hide()
        self.closed.emit()

    def flush(self) -> None:
        """Search now, not after the typing pause (Enter right after typing)."""
        if self._pause.isActive():
            self._pause.stop()
            self.query_changed.emit(self.field.text())

    def show_count(self, current: int | None, total: int) -> None:
        if not self.field.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText(self.tr("No matches"))
        else:
            shown = self.tr("{current} of {total}").format(
                current=(current or 0) + 1, total=f"{total:,}"
            )
            self.count.setText(shown)
        self.count.setAccessibleName(self.count.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.field or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc closes this bar; the window's Esc (stop the reply) waits
            return True
        if event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.flush()
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step.emit(-1 if shift else +1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
