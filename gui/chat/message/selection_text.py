"""What a selection in a message's text copies as plain text.

The characters the author wrote: Qt's separators become line breaks, each formula's image its
LaTeX source, and a code block's header row (its language and its "Copy code" link, which the
view adds) is left out, so selecting an answer copies its code as code.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument, QTextDocumentFragment, QTextTable

from gui.markdown.formulas import delimited, parse_formula_url
from gui.markdown.render import COPY_SCHEME

# What Qt puts between paragraphs, for soft line breaks, and at the start and end of a table or
# other frame. Qt's own HTML import never creates U+00A0, so a no-break space in the document is
# one the author wrote: it is copied as it is.
_TO_PLAIN = str.maketrans({"\u2029": "\n", "\u2028": "\n", "\ufdd0": "\n", "\ufdd1": "\n"})
_TABLE_START = "\ufdd0"
OBJECT = "\ufffc"  # an image in the text: a formula, here


def document_text(fragment: QTextDocumentFragment) -> str:
    """The characters of a selection, as the module docstring says."""
    text = fragment.toRawText()
    if _TABLE_START not in text and OBJECT not in text:
        return text.translate(_TO_PLAIN)  # plain paragraphs: the common case, and cheap
    document = QTextDocument()
    QTextCursor(document).insertFragment(fragment)
    if _TABLE_START in text and document.toRawText() == text:
        # (Compared first: the copy is taken from this document only where its characters are
        # exactly the selection's.)
        _drop_code_headers(document)
        text = document.toRawText()
    text = text.translate(_TO_PLAIN)
    if OBJECT not in text:
        return text
    sources = iter(_formula_sources(document))
    return "".join(next(sources, "") if char == OBJECT else char for char in text)


def _drop_code_headers(document: QTextDocument) -> None:
    """Remove the header row of every code block table in the document (one in a quote too)."""
    headers: list[QTextTable] = []
    frames = list(document.rootFrame().childFrames())
    while frames:
        frame = frames.pop()
        frames.extend(frame.childFrames())
        if isinstance(frame, QTextTable) and frame.rows() >= 2 and _is_code_header(frame):
            headers.append(frame)
    for table in headers:
        table.removeRows(0, 1)


def _is_code_header(table: QTextTable) -> bool:
    """Does the table's first row end in a "Copy code" link (gui/markdown/code_blocks.py)?"""
    cell = table.cellAt(0, table.columns() - 1)
    cursor = cell.firstCursorPosition()
    if cell.lastCursorPosition().position() <= cursor.position():
        return False  # an empty cell
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)  # the format of its first
    return cursor.charFormat().anchorHref().startswith(COPY_SCHEME)


def _formula_sources(document: QTextDocument) -> list[str]:
    """The source of each image in the document, in order (an image that is not a formula
    gives nothing)."""
    sources = []
    for _position, name in image_positions(document):
        formula = parse_formula_url(name)
        sources.append(delimited(formula.latex, display=formula.display) if formula else "")
    return sources


def image_positions(document: QTextDocument, start: int = 0) -> list[tuple[int, str]]:
    """The position and name of every image in `document` from `start` on, in order."""
    found: list[tuple[int, str]] = []
    cursor = document.find(OBJECT, start)  # Qt searches; walking fragments in Python is slow
    while not cursor.isNull():
        position = cursor.selectionStart()
        found.append((position, cursor.charFormat().toImageFormat().name()))
        cursor = document.find(OBJECT, cursor.selectionEnd())
    return found
