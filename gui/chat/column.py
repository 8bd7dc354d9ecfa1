"""Where the chat's messages sit: a scroll area holding one centred column of readable width,
with "Show earlier messages" at its top and short conversations kept at the top."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

MAX_COLUMN_WIDTH = 900  # a readable line length; wider windows centre the column

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


class MessageColumn(QScrollArea):
    """The scroll area; `insert` and `remove` place message widgets in its column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self.viewport().setAutoFillBackground(True)

        self.canvas = QWidget()
        self.canvas.setObjectName("chatCanvas")
        row = QHBoxLayout(self.canvas)
        row.setContentsMargins(0, 0, 0, 0)
        self.column = QWidget()
        self.column.setObjectName("chatColumn")
        self.column.setMaximumWidth(MAX_COLUMN_WIDTH)
        self.column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Centred: the column takes up to its maximum width, the stretches share the rest.
        row.addStretch(1)
        row.addWidget(self.column, 1000)
        row.addStretch(1)
        self._layout = QVBoxLayout(self.column)
        self._layout.setContentsMargins(24, 16, 24, 24)
        self._layout.setSpacing(14)
        self.setWidget(self.canvas)

        # The texts keep the chat view's translation context.
        self.earlier_button = QPushButton(translate("ChatView", "Show earlier messages"))
        self.earlier_button.setObjectName("loadEarlier")
        self.earlier_button.setFlat(True)
        self.earlier_button.setToolTip(translate("ChatView", "Load the messages before these"))
        self.earlier_button.setAccessibleName(translate("ChatView", "Show earlier messages"))
        self.earlier_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.earlier_button.hide()
        self._layout.addWidget(self.earlier_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.addStretch(1)  # few messages sit at the top

    def insert(self, index: int, widget: QWidget) -> None:
        """Put `widget` at `index` among the messages (below the "earlier" button)."""
        self._layout.insertWidget(1 + index, widget)

    def remove(self, widget: QWidget) -> None:
        self._layout.removeWidget(widget)
