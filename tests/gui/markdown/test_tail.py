"""When a streaming tail's last block alone may be rendered again (gui/markdown/tail.py)."""

from __future__ import annotations

import pytest

from gui.markdown.render import render_markdown
from gui.markdown.tail import OpenBlock, grown


def block_of(text: str) -> OpenBlock | None:
    return render_markdown(text).open_block


@pytest.mark.parametrize(
    ("text", "content", "heading"),
    [
        ("A paragraph that is still being wr", "A paragraph that is still being wr", ""),
        ("Intro\n\n- one\n- two and more", "two and more", ""),
        ("1. first\n   - nested item te", "nested item te", ""),
        ("## A heading in progr", "A heading in progr", "h2"),
        ("- item\nlazy continuation li", "item\nlazy continuation li", ""),
        ("Words then **bold** then `code` and mo", "Words then **bold** then `code` and mo", ""),
    ],
)
def test_a_tail_ending_in_text_on_its_last_line_is_open(
    text: str, content: str, heading: str
) -> None:
    block = block_of(text)
    assert block == OpenBlock(content, heading, "")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "A finished line\n",
        "Title\n-",  # a setext underline, or a list item, still being written
        "Title\n==",
        "| a | b |\n| --- | -",  # a delimiter row: the lines above become a table
        "Intro\n\n1",  # "1" may become "1. " and begin a list
        "Intro\n\n-x",  # the first word is not complete: "-" may still become a marker
        "[foo]: /url 'ti",  # may become a link definition
        "[foo]: /url\n\nSee [foo] and mo",  # a definition the block alone would not know
        "$$ x",  # may become a display formula
        "\\[ x",
        "## Title #",  # a closing run, left out of the heading
        "> quoted te",  # in a quote: a table in Qt
        "| a | b |\n| - | - |\n| c | d",  # in a table
        "```python\nx = 1",  # in code
        "Some *emphasis\n\n***",  # a rule
    ],
)
def test_anything_else_is_rendered_whole(text: str) -> None:
    assert block_of(text) is None


def test_the_block_grows_by_the_new_text_and_keeps_the_spaces_between() -> None:
    block = block_of("Words and  ")
    assert block == OpenBlock("Words and", "", "  ")
    more = grown(block, " ")
    assert more == OpenBlock("Words and", "", "   ")
    assert more is not None and grown(more, "more") == OpenBlock("Words and   more", "", "")


def test_a_line_break_or_a_closing_run_needs_a_whole_render() -> None:
    paragraph = OpenBlock("Words", "", "")
    heading = OpenBlock("Title", "h2", "")
    assert grown(paragraph, " and\n") is None
    assert grown(paragraph, "\r") is None
    assert grown(heading, " #") is None
    assert grown(paragraph, " #1 *em* `x`") == OpenBlock("Words #1 *em* `x`", "", "")
