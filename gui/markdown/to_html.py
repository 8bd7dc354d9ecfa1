"""markdown-it tokens to the HTML subset QTextDocument understands (HTML 4 tags, inline CSS).

Our own walker rather than markdown-it's renderer: Qt has no classes or borders on blocks, so
quotes and code blocks become tables, links are filtered by scheme, and every tag carries its
colours inline. Each top-level block renders on its own, so the HTML of a text is the HTML of its
finished chunks concatenated (what the streaming view relies on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

from markdown_it.token import Token

from gui.markdown.code_blocks import (
    ENGLISH_LABELS,
    CodeLabels,
    code_block_html,
    code_of,
    language_of,
)
from gui.markdown.formulas import (
    MATH_TOKENS,
    Formula,
    MathFailure,
    delimited,
    formula_url,
    known_formula,
)
from gui.markdown.theme import Theme

SAFE_SCHEMES = ("http://", "https://", "mailto:")
HEADING_SIZES = {"h1": "x-large", "h2": "large", "h3": "medium"}


def is_safe_link(href: str) -> bool:
    """Only web and mail links open anything; other schemes (file:, data:, ours) stay text."""
    return href.lower().startswith(SAFE_SCHEMES)


@dataclass(frozen=True)
class _Tags:
    """The opening tags for one theme, built once: rendering is string concatenation.

    Spacing is all top margins: Qt gives a list's bottom margin to its last item at that level,
    which opens a gap before a nested list; top margins also keep chunks independent.
    Every block carries its colour, so the HTML reads right on any document palette.
    """

    paragraph: str
    heading_style: str
    list_top: str
    list_nested: str
    quote_open: str
    quote_close: str
    table_open: str
    header_cell: str
    inline_code: str
    link: str
    colour: str  # the text's (a formula is drawn in it)


@cache
def _tags(theme: Theme, quoted: bool) -> _Tags:
    colour = theme.muted_text if quoted else theme.text
    return _Tags(
        paragraph=f'<p style="margin-top:8px; margin-bottom:0px; color:{colour};">',
        heading_style=f"margin-top:14px; margin-bottom:0px; color:{colour};",
        list_top=f'style="margin-top:8px; margin-bottom:0px; color:{colour};"',
        list_nested='style="margin-top:0px; margin-bottom:0px;"',
        # Qt draws no border on one side of a block: the quote bar is a narrow coloured cell.
        quote_open=(
            '<table width="100%" cellspacing="0" cellpadding="0"'
            ' style="margin-top:8px; margin-bottom:0px;">'
            f'<tr><td width="4" bgcolor="{theme.quote_bar}"></td><td width="10"></td><td>'
        ),
        quote_close="</td></tr></table>",
        table_open=(
            '<table border="1" cellspacing="0" cellpadding="5"'
            f' style="border-collapse:collapse; border-color:{theme.table_border};'
            f' margin-top:8px; margin-bottom:0px; color:{colour};">'
        ),
        header_cell=f' bgcolor="{theme.table_header_background}"',
        inline_code=(
            f'<span style="font-family:{theme.code_font};'
            f' background-color:{theme.inline_code_background}; white-space:pre-wrap;">'
        ),
        link=f' style="color:{theme.link};"',
        colour=colour,
    )


def _cell_align(token: Token) -> str:
    """GFM column alignment (markdown-it puts it in a style attribute) as Qt's align=."""
    style = str(token.attrs.get("style", ""))
    for align in ("left", "center", "right"):
        if style == f"text-align:{align}":
            return f' align="{align}"'
    return ""


def render_blocks(
    tokens: Sequence[Token],
    theme: Theme,
    first_code_index: int,
    *,
    highlight: bool = True,
    labels: CodeLabels = ENGLISH_LABELS,
    math_size: float | None = None,
) -> tuple[str, list[str]]:
    """HTML for a block token stream, and the code of each code block in order. Formulas are
    drawn `math_size` pixels tall (the text's size); without one they show as their source."""
    tags = _tags(theme, False)
    quote_depth = 0
    out: list[str] = []
    codes: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "inline":
            out.append(render_inline(token.children or [], tags, math_size=math_size))
        elif kind in MATH_TOKENS:
            out.append(math_html(token.content, True, tags, math_size))
        elif kind == "paragraph_open":
            if not token.hidden:  # tight list items show their text without paragraph margins
                out.append(tags.paragraph)
        elif kind == "paragraph_close":
            if not token.hidden:
                out.append("</p>")
        elif kind in ("fence", "code_block"):
            code = code_of(token.content)
            language = language_of(token.info) if kind == "fence" else ""
            index = first_code_index + len(codes)
            out.append(
                code_block_html(code, language, index, theme, highlighted=highlight, labels=labels)
            )
            codes.append(code)
        elif kind == "heading_open":
            size = HEADING_SIZES.get(token.tag, "medium")
            out.append(f'<{token.tag} style="{tags.heading_style} font-size:{size};">')
        elif kind == "heading_close":
            out.append(f"</{token.tag}>")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            margins = tags.list_top if token.level == 0 else tags.list_nested
            start = token.attrs.get("start")
            start_attr = f' start="{int(start)}"' if start is not None else ""
            out.append(f"<{token.tag}{start_attr} {margins}>")
        elif kind in ("bullet_list_close", "ordered_list_close", "list_item_close"):
            # An empty item ("-" alone on a line) is left out, and a list of only those: Qt's
            # importer drops an empty <li> but keeps an empty block where a fragment ends with
            # one, so a streamed answer would show a blank line the whole render has not.
            if out and out[-1].startswith(("<li>", "<ul ", "<ol ")) and out[-1].endswith(">"):
                out.pop()
            else:
                out.append(f"</{token.tag}>")
        elif kind == "list_item_open":
            out.append("<li>")
        elif kind == "blockquote_open":
            out.append(tags.quote_open)
            quote_depth += 1
            tags = _tags(theme, True)
        elif kind == "blockquote_close":
            out.append(tags.quote_close)
            quote_depth -= 1
            tags = _tags(theme, quote_depth > 0)
        elif kind == "table_open":
            out.append(tags.table_open)
        elif kind == "table_close":
            out.append("</table>")
        elif kind == "tr_open":
            out.append("<tr>")
        elif kind == "tr_close":
            _drop_trailing_empty_cells(out)
            out.append("</tr>")
        elif kind == "th_open":
            out.append(f"<th{_cell_align(token)}{tags.header_cell}>")
        elif kind == "td_open":
            out.append(f"<td{_cell_align(token)}>")
        elif kind in ("th_close", "td_close"):
            out.append(f"</{token.tag}>")
        elif kind == "hr":
            out.append("<hr>")
        elif kind in ("html_block", "html_inline"):  # not produced with html=False; never raw
            out.append(tags.paragraph + escape(token.content, quote=False) + "</p>")
        # thead/tbody open and close need no markup of their own in Qt.
    return "".join(out), codes


