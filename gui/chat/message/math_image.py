"""Formulas rasterized for the chat's text documents, at the screen's pixel ratio.

The HTML holds `math:` image URLs (gui/markdown/formulas.py); a message segment asks here for each
image. An inline formula is padded above or below so that, centred on the line as Qt places an
image with `vertical-align: middle`, its baseline lands on the text's baseline.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from gui.markdown.formulas import MathImage, formula_svg, parse_formula_url


@lru_cache(maxsize=1024)
def formula_image(url: str, ascent: float, descent: float, ratio: float) -> QImage | None:
    """The image for a `math:` URL on a line whose font has this `ascent` and `descent`
    (pixels), drawn for a screen of pixel `ratio`; None for any other URL or a failure."""
    formula = parse_formula_url(url)
    if formula is None:
        return None
    drawn = formula_svg(formula.latex, formula.display, formula.size, formula.color)
    if not isinstance(drawn, MathImage):
        return None
    top = bottom = 0.0
    if not formula.display:
        # Qt centres the image on the middle of the text (half of ascent - descent above the
        # baseline): pad the side that makes the formula's baseline land on the text's.
        offset = (ascent - descent) - (drawn.ascent - drawn.descent)
        top, bottom = max(offset, 0.0), max(-offset, 0.0)
    height = drawn.ascent + drawn.descent + top + bottom
    image = QImage(
        max(1, math.ceil(drawn.width * ratio)),
        max(1, math.ceil(height * ratio)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(drawn.svg)).render(
        painter, QRectF(0, top, drawn.width, drawn.ascent + drawn.descent)
    )
    painter.end()
    return image
