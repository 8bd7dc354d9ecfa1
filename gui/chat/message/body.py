"""The text of one message, rendered incrementally while it streams.

While an answer streams, `markdown.StreamingSplitter` cuts it into finished top-level blocks and
a tail. Each finished chunk is rendered once and appended to the document; only the tail is
deleted and rendered again on each (throttled) update, so an update costs O(tail), not
O(message); less when only the tail's last block grew (gui/markdown/tail.py) or an open code
block got new lines (gui/markdown/open_code.py: each line highlighted once, only the last one
replaced). The raw markdown stays the source of truth for every copy.

A long answer is shown in several documents (`MessageSegment`s, stacked without a gap): Qt's
layout walks every table of a document on each edit, so one growing document would make each
update slower than the last. A segment takes finished chunks until it holds SEGMENT_TABLES
tables (code blocks and quotes are tables too) or SEGMENT_CHARS characters; then the next one
starts, with a chunk that does not begin with a table (Qt would put an empty line above it).
Together the segments read as that one document: a selection across them (gui/chat/selection.py)
copies what selecting in the whole would, a line break where one segment ends.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFontInfo, QGuiApplication, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from gui.chat.message.segment import MessageSegment
from gui.markdown.open_code import CodeTail, follow_code
from gui.markdown.render import (
    LIGHT,
    CodeLabels,
    Rendered,
    StreamingSplitter,
    Theme,
    render_markdown,
    render_open_block,
    render_plain,
)
from gui.markdown.tail import OpenBlock, grown

SEGMENT_TABLES = 40
SEGMENT_CHARS = 20_000

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


def code_labels() -> CodeLabels:
    """A code block's header, in the interface language."""
    return CodeLabels(
        copy=translate("MessageBody", "Copy code"),
        plain=translate(
            "MessageBody", "text", "the language label of a code block that names none"
        ),
    )


def message_document(text: str, *, markdown: bool, theme: Theme, math_size: int) -> QTextDocument:
    """The document a message's text shows as, rendered whole without a widget: what copying
    a selection reads from a message that has none. Its characters are the widget's (code is
    not highlighted: colours are all that would differ, and Pygments is the bulk of the cost)."""
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    if markdown:
        document.setHtml(
            render_markdown(
                text, theme, highlight=False, labels=code_labels(), math_size=math_size
            ).html
        )
    elif text:
        document.setHtml(render_plain(text, theme))
    return document


