"""A streaming tail that grows on its last line renders only its last block again, and shows
exactly what rendering the whole text would, after every render (gui/markdown/tail.py)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo, QTextDocument
from pytestqt.qtbot import QtBot

from gui.chat.message.body import MessageBody
from gui.markdown.render import render_markdown

# Each is streamed a character at a time, rendered after every character.
TRICKY = {
    "a list continuing": (
        "Intro line with **bold** text.\n\n- first item with `code` in it\n- second item"
        " and *emphasis*\n  - nested item, words and more words\n- third item\n"
        "lazy continuation line of the third item\n\nAfter the list."
    ),
    "a code fence opening and closing": (
        "Before the code, some words.\n```python\ndef f(x):\n    return x  # words\n```\n"
        "After the code, words."
    ),
    "a table starting": (
        "| Name | Value |\n| :--- | ---: |\n| `a` | 1.5 ms |\n| b | words here |\n\n"
        "Text after the table."
    ),
    "setext headings": "Title words here\n===\n\nSubtitle words\n---\n\nBody text here.",
    "emphasis closing across lines": "Some *emphasis that\nspans two lines* and `code\nspans` too.",
    "a loose list and a heading": (
        "## Steps to take #\n\n1. one thing\n\n2. another thing\n\n# Done, with words"
    ),
    "escapes, entities and breaks": (
        "A backslash \\*not em\\* and &amp; entity &copy; and a hard  \nbreak, then a\\\nbreak."
    ),
    "a link and a definition": (
        "[ref]: https://example.com\n\nSee [the ref] and [a link](https://example.com/x) now."
    ),
    "formulas": "Inline $x^2$ and then\n$$ y = 1 $$\n\nText $5 and $6 prices.",
}


def whole_html(text: str, body: MessageBody) -> str:
    document = QTextDocument()
    document.setDefaultFont(body.segments[0].document().defaultFont())
    size = QFontInfo(body.font()).pixelSize()  # formulas drawn at the text's size, as shown
    document.setHtml(render_markdown(text, math_size=size).html)
    return document.toHtml()


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_every_render_shows_the_whole_render(name: str, qtbot: QtBot) -> None:
    text = TRICKY[name]
    body = MessageBody()
    qtbot.addWidget(body)
    body.resize(700, 100)
    body.start_stream()
    for index, char in enumerate(text):
        body.append(char)
        body.render_pending()
        if len(body.segments) == 1 and index % 3 == 0:
            assert body.segments[0].document().toHtml() == whole_html(body.text, body), (
                f"after {body.text!r}"
            )
    body.finish_stream()
    assert body.segments[0].document().toHtml() == whole_html(text, body)
    # The last block alone was rendered again now and then; never after a link definition,
    # which a block parsed alone would not know.
    assert (body.block_renders > 0) == ("]:" not in text)


def test_words_on_the_last_line_of_a_long_list_render_only_its_last_item(qtbot: QtBot) -> None:
    items = "".join(f"- item number {n} with a few words in it\n" for n in range(200))
    body = MessageBody()
    qtbot.addWidget(body)
    body.start_stream(items + "- the last item")
    before = body.rendered_chars
    for word in ["grows", "word", "by", "word", "until", "it", "ends"]:
        body.append(" " + word)
        body.render_pending()
    assert body.block_renders == 7
    assert body.rendered_chars - before < 7 * 100  # the last item each time, not the list
    body.append("\n")
    body.render_pending()  # a new line: the tail is rendered whole again
    assert body.rendered_chars - before > len(items)
    body.finish_stream()
    whole = QTextDocument()
    whole.setHtml(render_markdown(body.text).html)
    assert body.plain_text() == whole.toPlainText()
