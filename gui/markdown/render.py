"""Markdown for the chat view: model replies to Qt rich text, plain text, and streaming cuts.

Qt-free on purpose (markdown-it-py and Pygments only), so it is fast to test and to reuse.
The HTML is Qt's rich-text subset with every colour inline (text, links, code), so it reads
right in a QTextBrowser / QTextDocument whatever its palette; the view paints the background.

- `render_markdown(text, theme)` -> `Rendered(html, code_blocks)`: a model's reply. Raw HTML in
  the reply is shown as text; only http, https and mailto links are links; each code block has a
  "Copy code" link to `copy-code:N` where N indexes `code_blocks` (plus `first_code_index`);
  the Qt side passes the header words, translated, as `labels` (these modules never import Qt).
- `code_blocks_of(text)`: the same code blocks without rendering (what "Copy code" copies).
- `to_plain_text(text)`: "Copy as text".
- `render_plain(text, theme)`: a user's message, shown exactly as typed.
- `StreamingSplitter`: cuts a streaming reply into finished chunks (each rendered once, in
  order, with first_code_index = code blocks so far) and a tail re-rendered as it grows.

Code block text, everywhere: what the model wrote between the fences, minus the last line
break (so copying "print(1)" gives "print(1)", not "print(1)\\n"); blank lines inside and at
the ends are kept. In the document, QTextDocument.toPlainText() shows each code line verbatim;
only Qt's own mappings apply (U+00A0 becomes a space, U+2028/U+2029 become line breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from gui.markdown.code_blocks import COPY_SCHEME, ENGLISH_LABELS, CodeLabels, code_of
from gui.markdown.open_code import OpenFence, open_fence
from gui.markdown.parsers import block_parser, full_parser
from gui.markdown.stream import StreamingSplitter
from gui.markdown.tail import OpenBlock, open_block
from gui.markdown.theme import DARK, LIGHT, Theme
from gui.markdown.to_html import render_blocks, text_block_html
from gui.markdown.to_plain import to_plain_text

__all__ = [
    "COPY_SCHEME",
    "DARK",
    "ENGLISH_LABELS",
    "LIGHT",
    "CodeLabels",
    "OpenBlock",
    "OpenFence",
    "Rendered",
    "StreamingSplitter",
    "Theme",
    "code_blocks_of",
    "render_markdown",
    "render_open_block",
    "render_plain",
    "to_plain_text",
]

_LINE_ENDING = re.compile(r"\r\n?")


@dataclass(frozen=True)
class Rendered:
    """The HTML of a text and the code of its code blocks (block i links to copy-code:N+i)."""

    html: str
    code_blocks: list[str] = field(default_factory=list)
    # The block the text ends in, when more text on its last line changes that block alone:
    # a streaming tail then renders only it again (gui/markdown/tail.py).
    open_block: OpenBlock | None = None
    # The code block the text ends in, still open: it then grows line by line (open_code.py).
    open_fence: OpenFence | None = None


def render_markdown(
    text: str,
    theme: Theme = LIGHT,
    *,
    first_code_index: int = 0,
    highlight: bool = True,
    labels: CodeLabels = ENGLISH_LABELS,
    math_size: float | None = None,
) -> Rendered:
    """A model's markdown as Qt rich text; code blocks are numbered from first_code_index.

    `highlight=False` skips Pygments (the bulk of the cost for code): for re-rendering a
    streaming tail that holds a long, still open code block many times a second. `labels`: the
    (translated) words of the code block headers.
    """
    tokens = full_parser().parse(text)
    html, code_blocks = render_blocks(
        tokens, theme, first_code_index, highlight=highlight, labels=labels, math_size=math_size
    )
    return Rendered(html, code_blocks, open_block(text, tokens), open_fence(text, tokens))


def render_open_block(
    block: OpenBlock, theme: Theme = LIGHT, *, math_size: float | None = None
) -> str:
    """The HTML of `block` alone (a paragraph or heading): its text is what the text of the
    last block shown becomes."""
    tokens = full_parser().parseInline(block.content)
    children = (tokens[0].children or []) if tokens else []
    return text_block_html(children, theme, block.heading, math_size)


def code_blocks_of(text: str) -> list[str]:
    """The code of every fenced or indented code block, in order (as render_markdown has it)."""
    return [
        code_of(token.content)
        for token in block_parser().parse(text)
        if token.type in ("fence", "code_block")
    ]


def render_plain(text: str, theme: Theme = LIGHT) -> str:
    """A user's message as typed: escaped, no markdown, line breaks and spaces kept.

    Qt drops a line break right after the opening tag and one right before the closing tag, so
    a leading or trailing one is doubled.
    """
    body = escape(_LINE_ENDING.sub("\n", text), quote=False)
    if body.startswith("\n"):
        body = "\n" + body
    if body.endswith("\n"):
        body += "\n"
    return (
        f'<p style="white-space:pre-wrap; margin-top:0px; margin-bottom:0px;'
        f' color:{theme.text};">{body}</p>'
    )
