"""Colours set outside the palette follow the theme and stay readable in both: error text and
the notice and demo banners (a fixed red or a light strip fails on a dark window)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QStyleFactory, QWidget

from gui.markdown.theme import contrast_ratio
from gui.theme.glyphs import NEW_CHAT, SEND, STOP, glyph_icon
from gui.theme.outlined_style import edge_colour
from gui.theme.scheme import ThemeController
from gui.widgets.error_text import show_as_error
from gui.widgets.glyph_button import GlyphButton
from gui.window.notices import DEMO_COLOURS, NOTICE_COLOURS, tint

pytestmark = pytest.mark.usefixtures("restore_look")


def sheet_colour(label: QLabel) -> str:
    match = re.fullmatch(r"color: (#[0-9a-f]{6});", label.styleSheet())
    assert match, label.styleSheet()
    return match.group(1)


def test_error_text_follows_the_theme_and_reads_well_in_both(
    qtbot: object, controller: Callable[[str], ThemeController]
) -> None:
    label = QLabel("The token was refused.")
    theme = controller("light")
    show_as_error(label)
    light_red = sheet_colour(label)
    window = QApplication.palette().window().color().name()
    assert contrast_ratio(light_red, window) >= 4.5

    theme.set_choice("dark")
    dark_red = sheet_colour(label)
    window = QApplication.palette().window().color().name()
    assert dark_red != light_red
    assert contrast_ratio(dark_red, window) >= 4.5

    show_as_error(label, False)
    assert label.styleSheet() == ""
    theme.set_choice("light")
    assert label.styleSheet() == "", "a label no longer in error stays plain"
    label.deleteLater()


@pytest.mark.parametrize("colours", [NOTICE_COLOURS, DEMO_COLOURS], ids=["notice", "demo"])
def test_banners_take_the_pair_of_the_theme_and_read_at_7_to_1(
    qtbot: object, controller: Callable[[str], ThemeController], colours: dict[bool, tuple]
) -> None:
    for background, text in colours.values():
        assert contrast_ratio(background, text) >= 7
    banner = QWidget()
    theme = controller("light")
    tint(banner, colours)

    def shown() -> tuple[str, str]:
        palette = banner.palette()
        return (
            palette.color(QPalette.ColorRole.Window).name(),
            palette.color(QPalette.ColorRole.WindowText).name(),
        )

    assert shown() == colours[False]
    theme.set_choice("dark")
    assert shown() == colours[True]
    theme.set_choice("light")
    assert shown() == colours[False]
    banner.deleteLater()


def glyph_colour(icon: QIcon, mode: QIcon.Mode) -> str:
    """The colour of the glyph's most opaque pixel."""
    image = icon.pixmap(QSize(16, 16), 1.0, mode).toImage()
    pixels = [image.pixelColor(x, y) for x in range(16) for y in range(16)]
    strongest = max(pixels, key=lambda colour: colour.alpha())
    assert strongest.alpha() == 255, "the glyph draws something"
    return strongest.name()


@pytest.mark.parametrize("theme_name", ["light", "dark"])
@pytest.mark.parametrize("kind", [SEND, STOP, NEW_CHAT])
def test_the_glyphs_read_on_the_button_in_both_themes(
    qtbot: object, controller: Callable[[str], ThemeController], theme_name: str, kind: str
) -> None:
    controller(theme_name)
    palette = QApplication.palette()
    icon = glyph_icon(kind, palette)
    button = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Button).name()
    disabled_button = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button).name()
    # WCAG asks 3:1 of the graphics a control needs; a disabled one is exempt, but must show.
    assert contrast_ratio(glyph_colour(icon, QIcon.Mode.Normal), button) >= 3
    assert contrast_ratio(glyph_colour(icon, QIcon.Mode.Disabled), disabled_button) >= 2


def test_a_glyph_button_draws_its_glyph_again_in_the_new_theme(
    qtbot: object, controller: Callable[[str], ThemeController]
) -> None:
    theme = controller("light")
    button = GlyphButton("New chat", NEW_CHAT)
    on_light = glyph_colour(button.icon(), QIcon.Mode.Normal)
    theme.set_choice("dark")
    QApplication.processEvents()  # the palette change reaches the button
    on_dark = glyph_colour(button.icon(), QIcon.Mode.Normal)
    assert on_dark != on_light
    assert on_dark == glyph_colour(glyph_icon(NEW_CHAT, button.palette()), QIcon.Mode.Normal)
    window = QApplication.palette().color(QPalette.ColorRole.Button).name()
    assert contrast_ratio(on_dark, window) >= 3


def render(widget: QWidget) -> QImage:
    widget.resize(widget.sizeHint())
    return widget.grab().toImage()


def strongest_contrast(image: QImage, against: str) -> float:
    return max(
        contrast_ratio(image.pixelColor(x, y).name(), against)
        for x in range(image.width())
        for y in range(image.height())
    )


def test_dark_edges_are_redrawn_to_be_seen_and_light_ones_left_as_fusion_draws_them(
    qtbot: object, controller: Callable[[str], ThemeController]
) -> None:
    theme = controller("dark")
    palette = QApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).name()
    assert contrast_ratio(edge_colour(palette).name(), window) >= 3  # WCAG's 3:1 for edges
    radio = QRadioButton()  # no text: the image is the indicator alone
    radio.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    assert strongest_contrast(render(radio), window) >= 3, "the radio's rim shows on dark"

    theme.set_choice("light")
    plain = QRadioButton()
    plain.setStyle(QStyleFactory.create("Fusion"))
    assert render(radio) == render(plain), "on light, Fusion's own drawing is untouched"
    for widget in (radio, plain):
        widget.deleteLater()
