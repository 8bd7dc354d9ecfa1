"""The inline editor of a past question: its text, Cancel and Send (made when first needed)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

_SEPARATORS = str.maketrans({"\u2029": "\n", "\u2028": "\n"})
MIN_LINES = 3
MAX_LINES = 12


class _Edit(QPlainTextEdit):
    """The text box: Ctrl+Enter sends, Esc cancels, a plain Enter starts a new line."""

    submit = Signal()
    cancel = Signal()

    def event(self, event: QEvent) -> bool:
        # Claim Esc and Ctrl+Enter before window shortcuts (Esc stops a reply there).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._is_ours(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel.emit()
        elif self._is_ours(event):
            self.submit.emit()
        else:
            super().keyPressEvent(event)

    @staticmethod
    def _is_ours(event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            return True
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        return bool(control) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def key_name(key: QKeySequence | str | Qt.Key | int) -> str:
    """A key as this platform writes it ("Ctrl+Return", "⌘↩"); Qt translates the names."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class QuestionEditor(QWidget):
    """Edits a question in place; `submitted` carries the new text, never a blank one."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._allowed = True  # False while a reply streams: nothing may start another
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        send_key = key_name(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return))
        cancel_key = key_name(Qt.Key.Key_Escape)
        self.edit = _Edit()
        self.edit.setAccessibleName(self.tr("Edit your message"))
        self.edit.setToolTip(
            self.tr("Change the question: {send} asks again, {cancel} keeps it as it was").format(
                send=send_key, cancel=cancel_key
            )
        )
        self.edit.setTabChangesFocus(True)
        self.edit.submit.connect(self.submit)
        self.edit.cancel.connect(self.cancelled)
        self.edit.textChanged.connect(self._on_changed)
        layout.addWidget(self.edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(
            self.tr("Keep the question as it was ({key})").format(key=cancel_key)
        )
        self.cancel_button.setAccessibleName(self.tr("Cancel editing"))
        self.cancel_button.clicked.connect(self.cancelled)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setToolTip(
            self.tr("Ask again from this question ({key})").format(key=send_key)
        )
        self.send_button.setAccessibleName(self.tr("Send edited message"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)

    def focus_chain(self) -> list[QWidget]:
        """The text box, Cancel, Send: the order Tab takes through them."""
        return [self.edit, self.cancel_button, self.send_button]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._on_changed()  # the height is counted in lines of the (new) font

    def text(self) -> str:
        """What was typed, no-break spaces included (toPlainText would turn them into spaces)."""
        return self.edit.document().toRawText().translate(_SEPARATORS)

    def start(self, text: str) -> None:
        """Show `text`, ready to be changed, with the cursor at its end."""
        self.edit.setPlainText(text)
        self.edit.moveCursor(QTextCursor.MoveOperation.End)
        self._on_changed()
        self.edit.setFocus()

    def set_allowed(self, allowed: bool) -> None:
        """Sending waits while another reply streams (the text can still be changed)."""
        self._allowed = allowed
        self._on_changed()

    def submit(self) -> None:
        text = self.text()
        if text.strip() and self._allowed:
            self.submitted.emit(text)

    def _on_changed(self) -> None:
        self.send_button.setEnabled(self._allowed and bool(self.text().strip()))
        # Grow with the text from MIN_LINES to MAX_LINES, then scroll. A plain-text document's
        # height is counted in lines (wrapped ones included).
        lines = min(max(self.edit.document().size().height(), MIN_LINES), MAX_LINES)
        margins = self.edit.contentsMargins()
        frame = 2 * self.edit.document().documentMargin() + margins.top() + margins.bottom()
        self.edit.setFixedHeight(round(lines * self.edit.fontMetrics().lineSpacing() + frame))
