"""Formulas in the chat view: drawn on the text's baseline, in the theme's colour, for the
screen's pixel ratio, cached; a selection copies their LaTeX; Copy gives the raw markdown."""

from __future__ import annotations

import itertools
import math
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QImage, QTextCharFormat, QTextDocument
from pytestqt.qtbot import QtBot

from gui.chat.message.math_image import (
    HAND_OVER_MS,
    FormulaImages,
    formula_image,
    formula_images,
)
from gui.chat.message.segment import MessageSegment
from gui.chat.message.selection_text import image_positions
from gui.chat.view import ChatMessage, ChatView
from gui.markdown.formulas import (
    Formula,
    MathFailure,
    MathImage,
    formula_svg,
    formula_url,
    parse_formula_url,
)

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


def expected_image(segment: MessageSegment, name: str) -> QImage:
    """The image of formula `name` as the segment should show it once drawn."""
    formula = parse_formula_url(name)
    assert formula is not None
    drawn = formula_svg(formula.latex, formula.display, formula.size, formula.color)
    assert isinstance(drawn, MathImage)
    metrics = QFontMetricsF(segment.font())
    ratio = segment.devicePixelRatioF()
    return formula_image(formula, drawn, metrics.ascent(), metrics.descent(), ratio)


def shown_image(segment: MessageSegment, name: str) -> QImage:
    return segment.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl(name))


def test_formulas_are_drawn_off_the_gui_thread_and_sources_are_copied(
    view: ChatView, qtbot: QtBot
) -> None:
    view.set_messages([ChatMessage(1, "assistant", ANSWER, model="m/m")])
    segment = view.message_widget(1).body.segments[0]
    formats = images(view, 1)
    # E = mc², the integral and the broken one (not known to be broken until drawn); the
    # prices stay text.
    assert [f.toImageFormat().name().split("/")[0] for f in formats] == [
        "math:inline",
        "math:display",
        "math:inline",
    ]
    inline = formats[0].toImageFormat()
    assert inline.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignMiddle
    names = [f.toImageFormat().name() for f in formats]
    waiting = [shown_image(segment, name) for name in names]
    assert formula_images().drawing >= 1  # nothing was drawn on this thread: it is not done
    assert multiprocessing.active_children()  # laid out in a helper process
    qtbot.waitUntil(lambda: formula_images().drawing == 0, timeout=10_000)
    qtbot.waitUntil(lambda: shown_image(segment, names[0]).size() != waiting[0].size())
    assert shown_image(segment, names[0]).size() == expected_image(segment, names[0]).size()
    # The broken one keeps its source, and says why once its (last) batch is swapped in.
    qtbot.waitUntil(lambda: "unknown command \\nosuchmacro" in images(view, 1)[2].toolTip())
    assert shown_image(segment, names[2]).size() == waiting[2].size()
    segment.selectAll()
    copied = segment.createMimeDataFromSelection().text()
    assert "$E = mc^2$" in copied and "$$\\int_0^\\infty" in copied and "$5 and $10" in copied
    assert "$\\nosuchmacro{x}$" in copied and "\ufffc" not in copied
    widget = view.message_widget(1)
    widget.copy_button.click()
    assert QGuiApplication.clipboard().text() == ANSWER  # Copy: the raw markdown, as ever
    view.set_messages([ChatMessage(1, "assistant", ANSWER, model="m/m")])  # opened again
    assert len(images(view, 1)) == 2  # now known not to draw: shown as code
    assert "\\nosuchmacro" in view.message_widget(1).body.segments[0].document().toPlainText()


def test_a_formula_streamed_is_drawn_where_it_stands(view: ChatView, qtbot: QtBot) -> None:
    view.add_message(ChatMessage(1, "assistant", "", status="streaming", model="m/m"))
    qtbot.waitUntil(lambda: view.message_widget(1).isVisible())
    latex = "\\oint_C \\vec{F}\\cdot d\\vec{r} = 0"
    view.append_text(1, f"Around a loop ${latex}$ holds.\n\nNext ")
    body = view.message_widget(1).body
    body.render_pending()  # its paragraph is finished, for good
    segment = body.segments[0]
    name = images(view, 1)[0].toImageFormat().name()
    drawn = expected_image(segment, name)
    # The layout is only told on the GUI thread: until then the formula's source stands there.
    standing = shown_image(segment, name)
    assert standing.height() < drawn.height()
    before = segment.height()
    qtbot.waitUntil(lambda: shown_image(segment, name).size() == drawn.size(), timeout=10_000)
    assert segment.height() > before  # the lines holding it were laid out again
    view.append_text(1, "paragraph.")
    view.finish_message(1, "complete")
    assert shown_image(body.segments[0], name).size() == drawn.size()


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
        formula = parse_formula_url(url)
        assert formula is not None
        image = formula_image(formula, drawn, metrics.ascent(), metrics.descent(), ratio)
        assert image.devicePixelRatio() == ratio
        assert image.height() == math.ceil(height * ratio)  # sharp on a high-density screen
        assert image.width() == math.ceil(drawn.width * ratio)


def test_a_drawn_image_is_kept(qtbot: QtBot) -> None:
    class Asker:
        def drawn(self, key: object) -> None:
            told.append(key)

    told: list[object] = []
    asker = Asker()
    key = (formula_url(Formula("\\hat{y}_{kept}", False, 15.0, "#1f2328")), 12.0, 3.0, 1.0)
    assert formula_images().image(key, asker.drawn) is None  # drawing
    qtbot.waitUntil(lambda: told == [key], timeout=10_000)
    first = formula_images().image(key, asker.drawn)
    assert isinstance(first, QImage) and formula_images().image(key, asker.drawn) is first
    other = ("https://example.org/a.png", 12.0, 3.0, 1.0)
    assert isinstance(formula_images().image(other, asker.drawn), MathFailure)


