"""Markdown rendering for the chat view, checked through a real QTextDocument.

The modules under test are Qt-free; Qt only reads their HTML here, as the chat view will.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QTextCursor, QTextDocument, QTextFormat, QTextTable
from PySide6.QtWidgets import QApplication

from gui.markdown.render import (
    DARK,
    LIGHT,
    CodeLabels,
    Rendered,
    Theme,
    code_blocks_of,
    render_markdown,
    render_plain,
)

# The autouse fixtures (environment isolation, leftover-task check) are safe to share between
# the examples of one Hypothesis test.
PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HR_WIDTH = QTextFormat.Property.BlockTrailingHorizontalRulerWidth


@pytest.fixture(autouse=True)
def _qt(qapp: QApplication) -> None:
    """QTextDocument lays out text with fonts, which needs the application object."""


def document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc


def fragments(doc: QTextDocument) -> list[tuple[str, object]]:
    """(text, QTextCharFormat) of every fragment, table cells included, in document order."""
    found = []
    block = doc.begin()
    while block.isValid():
        for item in block:
            fragment = item.fragment()
            found.append((fragment.text(), fragment.charFormat()))
        block = block.next()
    return found


def anchors(doc: QTextDocument) -> list[tuple[str, str]]:
    """(href, text) of every link in the document."""
    return [(fmt.anchorHref(), text) for text, fmt in fragments(doc) if fmt.isAnchor()]


def format_of(doc: QTextDocument, text: str) -> object:
    """The character format of the first fragment whose text contains `text`."""
    for fragment_text, fmt in fragments(doc):
        if text in fragment_text:
            return fmt
    raise AssertionError(f"{text!r} not in the document: {doc.toPlainText()!r}")


def tables(doc: QTextDocument) -> list[QTextTable]:
    return [frame for frame in doc.rootFrame().childFrames() if isinstance(frame, QTextTable)]


def cell_text(table: QTextTable, row: int, column: int) -> str:
    """A table cell's text with Qt's separators turned back into line breaks and spaces."""
    cell = table.cellAt(row, column)
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return qt_to_plain(cursor.selectedText())


def qt_to_plain(text: str) -> str:
    """Qt's documented mappings: paragraph/line separators are line breaks, nbsp is a space."""
    return text.replace("\u2029", "\n").replace("\u2028", "\n").replace("\u00a0", " ")


def pre_bodies(html: str) -> list[str]:
    return re.findall(r"<pre[^>]*>(.*?)</pre>", html, flags=re.DOTALL)


# --- every construct --------------------------------------------------------------------------


def test_headings_are_headings_with_their_text() -> None:
    doc = document(render_markdown("# One\n\n## Two\n\nThree\n=====\n\n###### Six").html)
    levels = {}
    block = doc.begin()
    while block.isValid():
        levels[block.text()] = block.blockFormat().headingLevel()
        block = block.next()
    assert levels == {"One": 1, "Two": 2, "Three": 1, "Six": 6}


def test_emphasis_strong_and_strikethrough() -> None:
    doc = document(render_markdown("*it* **bold** ~~gone~~ plain").html)
    assert doc.toPlainText() == "it bold gone plain"
    assert format_of(doc, "it").fontItalic()
    assert format_of(doc, "bold").fontWeight() >= QFont.Weight.Bold
    assert format_of(doc, "gone").fontStrikeOut()
    assert not format_of(doc, "plain").fontStrikeOut()


def test_nested_lists_keep_their_levels() -> None:
    doc = document(render_markdown("- a\n- b\n  - c\n    1. d\n- e\n").html)
    levels = {}
    block = doc.begin()
    while block.isValid():
        levels[block.text()] = block.textList().format().indent()
        block = block.next()
    assert levels == {"a": 1, "b": 1, "c": 2, "d": 3, "e": 1}


def test_ordered_list_keeps_its_start_number() -> None:
    doc = document(render_markdown("7. seven\n8. eight\n").html)
    first = doc.begin()
    assert first.textList().format().start() == 7
    assert first.textList().itemText(first) == "7."
    assert first.next().textList().itemText(first.next()) == "8."


def test_loose_list_items_are_list_items_with_paragraphs() -> None:
    doc = document(render_markdown("1. one\n\n   more\n\n2. two\n").html)
    assert doc.toPlainText() == "one\nmore\ntwo"
    assert doc.begin().textList().itemText(doc.begin()) == "1."


