"""Formula images for the chat's text documents: laid out in a helper process, rasterized at
the screen's pixel ratio, and shown as their source until then.

The HTML holds `math:` image URLs (gui/markdown/formulas.py); a message segment asks
`FormulaImages` for each. ziamath is pure Python and takes ~12 ms to lay out a formula (and
~0.1 s to import, the first time): on the GUI thread a math-heavy answer stalled the view for
194 ms, and on a thread it still did, by holding the GIL whenever the GUI thread wanted it back.
So formulas are laid out in one helper process (spawned at the first formula); meanwhile a
stand-in image shows the formula's source, and once the SVG is back the segment is told, and
swaps the image in (rasterizing takes ~0.2 ms). A formula that cannot be drawn keeps its
source. The helper lays out a formula every ~12 ms: those it finishes close together are handed
over together, at most HAND_OVER_MS apart (the first at once), so that a math-heavy answer is
laid out and painted again a few times a second, not once per formula (make bench, part 2: a
streamed math reply painted 280 frames in its first 10 s, against 100 for its text).

An inline image is padded above or below so that, centred on the line as Qt places an image
with `vertical-align: middle`, its baseline lands on the text's baseline.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import weakref
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache

import shiboken6
from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QFontMetricsF, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from gui.markdown.formulas import (
    Formula,
    MathFailure,
    MathImage,
    delimited,
    formula_svg,
    known_formula,
    parse_formula_url,
    remember_formula,
)
from gui.widgets.throttle import Throttle

# What a formula's image is drawn for: its URL, the line's font ascent and descent (pixels),
# and the screen's pixel ratio.
ImageKey = tuple[str, float, float, float]
_KEEP_IMAGES = 1024  # rasterized images kept (a few MB)
_SOURCE_SCALE = 0.9  # a formula's source is shown in the fixed-pitch font, this much smaller
_SOURCE_OPACITY = 0.7  # and fainter than the text: it is waiting to become the formula
HAND_OVER_MS = 200  # formulas laid out are handed to their texts at most this often


def formula_image(
    formula: Formula, drawn: MathImage, ascent: float, descent: float, ratio: float
) -> QImage:
    """`drawn` rasterized for a line whose font has this `ascent` and `descent` (pixels), on
    a screen of pixel `ratio`."""
    top, image = _canvas(drawn.width, drawn.ascent, drawn.descent, ascent, descent, formula, ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(drawn.svg)).render(
        painter, QRectF(0, top, drawn.width, drawn.ascent + drawn.descent)
    )
    painter.end()
    return image


@lru_cache(maxsize=256)
def source_image(url: str, ascent: float, descent: float, ratio: float) -> QImage | None:
    """A formula's source as an image that stands where the formula will be (the same
    baseline), in the fixed-pitch font; None for any other URL."""
    formula = parse_formula_url(url)
    if formula is None:
        return None
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPixelSize(max(1, round(formula.size * _SOURCE_SCALE)))
    metrics = QFontMetricsF(font)
    text = delimited(formula.latex, display=formula.display)
    width = metrics.horizontalAdvance(text)
    top, image = _canvas(
        width, metrics.ascent(), metrics.descent(), ascent, descent, formula, ratio
    )
    colour = QColor(formula.color)
    colour.setAlphaF(_SOURCE_OPACITY)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(QPointF(0, top + metrics.ascent()), text)
    painter.end()
    return image


def _canvas(
    width: float,
    ascent: float,
    descent: float,
    line_ascent: float,
    line_descent: float,
    formula: Formula,
    ratio: float,
) -> tuple[float, QImage]:
    """A transparent image for a drawing of this size, and how far down the drawing starts.

    Qt centres an inline image on the middle of the text (half of ascent - descent above the
    baseline): the side that makes the drawing's baseline land on the text's is padded."""
    top = bottom = 0.0
    if not formula.display:
        offset = (line_ascent - line_descent) - (ascent - descent)
        top, bottom = max(offset, 0.0), max(-offset, 0.0)
    height = ascent + descent + top + bottom
    image = QImage(
        max(1, math.ceil(width * ratio)),
        max(1, math.ceil(height * ratio)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    return top, image


class FormulaImages(QObject):
    """Formula images, and the helper process that lays formulas out, one at a time.

    `image` answers at once; whoever asked for a formula not laid out yet is called back, on
    the GUI thread, once it is (if the asker still exists).
    """

    _finished = Signal(object, object)  # Formula, MathImage | MathFailure; from a pool thread

    def __init__(self) -> None:
        super().__init__()
        self._images: OrderedDict[ImageKey, QImage] = OrderedDict()
        self._waiting: dict[Formula, list[tuple[ImageKey, weakref.WeakMethod]]] = {}
        self._done: list[Formula] = []  # laid out, and their askers not told yet
        self._hand_over = Throttle(self._tell_askers, HAND_OVER_MS, self)
        self._pool: ProcessPoolExecutor | None = None
        self.laid_out = 0  # formulas the helper drew, and those it could not
        self.failed = 0
        self._finished.connect(self._on_finished)  # queued: emitted on another thread
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shut_down)

    @property
    def drawing(self) -> int:
        """How many formulas are waiting to be laid out, or for their askers to be told (for
        tests and benchmarks)."""
        return len(self._waiting)

    def is_drawing(self, formula: Formula) -> bool:
        """Is `formula` being laid out (its askers called back once it is), or laid out and its
        askers not called back yet?"""
        return formula in self._waiting

    def image(
        self, key: ImageKey, when_drawn: Callable[[ImageKey], None]
    ) -> QImage | MathFailure | None:
        """The image for `key`, or why it cannot be drawn; None while it is laid out, and
        `when_drawn(key)` is called once it is."""
        found = self._images.get(key)
        if found is not None:
            self._images.move_to_end(key)
            return found
        formula = parse_formula_url(key[0])
        if formula is None:
            return MathFailure("not a formula")
        drawn = known_formula(formula.latex, formula.display, formula.size, formula.color)
        if isinstance(drawn, MathImage):
            image = formula_image(formula, drawn, *key[1:])
            self._images[key] = image
            if len(self._images) > _KEEP_IMAGES:
                self._images.popitem(last=False)
            return image
        if isinstance(drawn, MathFailure):
            return drawn
        listeners = self._waiting.setdefault(formula, [])
        # Listening before it is laid out: a failure to start is told at once. (An asker may
        # be gone before it is told.)
        listeners.append((key, weakref.WeakMethod(when_drawn)))
        if len(listeners) == 1:
            self._lay_out(formula)
        return None

    def shut_down(self) -> None:
        """Stop the helper process; what it has not laid out yet is dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _lay_out(self, formula: Formula) -> None:
        if self._pool is None:
            # Spawned, not forked: a fork of a process running Qt's threads is not safe.
            self._pool = ProcessPoolExecutor(1, multiprocessing.get_context("spawn"))
        try:
            future = self._pool.submit(
                formula_svg, formula.latex, formula.display, formula.size, formula.color
            )
        except RuntimeError as error:  # the pool broke (its process died) or was shut down
            self._pool = None
            self._finished.emit(formula, MathFailure(f"the formula process stopped: {error}"))
            return
        future.add_done_callback(lambda done: self._deliver(formula, done))

    def _deliver(self, formula: Formula, done: Future) -> None:
        """On a thread of the pool: hand the result to the GUI thread."""
        if done.cancelled():
            return
        error = done.exception()  # the process died, say: this formula keeps its source
        result = done.result() if error is None else MathFailure(repr(error))
        with contextlib.suppress(RuntimeError):  # the application is gone
            self._finished.emit(formula, result)

    def _on_finished(self, formula: Formula, result: MathImage | MathFailure) -> None:
        remember_formula(formula.latex, formula.display, formula.size, formula.color, result)
        if isinstance(result, MathImage):
            self.laid_out += 1
        else:
            self.failed += 1
        if formula in self._waiting:
            self._done.append(formula)
            self._hand_over.request()

    def _tell_askers(self) -> None:
        done, self._done = self._done, []
        for formula in done:
            for key, listener in self._waiting.pop(formula, []):
                method = listener()
                if method is not None and shiboken6.isValid(method.__self__):
                    method(key)


_images: FormulaImages | None = None


def formula_images() -> FormulaImages:
    """The application's formula images (made on first use, on the GUI thread)."""
    global _images
    if _images is None:
        _images = FormulaImages()
    return _images