def test_formulas_laid_out_close_together_are_handed_over_together(qtbot: QtBot) -> None:
    # The helper lays out one formula after another; their askers are told in batches, at most
    # one batch per HAND_OVER_MS, so that a math-heavy answer is laid out and painted again a
    # few times a second rather than once per formula.
    images = formula_images()
    told: list[tuple[float, int]] = []  # when an asker was told, and how many were done then

    class Asker:
        def drawn(self, _key: object) -> None:
            told.append((time.monotonic(), images.laid_out + images.failed))

    asker = Asker()
    keys = [
        (formula_url(Formula(f"z_{{{n}}}^{{batch}}", False, 15.0, "#1f2328")), 12.0, 3.0, 1.0)
        for n in range(12)
    ]
    done_before = images.laid_out + images.failed
    for key in keys:
        assert images.image(key, asker.drawn) is None  # drawing
    qtbot.waitUntil(lambda: len(told) == len(keys), timeout=20_000)
    # Held back: some askers were told only once more formulas than theirs were done (told at
    # once, the k-th asker would hear when exactly k were done).
    assert any(done - done_before > k for k, (_at, done) in enumerate(told, 1))
    # A batch is told in one go (microseconds apart); batches come HAND_OVER_MS apart (Qt's
    # coarse timers may fire up to 5% early).
    times = [at for at, _done in told]
    starts = [times[0]] + [t for s, t in itertools.pairwise(times) if t - s > 0.02]
    assert len(starts) < len(keys)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert all(gap >= 0.9 * HAND_OVER_MS / 1000 for gap in gaps), gaps
    assert images.drawing == 0  # nobody is left waiting


def test_a_helper_that_cannot_start_tells_the_asker_why(qtbot: QtBot) -> None:
    # The pool is gone (its process died, say): the failure comes back at once, within
    # `image`, and the asker still hears of it (its text then shows the reason as a tooltip).
    told: list[object] = []

    class Asker:
        def drawn(self, key: object) -> None:
            told.append(key)

    images = FormulaImages()
    broken = ProcessPoolExecutor(1)
    broken.shutdown()
    images._pool = broken
    asker = Asker()
    key = (formula_url(Formula("w^{unstarted}", False, 15.0, "#1f2328")), 12.0, 3.0, 1.0)
    try:
        assert images.image(key, asker.drawn) is None
        qtbot.waitUntil(lambda: told == [key], timeout=2_000)
        assert images.failed == 1 and images.drawing == 0
        assert isinstance(images.image(key, asker.drawn), MathFailure)
    finally:
        images.shut_down()
        shiboken6.delete(images)


def test_the_dark_theme_draws_formulas_in_its_text_colour(view: ChatView) -> None:
    view.set_messages([ChatMessage(1, "assistant", "Dark $y=x$", model="m/m")])
    light = images(view, 1)[0].toImageFormat().name()
    view.set_theme(True)
    dark = images(view, 1)[0].toImageFormat().name()
    assert light != dark and "/%23" in dark


def test_every_formula_of_a_long_streamed_answer_is_swapped_in(
    view: ChatView, qtbot: QtBot
) -> None:
    # Formulas are drawn one after the other while more text (and more formulas) streams in:
    # each batch drawn is looked for only past the last formula still drawing, and none of
    # them, early or late, finished or in the tail, may be left standing as its source.
    view.add_message(ChatMessage(1, "assistant", "", status="streaming", model="m/m"))
    qtbot.waitUntil(lambda: view.message_widget(1).isVisible())
    body = view.message_widget(1).body
    for n in range(12):
        view.append_text(1, f"Step {n}: $x_{{{n}}} = {n}^{{{n + 2}}} + y_{{{n}}}$ and on.\n\n")
        body.render_pending()
        qtbot.wait(20)  # some come back while later ones are still arriving
    view.append_text(1, "The end: $\\sum_{k=0}^{12} x_k$")
    body.render_pending()
    qtbot.waitUntil(lambda: formula_images().drawing == 0, timeout=20_000)
    segment = body.segments[0]
    names = [f.toImageFormat().name() for f in images(view, 1)]
    assert len(names) == 13

    def all_drawn() -> bool:
        return all(
            shown_image(segment, name).size() == expected_image(segment, name).size()
            for name in names
        )

    qtbot.waitUntil(all_drawn, timeout=5_000)


def test_a_text_gone_before_its_formulas_are_swapped_in_is_left_alone(qtbot: QtBot) -> None:
    # A formula came back (its swap is queued for the next turn), then the text went: an
    # answer rendered anew, a conversation closed. The queued swap must not run on it.
    segment = MessageSegment()
    segment.set_html(f'<p>See <img src="{formula_url(Formula("q^2", False, 12, "#000000"))}"></p>')
    name = images_in(segment)[0]
    metrics = QFontMetricsF(segment.font())
    segment._formula_drawn((name, metrics.ascent(), metrics.descent(), 1.0))
    shiboken6.delete(segment)
    qtbot.wait(20)  # pytest-qt fails the test on any exception raised in the event loop


def images_in(segment: MessageSegment) -> list[str]:
    return [name for _position, name in image_positions(segment.document())]
