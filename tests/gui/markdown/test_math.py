"""Mathematics in replies (gui/markdown/formulas.py): which text is a formula (delimiters, dollar
amounts, code, escapes, streaming), what is drawn, and the coverage of a corpus."""

from __future__ import annotations

import time

import pytest

from gui.markdown.formulas import (
    Formula,
    MathFailure,
    MathImage,
    formula_svg,
    formula_url,
    known_formula,
    parse_formula_url,
)
from gui.markdown.parsers import full_parser
from gui.markdown.render import render_markdown, to_plain_text
from tests.gui.markdown.math_corpus import CORPUS


def formulas(text: str) -> list[tuple[str, str]]:
    """(token type, source) of every formula markdown finds in `text`."""
    found = []
    for token in full_parser().parse(text):
        if token.type.startswith(("math", "amsmath")):
            found.append((token.type, token.content.strip()))
        for child in token.children or []:
            if child.type.startswith("math"):
                found.append((child.type, child.content.strip()))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Energy is $E=mc^2$.", [("math_inline", "E=mc^2")]),
        ("Also \\(a^2+b^2\\) inline.", [("math_inline", "a^2+b^2")]),
        ("$$\n\\int_0^1 x\\,dx\n$$", [("math_block", "\\int_0^1 x\\,dx")]),
        ("\\[\n\\sum_i x_i\n\\]", [("math_block", "\\sum_i x_i")]),
        (
            "\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}",
            [("amsmath", "\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}")],
        ),
        ("Inline display $$x+1$$ here.", [("math_inline_double", "x+1")]),
        # Prices are text: a $ next to a digit or a space neither opens nor closes a formula.
        ("It costs $5 and $10.", []),
        ("From $5.99 to $ 3, or US$20", []),
        ("It costs $5, and $x$ is the unknown.", [("math_inline", "x")]),
        # Code is never searched, and an escaped dollar is a dollar.
        ("Write `$x$` in code.", []),
        ("```\n$$\\int f$$\n```", []),
        ("Not math: \\$x\\$.", []),
        # While streaming: an unclosed formula is text until it closes.
        ("The sum $\\sum_{i=1}", []),
        ("$$\n\\int_0^1", []),
        ("\\[ a = ", []),
    ],
)
def test_which_text_is_a_formula(text: str, expected: list[tuple[str, str]]) -> None:
    assert formulas(text) == expected


def test_a_formula_becomes_an_image_on_the_line_and_a_display_one_is_centred() -> None:
    html = render_markdown("A $x^2$ b\n\n$$y$$", math_size=16).html
    assert (
        '<img src="math:inline/16/%231f2328/x%5E2" alt="$x^2$" style="vertical-align: middle">'
        in html
    )
    assert '<p align="center"' in html and "math:display/16/" in html
    assert "$x^2$" not in html.replace('alt="$x^2$"', "")  # no source left beside it


def test_rendering_draws_nothing_a_formula_not_drawn_yet_is_an_image_to_draw() -> None:
    latex = "\\sum_{k=1}^{n} k = \\tfrac{n(n+1)}{2}"
    html = render_markdown(f"Sum ${latex}$.", math_size=17).html
    assert '<img src="math:inline/17/' in html
    assert known_formula(latex, False, 17, "#1f2328") is None  # the view's worker draws it


def test_a_formula_that_cannot_be_drawn_shows_its_source_with_the_reason() -> None:
    for latex in ("\\frac{1}{", "\\nosuchmacro{x}"):
        assert isinstance(formula_svg(latex, False, 16, "#1f2328"), MathFailure)  # as the view
    html = render_markdown("Broken $\\frac{1}{$ and $\\nosuchmacro{x}$.", math_size=16).html
    assert "<img" not in html
    assert 'title="unknown command \\nosuchmacro"' in html
    assert "$\\nosuchmacro{x}$" in html and "$\\frac{1}{$" in html


def test_without_a_size_formulas_stay_source() -> None:
    assert "<img" not in render_markdown("A $x^2$ b").html


def test_copy_as_text_keeps_each_formula_as_its_source() -> None:
    text = "Energy $E=mc^2$ and\n\n$$\\int x$$\n\n\\[a\\]\n\nend"
    assert to_plain_text(text) == "Energy $E=mc^2$ and\n\n$$\\int x$$\n\n$$a$$\n\nend"


def test_a_formula_url_carries_what_it_is_drawn_from() -> None:
    formula = Formula("\\frac{a/b}{c} % 100", True, 15.5, "#ffffff")
    assert parse_formula_url(formula_url(formula)) == formula
    assert parse_formula_url("https://example.org/x.png") is None
    assert parse_formula_url("math:sideways/1/x/y") is None


def test_a_drawn_formula_knows_its_baseline() -> None:
    drawn = formula_svg("x_i^2", False, 20.0, "#000000")
    assert isinstance(drawn, MathImage)
    assert drawn.svg.startswith(b"<svg") and b"<use" not in drawn.svg  # SVG 1.1, for QtSvg
    assert drawn.ascent > 0 and drawn.descent > 0 and drawn.width > 0
    bigger = formula_svg("x_i^2", False, 40.0, "#000000")
    assert isinstance(bigger, MathImage)
    assert bigger.ascent == pytest.approx(2 * drawn.ascent, rel=0.05)
    assert isinstance(formula_svg("\\frac{", False, 20.0, "#000000"), MathFailure)


def test_the_corpus_renders() -> None:
    started = time.perf_counter()
    drawn = [formula_svg(latex, True, 16.0, "#000000") for _category, latex in CORPUS]
    per_formula_ms = (time.perf_counter() - started) * 1000 / len(CORPUS)
    failed = [CORPUS[i] for i, result in enumerate(drawn) if not isinstance(result, MathImage)]
    drawn_count = len(CORPUS) - len(failed)
    print(f"math corpus: {drawn_count}/{len(CORPUS)} drawn, {per_formula_ms:.1f} ms each")
    assert len(CORPUS) >= 100
    assert failed == []
