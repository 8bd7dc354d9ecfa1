"""How the chat looks: style sheets whose colours come from the palette (light and dark alike).

Qt style sheets cannot mix colours, so tints (the question bubble, the error box) are computed
here from the palette's base, text, highlight colours and a red.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def _mix(first: QColor, second: QColor, amount: float) -> str:
    """`first` moved `amount` (0..1) towards `second`, as #rrggbb."""
    return QColor(
        round(first.red() + (second.red() - first.red()) * amount),
        round(first.green() + (second.green() - first.green()) * amount),
        round(first.blue() + (second.blue() - first.blue()) * amount),
    ).name()


def messages_style_sheet(palette: QPalette) -> str:
    """Colours for the messages, derived from the palette so light and dark both work."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    red = QColor("#d1242f")
    muted = _mix(text, base, 0.4)
    return f"""
        QFrame#userMessage {{ background-color: {_mix(base, highlight, 0.10)};
            border-radius: 14px; }}
        QFrame#assistantMessage {{ background: transparent; }}
        QLabel#messageRole {{ color: {muted}; font-weight: 600; }}
        QLabel#messageMeta, QLabel#messageStatus {{ color: {muted}; }}
        QTextBrowser#messageBody {{ background: transparent; border: none; }}
        QToolButton#messageAction {{ color: {muted}; border: none; border-radius: 6px;
            padding: 3px 8px; }}
        QToolButton#messageAction:hover {{ background-color: {_mix(base, text, 0.08)};
            color: {text.name()}; }}
        QToolButton#messageAction:disabled {{ color: {_mix(text, base, 0.7)}; }}
        QFrame#messageError {{ background-color: {_mix(base, red, 0.10)};
            border: 1px solid {_mix(base, red, 0.45)}; border-radius: 8px; }}
        QLabel#messageErrorText {{ color: {text.name()}; background: transparent; }}
    """


def jump_button_style_sheet(palette: QPalette) -> str:
    """A pill in the highlight colour, floating over the messages."""
    highlight = palette.color(QPalette.ColorRole.Highlight).name()
    highlighted_text = palette.color(QPalette.ColorRole.HighlightedText).name()
    return (
        f"QToolButton#jumpToLatest {{ background-color: {highlight};"
        f" color: {highlighted_text}; border: none; border-radius: 14px;"
        " padding: 6px 14px; font-weight: 600; }"
    )
