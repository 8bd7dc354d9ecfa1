"""One document of a message's text: a read-only QTextBrowser as tall as its content.

It holds a finished part, appended to chunk by chunk and never touched again, then a tail that
is deleted and inserted again on every update. Qt's fragment insertion merges a fragment's
first block into the block at the cursor and keeps that block's format (QTextCopyHelper in
qtextdocumentfragment.cpp), and deleting a block break after an empty block drops that block;
`append_html` and `remove_tail` work around both, so that appending chunk after chunk builds
the same document as importing their concatenated HTML at once (tested against it).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QTextBrowser, QWidget

from gui.chat.message.math_image import ImageKey, formula_images, source_image
from gui.chat.message.selection_text import document_text, image_positions
from gui.markdown.formulas import (
    MATH_SCHEME,
    Formula,
    MathFailure,
    parse_formula_url,
)
from gui.markdown.render import COPY_SCHEME

_OPEN_SCHEMES = ("http", "https", "mailto")
_HR_WIDTH = QTextFormat.Property.BlockTrailingHorizontalRulerWidth
_IMAGE = QTextDocument.ResourceType.ImageResource.value
# Read-only, but all of it works from the keyboard: Tab reaches each link (Enter opens it) and
# Shift+arrows select text, as the mouse does.
_INTERACTION = (
    Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


class MessageSegment(QTextBrowser):
    """A piece of a message's text; the chat view scrolls, so this never does."""

    code_link_clicked = Signal(int)  # N of a clicked copy-code:N link

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBody")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(_INTERACTION)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches the text, not the wheel
        self.setFixedHeight(0)
        document = self.document()
        # Programmatic edits would otherwise pile every removed tail onto the undo stack.
        document.setUndoRedoEnabled(False)
        document.setDocumentMargin(0)
        document.documentLayout().documentSizeChanged.connect(self._on_size_changed)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self._tail_start = -1  # document position where the tail starts; -1: nothing finished
        self._has_content = False  # an empty document is still a line tall: show nothing then
        self._batching = False  # inside an update: the height is set once, at its end
        self.finished_tables = 0  # tables (code blocks, quotes too) in the finished part
        self._drawn: dict[Formula, ImageKey] = {}  # formulas drawn since the last swap
        # No formula before this position is still being drawn: a swap looks from here on,
        # not through the whole document again (a long answer has hundreds of formulas).
        self._resolved_to = 0
        # What a selection across messages copies, while this text is part of one (None: not);
        # set by the chat view's gui/chat/selection.py.
        self.span_mime: Callable[[], QMimeData | None] | None = None
        # Its keys, first (Ctrl+C, Esc: the span's); True when they were taken.
        self.span_key: Callable[[MessageSegment, QKeyEvent], bool] | None = None

    @property
    def is_empty(self) -> bool:
        return not self._has_content

    @property
    def has_finished_part(self) -> bool:
        return self._tail_start >= 0

    def set_html(self, html: str) -> None:
        """Replace everything with `html` (no finished part)."""
        self._tail_start = -1
        self.finished_tables = 0
        self._edit(lambda: self._set(html), html)

    def commit(self, html: str) -> None:
        """Append a finished chunk after the earlier ones, replacing the tail; rendered once."""
        if not html:
            return

        def change() -> None:
            if self._tail_start < 0:
                self._set(html)  # the first chunk is the whole document so far
            else:
                self._remove_tail()
                self._append_html(html)
            self._tail_start = self.document().characterCount() - 1

        self.finished_tables += html.count("<table")
        self._edit(change, html)

    def replace_tail(self, html: str) -> None:
        """Show `html` after the finished part, instead of the previous tail."""
        if self._tail_start < 0:
            self._edit(lambda: self._set(html), html)
            return

        def change() -> None:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()  # one layout pass for the removal and the insertion
            self._remove_tail()
            self._append_html(html)
            cursor.endEditBlock()

        self._edit(change, html)

    def replace_last_block(self, html: str) -> None:
        """Give the last block the text of `html` (one block), keeping the block's own format:
        the tail grew on its last line only (gui/markdown/tail.py), so only that block
        changes, and only it is laid out and painted again."""
        self._replace_text(html, lambda document: document.lastBlock())

    def replace_code_line(self, html: str) -> None:
        """Give the last line of the code block the document ends in the lines of `html` (a
        `<pre>`): an open code block grew (gui/markdown/open_code.py); its other lines stay."""
        self._replace_text(html, lambda document: document.lastBlock().previous())

    def _replace_text(self, html: str, block_of: Callable[[QTextDocument], QTextBlock]) -> None:
        part = QTextDocument()
        part.setDefaultFont(self.document().defaultFont())
        part.setHtml(html)
        cursor = QTextCursor(part)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        text = cursor.selection()  # characters and their formats, no block of its own

        def change() -> None:
            document = self.document()
            block = block_of(document)
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.beginEditBlock()  # one layout pass for the insertion and the formats
            cursor.insertFragment(text)
            _format_empty_lines(document, block.position())
            cursor.endEditBlock()

        self._edit(change, html)

    def drop_tail(self) -> None:
        """Keep only the finished part (the rest continues in the next segment)."""
        if self._tail_start >= 0:
            self._edit(self._remove_tail, "")

    # -- document mechanics ------------------------------------------------------------------

    def _edit(self, change: Callable[[], None], html: str) -> None:
        # Every edit replaces what follows the finished part (all of it, without one).
        self._resolved_to = min(self._resolved_to, max(self._tail_start, 0))
        self._batching = True
        try:
            change()
        finally:
            self._batching = False
        self._has_content = self._tail_start >= 0 or bool(html)
        self._update_height()

    def _set(self, html: str) -> None:
        self.document().setHtml(html)

    def _remove_tail(self) -> None:
        """Delete everything after the finished part; its last block keeps its own format.

        Deleting a block break merges the next block into a non-empty block, but an empty block
        (the one after a table, a rule) is itself dropped and the tail's last block survives in
        its place: then the finished block's formats are put back on the survivor.
        """
        document = self.document()
        end = document.characterCount() - 1
        if self._tail_start >= end:
            return
        kept = document.findBlock(self._tail_start)
        kept_is_empty = kept.length() == 1
        block_format, char_format = kept.blockFormat(), kept.charFormat()
        cursor = QTextCursor(document)
        cursor.setPosition(self._tail_start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if not kept_is_empty:
            return
        survivor = document.lastBlock()
        if survivor.blockFormat().objectIndex() != -1:  # it was a list item of the tail
            survivor.textList().remove(survivor)
        cursor = QTextCursor(survivor)
        cursor.setBlockFormat(block_format)  # (an empty finished block is never a list item)
        cursor.setBlockCharFormat(char_format)

    def _append_html(self, html: str) -> None:
        """Append `html` after the last block as if both had been imported at once.

        Qt copies a fragment's first block into the block at the cursor, keeping that block's
        format. So the fragment gets an extra first block (a block break at its very start),
        which merges into our last block harmlessly while the real first block follows with its
        own format. Exception: a fragment that starts with a table begins with an empty block
        of Qt's that importing the whole HTML would not have made; it is left to merge.
        """
        if not html:
            return
        part = QTextDocument()
        part.setDefaultFont(self.document().defaultFont())
        part.setHtml(html)
        first = part.begin()
        if not _is_import_artifact(first):
            QTextCursor(part).insertBlock(first.blockFormat(), first.charFormat())
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertFragment(QTextDocumentFragment(part))

    # -- size, scrolling ---------------------------------------------------------------------

    def _on_size_changed(self) -> None:
        if not self._batching:
            self._update_height()

    def _update_height(self) -> None:
        height = math.ceil(self.document().size().height()) if self._has_content else 0
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Never scrolls (it is as tall as its text) nor zooms: the chat view scrolls.
        event.ignore()

    # -- keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.span_key is not None and self.span_key(self, event):
            return
        super().keyPressEvent(event)
        self._reveal_cursor()

    def focusNextPrevChild(self, next: bool) -> bool:
        moved = super().focusNextPrevChild(next)  # Tab moves from link to link, then out
        if self.hasFocus():
            self._reveal_cursor()
        return moved

    def _reveal_cursor(self) -> None:
        """Scroll the chat view to the cursor (a link reached by Tab, a keyboard selection).

        This widget never scrolls itself, so QTextEdit's own ensureCursorVisible does nothing;
        only key presses call this: a streaming update must never move the view.
        """
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is None or parent.widget() is None:
            return
        rect = self.cursorRect()
        centre = self.viewport().mapTo(parent.widget(), rect.center())
        margin = rect.height()
        parent.ensureVisible(centre.x(), centre.y(), 0, margin)

    def loadResource(self, kind: int, name: QUrl) -> object:
        """A formula's image, or its source while it is drawn (gui/chat/message/math_image.py);
        Qt's own loading otherwise."""
        url = name.toString()
        if kind == _IMAGE and url.startswith(MATH_SCHEME):
            metrics = QFontMetricsF(self.font())
            key = (url, metrics.ascent(), metrics.descent(), self.devicePixelRatioF())
            image = formula_images().image(key, self._formula_drawn)
            if isinstance(image, QImage):
                return image
            return source_image(*key)  # drawing, or it cannot be drawn
        return super().loadResource(kind, name)

    def _formula_drawn(self, key: ImageKey) -> None:
        if not self._drawn:
            QTimer.singleShot(0, self, self._swap_drawn)  # once for all that arrive together
        formula = parse_formula_url(key[0])
        if formula is not None:
            self._drawn[formula] = key

    def _swap_drawn(self) -> None:
        """Put drawn formulas in place of their sources, and lay out the lines holding them;
        a formula that cannot be drawn keeps its source, with the reason as its tooltip."""
        drawn, self._drawn = self._drawn, {}
        images = formula_images()
        document = self.document()
        pending = None  # the first formula still drawing
        for position, name in image_positions(document, self._resolved_to):
            formula = parse_formula_url(name)  # (URLs differ in their escapes)
            key = drawn.get(formula) if formula is not None else None
            if key is None:
                if pending is None and formula is not None and images.is_drawing(formula):
                    pending = position
                continue
            image = images.image(key, self._formula_drawn)
            if image is None and pending is None:  # drawing again (its cache let it go)
                pending = position
            if isinstance(image, QImage):
                document.addResource(_IMAGE, QUrl(name), image)  # as Qt's image handler asks
            elif isinstance(image, MathFailure):
                cursor = QTextCursor(document)
                cursor.setPosition(position)
                cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
                tooltip = QTextCharFormat()
                tooltip.setToolTip(image.reason)
                cursor.mergeCharFormat(tooltip)
            document.markContentsDirty(position, 1)
        self._resolved_to = pending if pending is not None else document.characterCount()
        self._update_height()

    # -- copying and links -------------------------------------------------------------------

    def createMimeDataFromSelection(self) -> QMimeData:
        """A selection copies the characters the author wrote (Qt's separators become \\n);
        one across messages copies all of it, whichever of its texts copies."""
        spanned = self.span_mime() if self.span_mime is not None else None
        if spanned is not None:
            return spanned
        # A plain QMimeData: Qt's own fills text/plain lazily with toPlainText(), which turns
        # no-break spaces into spaces. Rich-text targets still get the formatted selection.
        selection = self.textCursor().selection()
        mime = QMimeData()
        mime.setText(document_text(selection))
        mime.setHtml(selection.toHtml())
        return mime

    def _on_anchor_clicked(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith(COPY_SCHEME):
            number = target[len(COPY_SCHEME) :]
            if number.isdigit():
                self.code_link_clicked.emit(int(number))
        elif url.scheme().lower() in _OPEN_SCHEMES:
            QDesktopServices.openUrl(url)


def _is_import_artifact(block: QTextBlock) -> bool:
    """Is this the empty block Qt's importer puts before a leading table?

    (Not `block.textList()`: PySide6 6.12 drops a reference to None whenever a Qt call returns
    None, which eventually crashes Python 3.11; the format's object index tells the same.)
    """
    fmt = block.blockFormat()
    return (
        block.text() == ""
        and block.next().isValid()
        and fmt.objectIndex() == -1  # not a list item
        and fmt.headingLevel() == 0
        and not fmt.hasProperty(_HR_WIDTH)
    )


def _format_empty_lines(document: QTextDocument, start: int) -> None:
    """Give each empty line from `start` on the format of the character before it, as Qt's HTML
    import does and an inserted fragment does not (a cell's first line follows the cell's
    boundary, whose format is the cell's: not that one)."""
    block, end = document.findBlock(start), document.lastBlock()
    cursor = QTextCursor(document)
    while block.isValid() and block != end:
        previous = block.previous()
        if block.length() == 1 and document.characterAt(block.position() - 1) == "\u2029":
            cursor.setPosition(block.position() - 1)  # after the previous line's last character
            wanted = cursor.charFormat() if previous.length() > 1 else previous.charFormat()
            if block.charFormat() != wanted:
                QTextCursor(block).setBlockCharFormat(wanted)
        block = block.next()
