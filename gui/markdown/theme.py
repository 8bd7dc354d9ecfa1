"""Colours and fonts for rendered messages, and WCAG contrast arithmetic (Qt-free; the window
builds its chat's colours from here before the markdown renderer is loaded)."""

from __future__ import annotations

from dataclasses import dataclass


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
# Text, muted text and links are the palettes' (gui/theme/scheme.py) and read at 4.5:1 or better
# on the message background, a question's tinted bubble and the code block's header;
# tests/gui/theme/test_contrast.py checks every pair.
LIGHT = Theme(
    dark=False,
    text="#1f2328",
    muted_text="#59636e",
    code_background="#f6f8fa",
    code_header_background="#eaeef2",
    inline_code_background="#eff1f3",
    link="#0860ca",
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


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#rrggbb" colour (0 black .. 1 white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours: 1 (none) .. 21 (black on white).

    Body text needs 4.5 (AA) or 7 (AAA).
    """
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
