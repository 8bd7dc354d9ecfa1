"""A streaming tail that grows on its last line renders only its last block again, and shows
exactly what rendering the whole text would, after every render (gui/markdown/tail.py); an open
code block grows by its new lines (gui/markdown/open_code.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QFontInfo, QTextDocument
from pytestqt.qtbot import QtBot

from gui.chat.message.body import MessageBody
from gui.markdown.render import render_markdown
from tests.gui.markdown.test_line_lexer import SAMPLES

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


# -- an open code block grows line by line (gui/markdown/open_code.py) ------------------------


def stream(body: MessageBody, text: str, step: int, check: Callable[[MessageBody], None]) -> None:
    """Stream `text` into `body` `step` characters at a time, checking after each render."""
    body.start_stream()
    for start in range(0, len(text), step):
        body.append(text[start : start + step])
        body.render_pending()
        check(body)


def shows_whole_render(body: MessageBody) -> None:
    assert body.segments[0].document().toHtml() == whole_html(body.text, body), repr(body.text)
    assert body.code_blocks == render_markdown(body.text).code_blocks


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_an_open_code_block_grows_by_lines_as_a_whole_render_shows_it(
    language: str, qtbot: QtBot
) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    body.resize(700, 100)
    text = f"Some code:\n\n```{language}\n{SAMPLES[language]}```\n\nAfter it."
    step = 1 if language in ("python", "javascript", "") else 7
    stream(body, text, step, shows_whole_render)
    assert body.code_renders > len(SAMPLES[language]) // step // 2  # most renders: new lines
    body.finish_stream()
    shows_whole_render(body)


@pytest.mark.parametrize(
    "code",
    [
        "let a = 1; /* a comment\nover lines */ let b = 'x';\n",  # one expression over lines
        'def f():\n    """A docstring\n    over lines."""\n    return 1\n',
    ],
)
@pytest.mark.parametrize("closed", [True, False])
def test_code_a_line_cannot_colour_alone_shows_its_text_then_ends_exact(
    code: str, closed: bool, qtbot: QtBot
) -> None:
    language = "javascript" if code.startswith("let") else "python"
    text = f"```{language}\n{code}" + ("```\n" if closed else "")
    body = MessageBody()
    qtbot.addWidget(body)

    def same_text(body: MessageBody) -> None:
        whole = QTextDocument()
        whole.setHtml(render_markdown(body.text).html)
        assert body.plain_text() == whole.toPlainText()
        assert body.code_blocks == render_markdown(body.text).code_blocks

    stream(body, text, 1, same_text)
    assert body.code_renders > 0
    body.finish_stream()  # closed or not, the block is then rendered whole: exact colours
    shows_whole_render(body)


@pytest.mark.parametrize(
    "text",
    [
        "```c\nint main(void) { return 0; }\n```\n",  # C's lexer cannot be driven by line
        "  ```python\n  x = 1\n  y = 2\n  ```\n",  # indented: its lines lose the indentation
        "```python\r\nx = 1\r\ny = 2\r\n```\r\n",  # markdown-it rewrites the line endings
        "```python\nx = 1\n``\n```` not a close\n~~~\n  ```  \nafter = 2\n",  # closes at last
    ],
)
def test_other_code_blocks_render_whole_or_stay_exact(text: str, qtbot: QtBot) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    stream(body, text, 1, shows_whole_render)
    assert (body.code_renders > 0) == text.startswith("```python\nx = 1\n``")


def test_a_long_open_code_block_renders_only_its_new_lines(qtbot: QtBot) -> None:
    lines = "".join(f"    total = compute(value, {n})  # a comment\n" for n in range(500))
    body = MessageBody()
    qtbot.addWidget(body)
    body.start_stream("Intro.\n\n```python\ndef f():\n" + lines)
    body.append("    x")
    body.render_pending()  # the lines already there are highlighted once, here
    before = body.rendered_chars
    for word in [" = 1", " + 2\n", "    y", " = 3\n"]:
        body.append(word)
        body.render_pending()
    assert body.code_renders == 5
    assert body.rendered_chars - before < 100  # the last line or two each time
    body.finish_stream()
    shows_whole_render(body)


@pytest.mark.parametrize(
    "text",
    [
        "```python\n\n\nx = 1\n  \n\t\n\n    \n",  # empty and blank lines, first and last
        "Intro\n\n```\n\nplain <b> &amp;\n\n",  # no language: plain text
        "```text\n\nx\n",
        "```python\ny = 2\n\n```\n\n~~~~python\n\nz\n~~~\n\n",  # a second block; ~~~ is code
    ],
)
def test_empty_and_blank_code_lines_show_as_a_whole_render(text: str, qtbot: QtBot) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    stream(body, text, 1, shows_whole_render)
    assert body.code_renders > 0
    body.finish_stream()
    shows_whole_render(body)
