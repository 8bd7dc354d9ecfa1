"""The chat view: a scrolling column of messages that follows a streaming answer.

Streamed text is buffered per message and rendered at a pace a reader can follow
(gui/chat/stream_render.py). The view follows the stream only while it is scrolled to the
bottom; scrolled up, it keeps what the person is reading in place and offers "Jump to latest".
Ending a stream never moves the view.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.chat.batches import LATER_BATCH, first_batch_size
from gui.chat.column import MessageColumn
from gui.chat.context_plan import NOTHING_SENT
from gui.chat.message.model import (
    COMPLETE,
    FAILED,
    INTERRUPTED,
    STOPPED,
    STREAMING,
    ChatMessage,
    ErrorInfo,
)
from gui.chat.message.widget import MessageWidget
from gui.chat.scroll import ScrollKeeper
from gui.chat.stream_render import StreamRenderer, settle_layouts
from gui.markdown.code_blocks import lexers_deferred, load_lexer
from gui.markdown.render import DARK, LIGHT, Theme
from gui.theme.chat_style import jump_button_style_sheet, messages_style_sheet
from gui.theme.colours import is_dark_palette
from gui.widgets.focus import drop_focus, has_focus_within
from gui.widgets.paint_watch import after_next_paint

__all__ = [
    "COMPLETE",
    "FAILED",
    "INTERRUPTED",
    "STOPPED",
    "STREAMING",
    "ChatMessage",
    "ChatView",
    "ErrorInfo",
]


class ChatView(QWidget):
    """All messages of one conversation, newest at the bottom."""

    regenerate_requested = Signal(int)  # the answer's id
    edit_submitted = Signal(int, str)  # the question's id, its new text
    retry_requested = Signal(int)  # the failed answer's id
    token_dialog_requested = Signal()
    load_earlier_requested = Signal()
    copied = Signal(str)  # a short status text for the status bar
    message_action = Signal(int, str, object)  # message id, action (message/model.py), argument

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self._widgets: list[MessageWidget] = []
        self._session_busy = False
        self._by_id: dict[int, MessageWidget] = {}
        self._theme: Theme = DARK if self._palette_is_dark() else LIGHT
        self._pending: list[ChatMessage] = []  # older messages not shown yet, oldest first
        self._context_start: int | None = None  # the first message sent, when some are not
        self._pending_timer = QTimer(self)
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setInterval(0)
        self._pending_timer.timeout.connect(self._show_pending_batch)

        self.scroll_area = MessageColumn()
        self.stream_renderer = StreamRenderer(self._by_id.get, self, self.scroll_area)
        self.column = self.scroll_area.column
        self.earlier_button = self.scroll_area.earlier_button
        self.earlier_button.clicked.connect(self.load_earlier_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

        self.jump_button = QToolButton(self)
        self.jump_button.setObjectName("jumpToLatest")
        self.jump_button.setText(self.tr("Jump to latest ↓"))
        self.jump_button.setToolTip(self.tr("Scroll to the newest message"))
        self.jump_button.setAccessibleName(self.tr("Jump to latest"))
        self.jump_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.jump_button.hide()
        self._scroll = ScrollKeeper(self.scroll_area, self.jump_button, lambda: self._widgets, self)
        self._apply_palette()

    # -- messages ----------------------------------------------------------------------------

    def set_messages(self, messages: list[ChatMessage], *, has_earlier: bool = False) -> None:
        """Show `messages` instead of what was shown, scrolled to the newest: the newest at once,
        the older ones a batch per event-loop turn above them (gui/chat/batches.py)."""
        self.clear()
        first = first_batch_size(messages)
        # Code whose lexer is not loaded yet shows plain in this first frame: loading one costs
        # up to ~50 ms, and at start-up the newest chat's languages are all cold.
        shown: list[MessageWidget] = []
        cold_languages: set[str] = set()
        cold_widgets: list[MessageWidget] = []  # those to show again, highlighted
        for message in messages[len(messages) - first :]:
            with lexers_deferred() as cold:
                shown.append(self._insert(len(self._widgets), message))
            if cold:
                cold_languages |= cold
                cold_widgets.append(shown[-1])
        self._pending = list(messages[: len(messages) - first])
        self._show_earlier_button(has_earlier)
        self._order_focus()
        self._refresh_actions()
        self.scroll_to_bottom()
        if self._pending:
            self._pending_timer.start()
        if cold_languages:
            # The newest message is on screen (scrolled to the bottom): once its text is painted,
            # the frame is up. A message with nothing painted falls back on the time limit.
            painted = [w for w in shown if w.body.has_text] or shown
            after_next_paint(
                painted[-1].body.segments[-1].viewport(),
                lambda: self._highlight_later(sorted(cold_languages), cold_widgets),
                at_most_ms=300,
            )

    def _highlight_later(self, languages: list[str], widgets: list[MessageWidget]) -> None:
        """Load one cold lexer per event-loop turn, then show `widgets` highlighted."""
        if languages:
            load_lexer(languages.pop())
            QTimer.singleShot(0, lambda: self._highlight_later(languages, widgets))
            return
        for widget in widgets:
            if self._by_id.get(widget.message_id) is widget:  # still shown
                widget.render_again()

    def prepend_messages(self, messages: list[ChatMessage], *, has_earlier: bool) -> None:
        """Put older messages above the shown ones; what the person was reading stays put."""
        if self._widgets:
            self._scroll.keep_in_place(self._widgets[0])
        self._pending = list(messages) + self._pending
        self._show_earlier_button(has_earlier)
        self._show_pending_batch()

    def add_message(self, message: ChatMessage, *, follow: bool = True) -> None:
        """Add a message at the bottom; a new question scrolls there (unless not `follow`:
        another version's path, shown below the message switched)."""
        self._insert(len(self._widgets), message)
        self._order_focus()
        self._refresh_actions()
        if message.role == "user" and follow:
            self.scroll_to_bottom()

    def recent_models(self) -> list[str]:
        """The models of the answers shown, the newest first: "Regenerate with" offers them."""
        return list(dict.fromkeys(w.model for w in reversed(self._widgets) if w.model))

    def focused_message_id(self) -> int | None:
        return next((w.message_id for w in self._widgets if has_focus_within(w)), None)

    def append_text(self, message_id: int, delta: str) -> None:
        """More of a streaming answer: buffered now, rendered by the throttle."""
        widget = self._find(message_id)
        if widget is None or not widget.is_streaming or not delta:
            return
        widget.append(delta)
        self.stream_renderer.request(message_id)

    def finish_message(
        self,
        message_id: int,
        status: str,
        *,
        error: ErrorInfo | None = None,
        metrics: dict[str, Any] | None = None,
    ) -> None:
        """The answer ended (complete, stopped, failed…): final render, status, actions."""
        widget = self._find(message_id)
        if widget is None:
            return
        self.stream_renderer.forget(message_id)
        widget.finish(status, error, metrics)
        self._refresh_actions()
        settle_layouts()

    def remove_from(self, message_id: int) -> None:
        """Drop this message and every later one (before an edit or a regeneration)."""
        self._show_all()
        widget = self._by_id.get(message_id)
        if widget is None:
            return
        start = self._widgets.index(widget)
        for gone in self._widgets[start:]:
            self._discard(gone)
        del self._widgets[start:]
        self._refresh_actions()

    def clear(self) -> None:
        """Remove every message."""
        for widget in self._widgets:
            self._discard(widget)
        self._widgets = []
        self._pending = []
        self._pending_timer.stop()
        self.stream_renderer.cancel()
        self._show_earlier_button(False)
        self._scroll.reset()

    def set_context_start(self, message_id: int | None) -> None:
        """Mark where the part sent to the model begins (None: everything is sent)."""
        self._context_start = message_id  # NOTHING_SENT: the marker goes below them all
        widget = self.column if message_id == NOTHING_SENT else self._by_id.get(message_id or 0)
        self.scroll_area.mark_before(widget)

    # -- reading and copying -----------------------------------------------------------------

    def message_ids(self) -> list[int]:
        self._show_all()
        return [widget.message_id for widget in self._widgets]

    def first_message_id(self) -> int | None:
        if self._pending:
            return self._pending[0].id
        return self._widgets[0].message_id if self._widgets else None

    def message_text(self, message_id: int) -> str:
        """The raw text of a shown message (so far, while it streams)."""
        return self._widget(message_id).text

    def message_widget(self, message_id: int) -> MessageWidget:
        return self._widget(message_id)

    def last_answer_text(self) -> str | None:
        """The raw markdown of the newest answer, or None when there is no answer."""
        for widget in reversed(self._widgets):
            if widget.role == "assistant":
                return widget.text
        for message in reversed(self._pending):
            if message.role == "assistant":
                return message.content
        return None

    def copy_last_answer(self) -> bool:
        """Copy the newest answer's markdown (Ctrl+Shift+C); False when there is none."""
        text = self.last_answer_text()
        if not text:
            return False
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(self.tr("Copied the last answer"))
        return True

    # -- scrolling ---------------------------------------------------------------------------

    def is_at_bottom(self) -> bool:
        return self._scroll.is_at_bottom()

    def scroll_to_bottom(self) -> None:
        """Go to the newest message and keep following it."""
        self._scroll.scroll_to_bottom()

    # -- rendering ---------------------------------------------------------------------------

    def set_theme(self, dark: bool) -> None:
        """Render every message with the dark or the light markdown colours."""
        theme = DARK if dark else LIGHT
        if theme == self._theme:
            return
        self._theme = theme
        for widget in self._widgets:
            widget.set_theme(theme)

    def _palette_is_dark(self) -> bool:
        return is_dark_palette(self.palette(), QPalette.ColorRole.Base)

    def _apply_palette(self) -> None:
        self.scroll_area.canvas.setStyleSheet(messages_style_sheet(self.palette()))
        self.jump_button.setStyleSheet(jump_button_style_sheet(self.palette()))

    # -- plumbing ----------------------------------------------------------------------------

    def _show_pending_batch(self) -> None:
        """Show the newest of the older messages still waiting, above the shown ones."""
        if not self._pending:
            return
        batch = self._pending[-LATER_BATCH:]
        del self._pending[-LATER_BATCH:]
        for index, message in enumerate(batch):
            self._insert(index, message)
        self._order_focus()
        self._refresh_actions()
        if self._pending:
            self._pending_timer.start()

    def _show_all(self) -> None:
        """Show every waiting message now (a question about them needs them)."""
        while self._pending:
            self._show_pending_batch()
        self._pending_timer.stop()

    def _find(self, message_id: int) -> MessageWidget | None:
        widget = self._by_id.get(message_id)
        if widget is None and self._pending:
            self._show_all()
            widget = self._by_id.get(message_id)
        return widget

    def _widget(self, message_id: int) -> MessageWidget:
        widget = self._find(message_id)
        if widget is None:
            raise KeyError(f"message {message_id} is not shown")
        return widget

    def _insert(self, index: int, message: ChatMessage) -> MessageWidget:
        widget = MessageWidget(message, self._theme)
        widget.regenerate_requested.connect(self.regenerate_requested)
        widget.edit_submitted.connect(self.edit_submitted)
        widget.retry_requested.connect(self.retry_requested)
        widget.token_dialog_requested.connect(self.token_dialog_requested)
        widget.copied.connect(self.copied)
        widget.message_action.connect(self.message_action)
        widget.tools.recent_models = self.recent_models
        previous = self._by_id.get(message.id)
        if previous is not None:  # the same message again: the new one replaces it
            self._widgets.remove(previous)
            self._discard(previous)
            index = min(index, len(self._widgets))
        self._widgets.insert(index, widget)
        self._by_id[message.id] = widget
        # Layout: the "earlier" button first, then the messages, then the stretch.
        self.scroll_area.insert(index, widget)
        if message.id == self._context_start:
            self.scroll_area.mark_before(widget)
        return widget

    def _order_focus(self) -> None:
        """Tab goes top to bottom: "Show earlier", each message's widgets, "Jump to latest"
        (chained from the button that never moves, so later and older messages fit in)."""
        chain: list[QWidget] = [self.earlier_button]
        for widget in self._widgets:
            chain.extend(widget.focus_chain())
        chain.append(self.jump_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _show_earlier_button(self, show: bool) -> None:
        if not show:
            drop_focus(self.earlier_button)
        self.earlier_button.setVisible(show)

    def _discard(self, widget: MessageWidget) -> None:
        drop_focus(widget)
        self._by_id.pop(widget.message_id, None)
        self.stream_renderer.forget(widget.message_id)
        self._scroll.forget(widget)
        self.scroll_area.remove(widget)
        widget.hide()
        widget.deleteLater()

    def set_session_busy(self, busy: bool) -> None:
        self._session_busy = busy  # a reply streams, maybe elsewhere: nothing may start one
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        """Regenerate only on the last answer; nothing starts a reply while one streams."""
        busy = self._session_busy or any(widget.is_streaming for widget in self._widgets)
        last_answer = next((w for w in reversed(self._widgets) if w.role == "assistant"), None)
        for widget in self._widgets:
            widget.set_busy(busy)
            widget.set_can_regenerate(widget is last_answer)

    # -- events ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.jump_button.isVisible():
            self._scroll.place_jump_button()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scroll.stay_at_bottom()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
            self.set_theme(self._palette_is_dark())
        elif event.type() == QEvent.Type.FontChange:
            # The application font changed (the system's text size). Qt does not pass a new
            # font on to widgets under a style sheet until the sheet is set again.
            self._apply_palette()
