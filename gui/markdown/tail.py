"""When a streaming tail grows on its last line only, its last block alone is rendered again.

The open tail of an answer is often one long block (a list of long items, a paragraph written
as one line), and it mostly grows by words on its last line. Rendering the whole tail again for
those words costs as much as the tail is long; rendering its last paragraph, list item or
heading again costs what that block is. That is done only when the longer tail would render to
exactly the same blocks, with the last block's text alone changed:

- the tail, rendered whole, ended in a paragraph, a list item's text or a heading (not in a quote,
  a table or code), and that block's text reaches its last line;
- that line has a letter or digit (a table's delimiter row, a rule or a setext underline has
  none), and its first word is complete, or it begins with a letter (no block begins with one):
  more text cannot make it a list item, a heading or a rule;
- the block's text does not begin with `[`, `$` or a backslash (it could still turn out a link
  definition or a display formula), and the tail defines no link reference (`]:`), which the
  block's text, parsed alone, would not know;
- the new text has no line break, nor `#` after a heading (a closing run is left out of it).

Anything else renders the tail whole again, which also decides afresh about the next text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

_LINE_ENDING = re.compile(r"\r\n?")
_LIST_CLOSERS = frozenset(("list_item_close", "bullet_list_close", "ordered_list_close"))


@dataclass(frozen=True)
class OpenBlock:
    """The last block of a tail, which more text on the tail's last line only extends."""

    content: str  # its inline source, as markdown-it took it (stripped)
    heading: str  # its tag, "h1" to "h6", or "" for a paragraph or a list item's text
    spaces: str  # the white space that ended the tail, left out of `content`


def open_block(text: str, tokens: Sequence[Token]) -> OpenBlock | None:
    """The block `text` (parsed into `tokens` by the full parser) ends in, if more text on its
    last line would change that block's text alone; None otherwise."""
    if not text or text[-1] in "\r\n" or "]:" in text:
        return None
    index = len(tokens) - 1
    while index >= 0 and tokens[index].type in _LIST_CLOSERS:
        index -= 1
    if index < 2 or tokens[index].type not in ("paragraph_close", "heading_close"):
        return None
    inline = tokens[index - 1]
    content = inline.content
    if inline.type != "inline" or not content or content[0] in "[$\\":
        return None
    if "\r" in text:
        text = _LINE_ENDING.sub("\n", text)
    if inline.map is None or inline.map[1] != text.count("\n") + 1:
        return None  # the last line is not this block's (a setext underline, say)
    last_line = text[text.rfind("\n") + 1 :]
    heading = tokens[index].tag if tokens[index].type == "heading_close" else ""
    if heading and last_line.rstrip().endswith("#"):
        return None  # a closing run, left out: text after it would make it the heading's
    if not _first_word_settled(last_line):
        return None
    return OpenBlock(content, heading, text[len(text.rstrip()) :])


def _first_word_settled(line: str) -> bool:
    """Can more text on `line` no longer change what kind of block it is?"""
    stripped = line.lstrip(" \t")
    if not any(char.isalnum() for char in stripped):
        return False
    return stripped[0].isalpha() or any(char in " \t" for char in stripped)


def grown(block: OpenBlock, added: str) -> OpenBlock | None:
    """`block` once the tail it ends grew by `added`; None when the tail must be rendered whole.

    markdown-it strips a block's text at both ends: the spaces the tail ended in come back
    between the old text and the new, unless the new text is only more spaces.
    """
    if "\n" in added or "\r" in added or (block.heading and "#" in added):
        return None
    whole = block.content + block.spaces + added
    content = whole.rstrip()
    return OpenBlock(content, block.heading, whole[len(content) :])
