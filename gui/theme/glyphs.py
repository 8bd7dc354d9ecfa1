"""Small icons drawn in the palette's own button-text colours, so they read in light and dark.

The style's standard icons (an arrow, a stop square, a sheet of paper) are fixed dark pixmaps:
on a dark button, and greyed out when disabled, they vanish. Drawing one also costs less than
the style's first look-up in the icon theme (~3 ms at start-up).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

SEND = "send"
STOP = "stop"
ATTACH = "attach"  # a plus: add files to the message
NEW_CHAT = "new chat"  # a pencil over an open square: write a new conversation
_MODES = (
    (QIcon.Mode.Normal, QPalette.ColorGroup.Active),
    (QIcon.Mode.Active, QPalette.ColorGroup.Active),
    (QIcon.Mode.Disabled, QPalette.ColorGroup.Disabled),
)


def glyph_icon(kind: str, palette: QPalette, size: int = 16) -> QIcon:
    """The `kind` glyph (SEND: an arrow up; STOP: a square; ATTACH: a plus; NEW_CHAT: a pencil
    over a square) for each icon mode, at 1x and 2x."""
    icon = QIcon()
    for mode, group in _MODES:
        for scale in (1, 2):
            pixmap = QPixmap(size * scale, size * scale)
            pixmap.setDevicePixelRatio(scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            colour = palette.color(group, QPalette.ColorRole.ButtonText)
            _draw(painter, kind, size, colour)
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon


def _draw(painter: QPainter, kind: str, size: int, colour: object) -> None:
    unit = size / 16
    if kind == STOP:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(3.5 * unit, 3.5 * unit, 9 * unit, 9 * unit), unit, unit)
        return
    pen = QPen(colour, 2 * unit)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    if kind == ATTACH:
        plus = QPainterPath(QPointF(8 * unit, 3 * unit))
        plus.lineTo(8 * unit, 13 * unit)
        plus.moveTo(3 * unit, 8 * unit)
        plus.lineTo(13 * unit, 8 * unit)
        painter.drawPath(plus)
        return
    if kind == NEW_CHAT:
        sheet = QPainterPath(QPointF(7.5 * unit, 3 * unit))  # open at the top right
        sheet.lineTo(3 * unit, 3 * unit)
        sheet.lineTo(3 * unit, 13 * unit)
        sheet.lineTo(13 * unit, 13 * unit)
        sheet.lineTo(13 * unit, 8.5 * unit)
        sheet.moveTo(7 * unit, 9 * unit)  # the pencil, writing into it
        sheet.lineTo(13.5 * unit, 2.5 * unit)
        painter.drawPath(sheet)
        return
    arrow = QPainterPath(QPointF(8 * unit, 13 * unit))
    arrow.lineTo(8 * unit, 3.5 * unit)
    arrow.moveTo(3.5 * unit, 8 * unit)
    arrow.lineTo(8 * unit, 3.5 * unit)
    arrow.lineTo(12.5 * unit, 8 * unit)
    painter.drawPath(arrow)
