"""The composer: the box where a message is written, the files attached to it, and the Send
button that becomes Stop.

Enter sends, Shift+Enter starts a new line, Esc stops a streaming reply. The box grows with its
content up to `MAX_LINES` lines, then scrolls. Whatever the person typed is sent exactly as typed
(a message with nothing but whitespace is refused, unless files go with it). Files pasted or
dropped into the box, and pictures pasted, are handed to the window (`files_offered`) to attach.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.attachments.chips import AttachmentTray
from gui.chat.labels import short_model_name
from gui.theme.glyphs import ATTACH, SEND, STOP, glyph_icon

# The box grows from one line to this many, then scrolls.
MAX_LINES = 8

# What the text document uses between paragraphs and for soft line breaks; both are sent as "\n".
_SEPARATORS = str.maketrans({"\u2029": "\n", "\u2028": "\n"})

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class MessageEdit(QPlainTextEdit):
    """The text box. Enter asks for a send; everything else is ordinary plain-text editing."""

    submit_requested = Signal()
    escape_pressed = Signal()
    width_changed = Signal()  # long lines wrap differently: the box may need another height
    files_offered = Signal(object)  # QMimeData with files or a picture: to attach, not to type

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Set by the composer: Esc belongs to the box only while a reply streams.
        self.escape_stops = False
        self._composing = False
        self._hint_height = 0
        self._min_height = 0

    def set_heights(self, hint: int, minimum: int) -> None:
        """The height the box asks for (its content) and the least it accepts (one line).

        The box grows through its size hint (with a Maximum size policy) rather than a fixed
        height, so the window's minimum size does not change on every new line.
        """
        if (hint, minimum) != (self._hint_height, self._min_height):
            self._hint_height, self._min_height = hint, minimum
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._hint_height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._min_height)

    def is_composing(self) -> bool:
        """True while an input method has uncommitted (preedit) text: Enter belongs to it then."""
        if self._composing:
            return True
        layout = self.textCursor().block().layout()
        return layout is not None and bool(layout.preeditAreaText())

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return _holds_files(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if _holds_files(source):
            self.files_offered.emit(source)
        else:
            super().insertFromMimeData(source)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self._composing = bool(event.preeditString())
        super().inputMethodEvent(event)

    def event(self, event: QEvent) -> bool:
        # Take Esc before the window's Esc shortcut sees it, but only while it means "stop" here;
        # otherwise the window's shortcut keeps working from this box.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.escape_stops
        ):
            event.accept()
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.width_changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS and not self.is_composing():
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                # A real paragraph break (not the U+2028 soft break Qt would insert), so that
                # the line count and the sent text agree.
                self.textCursor().insertText("\n")
                self.ensureCursorVisible()
            else:
                self.submit_requested.emit()  # Enter, keypad Enter and Ctrl+Enter
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.escape_stops:
            self.escape_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _holds_files(source: QMimeData) -> bool:
    """Local files, or a picture on its own: something to attach rather than text to insert.
    (Spreadsheets put a picture of the cells beside their text: that text is pasted.)"""
    if any(url.isLocalFile() for url in source.urls()):
        return True
    return source.hasImage() and not source.hasText()


class Composer(QWidget):
    """The message box, the files waiting to go with it, and its Send/Stop button.

    `send_requested(text)` carries the text exactly as typed; the box is cleared just before it
    is emitted, so a caller that cannot send can put it back with `restore_text`. The files stay
    in `tray` until the caller takes them (`tray.take_all()`) with the message.
    """

    send_requested = Signal(str)
    stop_requested = Signal()
    attach_requested = Signal()  # the paper clip: choose files to attach
    model_changed = Signal(str)  # the model the message will go to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._streaming = False
        self._model = ""
        self._reading = 0  # files being read into the tray: Send waits for them

        self.editor = MessageEdit(self)
        self.editor.setTabChangesFocus(
            True
        )  # Tab reaches the button; a tab character is rarely meant
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.editor.setAccessibleName(self.tr("Message"))
        self.editor.setAccessibleDescription(
            self.tr("Enter sends the message; Shift+Enter starts a new line.")
        )
        self.editor.setToolTip(
            self.tr("Write a message. Enter sends, Shift+Enter adds a new line.")
        )

        self.button = QPushButton(self)
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.attach_button = QToolButton(self)
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        shortcut = QKeySequence("Ctrl+U").toString(QKeySequence.SequenceFormat.NativeText)
        self.attach_button.setToolTip(
            self.tr("Attach pictures or documents (%s); you can also drop or paste them") % shortcut
        )
        self.attach_button.setAutoRaise(True)
        self.attach_button.clicked.connect(self.attach_requested)
        self.tray = AttachmentTray(self)
        self.tray.changed.connect(self._on_text_changed)
        self.tray.emptied_by_keyboard.connect(self.focus_input)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tray)
        layout = QHBoxLayout()
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.editor, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(layout)

        self.editor.submit_requested.connect(self._send)
        self.editor.escape_pressed.connect(self.stop_requested)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.document().documentLayout().documentSizeChanged.connect(self._grow)
        self.editor.width_changed.connect(self._grow)
        self.button.clicked.connect(self._on_button)

        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.set_model("")
        self._show_button_state()
        self._grow()

    # -- public API -------------------------------------------------------------------------

    def text(self) -> str:
        """The text as typed: no stripping; non-breaking spaces kept (toPlainText would not)."""
        return self.editor.document().toRawText().translate(_SEPARATORS)

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)

    def restore_text(self, text: str) -> None:
        """Put back a message that could not be sent, ahead of anything typed since."""
        current = self.text()
        self.set_text(text if not current else f"{text}\n{current}")
        self.focus_input()

    def focus_input(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_streaming(self) -> bool:
        return self._streaming

    def set_streaming(self, streaming: bool) -> None:
        """While a reply streams the button is Stop (Esc too) and Enter does not send."""
        self._streaming = streaming
        self.editor.escape_stops = streaming
        self._show_button_state()

    def set_model(self, name: str) -> None:
        """The model the next message goes to: named in the box; what it takes may differ."""
        if name != self._model:
            self._model = name
            self.model_changed.emit(name)
        short = short_model_name(name) if name else ""
        if short:
            self.editor.setPlaceholderText(self.tr("Message %s…") % short)
        else:
            self.editor.setPlaceholderText(self.tr("Write a message…"))

    def key_help(self) -> list[tuple[str, str]]:
        """The keys of the message box, for Help → Keyboard shortcuts."""
        enter = QKeySequence(Qt.Key.Key_Return).toString(QKeySequence.SequenceFormat.NativeText)
        shift_enter = QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Return).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        return [
            (self.tr("Send the message"), enter),
            (self.tr("Start a new line"), shift_enter),
        ]

    def can_send(self) -> bool:
        if self._streaming or self._reading:
            return False
        return self._has_content() or bool(self.tray.items())

    def set_reading(self, change: int) -> None:
        """A file starts (+1) or ends (-1) being read: until all are in, Send waits."""
        self._reading = max(0, self._reading + change)
        self._on_text_changed()

    # -- internals --------------------------------------------------------------------------

    def _has_content(self) -> bool:
        """Whether anything but whitespace is in the box, reading only as far as the first word.

        Runs on every keystroke, so it does not build the whole text of a huge paste; Python's
        idea of whitespace (str.strip) is used so that it agrees with the check in `_send`.
        """
        block = self.editor.document().firstBlock()
        while block.isValid():
            if block.text().strip():
                return True
            block = block.next()
        return False

    def _send(self) -> None:
        if self._streaming:
            return  # the button is Stop; Enter does nothing until the reply ends
        text = self.text()
        if self._reading or (not text.strip() and not self.tray.items()):
            return
        self.editor.clear()  # before emitting, so the receiver may restore_text() on failure
        self.focus_input()
        self.send_requested.emit(text)

    def _on_button(self) -> None:
        if self._streaming:
            self.stop_requested.emit()
        else:
            self._send()

    def _on_text_changed(self) -> None:
        if not self._streaming:
            self.button.setEnabled(self.can_send())

    def _show_button_state(self) -> None:
        self.attach_button.setIcon(glyph_icon(ATTACH, self.palette()))
        self.tray.restyle(self.palette())
        if self._streaming:
            self.button.setText(self.tr("Stop"))
            self.button.setIcon(glyph_icon(STOP, self.button.palette()))
            shortcut = QKeySequence(Qt.Key.Key_Escape).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            self.button.setToolTip(self.tr("Stop the reply (%s)") % shortcut)
            self.button.setAccessibleName(self.tr("Stop reply"))
            self.button.setEnabled(True)
        else:
            self.button.setText(self.tr("Send"))
            self.button.setIcon(glyph_icon(SEND, self.button.palette()))
            shortcut = QKeySequence(Qt.Key.Key_Return).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            self.button.setToolTip(self.tr("Send the message (%s)") % shortcut)
            self.button.setAccessibleName(self.tr("Send message"))
            self.button.setEnabled(self.can_send())

    def _count_visual_lines(self) -> int:
        """Wrapped lines of the first blocks, counting no further than MAX_LINES (cheap)."""
        lines = 0
        block = self.editor.document().firstBlock()
        while block.isValid() and lines < MAX_LINES:
            lines += max(1, block.lineCount())
            block = block.next()
        return max(1, min(lines, MAX_LINES))

    def _grow(self, *_: object) -> None:
        """Fit the box to its content, one to MAX_LINES lines."""
        lines = self._count_visual_lines()
        self.editor.set_heights(self._height_for(lines), self._height_for(1))

    def _height_for(self, lines: int) -> int:
        margins = self.editor.contentsMargins()
        document_margin = self.editor.document().documentMargin()
        spacing = self.editor.fontMetrics().lineSpacing()
        return int(lines * spacing + 2 * document_margin + margins.top() + margins.bottom()) + 1

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._grow()
            self._show_button_state()
        elif event.type() == QEvent.Type.PaletteChange:
            self._show_button_state()  # the glyphs take the new theme's colours
