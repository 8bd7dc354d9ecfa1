"""WCAG contrast in both themes: the palettes, the chat's derived colours, the markdown colours
and every Pygments token colour on the code background.

AA asks 4.5:1 for text; body text gets 7:1 (AAA) here. Disabled controls are exempt (WCAG 1.4.3).
"""

from __future__ import annotations

import pytest
from pygments.styles import get_style_by_name
from pygments.token import Token, Whitespace
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.markdown.theme import DARK, LIGHT, Theme, contrast_ratio
from gui.theme.chat_style import chat_colours, error_text_colour
from gui.theme.scheme import build_palette

AA = 4.5
AAA = 7.0
Role = QPalette.ColorRole
Group = QPalette.ColorGroup

THEMES = pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])

# (foreground, background, minimum): what the palettes promise for every enabled widget.
PALETTE_PAIRS = [
    (Role.Text, Role.Base, AAA),
    (Role.Text, Role.AlternateBase, AAA),
    (Role.Text, Role.Window, AAA),
    (Role.WindowText, Role.Window, AAA),
    (Role.ButtonText, Role.Button, AAA),
    (Role.ToolTipText, Role.ToolTipBase, AAA),
    (Role.PlaceholderText, Role.Base, AA),
    (Role.PlaceholderText, Role.AlternateBase, AA),
    (Role.PlaceholderText, Role.Window, AA),
    (Role.HighlightedText, Role.Highlight, AA),
    (Role.Link, Role.Base, AA),
    (Role.Link, Role.Window, AA),
    (Role.LinkVisited, Role.Base, AA),
    (Role.LinkVisited, Role.Window, AA),
]


def markdown_theme(dark: bool) -> Theme:
    return DARK if dark else LIGHT


def hex_of(palette: QPalette, group: QPalette.ColorGroup, role: QPalette.ColorRole) -> str:
    return palette.color(group, role).name()


def test_the_contrast_formula() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert contrast_ratio("#777777", "#ffffff") < AA


@THEMES
@pytest.mark.parametrize("group", [Group.Active, Group.Inactive], ids=["active", "inactive"])
@pytest.mark.parametrize(
    ("foreground", "background", "minimum"),
    PALETTE_PAIRS,
    ids=[f"{f.name}-on-{b.name}" for f, b, _ in PALETTE_PAIRS],
)
def test_palette_pairs(
    dark: bool,
    group: QPalette.ColorGroup,
    foreground: QPalette.ColorRole,
    background: QPalette.ColorRole,
    minimum: float,
) -> None:
    palette = build_palette(dark)
    ratio = contrast_ratio(hex_of(palette, group, foreground), hex_of(palette, group, background))
    assert ratio >= minimum


@THEMES
def test_disabled_text_is_dimmer_yet_visible(dark: bool) -> None:
    palette = build_palette(dark)
    base = hex_of(palette, Group.Disabled, Role.Base)
    disabled = contrast_ratio(hex_of(palette, Group.Disabled, Role.Text), base)
    enabled = contrast_ratio(hex_of(palette, Group.Active, Role.Text), base)
    assert 2.5 <= disabled < enabled


# -- the chat's colours (gui/theme/chat_style.py) ------------------------------------------------


@THEMES
def test_chat_colours(dark: bool) -> None:
    colours = chat_colours(build_palette(dark))
    for background in ("base", "user_bubble"):
        assert contrast_ratio(colours["text"], colours[background]) >= AAA, background
        assert contrast_ratio(colours["muted"], colours[background]) >= AA, background
    assert contrast_ratio(colours["text"], colours["error_background"]) >= AAA
    assert contrast_ratio(colours["text"], colours["hover"]) >= AAA
    assert contrast_ratio(colours["highlighted_text"], colours["highlight"]) >= AA


@THEMES
def test_error_text_reads_on_fields_and_windows(dark: bool) -> None:
    palette = build_palette(dark)
    red = error_text_colour(palette)
    assert QColor(red).hue() in range(0, 16) or QColor(red).hue() > 345  # still a red
    for role in (Role.Base, Role.Window):
        assert contrast_ratio(red, hex_of(palette, Group.Active, role)) >= AA


