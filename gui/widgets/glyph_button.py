"""A push button whose icon is one of gui/theme/glyphs.py's, redrawn when the theme changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QPushButton, QWidget

from gui.theme.glyphs import glyph_icon


class GlyphButton(QPushButton):
    def __init__(self, text: str, glyph: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._glyph = glyph
        self.setIcon(glyph_icon(glyph, self.palette()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.setIcon(glyph_icon(self._glyph, self.palette()))  # the new theme's colours
