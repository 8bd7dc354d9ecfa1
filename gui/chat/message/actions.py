"""A message's small flat action buttons, and the row of them under an answer: Copy, Copy as
text and Regenerate. Texts keep the "MessageWidget" translation context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

translate = QCoreApplication.translate


def smaller(font: QFont) -> QFont:
    """`font` a tenth smaller (for secondary text), whether sized in points or pixels."""
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(font.pointSizeF() * 0.9)
    elif font.pixelSize() > 0:
        small.setPixelSize(max(8, round(font.pixelSize() * 0.9)))
    return small


def tool_button(
    text: str, name: str, tip: str, slot: Callable[[], Any], font: QFont
) -> QToolButton:
    """A small flat action button: `text` on it, `name` for screen readers, `tip` on hover.

    The name says what the button acts on ("Copy answer"): the short text only makes sense
    next to the message it sits under.
    """
    button = QToolButton()
    button.setObjectName("messageAction")
    button.setFont(font)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    button.setAccessibleDescription(tip)
    button.setAutoRaise(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.clicked.connect(slot)
    return button


class AnswerActions(QWidget):
    """The buttons under an answer; the message decides which of them show."""

    def __init__(
        self,
        copy: Callable[[], Any],
        copy_plain: Callable[[], Any],
        regenerate: Callable[[], Any],
        font: QFont,
    ) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.copy_button = tool_button(
            translate("MessageWidget", "Copy"),
            translate("MessageWidget", "Copy answer"),
            translate("MessageWidget", "Copy the answer's markdown, exactly as written"),
            copy,
            font,
        )
        self.copy_text_button = tool_button(
            translate("MessageWidget", "Copy as text"),
            translate("MessageWidget", "Copy answer as text"),
            translate("MessageWidget", "Copy the answer without markdown"),
            copy_plain,
            font,
        )
        self.regenerate_button = tool_button(
            translate("MessageWidget", "Regenerate"),
            translate("MessageWidget", "Regenerate answer"),
            translate("MessageWidget", "Ask the model for a new answer"),
            regenerate,
            font,
        )
        self.regenerate_button.hide()
        for button in (self.copy_button, self.copy_text_button, self.regenerate_button):
            layout.addWidget(button)
        layout.addStretch(1)
