"""Colours and fonts for rendered messages, and the shared markdown-it parsers (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Theme:
    """What the HTML for one colour scheme needs; Qt's rich text wants literal colours."""

    dark: bool
    text: str
    muted_text: str
    code_background: str
    code_header_background: str
    inline_code_background: str
    link: str
    table_border: str
    table_header_background: str
    quote_bar: str
    # A Pygments style shipped with Pygments 2.21. Its token colours are chosen against its own
    # background, so code_background stays close to that background for contrast.
    pygments_style: str
    code_font: str = "'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace"


# "default" and "github-dark" keep every token colour at a contrast of at least 4.5:1 against
# their backgrounds (WCAG AA), unlike "friendly" (comments 2.6:1) or "monokai" (4.6:1 at best).
LIGHT = Theme(
    dark=False,
    text="#1f2328",
    muted_text="#59636e",
    code_background="#f6f8fa",
    code_header_background="#eaeef2",
    inline_code_background="#eff1f3",
    link="#0969da",
    table_border="#d1d9e0",
    table_header_background="#f6f8fa",
    quote_bar="#d1d9e0",
    pygments_style="default",
)

DARK = Theme(
    dark=True,
    text="#e6edf3",
    muted_text="#9198a1",
    code_background="#0d1117",
    code_header_background="#1f2630",
    inline_code_background="#343a42",
    link="#4493f8",
    table_border="#3d444d",
    table_header_background="#151b23",
    quote_bar="#3d444d",
    pygments_style="github-dark",
)


@cache
def full_parser() -> MarkdownIt:
    """CommonMark + GFM tables and strikethrough; raw HTML stays text, characters are untouched."""
    options = {"html": False, "linkify": False, "typographer": False}
    return MarkdownIt("commonmark", options).enable("table").enable("strikethrough")


@cache
def block_parser() -> MarkdownIt:
    """The same grammar without the inline pass: enough to find code blocks and block bounds."""
    options = {"html": False, "linkify": False, "typographer": False}
    parser = MarkdownIt("commonmark", options).enable("table").enable("strikethrough")
    return parser.disable("inline")
