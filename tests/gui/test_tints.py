"""Colours set outside the palette follow the theme and stay readable in both: error text and
the notice and demo banners (a fixed red or a light strip fails on a dark window)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from gui.error_text import show_as_error
from gui.markdown_theme import contrast_ratio
from gui.notices import DEMO_COLOURS, NOTICE_COLOURS, tint
from gui.theme import ThemeController
from tests.gui.test_theme import controller, restore_look

__all__ = ["controller", "restore_look"]  # fixtures shared with the theme tests


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
