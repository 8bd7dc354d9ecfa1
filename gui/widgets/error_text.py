"""Error text in the theme's red, readable in light and dark, and re-coloured when the theme
changes (a fixed red that suits a light window reads at under 3:1 on a dark one)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from gui.theme.chat_style import error_text_colour
from gui.theme.colours import follow_palette

_SHOWS_ERROR = "showsError"  # a dynamic property: whether the label is in error now


def show_as_error(label: QLabel, error: bool = True) -> None:
    """Colour `label`'s text as an error (or back to normal), now and after theme changes."""
    following = label.property(_SHOWS_ERROR) is not None
    label.setProperty(_SHOWS_ERROR, error)
    if following:
        _colour(label)
    else:
        follow_palette(label, lambda: _colour(label))


def _colour(label: QLabel) -> None:
    # The application's palette, not the label's: the label's own carries the sheet's colour.
    error = bool(label.property(_SHOWS_ERROR))
    sheet = f"color: {error_text_colour(QApplication.palette())};" if error else ""
    if label.styleSheet() != sheet:  # setting a sheet changes the palette: no loop
        label.setStyleSheet(sheet)
