"""Mathematics in replies: finding it in markdown, and drawing it as SVG.

Models write LaTeX as `$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]` and bare `\\begin{align}` and
friends. The markdown parsers get maintained plugins for each (mdit-py-plugins: dollarmath,
texmath's brackets, amsmath); dollar amounts stay text because a `$` next to a digit or a space
never opens or closes a formula ("it costs $5 and $10"), and code is never searched.

A formula is drawn by ziamath (pure Python, STIX Two Math, no TeX and no browser; chosen by
measurement: it drew 102 of a 102-formula corpus, matplotlib's mathtext 79) into SVG, which the
chat view rasterizes with QtSvg. `formula_svg` caches what it drew; a formula it cannot draw
gives a `MathFailure` with the reason, and the view shows the source as code instead. Drawing
takes ~12 ms a formula (and ~0.1 s to import ziamath, the first time), so the chat view draws in
a helper process (gui/chat/message/math_image.py) and renders HTML from what is known so far
(`known_formula`): never a wait on the GUI thread. No Qt here.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

__all__ = [
    "MATH_SCHEME",
    "MATH_TOKENS",
    "Formula",
    "MathFailure",
    "MathImage",
    "delimited",
    "formula_svg",
    "formula_url",
    "install_math",
    "known_formula",
    "parse_formula_url",
    "remember_formula",
]

MATH_SCHEME = "math:"
# Token types the plugins make, and whether each is a display formula.
MATH_TOKENS = {
    "math_inline": False,
    "math_inline_double": True,
    "math_single": False,
    "math_block": True,
    "math_block_eqno": True,
    "amsmath": True,
}
_UNKNOWN_MACRO = re.compile(r">\\[A-Za-z]+<")
_CACHE_SIZE = 2048
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')


def install_math(md: MarkdownIt) -> MarkdownIt:
    """Teach `md` the four delimiters and the amsmath environments."""
    # No blank line inside $$...$$ (none is allowed in LaTeX either): the streaming splitter
    # cuts a reply at blank lines, and a block must never span a cut.
    dollarmath_plugin(
        md,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        allow_blank_lines=False,
        double_inline=True,
    )
    texmath_plugin(md, delimiters="brackets")
    amsmath_plugin(md)
    return md


@dataclass(frozen=True)
class Formula:
    """What a formula's image is drawn from: its source, style, size in pixels and colour."""

    latex: str
    display: bool
    size: float
    color: str


def delimited(latex: str, *, display: bool) -> str:
    """A formula's source as a person would paste it back: `$...$` or `$$...$$`."""
    latex = latex.strip()
    return f"$${latex}$$" if display else f"${latex}$"


def formula_url(formula: Formula) -> str:
    """The image URL the HTML holds for a formula: everything needed to draw it again."""
    kind = "display" if formula.display else "inline"
    return (
        f"{MATH_SCHEME}{kind}/{formula.size:g}/{quote(formula.color, safe='')}/"
        f"{quote(formula.latex, safe='')}"
    )


# A segment looks up every image of its document each time formulas come back from the helper:
# the same URLs again and again (4,072 parses, 0.11 s, in the math reply's first 5,000 tokens).
@lru_cache(maxsize=1024)
def parse_formula_url(url: str) -> Formula | None:
    """The formula of a `formula_url`, or None for any other URL."""
    if not url.startswith(MATH_SCHEME):
        return None
    parts = url[len(MATH_SCHEME) :].split("/", 3)
    if len(parts) != 4 or parts[0] not in ("inline", "display"):
        return None
    try:
        size = float(parts[1])
    except ValueError:
        return None
    return Formula(unquote(parts[3]), parts[0] == "display", size, unquote(parts[2]))


@dataclass(frozen=True)
class MathImage:
    """A drawn formula: SVG whose y = 0 is the baseline; sizes in pixels."""

    svg: bytes
    width: float
    ascent: float  # above the baseline
    descent: float  # below it


@dataclass(frozen=True)
class MathFailure:
    """Why a formula could not be drawn (shown in the tooltip of its source)."""

    reason: str


_DrawKey = tuple[str, bool, float, str]
_drawn: OrderedDict[_DrawKey, MathImage | MathFailure] = OrderedDict()


def known_formula(
    latex: str, display: bool, size: float, color: str
) -> MathImage | MathFailure | None:
    """What was drawn for these arguments, or None if nothing was (yet)."""
    key = (latex, display, size, color)
    found = _drawn.get(key)
    if found is not None:
        _drawn.move_to_end(key)
    return found


def remember_formula(
    latex: str, display: bool, size: float, color: str, drawn: MathImage | MathFailure
) -> None:
    """Keep what was drawn for these arguments (elsewhere: the view draws in a helper)."""
    _drawn[(latex, display, size, color)] = drawn
    if len(_drawn) > _CACHE_SIZE:
        _drawn.popitem(last=False)


def formula_svg(latex: str, display: bool, size: float, color: str) -> MathImage | MathFailure:
    """`latex` drawn at `size` pixels in `color` (#rrggbb), display or inline style; cached."""
    found = known_formula(latex, display, size, color)
    if found is None:
        found = _draw(latex, display, size, color)
        remember_formula(latex, display, size, color, found)
    return found


def _draw(latex: str, display: bool, size: float, color: str) -> MathImage | MathFailure:
    try:
        import ziamath

        ziamath.config.svg2 = False  # SVG 1.1 paths: QtSvg draws no glyphs from SVG 2's <use>
        math = ziamath.Latex(latex, size=size, color=color, inline=not display, margin=0)
        unknown = _UNKNOWN_MACRO.search(math.mathmlstr())
        if unknown is not None:
            return MathFailure(f"unknown command {unknown.group(0)[1:-1]}")
        svg = math.svg().encode()
    except Exception as error:  # ziamath raises whatever its parsers raise
        return MathFailure(f"{type(error).__name__}: {error}".strip().rstrip(":"))
    found = _VIEWBOX.search(svg.decode("ascii", "replace"))
    if found is None:
        return MathFailure("the drawing has no size")
    _x, y, width, height = (float(part) for part in found.group(1).split())
    return MathImage(svg, width, ascent=-y, descent=height + y)
