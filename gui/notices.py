"""A bar above the chat for things the person must know: a damaged store moved aside, a
settings file that could not be read, a keyring that cannot keep the token."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class NoticeBar(QWidget):
    """Stacked notices, each with a close button; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self.setVisible(False)

    def add(self, text: str) -> None:
        if text in self.texts():
            return
        row = QWidget(self)
        row.setObjectName("notice")
        row.setStyleSheet(
            "#notice { background: #fde7e9; border-bottom: 1px solid #e8a0a6; }"
            " #notice QLabel { color: #5c0b12; }"
        )
        layout = QHBoxLayout(row)
        layout.setContentsMargins(12, 6, 6, 6)
        label = QLabel(text, row)
        label.setWordWrap(True)
        label.setAccessibleName(self.tr("Notice"))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(row)
        close.setText("✕")
        close.setToolTip(self.tr("Dismiss this notice"))
        close.setAccessibleName(self.tr("Dismiss notice"))
        close.clicked.connect(lambda: self._remove(row))
        layout.addWidget(label, 1)
        layout.addWidget(close)
        self._column.addWidget(row)
        self.setVisible(True)

    def texts(self) -> list[str]:
        return [label.text() for label in self.findChildren(QLabel)]

    def _remove(self, row: QWidget) -> None:
        self._column.removeWidget(row)
        row.deleteLater()
        row.setParent(None)
        self.setVisible(bool(self.findChildren(QLabel)))
