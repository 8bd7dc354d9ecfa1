""" "Copy as text": a markdown message as plain text, without markup and without losing words.

Decisions: blocks are separated by one blank line; headings and block quotes become their text
(no `#`, no `>`: plain text means no markup); list items get `• ` or their real number, and
everything inside an item is indented two spaces per level; code blocks are verbatim (no fences;
inside a list item, indented like the rest of the item); table rows are tab-separated cells,
header first; a horizontal rule is the blank line between the blocks around it; links are
`text (url)` unless the text is the url.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from gui.markdown.code_blocks import code_of
from gui.markdown.formulas import MATH_TOKENS, delimited
from gui.markdown.parsers import full_parser

BULLET = "• "
INDENT = "  "


def to_plain_text(text: str) -> str:
    """The message as plain text; see the module docstring for the rules."""
    tokens = full_parser().parse(text)
    return _PlainWriter(tokens).text()


class _PlainWriter:
    """Walks one token stream; `closing[i]` is the index of the token closing token i."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.closing: dict[int, int] = {}
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token.nesting == 1:
                stack.append(index)
            elif token.nesting == -1 and stack:
                self.closing[stack.pop()] = index

    def text(self) -> str:
        return "\n\n".join(self._blocks(0, len(self.tokens)))

    def _blocks(self, start: int, stop: int) -> list[str]:
        """The non-empty blocks between two token indexes, in order."""
        blocks: list[str] = []
        index = start
        while index < stop:
            token = self.tokens[index]
            if token.nesting == 1:
                end = self.closing.get(index, stop)
                blocks.extend(self._container(index, end))
                index = end + 1
                continue
            if token.type in ("fence", "code_block"):
                blocks.append(code_of(token.content))
            elif token.type == "inline":
                blocks.append(inline_plain(token.children or []))
            elif token.type in MATH_TOKENS:
                blocks.append(delimited(token.content, display=True))
            elif token.content and token.type != "hr":
                blocks.append(token.content)  # html_block and the unknown: their text
            index += 1
        return [block for block in blocks if block]

    def _container(self, start: int, end: int) -> list[str]:
        kind = self.tokens[start].type
        if kind in ("bullet_list_open", "ordered_list_open"):
            return [self._list(start, end)]
        if kind == "table_open":
            return [self._table(start, end)]
        # Paragraphs, headings, block quotes, list items: just their content.
        return self._blocks(start + 1, end)

    def _list(self, start: int, end: int) -> str:
        opening = self.tokens[start]
        ordered = opening.type == "ordered_list_open"
        number = int(opening.attrs.get("start", 1)) if ordered else 0
        # markdown-it hides the paragraphs of tight lists: items then sit on consecutive lines.
        tight = any(
            token.type == "paragraph_open" and token.hidden and token.level == opening.level + 2
            for token in self.tokens[start:end]
        )
        separator = "\n" if tight else "\n\n"
        items: list[str] = []
        index = start + 1
        while index < end:
            item_end = self.closing.get(index, end)
            body = separator.join(self._blocks(index + 1, item_end))
            marker = f"{number}. " if ordered else BULLET
            first, *rest = body.split("\n")
            lines = [(marker + first).rstrip(" ")]
            lines.extend(INDENT + line if line else "" for line in rest)
            items.append("\n".join(lines))
            number += 1
            index = item_end + 1
        return separator.join(items)

    def _table(self, start: int, end: int) -> str:
        rows: list[str] = []
        cells: list[str] = []
        for token in self.tokens[start:end]:
            if token.type == "inline":
                cells.append(inline_plain(token.children or []).replace("\n", " "))
            elif token.type == "tr_close":
                rows.append("\t".join(cells))
                cells = []
        return "\n".join(rows)


def inline_plain(children: Sequence[Token]) -> str:
    """The text of inline tokens: markers dropped, line breaks kept, links as `text (url)`."""
    out: list[str] = []
    links: list[tuple[int, str]] = []  # per open link: where its text starts, its address
    for token in children:
        kind = token.type
        if kind in ("text", "code_inline"):
            out.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "link_open":
            links.append((len(out), str(token.attrs.get("href", ""))))
        elif kind == "link_close" and links:
            begin, href = links.pop()
            label = "".join(out[begin:])
            url = full_parser().normalizeLinkText(href)
            if url and url not in (label, f"mailto:{label}"):
                out.append(f" ({url})")
        elif kind == "image":
            out.append(inline_plain(token.children or []) or str(token.attrs.get("src", "")))
        elif kind in MATH_TOKENS:
            out.append(delimited(token.content, display=MATH_TOKENS[kind]))
        elif token.nesting == 0 and token.content:
            out.append(token.content)
    return "".join(out)
