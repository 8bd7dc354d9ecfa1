"""Find in the open conversation (Ctrl+F): every message of it, loaded or not.

Matches are counted in what the store holds of the path on screen (each message's text, case
and accents as typed, letters compared case-insensitively), so "3 of 12" covers messages whose
page is not loaded yet; stepping to one loads the pages above it and scrolls it into view. The
messages that have widgets (the view makes them near the viewport) show every match marked,
the current one brighter; one made later is marked as it comes. Texts keep the "MainWindow"
context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QScrollArea, QTextEdit

from gui.chat.composer import Composer
from gui.chat.find_bar import FindBar
from gui.chat.view import ChatView
from gui.sidebar.sidebar import ConversationSidebar
from gui.store.conversations import ConversationStore
from gui.window.conversation import ShownConversation

if TYPE_CHECKING:  # loaded with the first message widget, after the first frame
    from gui.chat.message.segment import MessageSegment

_ALL = QColor(255, 214, 0, 90)  # every match: a light marker
_CURRENT = QColor(255, 140, 0, 170)  # the one stepped to: brighter


class FindHost(Protocol):
    store: ConversationStore
    shown: ShownConversation
    view: ChatView
    composer: Composer
    sidebar: ConversationSidebar


class WindowFind(QObject):
    """The find bar's matches, the one stepped to, and the highlighting."""

    def __init__(self, host: FindHost, bar: FindBar) -> None:
        super().__init__(bar)
        self._host = host
        self.bar = bar
        self.matches: list[tuple[int, int]] = []  # (message id, nth match in its text)
        self.current: int | None = None
        self._query = ""
        bar.query_changed.connect(self.find)
        bar.step.connect(self.step)
        bar.closed.connect(self._on_closed)
        host.view.message_shown.connect(self._on_shown)
        # Another conversation on screen: its own matches (after the window has opened it).
        host.sidebar.conversation_selected.connect(lambda _id: self.refresh())
        host.sidebar.new_requested.connect(self.refresh)

    def refresh(self) -> None:
        if self.bar.isVisible():
            self.find(self._query)

    def open(self) -> None:
        self.bar.open_bar()

    def find(self, query: str) -> None:
        """Every match of `query` in the conversation, in order; the current one is the newest
        (a chat is read from its end, upwards)."""
        self._query = query
        self.matches = []
        conversation_id = self._host.shown.id
        if query and conversation_id is not None:
            needle = query.casefold()
            for message in self._host.store.messages(conversation_id):
                for nth in range(message.content.casefold().count(needle)):
                    self.matches.append((message.id, nth))
        self.current = len(self.matches) - 1 if self.matches else None
        self.bar.show_count(self.current, len(self.matches))
        for message_id in self._host.view.live_message_ids():
            self._highlight(message_id)
        self._go_to_current()

    def _on_shown(self, message_id: int) -> None:
        if self._query:
            self._highlight(message_id)

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        before = self._target()
        now = self.current if self.current is not None else -1
        self.current = (now + direction) % len(self.matches)
        self.bar.show_count(self.current, len(self.matches))
        shown = self._host.view.live_message_ids()
        if before is not None and before[0] in shown:
            self._highlight(before[0])  # back to a plain mark
        self._go_to_current()

    def _target(self) -> tuple[int, int] | None:
        return self.matches[self.current] if self.current is not None else None

    def _on_closed(self) -> None:
        self._query = ""
        self.matches, self.current = [], None
        for message_id in self._host.view.live_message_ids():
            self._highlight(message_id)
        self._host.composer.focus_input()

    def _go_to_current(self) -> None:
        """Load the pages above until the current match's message is loaded (if need be), then
        bring it into view, marked."""
        target = self._target()
        if target is None:
            return
        view = self._host.view
        while target[0] not in view.message_ids():
            before = view.first_message_id()
            view.load_earlier_requested.emit()
            if view.first_message_id() == before:
                return  # no page left: the message is gone
        view.reveal(target[0])  # made now, if it was not: marked as it was shown
        self._highlight(target[0])

    def _highlight(self, message_id: int) -> None:
        """Mark the matches shown in one message; the current one brighter, scrolled to. (A
        match in the markup, a link's address say, counts but has nothing shown to mark.)"""
        widget = self._host.view.rows.widget(message_id)
        if widget is None:
            return  # no widget: marked when it gets one
        found = [
            (segment, cursor)
            for segment in widget.body.segments
            for cursor in (_matches(segment.document(), self._query) if self._query else [])
        ]
        target = self._target()
        current = None
        if target is not None and target[0] == message_id and found:
            current = min(target[1], len(found) - 1)
        marks: dict[MessageSegment, list[QTextEdit.ExtraSelection]] = {
            segment: [] for segment in widget.body.segments
        }
        for index, (segment, cursor) in enumerate(found):
            marks[segment].append(_mark(cursor, _CURRENT if index == current else _ALL))
            if index == current:
                _reveal(segment, cursor)
        for segment, selections in marks.items():
            segment.setExtraSelections(selections)


def _matches(document: QTextDocument, needle: str) -> list[QTextCursor]:
    found = []
    cursor = document.find(needle, 0)
    while not cursor.isNull():
        found.append(cursor)
        cursor = document.find(needle, cursor.selectionEnd())
    return found


def _mark(cursor: QTextCursor, colour: QColor) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = QTextCharFormat()
    selection.format.setBackground(colour)
    return selection


def _reveal(segment: MessageSegment, cursor: QTextCursor) -> None:
    """Scroll the chat so that the match stands in view, with a line to spare around it."""
    parent = segment.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is None or parent.widget() is None:
        return
    rect = segment.cursorRect(cursor)
    centre = segment.viewport().mapTo(parent.widget(), rect.center())
    parent.ensureVisible(centre.x(), centre.y(), 0, rect.height() * 3)
