"""What copying a selection across messages gives (gui/chat/selection.py makes the span).

Each message's selected characters as selecting them in its own text gives them
(`document_text`: Qt's separators as line breaks, formulas as their LaTeX), one blank line
between messages. A message shown in several segments gives what it would as one document:
a line break where a segment ends. A message without a widget is rendered offscreen, whole,
as its widget would show it; the documents are kept while the span lasts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QFont, QFontInfo, QTextCursor, QTextDocument, QTextDocumentFragment

from gui.chat.live_rows import LiveRows
from gui.chat.message.model import ChatMessage
from gui.chat.span import Ends, pieces
from gui.markdown.theme import Theme

CACHE = 400  # offscreen documents kept for messages without widgets

# A message's part: its text, and its pieces (None: the break between two segments).
Part = tuple[str, list[QTextDocumentFragment | None]]


class SpanCopy:
    """The text of a span's messages, with or without widgets."""

    def __init__(self, rows: LiveRows, theme: Callable[[], Theme], font: Callable[[], QFont]):
        self._rows = rows
        self._theme = theme  # the view's, which messages are rendered with
        self._font = font
        self._documents: dict[tuple[int, str, str], QTextDocument] = {}

    def forget(self) -> None:
        self._documents.clear()

    def parts(self, ends: Ends) -> list[Part]:
        """Each message's part of the span, top to bottom; those it covers nothing of are
        left out."""
        # Loaded by then: a span starts in a message widget's text.
        from gui.chat.message.selection_text import document_text

        found = []
        for row in range(ends.first_row, ends.last_row + 1):
            message = self._rows.messages[row]
            widget = self._rows.widget(message.id)
            if widget is not None:
                documents = [segment.document() for segment in widget.body.segments]
            else:
                documents = [self._offscreen(message)]
            lengths = [document.characterCount() - 1 for document in documents]
            span = ends.range_in(row)
            assert span is not None
            fragments: list[QTextDocumentFragment | None] = []
            for piece in pieces(lengths, *span):
                fragments.append(None if piece is None else _fragment(documents, *piece))
            text = "".join("\n" if f is None else document_text(f) for f in fragments)
            if text:
                found.append((text, fragments))
        return found

    def _offscreen(self, message: ChatMessage) -> QTextDocument:
        key = (message.id, message.role, message.content)
        document = self._documents.get(key)
        if document is None:
            if len(self._documents) >= CACHE:
                del self._documents[next(iter(self._documents))]
            size = QFontInfo(self._font()).pixelSize()
            markdown = message.role != "user"
            theme = self._theme()
            from gui.chat.message.body import message_document  # loaded, as in `parts`

            document = message_document(
                message.content, markdown=markdown, theme=theme, math_size=size
            )
            self._documents[key] = document
        return document


def joined(parts: list[Part]) -> str:
    return "\n\n".join(text for text, _ in parts)


def mime_data(parts: list[Part]) -> QMimeData:
    """The parts as text, and formatted for rich-text targets."""
    html = QTextDocument()
    cursor = QTextCursor(html)
    for index, (_, fragments) in enumerate(parts):
        if index:  # an empty paragraph between messages
            cursor.insertBlock()
            cursor.insertBlock()
        for fragment in fragments:
            if fragment is None:
                cursor.insertBlock()
            else:
                cursor.insertFragment(fragment)
    mime = QMimeData()
    mime.setText(joined(parts))
    mime.setHtml(html.toHtml())
    return mime


def _fragment(
    documents: list[QTextDocument], index: int, start: int, end: int
) -> QTextDocumentFragment:
    document = documents[index]
    last = document.characterCount() - 1
    cursor = QTextCursor(document)
    cursor.setPosition(min(start, last))
    cursor.setPosition(min(end, last), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selection()
