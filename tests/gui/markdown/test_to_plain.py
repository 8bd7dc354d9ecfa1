""" "Copy as text": to_plain_text drops the markup and keeps every word (Qt-free)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.markdown.render import to_plain_text

PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_plain_text_of_every_construct() -> None:
    text = (
        "# Title\n\nSome *em*, **strong**, ~~struck~~ and `code` &amp; more.\nNext line.\n\n"
        "- one\n- two\n  - nested\n    1. deep\n\n"
        "3. three\n4. four\n\n"
        "> quoted\n> text\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\ndef f():\n    pass\n```\n\n"
        "---\n\n"
        "[link](https://example.com) <https://same.org> <me@example.com> ![a cat](https://i/c.png)\n"
    )
    assert to_plain_text(text) == (
        "Title\n\n"
        "Some em, strong, struck and code & more.\nNext line.\n\n"
        "• one\n• two\n  • nested\n    1. deep\n\n"
        "3. three\n4. four\n\n"
        "quoted\ntext\n\n"
        "A\tB\n1\t2\n\n"
        "def f():\n    pass\n\n"
        "link (https://example.com) https://same.org me@example.com a cat"
    )


def test_plain_text_of_loose_lists_and_item_content() -> None:
    text = "1) first\n\n   more about it\n\n2) second\n   ```\n   code\n   ```\n"
    assert to_plain_text(text) == "1. first\n\n  more about it\n\n2. second\n\n  code"


def test_plain_text_keeps_raw_html_and_decodes_entities() -> None:
    assert to_plain_text("<b>x</b> &lt;tag&gt; &copy; \\*not em\\*") == "<b>x</b> <tag> © *not em*"


WORD = st.from_regex(r"[a-z]{1,8}", fullmatch=True)
WORDS = st.lists(WORD, min_size=1, max_size=6)


@st.composite
def inline_text(draw: st.DrawFn) -> str:
    pieces = []
    for word in draw(WORDS):
        style = draw(st.sampled_from(["", "*", "**", "~~", "`", "_", "link"]))
        if style == "link":
            pieces.append(f"[{word}](https://example.com/{draw(WORD)})")
        else:
            pieces.append(f"{style}{word}{style}")
    return " ".join(pieces)


@st.composite
def markdownish(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["p", "h", "ul", "ol", "quote", "code", "table", "hr"]))
        if kind == "p":
            blocks.append(draw(inline_text()) + "\n" + draw(inline_text()))
        elif kind == "h":
            blocks.append("#" * draw(st.integers(1, 6)) + " " + draw(inline_text()))
        elif kind in ("ul", "ol"):
            items = []
            for number in range(draw(st.integers(1, 4))):
                depth = draw(st.integers(0, min(number, 1)))
                marker = "- " if kind == "ul" else f"{number + 1}. "
                items.append("   " * depth + marker + draw(inline_text()))
            blocks.append("\n".join(items))
        elif kind == "quote":
            blocks.append("> " + draw(inline_text()) + "\n> \n> " + draw(inline_text()))
        elif kind == "code":
            blocks.append("```\n" + " ".join(draw(WORDS)) + "\n```")
        elif kind == "table":
            header, row = draw(WORDS), draw(WORDS)
            row = (row * len(header))[: len(header)]
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines.append("| " + " | ".join(row) + " |")
            blocks.append("\n".join(lines))
        else:
            blocks.append("---")
    return "\n\n".join(blocks)


@PROPERTY
@given(text=markdownish())
def test_plain_text_never_loses_a_word_and_drops_the_markup(text: str) -> None:
    plain = to_plain_text(text)
    assert set(re.findall(r"[a-z]+", text)) - {"https", "example", "com"} <= set(
        re.findall(r"[a-z]+", plain)
    )
    assert not set("*`#>|_~") & set(plain), plain
    assert "\n\n\n" not in plain


def test_plain_text_links() -> None:
    assert to_plain_text("[same](same) [docs](https://d.org/a%20b) <https://x.y>") == (
        "same docs (https://d.org/a b) https://x.y"
    )
    assert to_plain_text("[x](javascript:alert(1))") == "[x](javascript:alert(1))"
    assert to_plain_text("![](https://i.org/p.png) ![alt *text*](https://i.org/q.png)") == (
        "https://i.org/p.png alt text"
    )


def test_plain_text_separates_blocks_by_one_blank_line() -> None:
    text = "para one\n\n\n\n---\n\n> quote\n>> deeper\n\n    code\n\n# Head\nafter\n"
    assert to_plain_text(text) == "para one\n\nquote\n\ndeeper\n\ncode\n\nHead\n\nafter"
    assert to_plain_text("") == ""
    assert to_plain_text("line one  \nline two\\\nline three") == "line one\nline two\nline three"
