"""A mouse selection across messages, and across the segments of a long one.

Pressing in a message's text and dragging out of that segment selects from the press point to
the pointer, through every message between: each segment shown holds its part as its own
selection, so it looks like one. The span itself is two points (gui/chat/span.py), not the
widgets: widgets leave and come back as the view scrolls (gui/chat/live_rows.py), and one made
while inside the span gets its part selected again. Copying, from any of its texts (Ctrl+C, the
context menu, a drag), gives the whole span: each message's characters as selecting them in it
would, one blank line between messages; those without a widget are rendered offscreen for it.

Inside one segment nothing changes: Qt selects, as it always did. Dragging above or below the
viewport scrolls it, on a timer while the pointer stays out. A click in a text, a click beside
the messages or Esc clears the span; a click also clears any selection left in another text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QWidget

from gui.chat.column import MessageColumn
from gui.chat.live_rows import LiveRows, has_selection
from gui.chat.span import END, Ends, Point, cursors, ordered
from gui.chat.span_copy import SpanCopy, joined, mime_data
from gui.markdown.theme import Theme

if TYPE_CHECKING:  # loaded with the first message widget, after the window's first frame
    from gui.chat.message.body import MessageBody
    from gui.chat.message.segment import MessageSegment
    from gui.chat.message.widget import MessageWidget

SCROLL_MS = 30  # auto-scroll steps while the pointer is above or below the viewport
SCROLL_MIN, SCROLL_MAX = 6, 120  # px per step: the further out, the faster
_MODIFIERS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta}


class SpanSelection(QObject):
    """The span (anchor and focus), the mouse handling that makes it, and its copying."""

    def __init__(
        self,
        rows: LiveRows,
        area: MessageColumn,
        theme: Callable[[], Theme],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._rows = rows
        self._area = area
        self._copy = SpanCopy(rows, theme, area.font)
        self._anchor: Point | None = None  # where the last press in a text was
        self._focus: Point | None = None  # None: no span (a selection in one segment, if any)
        self._pressed: MessageSegment | None = None  # the segment the anchor is in
        self._grabbed: MessageSegment | None = None  # the one the drag's events go to
        self._press_at = 0  # the press's position in that segment
        self._dragging = False
        self._clear_on_release = False  # pressed in the span's highlight: a drag copies it
        self._pointer = QPoint()  # global, the last the drag reported
        self._scroll = QTimer(self)
        self._scroll.setInterval(SCROLL_MS)
        self._scroll.timeout.connect(self._auto_scroll)
        self._viewport = area.viewport()
        self._viewport.installEventFilter(self)  # a press beside the messages
        rows.selection_holds = self.holds

    # -- reading -----------------------------------------------------------------------------

    def is_active(self) -> bool:
        """Is there a span across segments (every selection shown is part of it, then)?"""
        return self._focus is not None and self.ends() is not None

    def holds(self, widget: MessageWidget) -> bool:
        """Must `widget` be kept when its row leaves the window? While a drag that started in
        its text goes on (the drag's events go there), or for a selection of its own; not for
        its part of a span, which is selected again in the widget made anew."""
        if self._dragging and self._pressed is not None and widget.isAncestorOf(self._pressed):
            return True
        return not self.is_active() and has_selection(widget)

    def ends(self) -> Ends | None:
        if self._anchor is None or self._focus is None:
            return None
        return ordered(self._anchor, self._focus, self._rows.row_of)

    def text(self) -> str:
        """What copying the span gives as text ("" without one)."""
        ends = self.ends()
        return joined(self._copy.parts(ends)) if ends is not None else ""

    def mime_data(self) -> QMimeData | None:
        """The span's text and formatted copy (gui/chat/span_copy.py); None without a span."""
        ends = self.ends() if self.is_active() else None
        parts = self._copy.parts(ends) if ends is not None else []
        # A span that covers no character (a drag from a message's end to just below it) copies
        # nothing: what the clipboard held stays.
        return mime_data(parts) if joined(parts) else None

    def copy(self) -> None:
        mime = self.mime_data()
        if mime is not None:
            QGuiApplication.clipboard().setMimeData(mime)

    # -- the span ----------------------------------------------------------------------------

    def attach(self, widget: MessageWidget) -> None:
        """A message widget was made: its texts report presses and drags here, and what of it
        the span covers is selected."""
        self._wire_body(widget.body, spans=True)
        if widget.thought is not None:
            self._wire_body(widget.thought.body, spans=False)
        widget.thought_added.connect(lambda body: self._wire_body(body, spans=False))
        widget.body.shown_anew.connect(lambda: self._select_in(widget))
        self._select_in(widget)

    def reset(self) -> None:
        """Messages go (a conversation closes, an answer is regenerated, a question edited):
        no span, no drag, nothing of theirs remembered."""
        self.clear()
        self._anchor = self._pressed = self._grabbed = None
        self._dragging = self._clear_on_release = False

    def clear(self, keep: MessageSegment | None = None) -> None:
        """No span, and no selection in any text but `keep`."""
        self._focus = None
        self._stop_scrolling()
        self._copy.forget()
        for widget in self._rows.widgets():
            thought = [] if widget.thought is None else widget.thought.body.segments
            for segment in [*widget.body.segments, *thought]:
                if segment is not keep and segment.textCursor().hasSelection():
                    cursor = segment.textCursor()
                    cursor.clearSelection()
                    segment.setTextCursor(cursor)

    def extend_to(self, focus: Point) -> None:
        """The span runs from the anchor to `focus` now; each widget shows its part."""
        self._focus = focus
        for widget in self._rows.widgets():
            self._select_in(widget)

    def _select_in(self, widget: MessageWidget) -> None:
        ends = self.ends()
        if ends is None:
            return
        segments = widget.body.segments
        row = self._rows.row_of(widget.message_id)
        span = ends.range_in(row) if row is not None else None
        if span is None:
            wanted: list[tuple[int, int] | None] = [None] * len(segments)
        else:
            wanted = cursors(_lengths(segments), *span, ends.backwards)
        for segment, selection in zip(segments, wanted, strict=True):
            cursor = segment.textCursor()
            if selection is None:
                if segment is self._pressed:  # Qt's drag goes on from the press point
                    selection = (self._press_at, self._press_at)
                elif not cursor.hasSelection():
                    continue
                else:
                    selection = (cursor.position(), cursor.position())
            if (cursor.anchor(), cursor.position()) != selection:
                cursor.setPosition(selection[0])
                cursor.setPosition(selection[1], QTextCursor.MoveMode.KeepAnchor)
                segment.setTextCursor(cursor)

    # -- the mouse and the keyboard ----------------------------------------------------------

    def _wire_body(self, body: MessageBody, spans: bool) -> None:
        for segment in body.segments:
            self._wire(segment, spans)
        body.segment_added.connect(lambda segment: self._wire(segment, spans))

    def _wire(self, segment: MessageSegment, spans: bool) -> None:
        segment.viewport().installEventFilter(self)
        if spans:
            # Its keys come by its keyPressEvent: a filter on the segment itself would run
            # Python for each of its many events (a long chat's scrolling took 25% longer).
            segment.span_key = self._key
            segment.span_mime = self.mime_data

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if "_viewport" not in self.__dict__:  # torn down: the garbage collector cleared us
            return False
        kind = event.type()
        if not isinstance(event, QMouseEvent):
            return False
        if watched is self._viewport:
            # A left press beside the messages (no text took it) clears; a right press in a
            # text comes here too (texts ignore it) and must leave the span for its menu's Copy.
            if (
                kind == QEvent.Type.MouseButtonPress
                and event.button() == Qt.MouseButton.LeftButton
                and self.is_active()
            ):
                self.clear()
            return False
        from gui.chat.message.segment import MessageSegment  # loaded: it has a widget

        segment = watched.parent()
        if not isinstance(segment, MessageSegment):
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            return self._press(segment, event)
        if kind == QEvent.Type.MouseMove and self._dragging and segment is self._grabbed:
            return self._move(segment, event)
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            self._stop_scrolling()
            if self._clear_on_release:  # a click in the span, not a drag out of it
                self._clear_on_release = False
                self.clear(keep=segment)
        return False

    def _press(self, segment: MessageSegment, event: QMouseEvent) -> bool:
        self._clear_on_release = False
        point = self._point_in(segment, event.position().toPoint())
        if point is None:  # a thought's text: no span starts there
            self.clear(keep=segment)
            self._anchor, self._pressed, self._dragging = None, None, False
            return False
        where = segment.cursorForPosition(event.position().toPoint()).position()
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if (
            shift
            and self._anchor is not None
            and (self.is_active() or segment is not self._pressed)
        ):
            self.extend_to(point)  # Shift+click extends the span (Qt's own, within a text)
            self._grabbed, self._dragging = segment, True
            return True
        cursor = segment.textCursor()
        dragging_out = self.is_active() and cursor.selectionStart() <= where < cursor.selectionEnd()
        if dragging_out:
            self._clear_on_release = True  # Qt may start dragging the (span's) selection
        else:
            self.clear(keep=segment)
        self._anchor, self._pressed, self._press_at = point, segment, where
        self._grabbed, self._dragging = segment, not dragging_out
        return False

    def _move(self, segment: MessageSegment, event: QMouseEvent) -> bool:
        if not event.buttons() & Qt.MouseButton.LeftButton:
            self._dragging = False
            return False
        self._pointer = event.globalPosition().toPoint()
        inside = segment.viewport().rect().contains(event.position().toPoint())
        if inside and segment is self._pressed:
            if self.is_active():
                self.clear(keep=segment)  # back in the first text: Qt's own selection again
            self._stop_scrolling()
            return False
        self._follow()
        return True

    def _follow(self) -> None:
        """Take the span to the pointer (in the viewport: the edge it is beyond)."""
        viewport = self._area.viewport()
        local = viewport.mapFromGlobal(self._pointer)
        outside = local.y() < 0 or local.y() >= viewport.height()
        if outside and not self._scroll.isActive():
            self._scroll.start()
        elif not outside:
            self._stop_scrolling()
        found = self._point_at(local)
        if found is None or self._anchor is None:
            return
        point, segment = found
        if segment is not None and segment is self._pressed:  # beside the first text
            self.clear(keep=segment)
            cursor = segment.textCursor()
            cursor.setPosition(self._press_at)
            cursor.setPosition(point.offset - _base_of(segment), QTextCursor.MoveMode.KeepAnchor)
            segment.setTextCursor(cursor)
            return
        self.extend_to(point)

    def _point_at(self, local: QPoint) -> tuple[Point, MessageSegment | None] | None:
        """The text position under `local` in the viewport (clamped into it), and its segment
        (None: above, below or between texts)."""
        rows, viewport = self._rows, self._area.viewport()
        if not rows.messages or self._anchor is None:
            return None
        local = QPoint(
            min(max(local.x(), 0), viewport.width() - 1),
            min(max(local.y(), 0), viewport.height() - 1),
        )
        content = self._area.widget().mapFrom(viewport, local)
        row = rows.heights.row_at(content.y() - rows.base())
        message_id = rows.messages[row].id
        widget = rows.widget(message_id)
        if widget is None or widget.isHidden() or not rows.lo <= row < rows.hi:
            anchor_row = rows.row_of(self._anchor.message_id) or 0
            return Point(message_id, 0 if row < anchor_row else END), None
        inside = widget.mapFrom(viewport, local)
        base = 0
        for segment in widget.body.segments if widget.body.isVisible() else []:
            top = segment.mapTo(widget, QPoint(0, 0)).y()
            if inside.y() < top:
                return Point(message_id, base), None
            if inside.y() < top + segment.height():
                position = segment.cursorForPosition(segment.viewport().mapFrom(widget, inside))
                return Point(message_id, base + position.position()), segment
            base += segment.document().characterCount()
        before = inside.y() < widget.height() // 2 and not widget.body.isVisible()
        return Point(message_id, 0 if before else END), None

    def _point_in(self, segment: MessageSegment, position: QPoint) -> Point | None:
        widget = _widget_of(segment)
        if widget is None or segment not in widget.body.segments:
            return None
        offset = _base_of(segment) + segment.cursorForPosition(position).position()
        return Point(widget.message_id, offset)

    def _auto_scroll(self) -> None:
        viewport = self._area.viewport()
        y = viewport.mapFromGlobal(self._pointer).y()
        beyond = y if y < 0 else y - viewport.height() + 1
        if not QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            self._dragging = False  # the release went elsewhere (the widget went, a grab)
        if not self._dragging or (0 <= y < viewport.height()):
            self._stop_scrolling()
            return
        step = min(max(abs(beyond), SCROLL_MIN), SCROLL_MAX)
        bar = self._area.verticalScrollBar()
        bar.setValue(bar.value() + (step if beyond > 0 else -step))  # the window follows
        self._follow()

    def _stop_scrolling(self) -> None:
        self._scroll.stop()

    def _key(self, segment: MessageSegment, event: QKeyEvent) -> bool:
        if not self.is_active() or event.key() in _MODIFIERS or _opens_menu(event):
            return False  # the menu's Copy copies the span
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return True
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()  # the whole span, even where this text has no part of it
            return True
        self.clear(keep=segment)  # the keyboard goes on from this text's own selection
        return False


def _opens_menu(event: QKeyEvent) -> bool:
    """The Menu key, or Shift+F10: the keyboard's ways to the context menu."""
    shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
    return event.key() == Qt.Key.Key_Menu or (event.key() == Qt.Key.Key_F10 and bool(shift))


def _lengths(segments: list[MessageSegment]) -> list[int]:
    return [segment.document().characterCount() - 1 for segment in segments]


def _widget_of(segment: QWidget) -> MessageWidget | None:
    from gui.chat.message.widget import MessageWidget  # loaded: the segment is in one

    parent = segment.parentWidget()
    while parent is not None and not isinstance(parent, MessageWidget):
        parent = parent.parentWidget()
    return parent


def _base_of(segment: MessageSegment) -> int:
    """Where `segment` starts in its message's offsets."""
    widget = _widget_of(segment)
    if widget is None:
        return 0
    base = 0
    for other in widget.body.segments:
        if other is segment:
            return base
        base += other.document().characterCount()
    return 0