def test_chat_colours_stay_readable_on_a_foreign_palette(qapp: QApplication) -> None:
    """A platform palette (here Qt's own: placeholder text is half-transparent text) still gives
    muted and error text that read, since they are nudged until they do."""
    palette = QPalette(qapp.palette())
    palette.setColor(Role.PlaceholderText, QColor(0, 0, 0, 60))  # far too faint as it stands
    colours = chat_colours(palette)
    assert contrast_ratio(colours["muted"], colours["base"]) >= AA
    assert contrast_ratio(colours["muted"], colours["user_bubble"]) >= AA
    assert colours["muted"] != colours["text"]  # still muted, not plain text
    assert contrast_ratio(error_text_colour(palette), colours["base"]) >= AA


# -- the markdown colours (gui/markdown/theme.py) ------------------------------------------------


@THEMES
def test_markdown_text_on_the_message_backgrounds(dark: bool) -> None:
    theme = markdown_theme(dark)
    colours = chat_colours(build_palette(dark))
    # An answer sits on the base, a question on its bubble; both are rendered with the theme.
    for background in (colours["base"], colours["user_bubble"]):
        assert contrast_ratio(theme.text, background) >= AAA, background
        assert contrast_ratio(theme.muted_text, background) >= AA, background  # quotes
        assert contrast_ratio(theme.link, background) >= AA, background


@THEMES
def test_markdown_text_on_its_own_backgrounds(dark: bool) -> None:
    theme = markdown_theme(dark)
    assert contrast_ratio(theme.text, theme.inline_code_background) >= AAA
    assert contrast_ratio(theme.text, theme.table_header_background) >= AAA
    # The code block's header: the language (muted) and the "Copy code" link.
    assert contrast_ratio(theme.muted_text, theme.code_header_background) >= AA
    assert contrast_ratio(theme.link, theme.code_header_background) >= AA


@THEMES
def test_every_pygments_colour_reads_on_the_code_background(dark: bool) -> None:
    theme = markdown_theme(dark)
    style = get_style_by_name(theme.pygments_style)
    plain = style.style_for_token(Token)["color"]
    colours = {f"#{plain}" if plain else theme.text}  # code without a token colour
    for token_type, token_style in style:
        # Whitespace tokens are blanks: their colour never reaches a visible glyph.
        if token_style["color"] and token_type not in Whitespace:
            colours.add(f"#{token_style['color']}")
    assert len(colours) > 10  # the style was found and has its palette
    poor = {c: round(contrast_ratio(c, theme.code_background), 2) for c in colours}
    assert {c: r for c, r in poor.items() if r < AA} == {}


@THEMES
def test_the_markdown_theme_matches_the_palette(dark: bool) -> None:
    """The rendered text uses the palette's own text, muted and link colours, so a message and
    the rest of the window read alike; and the theme is the one the chat picks for this palette."""
    palette = build_palette(dark)
    theme = markdown_theme(dark)
    assert theme.text == hex_of(palette, Group.Active, Role.Text)
    assert theme.muted_text == hex_of(palette, Group.Active, Role.PlaceholderText)
    assert theme.link == hex_of(palette, Group.Active, Role.Link)
    assert theme.dark == (palette.color(Role.Base).lightness() < 128)


@THEMES
def test_a_selected_conversations_second_line_reads(dark: bool) -> None:
    """gui/sidebar/conversation_list.py draws a selected row's second line in HighlightedText at
    alpha 190 of 255; the highlight is deep enough for that to pass AA too."""
    palette = build_palette(dark)
    highlight = palette.color(Group.Active, Role.Highlight)
    text = palette.color(Group.Active, Role.HighlightedText)
    alpha = 190 / 255
    shown = QColor(
        *(
            round(back + (front - back) * alpha)
            for front, back in zip(text.getRgb()[:3], highlight.getRgb()[:3], strict=True)
        )
    )
    assert contrast_ratio(shown.name(), highlight.name()) >= AA
