"""The shared markdown-it parsers (Qt-free): the whole grammar, and its block pass alone."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt

from gui.markdown.formulas import install_math


def _grammar() -> MarkdownIt:
    """CommonMark + GFM tables and strikethrough, and formulas; raw HTML stays text, characters
    are untouched."""
    options = {"html": False, "linkify": False, "typographer": False}
    parser = MarkdownIt("commonmark", options).enable("table").enable("strikethrough")
    return install_math(parser)


@cache
def full_parser() -> MarkdownIt:
    """The whole grammar."""
    return _grammar()


@cache
def block_parser() -> MarkdownIt:
    """The same grammar without the inline pass: enough to find code blocks and block bounds."""
    return _grammar().disable("inline")
