"""Fusion with edges that show on a dark window.

Fusion draws separators, radio and check box rims and text field frames darker than the
window. On a light window that is a visible line; on a dark one it is near-black on near-black
(about 1.1:1). On a dark palette this style draws those edges again in a grey that holds the
3:1 WCAG asks of a control's boundary; a light palette is left exactly as Fusion draws it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionMenuItem,
    QWidget,
)

from gui.theme.colours import is_dark_palette, mix

_EDGED = {
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_FrameLineEdit,
}
BASE_STYLE = "Fusion"
EDGE_SHARE = 0.45  # how far from the window's colour towards the text's the edges go


def edge_colour(palette: QPalette) -> QColor:
    """The grey for edges on a dark palette: the window's colour moved towards the text's."""
    window = palette.color(QPalette.ColorRole.Window)
    return mix(window, palette.color(QPalette.ColorRole.WindowText), EDGE_SHARE)


class OutlinedFusion(QProxyStyle):
    """Fusion; on a dark palette, its faint edges redrawn so they can be seen."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create(BASE_STYLE))

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _EDGED or not is_dark_palette(option.palette):
            return
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if focused and element == QStyle.PrimitiveElement.PE_FrameLineEdit:
            return  # Fusion's focus ring, in the highlight colour, already shows
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge_colour(option.palette), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        else:
            painter.drawRoundedRect(rect, 2, 2)
        painter.restore()

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        separator = (
            isinstance(option, QStyleOptionMenuItem)
            and option.menuItemType == QStyleOptionMenuItem.MenuItemType.Separator
        )
        if not separator or not is_dark_palette(option.palette):
            return
        painter.save()
        painter.setPen(QPen(edge_colour(option.palette), 1))
        y = option.rect.center().y()
        margin = 8
        painter.drawLine(option.rect.left() + margin, y, option.rect.right() - margin, y)
        painter.restore()
