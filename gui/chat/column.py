"""Where the chat's messages sit: a scroll area holding one centred column of readable width,
with "Show earlier messages" at its top and short conversations kept at the top. A marker
line can stand above one message: where the part sent to the model begins."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
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

        self.marker = QLabel(
            translate("ChatView", "Earlier messages are not sent: the model's context is full")
        )
        self.marker.setObjectName("contextMarker")
        self.marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.marker.setWordWrap(True)
        self.marker.setAccessibleName(translate("ChatView", "Start of the messages sent"))
        self.marker.setToolTip(
            translate(
                "ChatView",
                "The model reads only what is below this line; the messages above stay here but "
                "are not sent with your next message",
            )
        )
        self.marker.hide()
        # The message the marker stands above; the column itself when it stands below them all
        # (nothing of the history is sent).
        self.marked: QWidget | None = None

    def insert(self, index: int, widget: QWidget) -> None:
        """Put `widget` at `index` among the messages (below the "earlier" button)."""
        position = 1 + index
        if self.marked is not None and position > self._layout.indexOf(self.marker):
            position += 1  # the marker takes a place in the layout, not in the messages
        self._layout.insertWidget(position, widget)

    def remove(self, widget: QWidget) -> None:
        if widget is self.marked:
            self.mark_before(None)
        self._layout.removeWidget(widget)

    def mark_before(self, widget: QWidget | None) -> None:
        """Show the marker above `widget` (a shown message), below every message when it is the
        column itself, or nowhere (None)."""
        if widget is self.marked:
            return
        if self.marked is not None:
            self._layout.removeWidget(self.marker)
        self.marked = widget
        if widget is None:
            self.marker.hide()
            return
        if widget is self.column:
            position = self._layout.count() - 1  # above the closing stretch
        else:
            position = self._layout.indexOf(widget)
        self._layout.insertWidget(position, self.marker)
        self.marker.show()