class MessageBody(QWidget):
    """Shows one message's text, as tall as it is: the chat view does the scrolling."""

    code_copied = Signal(int)  # index of the code block whose "Copy code" link was clicked
    segment_added = Signal(object)  # a MessageSegment below the others (a long answer streams)
    shown_anew = Signal()  # everything was rendered again: any selection in it is gone

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self.segments: list[MessageSegment] = []
        self._theme = theme
        self._markdown = True
        self._text = ""  # the raw text when not streaming
        self._codes: list[str] = []  # code blocks of the finished part (all of them when done)
        self._tail_codes: list[str] = []
        self._splitter: StreamingSplitter | None = None
        self._segment_chars = 0  # finished characters in the last segment
        self._received = 0  # characters streamed so far
        self._unfed: list[str] = []  # streamed text not yet given to the splitter
        self._dirty = False
        # The tail the last segment shows and its last block, when more text on its last line
        # changes that block alone (gui/markdown/tail.py); None: the next is rendered whole.
        self._open_tail: tuple[str, OpenBlock] | None = None
        # The code block the tail ends in, still open: it grows by lines (open_code.py).
        self._open_code: CodeTail | None = None
        # Cost counters, for tests and benchmarks: characters handed to the renderer, renders.
        self.rendered_chars = 0
        self.render_count = 0
        self.block_renders = 0  # of those, renders of the tail's last block alone
        self.code_renders = 0  # ...and of new lines of an open code block alone
        self._reset_segments()

    # -- content -------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The raw text, exactly as written (while streaming: everything received so far)."""
        if self._splitter is None:
            return self._text
        return self._splitter.text + "".join(self._unfed)

    @property
    def code_blocks(self) -> list[str]:
        """The exact code of each code block shown, in order (what "Copy code" copies)."""
        return self._codes + self._tail_codes

    @property
    def is_streaming(self) -> bool:
        return self._splitter is not None

    @property
    def has_text(self) -> bool:
        """Is there any text (cheap, unlike `text` while streaming)?"""
        return self._received > 0 if self._splitter is not None else bool(self._text)

    def plain_text(self) -> str:
        """The text as displayed (Qt's plain text of each segment, a line break between)."""
        return "\n".join(segment.document().toPlainText() for segment in self.segments)

    def show_plain(self, text: str) -> None:
        """Show `text` as typed (a user's message): no markdown."""
        self._markdown = False
        self._splitter = None
        self._text = text
        self._render_whole()

    def show_markdown(self, text: str) -> None:
        """Show a finished answer: rendered once, whole."""
        self._markdown = True
        self._splitter = None
        self._text = text
        self._render_whole()

    def start_stream(self, text: str = "") -> None:
        """Begin showing an answer that is still arriving, starting with `text`."""
        self._markdown = True
        self._text = ""
        self._splitter = StreamingSplitter()
        self._received = 0
        self._unfed = []
        self._codes, self._tail_codes = [], []
        self._reset_segments()
        if text:
            self.append(text)
            self.render_pending()

    def append(self, delta: str) -> None:
        """Take the next piece of a streaming answer; cheap: it is only kept. Finding where the
        finished markdown ends (a parse per completed line) waits for render_pending, which the
        view calls at most ~30 times a second."""
        if self._splitter is None or not delta:
            return
        self._unfed.append(delta)
        self._received += len(delta)
        self._dirty = True

    def _feed_splitter(self) -> StreamingSplitter | None:
        splitter = self._splitter
        if splitter is not None and self._unfed:
            splitter.feed("".join(self._unfed))
            self._unfed = []
        return splitter

    def render_pending(self) -> None:
        """Render what arrived since the last call: new finished chunks once, then the tail."""
        splitter = self._feed_splitter()
        if splitter is None or not self._dirty:
            return
        self._dirty = False
        finished = splitter.take_finished_chunks()
        if finished:
            self._commit(finished)
        self._render_tail(splitter.tail)

    def finish_stream(self) -> None:
        """The answer ended (however it ended): render the rest and keep the text as final."""
        splitter = self._splitter
        if splitter is None:
            return
        self._dirty = True
        self._open_code = None  # an open code block is rendered whole: its exact colours
        self.render_pending()
        self._text = splitter.text
        self._splitter = None
        self._codes = self._codes + self._tail_codes
        self._tail_codes = []

    def set_theme(self, theme: Theme) -> None:
        """Render everything again with `theme` (light or dark colours)."""
        if theme == self._theme:
            return
        self._theme = theme
        splitter = self._feed_splitter()
        if splitter is None:
            self._render_whole()
            return
        # Streaming: the finished part is rendered again as one chunk, then the tail.
        splitter.take_finished()
        finished = splitter.text[: splitter.stable_length]
        self._codes, self._tail_codes = [], []
        self._reset_segments()
        if finished:
            self._commit([finished])
        self._render_tail(splitter.tail)
        self._dirty = False

    def copy_code(self, index: int) -> bool:
        """Put code block `index` on the clipboard, exactly; False if there is no such block."""
        codes = self.code_blocks
        if not 0 <= index < len(codes):
            return False
        QGuiApplication.clipboard().setText(codes[index])
        self.code_copied.emit(index)
        return True

    def setAccessibleName(self, name: str) -> None:
        """Name the text for assistive technology: each segment (what takes the focus) too."""
        super().setAccessibleName(name)
        for segment in self.segments:
            segment.setAccessibleName(name)

    def setAccessibleDescription(self, description: str) -> None:
        super().setAccessibleDescription(description)
        for segment in self.segments:
            segment.setAccessibleDescription(description)

    # -- rendering -----------------------------------------------------------------------------

    def _render(self, text: str, first_code_index: int = 0) -> Rendered:
        """Markdown to HTML, with the code block headers in the interface language."""
        return render_markdown(
            text,
            self._theme,
            first_code_index=first_code_index,
            labels=code_labels(),
            math_size=QFontInfo(self.font()).pixelSize(),  # formulas at the text's size
        )

    def _render_whole(self) -> None:
        self._tail_codes = []
        self.rendered_chars += len(self._text)
        self.render_count += 1
        if self._markdown:
            rendered = self._render(self._text)
            self._codes = rendered.code_blocks
            html = rendered.html
        else:
            self._codes = []
            html = render_plain(self._text, self._theme) if self._text else ""
        self._reset_segments()
        if html:
            self.segments[0].set_html(html)
        self.shown_anew.emit()

    def _commit(self, chunks: list[str]) -> None:
        """Render finished chunks once; they go after the earlier ones, for good.

        A full segment ends before the first chunk that does not begin with a table: a
        document cannot begin with one (Qt puts an empty line above it, which the answer
        rendered whole has not). Only a segment grown far too long, an answer of nothing but
        code blocks say, starts the next one at a table anyway: the line is the lesser harm.
        """
        self._open_tail = self._open_code = None  # the tail shown is replaced
        if not self._segment_is_full():
            self._append_chunk("".join(chunks))
            return
        for index, chunk in enumerate(chunks):
            rendered = self._render(chunk, len(self._codes))
            if rendered.html and (not rendered.html.startswith("<table") or self._overfull()):
                self.segments[-1].drop_tail()
                self._add_segment()
                self._segment_chars = 0
                self._append_rendered(chunk, rendered)
                self._append_chunk("".join(chunks[index + 1 :]))
                return
            self._append_rendered(chunk, rendered)

    def _segment_is_full(self) -> bool:
        segment = self.segments[-1]
        return segment.has_finished_part and (
            segment.finished_tables >= SEGMENT_TABLES or self._segment_chars >= SEGMENT_CHARS
        )

    def _overfull(self) -> bool:
        segment = self.segments[-1]
        return (
            segment.finished_tables >= 2 * SEGMENT_TABLES
            or self._segment_chars >= 2 * SEGMENT_CHARS
        )

    def _append_chunk(self, text: str) -> None:
        if text:
            self._append_rendered(text, self._render(text, len(self._codes)))

    def _append_rendered(self, text: str, rendered: Rendered) -> None:
        """Add a rendered finished chunk to the last segment."""
        self.rendered_chars += len(text)
        self._codes.extend(rendered.code_blocks)
        if not rendered.html:
            return  # link definitions only, say: nothing to show
        self.segments[-1].commit(rendered.html)
        self._segment_chars += len(text)

    def _render_tail(self, tail: str) -> None:
        if self._open_tail is not None and self._render_last_block(tail, *self._open_tail):
            return
        if self._open_code is not None and self._render_code_lines(tail, self._open_code):
            return
        rendered = self._render(tail, len(self._codes))
        self.rendered_chars += len(tail)
        self.render_count += 1
        self._tail_codes = rendered.code_blocks
        self.segments[-1].replace_tail(rendered.html)
        block = rendered.open_block
        self._open_tail = (tail, block) if block is not None else None
        self._open_code = follow_code(tail, rendered.open_fence, self._theme)

    def _render_last_block(self, tail: str, shown: str, block: OpenBlock) -> bool:
        """Show `tail` by rendering only the last block again, if that is all it changes."""
        if not tail.startswith(shown):
            return False
        longer = grown(block, tail[len(shown) :])
        if longer is None:
            return False
        size = QFontInfo(self.font()).pixelSize()
        html = render_open_block(longer, self._theme, math_size=size)
        self.segments[-1].replace_last_block(html)
        self._open_tail = (tail, longer)
        self.rendered_chars += len(longer.content)
        self.render_count += 1
        self.block_renders += 1
        return True

    def _render_code_lines(self, tail: str, code: CodeTail) -> bool:
        """Show `tail` by adding its new code lines to the open code block, if that is all it
        changes: the lines shown stay, only the last one is replaced (with those after it)."""
        html = code.grow(tail)
        if html is None:
            self._open_code = None
            return False
        self.segments[-1].replace_code_line(html)
        self._tail_codes[-1] = code.code(tail)
        self.rendered_chars += code.rendered
        self.render_count += 1
        self.code_renders += 1
        return True

    def _reset_segments(self) -> None:
        """Back to one empty segment."""
        self._open_tail = self._open_code = None
        for segment in self.segments[1:]:
            self._column.removeWidget(segment)
            segment.deleteLater()
        del self.segments[1:]
        if not self.segments:
            self._add_segment()
        elif not self.segments[0].is_empty:
            self.segments[0].set_html("")
        self._segment_chars = 0

    def _add_segment(self) -> MessageSegment:
        segment = MessageSegment()
        segment.setAccessibleName(self.accessibleName())
        segment.setAccessibleDescription(self.accessibleDescription())
        segment.code_link_clicked.connect(self.copy_code)
        self._column.addWidget(segment)
        if self.segments:
            # A new widget joins the end of the window's tab order: Tab must reach it right
            # after the segment above it (and leave it for whatever followed that one).
            QWidget.setTabOrder(self.segments[-1], segment)
        self.segments.append(segment)
        self.segment_added.emit(segment)
        return segment
