"""One message in the chat view: header, body, inline error, status and its action buttons.

The data types the chat view speaks (`ChatMessage`, `ErrorInfo`) live here so that the view
and this widget share them without importing each other; `gui.chat_view` re-exports them.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.chat_message import (
    BILLING_ACTION,
    BILLING_URL,
    FAILED,
    INTERRUPTED,
    RETRY_ACTION,
    STOPPED,
    STREAMING,
    TOKEN_ACTION,
    ChatMessage,
    ErrorInfo,
)
from gui.labels import metrics_summary, short_model_name
from gui.markdown import Theme, to_plain_text
from gui.message_body import MessageBody
from gui.message_editor import QuestionEditor


def _offer(button: QAbstractButton, visible: bool, enabled: bool) -> None:
    """Show or hide, enable or disable `button`, unfocusing it first if it goes away.

    Qt would pass the focus on to the next widget, and the chat view's scroll area would
    scroll to show that one: the view would jump while the person reads.
    """
    if button.hasFocus() and not (visible and enabled):
        button.clearFocus()
    button.setVisible(visible)
    button.setEnabled(enabled)


def _has_focus_within(widget: QWidget) -> bool:
    return any(w.hasFocus() for w in [widget, *widget.findChildren(QWidget)])


def _smaller(font: QFont) -> QFont:
    """`font` a tenth smaller (for secondary text), whether sized in points or pixels."""
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(font.pointSizeF() * 0.9)
    elif font.pixelSize() > 0:
        small.setPixelSize(max(8, round(font.pixelSize() * 0.9)))
    return small


class MessageWidget(QFrame):
    """A message: "You" or the model's name, the text, then what can be done with it."""

    regenerate_requested = Signal(int)
    edit_submitted = Signal(int, str)
    retry_requested = Signal(int)
    token_dialog_requested = Signal()
    copied = Signal(str)  # a short status text, "Copied answer"

    def __init__(self, message: ChatMessage, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_id = message.id
        self.role = message.role
        self.model = message.model
        self.status = message.status
        self.error: ErrorInfo | None = None
        self.metrics = message.metrics
        self._is_user = message.role == "user"
        self._can_regenerate = False
        self._busy = False
        self.setObjectName("userMessage" if self._is_user else "assistantMessage")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

        column = QVBoxLayout(self)
        self._column = column
        if self._is_user:
            column.setContentsMargins(16, 10, 16, 8)
        else:
            column.setContentsMargins(4, 6, 4, 4)
        column.setSpacing(6)

        header = QHBoxLayout()
        header.setSpacing(8)
        self._small_font = _smaller(self.font())  # header, status and buttons: small, muted
        self.role_label = QLabel(self._role_name())
        self.role_label.setObjectName("messageRole")
        self.role_label.setFont(self._small_font)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("messageMeta")
        self.meta_label.setFont(self._small_font)
        self.meta_label.setWordWrap(True)  # metrics must never widen the column past the window
        header.addWidget(self.role_label)
        # The metrics take the free width (a wrapping label asks for little on its own), and
        # wrap only when the window is too narrow for them.
        header.addWidget(self.meta_label, 1)
        if self._is_user:  # a question's only action sits in its header, saving a row
            self.edit_button = self._tool_button(
                self.tr("Edit"),
                self.tr("Edit question"),
                self.tr("Change this question and ask again from here"),
                self.open_editor,
            )
            header.addWidget(self.edit_button)
        column.addLayout(header)

        self.body = MessageBody(theme)
        self.body.setAccessibleName(self._body_name())
        # No tooltip on the text: it would pop up over whatever the person is reading. The
        # keyboard help goes to assistive technology instead.
        self.body.setAccessibleDescription(
            self.tr("Tab moves through its links; Shift with the arrow keys selects text")
        )
        self.body.code_copied.connect(lambda _index: self.copied.emit(self.tr("Copied code")))
        column.addWidget(self.body)

        self.editor: QuestionEditor | None = None  # made when first needed

        self.status_label = QLabel()
        self.status_label.setObjectName("messageStatus")
        self.status_label.setFont(self._small_font)
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        column.addWidget(self.status_label)

        self.error_box: QFrame | None = None  # made when first needed
        self.error_label: QLabel | None = None
        self.error_button: QPushButton | None = None

        self.actions_row = QWidget()
        self._build_actions(self.actions_row)
        column.addWidget(self.actions_row)

        self._show_content(message.content, message.status)
        self._show_state(message.status, message.error, message.metrics)

    # -- construction ------------------------------------------------------------------------

    def _role_name(self) -> str:
        if self._is_user:
            return self.tr("You")
        return short_model_name(self.model) if self.model else self.tr("Assistant")

    def _body_name(self) -> str:
        """What a screen reader calls the text: whose it is (the model's name stays as it is)."""
        if self._is_user:
            return self.tr("Your message")
        if self.model:
            return self.tr("Answer from {model}").format(model=short_model_name(self.model))
        return self.tr("Answer")

    def _tool_button(self, text: str, name: str, tip: str, slot: Any) -> QToolButton:
        """A small flat action button: `text` on it, `name` for screen readers, `tip` on hover.

        The name says what the button acts on ("Copy answer"): the short text only makes sense
        next to the message it sits under.
        """
        button = QToolButton()
        button.setObjectName("messageAction")
        button.setFont(self._small_font)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(name)
        button.setAccessibleDescription(tip)
        button.setAutoRaise(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(slot)
        return button

    def _build_actions(self, row: QWidget) -> None:
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if self._is_user:
            row.hide()
            return
        self.copy_button = self._tool_button(
            self.tr("Copy"),
            self.tr("Copy answer"),
            self.tr("Copy the answer's markdown, exactly as written"),
            self.copy_raw,
        )
        self.copy_text_button = self._tool_button(
            self.tr("Copy as text"),
            self.tr("Copy answer as text"),
            self.tr("Copy the answer without markdown"),
            self.copy_plain,
        )
        self.regenerate_button = self._tool_button(
            self.tr("Regenerate"),
            self.tr("Regenerate answer"),
            self.tr("Ask the model for a new answer"),
            lambda: self.regenerate_requested.emit(self.message_id),
        )
        self.regenerate_button.hide()
        for button in (self.copy_button, self.copy_text_button, self.regenerate_button):
            layout.addWidget(button)
        layout.addStretch(1)

    def _make_error_box(self) -> tuple[QFrame, QLabel, QPushButton]:
        box = QFrame()
        box.setObjectName("messageError")
        layout = QHBoxLayout(box)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(12)
        label = QLabel()
        label.setObjectName("messageErrorText")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton()
        button.clicked.connect(self._on_error_action)
        layout.addWidget(label, 1)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        # Below the status line, above the actions.
        self._column.insertWidget(self._column.indexOf(self.actions_row), box)
        self.error_box, self.error_label, self.error_button = box, label, button
        self.order_focus()
        return box, label, button

    # -- content -----------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The raw text (markdown for answers), exactly as written."""
        return self.body.text

    @property
    def is_streaming(self) -> bool:
        return self.body.is_streaming

    def _show_content(self, content: str, status: str) -> None:
        if self._is_user:
            self.body.show_plain(content)
        elif status == STREAMING:
            self.body.start_stream(content)
        else:
            self.body.show_markdown(content)
        self.body.setVisible(self.body.has_text)

    def render_again(self) -> None:
        """Render a finished answer anew (its code highlighted now that the lexer is loaded)."""
        if not self._is_user and not self.body.is_streaming and not self.is_editing:
            self.body.show_markdown(self.body.text)

    def append(self, delta: str) -> None:
        """Buffer streamed text; the view decides when to render it."""
        self.body.append(delta)

    def render_pending(self) -> None:
        self.body.render_pending()
        if self.body.isHidden() and self.body.has_text:
            self.body.show()
            self.status_label.hide()  # the "waiting" line gives way to the text

    def finish(self, status: str, error: ErrorInfo | None, metrics: dict[str, Any] | None) -> None:
        """The answer ended: final render, then its status, error and figures."""
        self.body.finish_stream()
        self.body.setVisible(self.body.has_text)
        self._show_state(status, error, metrics)

    def _show_state(
        self, status: str, error: ErrorInfo | None, metrics: dict[str, Any] | None
    ) -> None:
        self.status = status
        self.error = error
        self.metrics = metrics
        words = {
            STOPPED: self.tr("Stopped"),
            INTERRUPTED: self.tr("Interrupted — the app closed before the answer finished"),
            FAILED: self.tr("Failed"),
        }
        if status == STREAMING and not self.body.has_text:
            words[STREAMING] = self.tr("Waiting for the model…")
        self.status_label.setText(words.get(status, ""))
        self.status_label.setVisible(status in words)
        self.meta_label.setText(metrics_summary(metrics) if not self._is_user else "")
        self._show_error(error)
        self._update_buttons()

    def _show_error(self, error: ErrorInfo | None) -> None:
        if error is None:
            if self.error_box is not None:
                self.error_box.hide()
            return
        if self.error_box is None or self.error_label is None or self.error_button is None:
            box, label, button = self._make_error_box()
        else:
            box, label, button = self.error_box, self.error_label, self.error_button
        label.setText(error.text)
        # (text, accessible name, tooltip) of the one button that helps
        labels = {
            TOKEN_ACTION: (
                self.tr("Set API token…"),
                self.tr("Set API token"),
                self.tr("Open the API token dialog"),
            ),
            BILLING_ACTION: (
                self.tr("Open billing page"),
                self.tr("Open billing page"),
                self.tr("Add credit on Replicate's billing page, in your browser"),
            ),
            RETRY_ACTION: (
                self.tr("Retry"),
                self.tr("Retry answer"),
                self.tr("Ask the model again"),
            ),
        }
        action = labels.get(error.action or "")
        button.setVisible(action is not None)
        if action is not None:
            text, name, tip = action
            button.setText(text)
            button.setAccessibleName(name)
            button.setToolTip(tip)
        box.show()

    def _on_error_action(self) -> None:
        error = self.error
        if error is None:
            return
        if error.action == TOKEN_ACTION:
            self.token_dialog_requested.emit()
        elif error.action == BILLING_ACTION:
            QDesktopServices.openUrl(QUrl(error.url or BILLING_URL))
        elif error.action == RETRY_ACTION:
            self.retry_requested.emit(self.message_id)

    def set_theme(self, theme: Theme) -> None:
        self.body.set_theme(theme)

    # -- keyboard and fonts --------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        """Every widget of this message that Tab may reach, top to bottom (hidden ones too:
        Tab skips them, and they keep their place for when they show)."""
        chain: list[QWidget] = []
        if self._is_user:
            chain.append(self.edit_button)  # in the header, above the text
        chain.extend(self.body.segments)
        if self.editor is not None:
            chain.extend(self.editor.focus_chain())
        if self.error_button is not None:
            chain.append(self.error_button)
        if not self._is_user:
            chain.extend([self.copy_button, self.copy_text_button, self.regenerate_button])
        return chain

    def order_focus(self) -> None:
        """Put this message's widgets in visual order in the tab chain.

        A widget made later (the error box, the editor) joins the end of the window's tab
        order; chaining from the first one, which never moves, puts it back in its place.
        """
        chain = self.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # The application font changed (the system's text size): the small text follows.
            self._small_font = _smaller(self.font())
            small = [self.role_label, self.meta_label, self.status_label]
            small.extend(self.findChildren(QToolButton, "messageAction"))
            for widget in small:
                widget.setFont(self._small_font)

    # -- actions -------------------------------------------------------------------------------

    def set_can_regenerate(self, can: bool) -> None:
        """Only the last answer offers Regenerate; the view decides which one that is."""
        if can != self._can_regenerate:
            self._can_regenerate = can
            self._update_buttons()

    def set_busy(self, busy: bool) -> None:
        """While a reply streams, nothing may start another one (Edit, Regenerate, Retry)."""
        if busy != self._busy:
            self._busy = busy
            self._update_buttons()

    def _update_buttons(self) -> None:
        if self._is_user:
            _offer(self.edit_button, not self.is_editing, not self._busy)
            if self.editor is not None:
                self.editor.set_allowed(not self._busy)
            return
        # An answer that failed or stopped before its first word has nothing to copy.
        has_text = self.body.has_text or self.status == STREAMING
        _offer(self.copy_button, has_text, True)
        _offer(self.copy_text_button, has_text, True)
        # A failed answer offers Retry in its error box; Regenerate would say the same.
        offers_retry = self.error is not None and self.error.action == RETRY_ACTION
        visible = self._can_regenerate and self.status != STREAMING and not offers_retry
        _offer(self.regenerate_button, visible, not self._busy)
        if self.error_button is not None:
            retry_blocked = self._busy and offers_retry
            _offer(self.error_button, not self.error_button.isHidden(), not retry_blocked)

    def copy_raw(self) -> None:
        """Copy the answer's markdown, character for character."""
        QGuiApplication.clipboard().setText(self.text)
        self.copied.emit(self.tr("Copied answer"))

    def copy_plain(self) -> None:
        """Copy the answer without markup."""
        QGuiApplication.clipboard().setText(to_plain_text(self.text))
        self.copied.emit(self.tr("Copied answer as text"))

    # -- editing a question --------------------------------------------------------------------

    @property
    def is_editing(self) -> bool:
        return self.editor is not None and not self.editor.isHidden()

    def open_editor(self) -> None:
        """Edit this question in place (Send asks again from here)."""
        if not self._is_user or self._busy:
            return
        if self.editor is None:
            self.editor = QuestionEditor()
            self.editor.submitted.connect(self._on_edit_submitted)
            self.editor.cancelled.connect(self.cancel_edit)
            self._column.insertWidget(self._column.indexOf(self.body) + 1, self.editor)
            self.order_focus()
        # The editor takes the focus before anything focused is hidden: Qt would pass the
        # focus on, and the scroll area would scroll to wherever it went.
        self.editor.show()
        self.editor.set_allowed(not self._busy)
        self.editor.start(self.text)
        self.body.hide()
        self.edit_button.hide()

    def cancel_edit(self) -> None:
        self.body.setVisible(self.body.has_text)
        self.edit_button.show()
        if self.editor is not None:
            if _has_focus_within(self.editor):
                self.edit_button.setFocus()  # back where editing started, not anywhere
            self.editor.hide()

    def _on_edit_submitted(self, text: str) -> None:
        if self._busy:
            return
        self.cancel_edit()
        self.edit_submitted.emit(self.message_id, text)
