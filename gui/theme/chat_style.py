"""How the chat looks: the style-sheet templates in resources/styles/, filled in from the palette.

Qt style sheets cannot mix colours, so tints (the question bubble, the error box) and the muted
text are computed here from the palette's base, text and highlight colours and a red. Muted and
error text are nudged towards the text colour until they read at 4.5:1 (WCAG AA) on what they
are drawn on, so a palette from elsewhere (a platform theme) cannot make them illegible either.
"""

from __future__ import annotations

from functools import cache
from string import Template

from PySide6.QtGui import QColor, QPalette

from gui.markdown.theme import contrast_ratio
from gui.theme.colours import is_dark_palette, mix
from gui.utils.resources import resource_path

MIN_CONTRAST = 4.6  # WCAG AA asks 4.5:1 for text; a little margin for rounding in the mixes
USER_BUBBLE_TINT = 0.10  # how far a question's bubble moves from the base towards the highlight

# The error red for a light and for a dark background (GitHub's danger colours).
_RED_ON_LIGHT = QColor("#d1242f")
_RED_ON_DARK = QColor("#ff7b72")

_Role = QPalette.ColorRole
_ACTIVE = QPalette.ColorGroup.Active


@cache
def _template(name: str) -> Template:
    """A style-sheet template from resources/styles/ ($names stand for colours)."""
    return Template(resource_path("styles", name).read_text(encoding="utf-8"))


def _over(colour: QColor, background: QColor) -> QColor:
    """A translucent `colour` as it shows on `background` (Qt's default placeholder is Text at
    half opacity); `.name()` alone would drop the alpha and give full-strength text."""
    return mix(background, QColor(colour.red(), colour.green(), colour.blue()), colour.alphaF())


def _readable(colour: QColor, text: QColor, backgrounds: list[QColor]) -> QColor:
    """`colour`, moved towards `text` just far enough to read on every one of `backgrounds`."""
    for step in range(11):
        candidate = mix(colour, text, step / 10)
        if all(contrast_ratio(candidate.name(), b.name()) >= MIN_CONTRAST for b in backgrounds):
            return candidate
    return text


def _color(palette: QPalette, role: QPalette.ColorRole) -> QColor:
    # The active group explicitly: the sheet may be built while another window is active.
    return palette.color(_ACTIVE, role)


def chat_colours(palette: QPalette) -> dict[str, str]:
    """Every colour the chat's sheets use, as #rrggbb by template name (the tests read them)."""
    base = _color(palette, _Role.Base)
    text = _color(palette, _Role.Text)
    highlight = _color(palette, _Role.Highlight)
    user_bubble = mix(base, highlight, USER_BUBBLE_TINT)
    muted = _readable(
        _over(_color(palette, _Role.PlaceholderText), base), text, [base, user_bubble]
    )
    red = _RED_ON_DARK if is_dark_palette(palette, _Role.Base) else _RED_ON_LIGHT
    return {
        "base": base.name(),
        "text": text.name(),
        "user_bubble": user_bubble.name(),
        "muted": muted.name(),
        "hover": mix(base, text, 0.08).name(),
        "chip_border": mix(base, text, 0.25).name(),
        "disabled": mix(text, base, 0.7).name(),  # disabled controls are exempt from WCAG
        "error_background": mix(base, red, 0.10).name(),
        "error_border": mix(base, red, 0.45).name(),
        "highlight": _color(palette, _Role.Highlight).name(),
        "highlighted_text": _color(palette, _Role.HighlightedText).name(),
    }


def error_text_colour(palette: QPalette) -> str:
    """A red for error text on the window or a field, readable in light and dark (#rrggbb)."""
    base = _color(palette, _Role.Base)
    window = _color(palette, _Role.Window)
    red = _RED_ON_DARK if is_dark_palette(palette, _Role.Base) else _RED_ON_LIGHT
    return _readable(red, _color(palette, _Role.Text), [base, window]).name()


def messages_style_sheet(palette: QPalette) -> str:
    """Colours for the messages, derived from the palette so light and dark both work."""
    colours = chat_colours(palette)
    return _template("messages.qss").substitute(colours) + _template("attachments.qss").substitute(
        colours
    )


def attachments_style_sheet(palette: QPalette) -> str:
    """Colours for the attachment chips above the message box."""
    return _template("attachments.qss").substitute(chat_colours(palette))


def jump_button_style_sheet(palette: QPalette) -> str:
    """A pill in the highlight colour, floating over the messages."""
    return _template("jump_button.qss").substitute(chat_colours(palette))
