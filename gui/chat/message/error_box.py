"""An answer's inline error: what went wrong, in words, and the one button that helps
(Retry, Set API token…, Open billing page). Made only for answers that fail."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from gui.chat.message.model import (
    BILLING_ACTION,
    BILLING_URL,
    RETRY_ACTION,
    SHORTER_ACTION,
    TOKEN_ACTION,
    ErrorInfo,
)

translate = QCoreApplication.translate  # the texts keep the "MessageWidget" context


def _button_texts(action: str) -> tuple[str, str, str] | None:
    """(text, accessible name, tooltip) of the button for `action`, or None for no button."""
    if action == TOKEN_ACTION:
        return (
            translate("MessageWidget", "Set API token…"),
            translate("MessageWidget", "Set API token"),
            translate("MessageWidget", "Open the API token dialog"),
        )
    if action == BILLING_ACTION:
        return (
            translate("MessageWidget", "Open billing page"),
            translate("MessageWidget", "Open billing page"),
            translate("MessageWidget", "Add credit on Replicate's billing page, in your browser"),
        )
    if action == RETRY_ACTION:
        return (
            translate("MessageWidget", "Retry"),
            translate("MessageWidget", "Retry answer"),
            translate("MessageWidget", "Ask the model again"),
        )
    if action == SHORTER_ACTION:
        return (
            translate("MessageWidget", "Retry with a shorter history"),
            translate("MessageWidget", "Retry with a shorter history"),
            translate(
                "MessageWidget",
                "Ask again, sending only the newest messages that fit the model's context",
            ),
        )
    return None


class ErrorBox(QFrame):
    """The error's text, selectable, beside its button. The billing page opens from here; the
    other actions are the message's to carry out."""

    action_requested = Signal(str)  # TOKEN_ACTION or one of RETRY_ACTIONS

    def __init__(self) -> None:
        super().__init__()
        self._error: ErrorInfo | None = None
        self.setObjectName("messageError")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(12)
        self.label = QLabel()
        self.label.setObjectName("messageErrorText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.button.clicked.connect(self._on_clicked)

    def show_error(self, error: ErrorInfo) -> None:
        self._error = error
        self.label.setText(error.text)
        texts = _button_texts(error.action or "")
        self.button.setVisible(texts is not None)
        if texts is not None:
            text, name, tip = texts
            self.button.setText(text)
            self.button.setAccessibleName(name)
            self.button.setToolTip(tip)
        self.show()

    def _on_clicked(self) -> None:
        error = self._error
        if error is None or not error.action:
            return
        if error.action == BILLING_ACTION:
            QDesktopServices.openUrl(QUrl(error.url or BILLING_URL))
        else:
            self.action_requested.emit(error.action)
