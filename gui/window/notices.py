"""A bar above the chat for things the person must know: a damaged store moved aside, a
settings file that could not be read, a keyring that cannot keep the token."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from gui.theme.colours import follow_palette, is_dark_palette

# (background, text) in a light and in a dark theme: a warm tint that stands out from the
# window without glaring in the dark; each pair reads at 7:1 or better
# (tests/gui/theme/test_tints.py).
NOTICE_COLOURS = {False: ("#fde7e9", "#5c0b12"), True: ("#4a1d22", "#ffd9dc")}
DEMO_COLOURS = {False: ("#fff4ce", "#4a3b00"), True: ("#3d3210", "#f5e6b8")}


def tint(widget: QWidget, colours: Mapping[bool, tuple[str, str]]) -> None:
    """Banner colours for `widget`, the light or dark pair as the theme changes.

    The palette, not a style sheet: a widget with its own style sheet keeps the font it had when
    it was polished, so it would not follow a change of the system's font size.
    """
    widget.setAutoFillBackground(True)
    follow_palette(widget, lambda: _colour(widget, colours))


def _colour(widget: QWidget, colours: Mapping[bool, tuple[str, str]]) -> None:
    background, text = (QColor(c) for c in colours[is_dark_palette(QApplication.palette())])
    palette = widget.palette()
    if palette.color(QPalette.ColorRole.Window) == background:
        return  # already right: setting it again would only send another PaletteChange
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Button):
        palette.setColor(role, background)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.Text,
    ):
        palette.setColor(role, text)
    widget.setPalette(palette)


class NoticeBar(QWidget):
    """Stacked notices, each with a close button; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(1)  # a hairline between two notices
        self.setVisible(False)

    def add(self, text: str) -> None:
        if text in self.texts():
            return
        row = QWidget(self)
        row.setObjectName("notice")
        tint(row, NOTICE_COLOURS)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(12, 6, 6, 6)
        label = QLabel(text, row)
        label.setWordWrap(True)
        label.setAccessibleName(self.tr("Notice"))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(row)
        close.setText("✕")
        close.setAutoRaise(True)  # flat on the tint, whatever the theme's buttons look like
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