def test_table_has_cells_borders_and_alignment() -> None:
    html = render_markdown("| Name | Size |\n|:--|--:|\n| a | 1 |\n| b | 22 |\n").html
    doc = document(html)  # the document owns the table: keep it alive
    (table,) = tables(doc)
    assert (table.rows(), table.columns()) == (3, 2)
    assert table.format().border() >= 1
    assert table.format().cellPadding() > 0
    assert [cell_text(table, row, 1) for row in range(3)] == ["Size", "1", "22"]
    assert 'align="right"' in html


def test_links_are_links_only_for_web_and_mail() -> None:
    text = (
        "[web](https://example.com/a?b=c&d=e) [mail](mailto:me@example.com) <https://x.org>"
        " [script](javascript:alert(1)) [ftp](ftp://host/file) [copy](copy-code:0)"
        " [relative](page.html) <javascript:alert(2)>"
    )
    doc = document(render_markdown(text).html)
    assert anchors(doc) == [
        ("https://example.com/a?b=c&d=e", "web"),
        ("mailto:me@example.com", "mail"),
        ("https://x.org", "https://x.org"),
    ]
    plain = doc.toPlainText()
    # The texts of refused links stay visible; nothing turns them into something clickable.
    for word in ("script", "ftp", "copy", "relative", "javascript:alert(2)"):
        assert word in plain


def test_images_become_their_alt_text_as_a_link() -> None:
    doc = document(
        render_markdown("![a *cat*](https://img.example/cat.png) ![](https://i/x.png)").html
    )
    assert anchors(doc) == [
        ("https://img.example/cat.png", "a "),
        ("https://img.example/cat.png", "cat"),
        ("https://i/x.png", "https://i/x.png"),
    ]
    assert doc.toPlainText() == "a cat https://i/x.png"
    assert "<img" not in render_markdown("![x](https://i/x.png)").html


def test_inline_code_is_monospace_on_a_background_and_keeps_spaces() -> None:
    doc = document(render_markdown("run `a  <b>  c` now").html)
    assert doc.toPlainText() == "run a  <b>  c now"
    fmt = format_of(doc, "<b>")
    assert "monospace" in fmt.fontFamilies()
    assert fmt.background().color().name() == LIGHT.inline_code_background


def test_raw_html_is_shown_as_text() -> None:
    text = '<b>bold?</b> <script>alert(1)</script>\n\n<div style="color:red">block</div>\n'
    rendered = render_markdown(text)
    doc = document(rendered.html)
    assert (
        doc.toPlainText()
        == '<b>bold?</b> <script>alert(1)</script>\n<div style="color:red">block</div>'
    )
    assert format_of(doc, "bold?").fontWeight() < QFont.Weight.Bold
    assert "<script" not in rendered.html and "<div" not in rendered.html


def test_blockquote_shows_its_content_in_muted_colour_beside_a_bar() -> None:
    html = render_markdown("> quoted **text**\n> - item\n\nafter").html
    doc = document(html)
    assert "quoted text" in doc.toPlainText()
    assert format_of(doc, "quoted").foreground().color().name() == LIGHT.muted_text
    assert format_of(doc, "after").foreground().color().name() == LIGHT.text
    assert f'bgcolor="{LIGHT.quote_bar}"' in html


def test_horizontal_rule() -> None:
    doc = document(render_markdown("above\n\n---\n\nbelow").html)
    rules = []
    block = doc.begin()
    while block.isValid():
        rules.append(block.blockFormat().hasProperty(HR_WIDTH))
        block = block.next()
    assert any(rules)
    assert "above" in doc.toPlainText() and "below" in doc.toPlainText()


# --- code blocks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "label", "code"),
    [
        (
            "```python\ndef f(x):\n    return x  # hi\n```\n",
            "python",
            "def f(x):\n    return x  # hi",
        ),
        ("```js\nconst a = 'b';\n```\n", "js", "const a = 'b';"),
        ("~~~javascript\nlet x = 1;\n~~~\n", "javascript", "let x = 1;"),
        ("```nosuchlanguage\nsome code\n```\n", "nosuchlanguage", "some code"),
        ("```\nno language\n```\n", "text", "no language"),
        ("    indented\n      code\n", "text", "indented\n  code"),
    ],
)
def test_code_block_has_header_copy_link_and_exact_code(source: str, label: str, code: str) -> None:
    rendered = render_markdown(source)
    assert rendered.code_blocks == [code]
    doc = document(rendered.html)  # the document owns the table: keep it alive
    (table,) = tables(doc)
    assert cell_text(table, 0, 0) == label
    assert cell_text(table, 0, 1) == "Copy code"
    assert cell_text(table, 1, 0) == code
    assert anchors(doc) == [("copy-code:0", "Copy code")]


