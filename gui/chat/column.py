"""Where the chat's messages sit: a scroll area holding one centred column of readable width,
short conversations kept at the top. Only the messages near the viewport are widgets here;
a spacer above and one below stand for the rest (gui/chat/view.py decides which). A marker
line can stand above one message: where the part sent to the model begins."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

MAX_COLUMN_WIDTH = 900  # a readable line length; wider windows centre the column

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


class MessageColumn(QScrollArea):
    """The scroll area; `insert` and `remove` place message widgets between its spacers."""

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

        # The messages above and below the live ones: hidden when there are none, so that the
        # layout's spacing counts only for what is there.
        self.top_spacer, self.bottom_spacer = QWidget(), QWidget()
        for spacer in (self.top_spacer, self.bottom_spacer):
            spacer.setFixedHeight(0)
            spacer.hide()
            self._layout.addWidget(spacer)
        self._layout.addStretch(1)  # few messages sit at the top
        # Where the messages' tab order is chained from: a widget that never moves in the
        # window's chain (hidden, so Tab passes over it); Qt chains nothing from one without focus.
        self.focus_anchor = QWidget(self.column)
        self.focus_anchor.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.focus_anchor.hide()

        # The texts keep the chat view's translation context.
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

    def set_spacers(self, above: int, below: int) -> None:
        """The heights the messages without widgets take above and below the live ones."""
        for spacer, height in ((self.top_spacer, above), (self.bottom_spacer, below)):
            if spacer.height() != height or spacer.isHidden() != (height <= 0):
                spacer.setFixedHeight(max(0, height))
                spacer.setVisible(height > 0)

    def inner_width(self, column_width: int) -> int:
        """What a column this wide leaves its messages, within its margins."""
        margins = self._layout.contentsMargins()
        return column_width - margins.left() - margins.right()

    def marker_height(self) -> int:
        """The marker's height with the layout's gap below it."""
        width = self.inner_width(self.column.width())
        return self.marker.heightForWidth(width) + self._layout.spacing()

    def insert(self, index: int, widget: QWidget) -> None:
        """Put `widget` at `index` among the live messages (below the top spacer)."""
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
            position = self._layout.count() - 2  # above the bottom spacer
        else:
            position = self._layout.indexOf(widget)
        self._layout.insertWidget(position, self.marker)
        self.marker.show()
