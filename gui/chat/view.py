"""The chat view: a scrolling column of messages that follows a streaming answer.

Only the messages near the viewport are widgets (gui/chat/live_rows.py): scrolling makes the
ones coming into view at once, and the ones a screen or so ahead a few per event-loop turn, so
that a page step finds them ready; older pages load as the top comes near. A 10,000-message
conversation costs what its screenful costs.

Streamed text is buffered per message and rendered at a pace a reader can follow
(gui/chat/stream_render.py). The view follows the stream only while it is scrolled to the
bottom; scrolled up, it keeps what the person is reading in place and offers "Jump to latest".
Ending a stream never moves the view. A selection can span messages (gui/chat/selection.py).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from gui.chat.cold_code import ColdCode
from gui.chat.column import MessageColumn
from gui.chat.context_plan import NOTHING_SENT
from gui.chat.live_rows import LiveRows
from gui.chat.message.model import (
    COMPLETE,
    FAILED,
    INTERRUPTED,
    STOPPED,
    STREAMING,
    ChatMessage,
    ErrorInfo,
)
from gui.chat.scroll import ScrollKeeper
from gui.chat.selection import SpanSelection
from gui.chat.stream_render import StreamRenderer, settle_layouts
from gui.chat.windowing import Windowing
from gui.markdown.theme import DARK, LIGHT, Theme
from gui.theme.chat_style import jump_button_style_sheet, messages_style_sheet
from gui.theme.colours import is_dark_palette
from gui.widgets.focus import drop_focus, has_focus_within
from gui.widgets.paint_watch import next_paint

if TYPE_CHECKING:
    from gui.chat.message.widget import MessageWidget

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
    message_shown = Signal(int)  # a message got its widget (find marks its matches)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self._session_busy = False
        self._theme: Theme = DARK if self._palette_is_dark() else LIGHT
        self._has_earlier = False
        self._context_start: int | None = None  # the first message sent, when some are not

        self.scroll_area = MessageColumn()
        self.column = self.scroll_area.column
        self.rows = LiveRows(self.scroll_area, self._make_widget, self)
        self._cold = ColdCode(self.rows.widget, self)
        self.stream_renderer = StreamRenderer(self.rows.widget, self, self.scroll_area)
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
        self._scroll = ScrollKeeper(self.scroll_area, self.jump_button, self.rows, self)
        self.windowing = Windowing(
            self.scroll_area, self.rows, self._scroll, self._shown, self._load_earlier, self
        )
        self.selection = SpanSelection(self.rows, self.scroll_area, lambda: self._theme, self)
        self._apply_palette()

    # -- messages ----------------------------------------------------------------------------

    def set_messages(self, messages: list[ChatMessage], *, has_earlier: bool = False) -> None:
        """Show `messages` instead of what was shown, scrolled to the newest: the ones that fill
        the viewport at once, the others when they come near it."""
        self.clear()
        self._has_earlier = has_earlier
        self.rows.reset(messages)
        self._apply_marker()
        if not messages:
            return
        self._cold.start()  # until the first frame, code whose lexer is cold shows plain
        self._shown(self.rows.ensure(self.windowing.newest_screen(), len(messages)))
        self.scroll_to_bottom()
        self.windowing.after_first_paint(self._cold.warm_up)

    def prepend_messages(self, messages: list[ChatMessage], *, has_earlier: bool) -> None:
        """Put older messages above the loaded ones; what the person was reading stays put."""
        if not self._scroll.following and self._scroll.anchor is None:
            self._scroll.keep_in_place()
        self._has_earlier = has_earlier
        self.rows.insert(0, messages)
        self._apply_marker()
        self.windowing.settle()
        self.windowing.start()

    def add_message(self, message: ChatMessage, *, follow: bool = True) -> None:
        """Add a message at the bottom; a new question scrolls there (unless not `follow`:
        another version's path, shown below the message switched)."""
        if self.rows.row_of(message.id) is not None:  # shown again: it replaces the old one
            self.remove_from(message.id)
        count = len(self.rows)
        at_end = self.rows.hi == count
        self.rows.insert(count, [message])
        self._apply_marker()
        if at_end:
            self._shown(self.rows.ensure(count, count + 1))
        elif message.status == STREAMING:  # out of the window, but it needs its widget
            self.rows.keep(count)
            self._refresh_actions()
        if message.role == "user" and follow:
            self.scroll_to_bottom()

    def recent_models(self) -> list[str]:
        """The models of the answers shown, the newest first: "Regenerate with" offers them."""
        return list(dict.fromkeys(m.model for m in reversed(self.rows.messages) if m.model))

    def focused_message_id(self) -> int | None:
        return next((w.message_id for w in self.rows.widgets() if has_focus_within(w)), None)

    def append_text(self, message_id: int, delta: str) -> None:
        """More of a streaming answer: buffered now, rendered by the throttle."""
        widget = self.rows.widget(message_id)
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
        widget = self.rows.widget(message_id)
        if widget is None:
            return
        self.stream_renderer.forget(message_id)
        widget.finish(status, error, metrics)
        # Its row shows the same when its widget is made again.
        from gui.chat.message.thought import thought_text  # loaded with the first widget

        thought = thought_text(widget.thought)
        self.rows.replace(
            message_id, content=widget.text, thinking=thought, status=status, error=error,
            metrics=metrics,
        )  # fmt: skip
        self._refresh_actions()
        settle_layouts()

    def set_versions(self, message_id: int, versions: tuple[int, int] | None) -> None:
        """Where the message stands among its versions (its switcher shows it)."""
        self.rows.replace(message_id, versions=versions)
        widget = self.rows.widget(message_id)
        if widget is not None:
            widget.tools.set_versions(versions)

    def remove_from(self, message_id: int) -> None:
        """Drop this message and every later one (before an edit or a regeneration)."""
        self.selection.reset()
        row = self.rows.row_of(message_id)
        for widget in self.rows.truncate(row) if row is not None else []:
            self._discard(widget)
        self._apply_marker()
        self._refresh_actions()
        self.windowing.settle()

    def clear(self) -> None:
        """Remove every message."""
        self.selection.reset()
        for widget in self.rows.discard_all():
            self._discard(widget)
        self.rows.reset([])
        self.windowing.stop()
        self.stream_renderer.cancel()
        self._has_earlier = False
        self._scroll.reset()

    def set_context_start(self, message_id: int | None) -> None:
        """Mark where the part sent to the model begins (None: everything is sent)."""
        self._context_start = message_id  # NOTHING_SENT: the marker goes below them all
        self._apply_marker()

    def _apply_marker(self) -> None:
        start = self._context_start
        row = len(self.rows) if start == NOTHING_SENT else self.rows.row_of(start or 0)
        if row != self.rows.marked_row:
            self.rows.mark(row)

    # -- reading and copying -----------------------------------------------------------------

    def message_ids(self) -> list[int]:
        """Every loaded message, top to bottom (with a widget or not)."""
        return [message.id for message in self.rows.messages]

    def live_message_ids(self) -> list[int]:
        """The messages that have widgets now."""
        return [widget.message_id for widget in self.rows.widgets()]

    def first_message_id(self) -> int | None:
        return self.rows.messages[0].id if self.rows.messages else None

    def message_role(self, message_id: int) -> str:
        return self.rows.messages[self._row(message_id)].role

    def message_text(self, message_id: int) -> str:
        """The raw text of a loaded message (so far, while it streams)."""
        widget = self.rows.widget(message_id)
        return (
            widget.text if widget is not None else self.rows.messages[self._row(message_id)].content
        )

    def message_widget(self, message_id: int) -> MessageWidget:
        """The message's widget: made, and scrolled into view, if it had none."""
        return self.reveal(message_id)

    def reveal(self, message_id: int) -> MessageWidget:
        """Scroll the message into view (its top at the viewport's, when it was out of it)."""
        row = self._row(message_id)
        widget = self.rows.widget(message_id)
        if widget is not None and not widget.isHidden():
            return widget
        self.windowing.reveal(row)
        widget = self.rows.widget(message_id)
        assert widget is not None
        return widget

    def last_answer_text(self) -> str | None:
        """The raw markdown of the newest answer, or None when there is no answer."""
        for message in reversed(self.rows.messages):
            if message.role == "assistant":
                return self.message_text(message.id)
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

    async def next_frame(self, at_most_s: float) -> None:
        """Return once the messages' next frame is on screen (or after `at_most_s`)."""
        await next_paint(self.scroll_area.viewport(), at_most_s)

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
        for widget in self.rows.widgets():
            widget.set_theme(theme)

    def _palette_is_dark(self) -> bool:
        return is_dark_palette(self.palette(), QPalette.ColorRole.Base)

    def _apply_palette(self) -> None:
        self.scroll_area.canvas.setStyleSheet(messages_style_sheet(self.palette()))
        self.jump_button.setStyleSheet(jump_button_style_sheet(self.palette()))

    # -- plumbing ----------------------------------------------------------------------------

    def _row(self, message_id: int) -> int:
        row = self.rows.row_of(message_id)
        if row is None:
            raise KeyError(f"message {message_id} is not loaded")
        return row

    def _load_earlier(self) -> bool:
        """Ask the window for the page before the first loaded message; True if it came."""
        if not self._has_earlier:
            return False
        count = len(self.rows)
        self.load_earlier_requested.emit()  # the window answers with prepend_messages
        return len(self.rows) > count

    def _make_widget(self, message: ChatMessage) -> MessageWidget:
        # Loaded after the window's first frame: it and the markdown renderer are ~50 ms.
        from gui.chat.message.widget import MessageWidget

        widget = self._cold.make(lambda: MessageWidget(message, self._theme))
        widget.regenerate_requested.connect(self.regenerate_requested)
        widget.edit_submitted.connect(self.edit_submitted)
        widget.retry_requested.connect(self.retry_requested)
        widget.token_dialog_requested.connect(self.token_dialog_requested)
        widget.copied.connect(self.copied)
        widget.message_action.connect(self.message_action)
        widget.tools.recent_models = self.recent_models
        self.selection.attach(widget)
        return widget

    def _shown(self, made: list[MessageWidget]) -> None:
        """Widgets were made: their buttons, the tab order, then whoever marks them."""
        if not made:
            return
        self._refresh_actions()
        self._order_focus()
        for widget in made:
            self.message_shown.emit(widget.message_id)

    def _order_focus(self) -> None:
        """Tab goes top to bottom through the live messages, then "Jump to latest" (chained
        from the column's anchor, which never moves, so that new widgets fit in)."""
        chain: list[QWidget] = [self.scroll_area.focus_anchor]
        for widget in self.rows.live():
            chain.extend(widget.focus_chain())
        chain.append(self.jump_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _discard(self, widget: MessageWidget) -> None:
        drop_focus(widget)
        self.stream_renderer.forget(widget.message_id)
        widget.hide()
        widget.deleteLater()

    def set_session_busy(self, busy: bool) -> None:
        self._session_busy = busy  # a reply streams, maybe elsewhere: nothing may start one
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        """Regenerate only on the last answer; nothing starts a reply while one streams."""
        widgets = self.rows.widgets()
        busy = self._session_busy or any(widget.is_streaming for widget in widgets)
        last = next((m.id for m in reversed(self.rows.messages) if m.role == "assistant"), None)
        for widget in widgets:
            widget.set_busy(busy)
            widget.set_can_regenerate(widget.message_id == last)

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
            self.rows.font_changed()