def test_code_block_header_words_come_from_the_caller() -> None:
    """The Qt side passes them translated; the link and the code stay exactly the same."""
    labels = CodeLabels(copy="Копировать код", plain="текст")
    rendered = render_markdown("```\nx < 1\n```\n\n```py\ny\n```", labels=labels)
    doc = document(rendered.html)
    first, second = tables(doc)
    assert cell_text(first, 0, 0) == "текст" and cell_text(second, 0, 0) == "py"
    assert anchors(doc) == [("copy-code:0", "Копировать код"), ("copy-code:1", "Копировать код")]
    assert cell_text(first, 1, 0) == "x < 1"
    assert "Copy code" not in rendered.html
    # Markup in a translation is text, never HTML.
    odd = render_markdown("```\nz\n```", labels=CodeLabels(copy="<b>Copy</b>", plain="a&b"))
    assert anchors(document(odd.html)) == [("copy-code:0", "<b>Copy</b>")]


def test_known_languages_are_highlighted_and_unknown_ones_are_not() -> None:
    python = pre_bodies(render_markdown("```python\nimport os\nx = 'a'  # c\n```").html)[0]
    javascript = pre_bodies(render_markdown("```js\nfunction f() { return 1; }\n```").html)[0]
    unknown = pre_bodies(render_markdown("```nosuchlanguage\nimport os\n```").html)[0]
    plain = pre_bodies(render_markdown("```\nimport os\n```").html)[0]
    assert len(set(re.findall(r"color:(#[0-9a-fA-F]{6})", python))) >= 3
    assert len(set(re.findall(r"color:(#[0-9a-fA-F]{6})", javascript))) >= 2
    assert "<span" not in unknown and "<span" not in plain


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_a_lexer_with_token_types_of_its_own_is_highlighted(theme: Theme) -> None:
    """YAML's lexer makes Token.Literal.Scalar.Plain, which no style names: it takes its
    parent's colour instead of failing the whole render (it raised KeyError)."""
    rendered = render_markdown("```yaml\nservices:\n  web: 3\n```", theme)
    assert rendered.code_blocks == ["services:\n  web: 3"]
    body = pre_bodies(rendered.html)[0]
    assert "<span" in body
    doc = document(rendered.html)  # the document owns the table: keep it alive
    (table,) = tables(doc)
    assert cell_text(table, 1, 0) == "services:\n  web: 3"


def test_highlighting_can_be_skipped_for_a_streaming_tail() -> None:
    source = "```python\nimport os  # <os>\n\n```"
    fast, full = render_markdown(source, highlight=False), render_markdown(source)
    assert fast.code_blocks == full.code_blocks == ["import os  # <os>\n"]
    assert "<span" not in pre_bodies(fast.html)[0] and "<span" in pre_bodies(full.html)[0]
    doc = document(fast.html)  # the document owns the table: keep it alive
    (table,) = tables(doc)
    assert cell_text(table, 1, 0) == "import os  # <os>\n"


def test_copy_links_count_from_first_code_index_in_document_order() -> None:
    text = "```\na\n```\n\n- item\n\n  ```\n  b\n  ```\n\n> ```\n> c\n> ```\n\n    d\n"
    rendered = render_markdown(text, first_code_index=5)
    assert rendered.code_blocks == ["a", "b", "c", "d"]
    assert [href for href, _ in anchors(document(rendered.html))] == [
        "copy-code:5",
        "copy-code:6",
        "copy-code:7",
        "copy-code:8",
    ]
    assert code_blocks_of(text) == rendered.code_blocks


def test_code_block_policy_drops_only_the_last_line_break() -> None:
    assert code_blocks_of("```\n\nx\n\n\n```\n") == ["\nx\n\n"]
    assert code_blocks_of("```\n```\n") == [""]
    assert code_blocks_of("```\n\n```\n") == [""]
    # While streaming the closing fence has not arrived yet: the code so far.
    assert code_blocks_of("```python\nprint(1)\nprint(") == ["print(1)\nprint("]
    # A fence indented by two strips up to two spaces from each line, as CommonMark says.
    assert code_blocks_of("  ```\n  a\n    b\n c\n  ```\n") == ["a\n  b\nc"]


