"""Colour helpers the look of the app uses in several places: mixing two colours, whether a
palette is dark (which picks the code highlighting, the reds, the banners, the edges), and
re-colouring a widget when the theme changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """`first` moved `amount` (0..1) towards `second`."""
    return QColor(
        round(first.red() + (second.red() - first.red()) * amount),
        round(first.green() + (second.green() - first.green()) * amount),
        round(first.blue() + (second.blue() - first.blue()) * amount),
    )


def is_dark_palette(
    palette: QPalette, role: QPalette.ColorRole = QPalette.ColorRole.Window
) -> bool:
    """Whether `palette` is a dark one, judged by its active `role` colour (the window's)."""
    return palette.color(QPalette.ColorGroup.Active, role).lightness() < 128


_PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


class _PaletteFollower(QObject):
    """Calls its widget's colouring again whenever the widget's or the app's palette changes."""

    def __init__(self, widget: QWidget, apply: Callable[[], None]) -> None:
        super().__init__(widget)
        self.apply = apply

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _PALETTE_EVENTS:
            self.apply()
        return False


def follow_palette(widget: QWidget, apply: Callable[[], None]) -> None:
    """Run `apply` now and again after every theme change, for colours set outside the palette.

    `apply` must change nothing when its colours are already right: setting a palette or a style
    sheet sends another PaletteChange.
    """
    follower = _PaletteFollower(widget, apply)
    widget.installEventFilter(follower)
    apply()
