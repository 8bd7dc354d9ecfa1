"""Error text in the theme's red, readable in light and dark, and re-coloured when the theme
changes (a fixed red that suits a light window reads at under 3:1 on a dark one)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel

from gui.chat_style import error_text_colour

_WATCHED = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


class _ErrorColour(QObject):
    """Keeps one label's style sheet in step with the application palette."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self.label = label
        self.error = False

    def apply(self) -> None:
        # The application's palette, not the label's: the label's own carries the sheet's colour.
        sheet = f"color: {error_text_colour(QApplication.palette())};" if self.error else ""
        if self.label.styleSheet() != sheet:  # setting a sheet changes the palette: no loop
            self.label.setStyleSheet(sheet)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _WATCHED:
            self.apply()
        return False


def show_as_error(label: QLabel, error: bool = True) -> None:
    """Colour `label`'s text as an error (or back to normal), now and after theme changes."""
    keeper = label.findChild(_ErrorColour)
    if keeper is None:
        keeper = _ErrorColour(label)
        label.installEventFilter(keeper)
    keeper.error = error
    keeper.apply()