def test_dark_and_light_themes_colour_code_differently() -> None:
    source = "```python\ndef f():\n    return 'x'  # note\n```"
    light, dark = render_markdown(source, LIGHT), render_markdown(source, DARK)
    assert light.code_blocks == dark.code_blocks
    light_colours = set(re.findall(r"color:(#[0-9a-fA-F]{6})", pre_bodies(light.html)[0]))
    dark_colours = set(re.findall(r"color:(#[0-9a-fA-F]{6})", pre_bodies(dark.html)[0]))
    assert light_colours and dark_colours and light_colours.isdisjoint(dark_colours)
    keyword_light = format_of(document(light.html), "def").foreground().color()
    keyword_dark = format_of(document(dark.html), "def").foreground().color()
    assert keyword_light != keyword_dark
    assert keyword_dark.lightness() > keyword_light.lightness()
    assert f'bgcolor="{DARK.code_background}"' in dark.html


def test_the_markdown_modules_do_not_import_qt() -> None:
    code = (
        "import sys, gui.markdown.render; gui.markdown.render.render_markdown('# x'); "
        "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync')])"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_themes_are_usable_values() -> None:
    assert not LIGHT.dark and DARK.dark
    assert isinstance(LIGHT, Theme) and LIGHT != DARK
    assert LIGHT.pygments_style != DARK.pygments_style
    assert render_markdown("") == Rendered("", [])


# Text a model could put in code: any printable character, spaces, tabs and line breaks.
CODE_CHARACTERS = st.one_of(
    st.sampled_from(" \t\n"),
    st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
)
CODE = st.text(CODE_CHARACTERS, max_size=120)
LANGUAGES = st.sampled_from(["", "python", "js", "c", "bash", "json", "html", "nosuchlanguage"])


def fence_for(code: str) -> str:
    """A backtick fence longer than any backtick run in the code, so nothing inside closes it."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


@PROPERTY
@given(code=CODE, language=LANGUAGES, theme=st.sampled_from([LIGHT, DARK]))
# Qt drops a line break right after <pre> and right before </pre>: the ends must survive.
@example(code="\n\n  x\n\n", language="", theme=LIGHT)
@example(code="\n", language="python", theme=DARK)
@example(code="\tindent\n\n\n    four  spaces\t\ttabs \n", language="python", theme=LIGHT)
@example(code="a\u00a0b \u3000 \u200b\ufeff é", language="", theme=LIGHT)
def test_code_survives_verbatim_into_the_qt_document(
    code: str, language: str, theme: Theme
) -> None:
    fence = fence_for(code)
    rendered = render_markdown(f"Intro\n\n{fence}{language}\n{code}\n{fence}\n\nOutro", theme)
    assert rendered.code_blocks == [code]
    doc = document(rendered.html)  # the document owns the table: keep it alive
    (table,) = tables(doc)
    assert cell_text(table, 1, 0) == code.replace("\u00a0", " ")


@PROPERTY
@given(
    blocks=st.lists(st.tuples(CODE, LANGUAGES, st.sampled_from(["", "Text *here*.\n\n", "- x\n"]))),
)
def test_code_blocks_of_gives_each_fenced_code_exactly(blocks: list[tuple[str, str, str]]) -> None:
    text = "".join(
        f"{before}{fence_for(code)}{language}\n{code}\n{fence_for(code)}\n\n"
        for code, language, before in blocks
    )
    expected = [code for code, _, _ in blocks]
    assert code_blocks_of(text) == expected
    assert render_markdown(text).code_blocks == expected


# --- user messages ----------------------------------------------------------------------------


def test_render_plain_shows_markdown_and_html_as_typed() -> None:
    text = "# not a heading\n*not em*  <b>not bold</b> & [x](https://y)"
    doc = document(render_plain(text, DARK))
    assert doc.toPlainText() == text
    assert anchors(doc) == []
    assert format_of(doc, "not em").foreground().color().name() == DARK.text


@PROPERTY
@given(text=st.text(st.one_of(CODE_CHARACTERS, st.just("\r")), max_size=120))
@example(text="\n\n  two blank lines first, and after\n\n")
@example(text="\r\nwindows\r\n\rold mac\r")
@example(text="\ttab  and   runs of spaces ")
def test_render_plain_keeps_every_space_and_line_break(text: str) -> None:
    doc = document(render_plain(text, LIGHT))
    typed = re.sub(r"\r\n?", "\n", text)
    assert qt_to_plain(doc.toPlainText()) == typed.replace("\u00a0", " ")