def text_block_html(
    children: Sequence[Token], theme: Theme, heading: str = "", math_size: float | None = None
) -> str:
    """One paragraph (or list item's text) or heading, not in a quote, as render_blocks writes
    it: what a streaming tail's last block is rendered again as (gui/markdown/tail.py)."""
    tags = _tags(theme, False)
    inline = render_inline(children, tags, math_size=math_size)
    if heading:
        size = HEADING_SIZES.get(heading, "medium")
        return f'<{heading} style="{tags.heading_style} font-size:{size};">{inline}</{heading}>'
    return f"{tags.paragraph}{inline}</p>"


def _drop_trailing_empty_cells(out: list[str]) -> None:
    """Leave out the empty cells that end a row (Qt pads a short row itself): Qt's importer
    puts whatever follows a table into its last cell when that cell is empty, and a streamed
    answer, whose table ends a fragment, would not show the same as the whole render."""
    while len(out) >= 2 and out[-1] == "</td>":
        cell = len(out) - 2
        while cell > 0 and out[cell] == "":  # an empty cell's inline text
            cell -= 1
        if not out[cell].startswith("<td"):
            return
        del out[cell:]


def render_inline(
    children: Sequence[Token], tags: _Tags, *, links: bool = True, math_size: float | None = None
) -> str:
    """HTML for the inline tokens of one paragraph, heading or table cell.

    `links=False` renders link texts without <a>: an image's alt text is already inside one.
    """
    out: list[str] = []
    linked: list[bool] = []  # per open link: whether it became an <a>
    for token in children:
        kind = token.type
        if kind == "text":
            out.append(escape(token.content, quote=False))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("<br>")
        elif kind == "code_inline":
            out.append(tags.inline_code + escape(token.content, quote=False) + "</span>")
        elif kind in ("em_open", "em_close"):
            out.append("<i>" if token.nesting == 1 else "</i>")
        elif kind in ("strong_open", "strong_close"):
            out.append("<b>" if token.nesting == 1 else "</b>")
        elif kind in ("s_open", "s_close"):
            out.append("<s>" if token.nesting == 1 else "</s>")
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            safe = links and is_safe_link(href)
            linked.append(safe)
            if safe:
                out.append(f'<a href="{escape(href)}"{tags.link}>')
        elif kind == "link_close":
            if linked and linked.pop():
                out.append("</a>")
        elif kind == "image":
            out.append(_image(token, tags))
        elif kind in MATH_TOKENS:
            out.append(math_html(token.content, MATH_TOKENS[kind], tags, math_size))
        elif token.content:  # html_inline and anything unknown: shown as the text it is
            out.append(escape(token.content, quote=False))
    return "".join(out)


def _image(token: Token, tags: _Tags) -> str:
    """Images are not fetched: the alt text (or the address) becomes a link to the image."""
    src = str(token.attrs.get("src", ""))
    alt = render_inline(token.children or [], tags, links=False) or escape(src, quote=False)
    if is_safe_link(src):
        return f'<a href="{escape(src)}"{tags.link}>{alt}</a>'
    return alt


def math_html(latex: str, display: bool, tags: _Tags, size: float | None) -> str:
    """A formula's image, drawn on the text's baseline (inline) or centred (display); its
    source as code when it is known not to draw, with the reason in the tooltip.

    Nothing is drawn here: a formula not drawn yet gets its image URL all the same, and the
    view draws it (its source shows until then; one that fails keeps showing it)."""
    latex = latex.strip()
    source = delimited(latex, display=display)
    known = known_formula(latex, display, size, tags.colour) if size else None
    if not size or isinstance(known, MathFailure):
        reason = known.reason if isinstance(known, MathFailure) else ""
        title = f' title="{escape(reason)}"' if reason else ""
        code = tags.inline_code.replace("<span ", f"<span{title} ", 1)
        shown = code + escape(source, quote=False) + "</span>"
        return f"{tags.paragraph}{shown}</p>" if display else shown
    url = formula_url(Formula(latex, display, size, tags.colour))
    image = f'<img src="{escape(url)}" alt="{escape(source)}" style="vertical-align: middle">'
    if display:
        return f'<p align="center" style="margin-top:8px; margin-bottom:0px;">{image}</p>'
    return image
