"""One message in the chat view: header, body, status, inline error and its action buttons.

What it shows comes as a `ChatMessage` (gui/chat/message/model.py); its buttons and its
error box are in the modules beside this one.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.attachments.chips import AttachedFiles
from gui.chat.labels import body_name, metrics_summary, role_name
from gui.chat.message.actions import AnswerActions, smaller, tool_button
from gui.chat.message.body import MessageBody
from gui.chat.message.editor import QuestionEditor
from gui.chat.message.error_box import ErrorBox
from gui.chat.message.model import (
    FAILED,
    INTERRUPTED,
    RETRY_ACTIONS,
    STOPPED,
    STREAMING,
    TOKEN_ACTION,
    ChatMessage,
    ErrorInfo,
)
from gui.chat.message.thought import ReplyText, ThoughtSection, muted, thought_text
from gui.chat.message.versions import MessageTools
from gui.markdown.render import Theme
from gui.widgets.focus import has_focus_within, offer
from provider.reasoning import starts_inside_thought


class MessageWidget(QFrame):
    """A message: "You" or the model's name, the text, then what can be done with it."""

    regenerate_requested = Signal(int)
    edit_submitted = Signal(int, str)
    retry_requested = Signal(int)
    token_dialog_requested = Signal()
    copied = Signal(str)  # a short status text, "Copied answer"
    message_action = Signal(int, str, object)  # message id, action (message/model.py), argument
    thought_added = Signal(object)  # the MessageBody of the thought, made with the first one

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
        self._theme = theme
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
        self._small_font = smaller(self.font())  # header, status and buttons: small, muted
        self.role_label = QLabel(role_name(self.role, self.model))
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
        self.tools = MessageTools(not self._is_user, self._small_font)
        self.tools.action.connect(self._emit_action)
        self.tools.set_versions(message.versions)
        header.addWidget(self.tools)
        if self._is_user:  # a question's only action sits in its header, saving a row
            self.edit_button = tool_button(
                self.tr("Edit"),
                self.tr("Edit question"),
                self.tr("Change this question and ask again from here"),
                self.open_editor,
                self._small_font,
            )
            header.addWidget(self.edit_button)
        column.addLayout(header)

        self.thought: ThoughtSection | None = None  # made with a thought (`thought_section`)
        self._reply: ReplyText | None = None  # routes a streaming reply's thought and answer
        self.body = MessageBody(theme)
        self.body.setAccessibleName(body_name(self.role, self.model))
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

        self.error_box: ErrorBox | None = None  # made when first needed

        self.files = AttachedFiles(message.attachments, self)  # a question's files
        self.files.action.connect(self._emit_action)
        if self._is_user:
            self.actions_row: QWidget = self.files
        else:
            self.actions_row = AnswerActions(
                self,
                lambda: self.regenerate_requested.emit(self.message_id),
                self._small_font,
            )
            self.actions_row.copied.connect(self.copied)
            self.copy_button = self.actions_row.copy_button
            self.copy_text_button = self.actions_row.copy_text_button
            self.regenerate_button = self.actions_row.regenerate_button
        column.addWidget(self.actions_row)

        self._show_content(message.content, message.status)
        if message.thinking and not self._is_user:
            self.thought_section().show_stored(
                message.thinking, (message.metrics or {}).get("thinking_seconds")
            )
        self._show_state(message.status, message.error, message.metrics)

    # -- construction ------------------------------------------------------------------------

    def _emit_action(self, name: str, argument: object) -> None:
        self.message_action.emit(self.message_id, name, argument)

    def thought_section(self) -> ThoughtSection:
        """The fold of a reasoning model's thought, made now if it is not yet (most answers
        have none, and it is a quarter of the making of a message's widget)."""
        if self.thought is None:
            self.thought = ThoughtSection(self._theme, self._small_font)
            self.thought.copied.connect(self.copied)
            self._column.insertWidget(self._column.indexOf(self.body), self.thought)
            self.thought_added.emit(self.thought.body)
            self.order_focus()
        return self.thought

    def _make_error_box(self) -> ErrorBox:
        box = ErrorBox()
        box.action_requested.connect(self._on_error_action)
        # Below the status line, above the actions.
        self._column.insertWidget(self._column.indexOf(self.actions_row), box)
        self.error_box = box
        self.order_focus()
        return box

    @property
    def error_label(self) -> QLabel | None:
        return None if self.error_box is None else self.error_box.label

    @property
    def error_button(self) -> QPushButton | None:
        return None if self.error_box is None else self.error_box.button

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
            self.body.start_stream()
            self._reply = ReplyText(
                self.body, self.thought_section, inside=starts_inside_thought(self.model)
            )
            self._reply.append(content)
            self.render_pending()
        else:
            self.body.show_markdown(content)
        self.body.setVisible(self.body.has_text)

    def render_again(self) -> None:
        """Render a finished answer anew (its code highlighted now that the lexer is loaded)."""
        if not self._is_user and not self.body.is_streaming and not self.is_editing:
            self.body.show_markdown(self.body.text)

    def append(self, delta: str) -> None:
        """Buffer streamed text; the view decides when to render it."""
        if self._reply is not None:
            self._reply.append(delta)

    def render_pending(self) -> None:
        if self._reply is not None:
            self._reply.render_pending()
        self.body.render_pending()
        if self.body.isHidden() and self.body.has_text:
            self.body.show()
        if not self.status_label.isHidden() and self._has_text():
            self.status_label.hide()  # the "waiting" line gives way to the text or the thought

    def _has_text(self) -> bool:
        return self.body.has_text or thought_text(self.thought) is not None

    def finish(self, status: str, error: ErrorInfo | None, metrics: dict[str, Any] | None) -> None:
        """The answer ended: final render, then its status, error and figures."""
        if self._reply is not None:
            self._reply.finish()
            self._reply = None
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
        if status == STREAMING and not self._has_text():
            words[STREAMING] = self.tr("Waiting for the model…")
        self.status_label.setText(words.get(status, ""))
        self.status_label.setVisible(status in words)
        self.meta_label.setText(metrics_summary(metrics) if not self._is_user else "")
        self._show_error(error)
        self._update_buttons()

    def _show_error(self, error: ErrorInfo | None) -> None:
        if error is not None:
            (self.error_box or self._make_error_box()).show_error(error)
        elif self.error_box is not None:
            self.error_box.hide()

    def _on_error_action(self, action: str) -> None:
        if action == TOKEN_ACTION:
            self.token_dialog_requested.emit()
        elif action in RETRY_ACTIONS:
            self.retry_requested.emit(self.message_id)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.body.set_theme(theme)
        if self.thought is not None:
            self.thought.body.set_theme(muted(theme))

    # -- keyboard and fonts --------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        """Every widget of this message that Tab may reach, top to bottom (hidden ones too:
        Tab skips them, and they keep their place for when they show)."""
        chain: list[QWidget] = self.tools.focus_chain()
        if self.thought is not None:
            chain.extend([self.thought.toggle, self.thought.copy_button])
        if self._is_user:
            chain.append(self.edit_button)  # in the header, above the text
        chain.extend(self.body.segments)
        if self.editor is not None:
            chain.extend(self.editor.focus_chain())
        if self.error_button is not None:
            chain.append(self.error_button)
        if not self._is_user:
            chain.extend([self.copy_button, self.copy_text_button, self.regenerate_button])
        return chain + self.files.focus_chain()

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
            self._small_font = smaller(self.font())
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
            self.tools.set_busy(busy)
            self._update_buttons()

    def _update_buttons(self) -> None:
        if self._is_user:
            offer(self.edit_button, not self.is_editing, not self._busy)
            if self.editor is not None:
                self.editor.set_allowed(not self._busy)
            return
        # An answer that failed or stopped before its first word has nothing to copy.
        has_text = self.body.has_text or self.status == STREAMING
        offer(self.copy_button, has_text, True)
        offer(self.copy_text_button, has_text, True)
        # A failed answer offers Retry in its error box; Regenerate would say the same.
        offers_retry = self.error is not None and self.error.action in RETRY_ACTIONS
        visible = self._can_regenerate and self.status != STREAMING and not offers_retry
        offer(self.regenerate_button, visible, not self._busy)
        if self.error_button is not None:
            retry_blocked = self._busy and offers_retry
            offer(self.error_button, not self.error_button.isHidden(), not retry_blocked)

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
            if has_focus_within(self.editor):
                self.edit_button.setFocus()  # back where editing started, not anywhere
            self.editor.hide()

    def _on_edit_submitted(self, text: str) -> None:
        if self._busy:
            return
        self.cancel_edit()
        self.edit_submitted.emit(self.message_id, text)
