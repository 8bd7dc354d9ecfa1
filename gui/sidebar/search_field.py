"""The sidebar's search field: it searches once the typing pauses, Esc clears it, Down goes to
the results and Enter opens the first one. Texts keep the "ConversationSidebar" context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

SEARCH_DELAY_MS = 150  # typing pauses this long before the store is searched

translate = QCoreApplication.translate


class SearchField(QLineEdit):
    query_changed = Signal(str)  # once the typing pauses; "" when the field is cleared
    results_requested = Signal()  # Down: the person goes to the results
    open_requested = Signal()  # Enter: open the result under the keyboard cursor, or the first

    def __init__(self, shortcut: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(translate("ConversationSidebar", "Search conversations"))
        # The clear button shows only while there is text; it is made then, with the first
        # text, because finding its icon costs ~5 ms that the window's first frame would wait.
        self.setAccessibleName(translate("ConversationSidebar", "Search conversations"))
        self.setToolTip(
            translate("ConversationSidebar", "Search titles and messages (%s); Esc clears")
            % shortcut
        )
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_DELAY_MS)
        self._pause.timeout.connect(lambda: self.query_changed.emit(self.text()))
        self.textChanged.connect(self._on_text)

    def _on_text(self, text: str) -> None:
        if text and not self.isClearButtonEnabled():
            self.setClearButtonEnabled(True)
        if text.strip():
            self._pause.start()  # restarts: one search when the typing pauses
            return
        self._pause.stop()
        self.query_changed.emit("")

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.text()
        ):
            # Claim Esc before the window's shortcut (Stop reply) while there is text to clear.
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
        elif key == Qt.Key.Key_Down:
            self.results_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            if self._pause.isActive():  # Enter before the pause: search now
                self._pause.stop()
                self.query_changed.emit(self.text())
            self.open_requested.emit()
        else:
            super().keyPressEvent(event)
