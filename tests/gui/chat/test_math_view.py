"""Formulas in the chat view: drawn on the text's baseline, in the theme's colour, for the
screen's pixel ratio, cached; a selection copies their LaTeX; Copy gives the raw markdown."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QTextCharFormat
from pytestqt.qtbot import QtBot

from gui.chat.message.math_image import formula_image
from gui.chat.view import ChatMessage, ChatView
from gui.markdown.formulas import Formula, MathImage, formula_svg, formula_url

ANSWER = (
    "The energy is $E = mc^2$, it costs $5 and $10, and\n\n"
    "$$\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}$$\n\n"
    "Broken: $\\nosuchmacro{x}$."
)


def images(view: ChatView, message_id: int) -> list[QTextCharFormat]:
    found = []
    for segment in view.message_widget(message_id).body.segments:
        block = segment.document().begin()
        while block.isValid():
            pieces = block.begin()
            while not pieces.atEnd():
                if pieces.fragment().charFormat().isImageFormat():
                    found.append(pieces.fragment().charFormat())
                pieces += 1
            block = block.next()
    return found


def test_formulas_are_drawn_and_sources_are_copied(view: ChatView, qtbot: QtBot) -> None:
    view.set_messages([ChatMessage(1, "assistant", ANSWER, model="m/m")])
    formats = images(view, 1)
    assert len(formats) == 2  # E = mc², the integral; the prices and the broken one stay text
    inline = formats[0].toImageFormat()
    assert inline.name().startswith("math:inline/")
    assert inline.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignMiddle
    segment = view.message_widget(1).body.segments[0]
    segment.selectAll()
    copied = segment.createMimeDataFromSelection().text()
    assert "$E = mc^2$" in copied and "$$\\int_0^\\infty" in copied and "$5 and $10" in copied
    assert "\ufffc" not in copied
    widget = view.message_widget(1)
    widget.copy_button.click()
    assert QGuiApplication.clipboard().text() == ANSWER  # Copy: the raw markdown, as ever
    assert "\\nosuchmacro" in segment.document().toPlainText()  # shown as its source


def test_an_inline_formula_sits_on_the_baseline_at_the_screens_ratio(view: ChatView) -> None:
    metrics = QFontMetricsF(view.font())
    size = 16.0
    drawn = formula_svg("x_i^2", False, size, "#1f2328")
    assert isinstance(drawn, MathImage)
    url = formula_url(Formula("x_i^2", False, size, "#1f2328"))
    # Padded so that, centred on the text's middle (half of ascent - descent above the
    # baseline), its own baseline lands on the text's: (top + a) - H / 2 == (A - D) / 2.
    offset = (metrics.ascent() - metrics.descent()) - (drawn.ascent - drawn.descent)
    top, bottom = max(offset, 0.0), max(-offset, 0.0)
    height = drawn.ascent + drawn.descent + top + bottom
    assert (top + drawn.ascent) - height / 2 == pytest.approx(
        (metrics.ascent() - metrics.descent()) / 2
    )
    for ratio in (1.0, 2.0):
        image = formula_image(url, metrics.ascent(), metrics.descent(), ratio)
        assert image is not None and image.devicePixelRatio() == ratio
        assert image.height() == math.ceil(height * ratio)  # sharp on a high-density screen
        assert image.width() == math.ceil(drawn.width * ratio)
    assert formula_image(url, metrics.ascent(), metrics.descent(), 2.0) is formula_image(
        url, metrics.ascent(), metrics.descent(), 2.0
    )  # cached
    assert formula_image("https://example.org/a.png", 10, 3, 1.0) is None


def test_the_dark_theme_draws_formulas_in_its_text_colour(view: ChatView) -> None:
    view.set_messages([ChatMessage(1, "assistant", "Dark $y=x$", model="m/m")])
    light = images(view, 1)[0].toImageFormat().name()
    view.set_theme(True)
    dark = images(view, 1)[0].toImageFormat().name()
    assert light != dark and "/%23" in dark
