"""Light and dark: follow the system's colour scheme by default, or the person's choice.

API:
    controller = ThemeController(app, choice)   # choice: "system" | "light" | "dark"
    controller.set_choice("dark")               # applies at once, to every open window
    controller.is_dark()                        # what is shown now
    controller.dark_changed                     # Signal(bool), emitted when that changes

The app always shows one of our own two palettes (below), whose colour pairs are checked for
WCAG contrast by tests/gui/theme/test_contrast.py; "system" only decides which of the two.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from gui.config.settings import THEMES
from gui.theme.colours import is_dark_palette
from gui.theme.outlined_style import OutlinedFusion

log = logging.getLogger(__name__)

# Fusion (gui/theme/outlined_style.py) on every platform, whatever the choice. Manual light/dark
# must work everywhere, and the native styles do not honour an application palette: the Windows
# "windowsvista" style paints light controls whatever the palette says and macOS's style draws
# most controls natively. Keeping the native style only while following the system would mean
# switching styles at run time when the person picks light or dark, which repolishes every widget
# and changes sizes and margins under their eyes. One style also means one look whose contrast is
# tested, rather than three.

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

# Colours of the active (and inactive) group. Text on Window/Base reads at 12:1 or better, muted
# text (PlaceholderText) and links at 4.7:1 or better. The highlights are deep enough for
# HighlightedText at 7:1, so that the conversation list's secondary line (HighlightedText at 75%
# opacity on a selected row) still reads at 4.5:1. The markdown colours in gui/markdown/theme.py
# use the same text, muted and link colours.
_LIGHT: Mapping[QPalette.ColorRole, str] = {
    _Role.Window: "#f6f8fa",
    _Role.WindowText: "#1f2328",
    _Role.Base: "#ffffff",
    _Role.AlternateBase: "#f6f8fa",
    _Role.Text: "#1f2328",
    _Role.PlaceholderText: "#59636e",
    _Role.Button: "#eef1f4",
    _Role.ButtonText: "#1f2328",
    _Role.BrightText: "#ffffff",
    _Role.Light: "#ffffff",
    _Role.Midlight: "#eaeef2",
    _Role.Mid: "#c4cbd3",
    _Role.Dark: "#8c959f",
    _Role.Shadow: "#424a53",
    _Role.Highlight: "#0550ae",
    _Role.HighlightedText: "#ffffff",
    _Role.Accent: "#0550ae",
    _Role.Link: "#0860ca",
    _Role.LinkVisited: "#8250df",
    _Role.ToolTipBase: "#ffffff",
    _Role.ToolTipText: "#1f2328",
}

_DARK: Mapping[QPalette.ColorRole, str] = {
    _Role.Window: "#24292f",
    _Role.WindowText: "#e6edf3",
    _Role.Base: "#1b1f24",
    _Role.AlternateBase: "#22272e",
    _Role.Text: "#e6edf3",
    _Role.PlaceholderText: "#9198a1",
    _Role.Button: "#2d333b",
    _Role.ButtonText: "#e6edf3",
    _Role.BrightText: "#ffffff",
    _Role.Light: "#3d444d",
    _Role.Midlight: "#32383f",
    _Role.Mid: "#1f2328",
    _Role.Dark: "#14171b",
    _Role.Shadow: "#000000",
    _Role.Highlight: "#1555b8",
    _Role.HighlightedText: "#ffffff",
    _Role.Accent: "#1555b8",
    _Role.Link: "#4493f8",
    _Role.LinkVisited: "#ab7df8",
    _Role.ToolTipBase: "#2d333b",
    _Role.ToolTipText: "#e6edf3",
}

# Disabled widgets: greyed text and selection (WCAG exempts disabled controls, but they stay
# legible at about 3:1). Roles not named here keep their active colour.
_LIGHT_DISABLED: Mapping[QPalette.ColorRole, str] = {
    _Role.WindowText: "#8c959f",
    _Role.Text: "#8c959f",
    _Role.ButtonText: "#8c959f",
    _Role.PlaceholderText: "#a5adb6",
    _Role.Base: "#f6f8fa",
    _Role.Button: "#f3f5f7",
    _Role.Highlight: "#d0d7de",
    _Role.HighlightedText: "#59636e",
    _Role.Accent: "#8c959f",
    _Role.Link: "#8c959f",
    _Role.LinkVisited: "#8c959f",
}

_DARK_DISABLED: Mapping[QPalette.ColorRole, str] = {
    _Role.WindowText: "#6e7681",
    _Role.Text: "#6e7681",
    _Role.ButtonText: "#6e7681",
    _Role.PlaceholderText: "#5d646d",
    _Role.Base: "#22272e",
    _Role.Button: "#262c33",
    _Role.Highlight: "#3d444d",
    _Role.HighlightedText: "#9198a1",
    _Role.Accent: "#6e7681",
    _Role.Link: "#6e7681",
    _Role.LinkVisited: "#6e7681",
}


def build_palette(dark: bool) -> QPalette:
    """Our complete light or dark palette: every role of the active, inactive and disabled group.

    The inactive group equals the active one on purpose: a palette-derived style sheet (the chat
    view's) may be computed while another window is active, such as the settings dialog that
    changed the theme, and must come out the same.
    """
    colours, disabled = (_DARK, _DARK_DISABLED) if dark else (_LIGHT, _LIGHT_DISABLED)
    palette = QPalette()
    for role, colour in colours.items():
        for group in (_Group.Active, _Group.Inactive):
            palette.setColor(group, role, QColor(colour))
        palette.setColor(_Group.Disabled, role, QColor(disabled.get(role, colour)))
    return palette


class ThemeController(QObject):
    """Applies the chosen palette to the whole application, and follows the system's scheme.

    A QObject parented to the application; make it right after the QApplication, before any
    window, so that the first paint already has the right colours.
    """

    dark_changed = Signal(bool)

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        self._app = app
        if choice not in THEMES:
            log.warning("unknown theme %r; following the system", choice)
            choice = "system"
        self._choice = choice
        # What the platform theme gave before our palette replaces it: the answer for "system"
        # when the platform cannot say which scheme it uses (Qt.ColorScheme.Unknown, as on a bare
        # X server). Afterwards QApplication.palette() is ours and says nothing about the system.
        self._platform_dark = is_dark_palette(app.palette())
        # Before the palette: a new style would replace an unset palette. Fusion, with its faint
        # edges made visible on a dark window (gui/theme/outlined_style.py).
        app.setStyle(OutlinedFusion())
        self._dark = self._wanted_dark()
        self._request_scheme()
        self._apply_palette()
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)

    def choice(self) -> str:
        return self._choice

    def set_choice(self, choice: str) -> None:
        """Show `choice` ("system", "light" or "dark") in every window, at once."""
        if choice not in THEMES:
            raise ValueError(f"unknown theme {choice!r}; use one of {', '.join(THEMES)}")
        if choice == self._choice:
            return
        self._choice = choice
        self._request_scheme()
        self._show(self._wanted_dark())

    def is_dark(self) -> bool:
        return self._dark

    @Slot(Qt.ColorScheme)
    def _on_system_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        """The system switched between light and dark (connected to colorSchemeChanged).

        Our palette is set again even under a manual choice: with a new theme, a platform theme
        may install palettes of its own for some widget classes, and setting the application
        palette drops those.
        """
        dark = self._scheme_is_dark(scheme) if self._choice == "system" else self._dark
        changed = dark != self._dark
        self._dark = dark
        self._apply_palette()
        if changed:
            self.dark_changed.emit(dark)

    # -- plumbing ----------------------------------------------------------------------------

    def _wanted_dark(self) -> bool:
        if self._choice == "system":
            return self._scheme_is_dark(self._app.styleHints().colorScheme())
        return self._choice == "dark"

    def _scheme_is_dark(self, scheme: Qt.ColorScheme) -> bool:
        if scheme == Qt.ColorScheme.Dark:
            return True
        if scheme == Qt.ColorScheme.Light:
            return False
        return self._platform_dark  # Unknown: whatever the platform's own palette looked like

    def _request_scheme(self) -> None:
        """Tell the platform (Qt 6.8+) which scheme we show, so that native dialogs, menus and
        window frames agree; "system" withdraws the request. Platforms that cannot follow (the
        offscreen one, a bare X server) ignore it."""
        hints = self._app.styleHints()
        if not hasattr(hints, "setColorScheme"):  # Qt 6.7
            return
        if self._choice == "system":
            hints.unsetColorScheme()
        else:
            dark = self._choice == "dark"
            hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)

    def _show(self, dark: bool) -> None:
        if dark == self._dark:
            return
        self._dark = dark
        self._apply_palette()
        self.dark_changed.emit(dark)

    def _apply_palette(self) -> None:
        """The palette for every widget, now.

        Qt posts the change to each top-level window (which passes it to its children); it is
        delivered here, so that when set_choice returns every widget has its new colours and has
        re-styled itself (the chat view on its PaletteChange), with no frame in between.
        Tool tips keep a palette of their own, taken from the platform theme at start-up, so they
        get ours too (or a dark app would show light tool tips).
        """
        palette = build_palette(self._dark)
        QApplication.setPalette(palette)
        QToolTip.setPalette(palette)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
        log.debug("theme: %s (%s)", "dark" if self._dark else "light", self._choice)
