"""A message's small flat action buttons, and the row of them under an answer: Copy, Copy as
text and Regenerate. Texts keep the "MessageWidget" translation context."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from gui.markdown.render import to_plain_text

translate = QCoreApplication.translate


class HasText(Protocol):
    """An answer, as its actions read it: its markdown, as written."""

    @property
    def text(self) -> str: ...


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

    copied = Signal(str)  # a short status text, "Copied answer"

    def __init__(self, answer: HasText, regenerate: Callable[[], Any], font: QFont) -> None:
        super().__init__()
        # The answer's markdown is read from it through a weak reference: holding the answer
        # made each answer widget a cycle, freed only by a full garbage collection (20 to 30
        # ms a pass while scrolling a long chat, with the dropped answers piled up for it).
        self._answer = weakref.ref(answer)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.copy_button = tool_button(
            translate("MessageWidget", "Copy"),
            translate("MessageWidget", "Copy answer"),
            translate("MessageWidget", "Copy the answer's markdown, exactly as written"),
            self.copy_raw,
            font,
        )
        self.copy_text_button = tool_button(
            translate("MessageWidget", "Copy as text"),
            translate("MessageWidget", "Copy answer as text"),
            translate("MessageWidget", "Copy the answer without markdown"),
            self.copy_plain,
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

    def copy_raw(self) -> None:
        """Copy the answer's markdown, character for character."""
        QGuiApplication.clipboard().setText(self._text())
        self.copied.emit(translate("MessageWidget", "Copied answer"))

    def copy_plain(self) -> None:
        """Copy the answer without markup."""
        QGuiApplication.clipboard().setText(to_plain_text(self._text()))
        self.copied.emit(translate("MessageWidget", "Copied answer as text"))

    def _text(self) -> str:
        answer = self._answer()
        return "" if answer is None else answer.text
